package io.logferry.bench.fluentbit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpreadTest {

  @Test
  void medianOfOddCountIsTheMiddleValueWithItsRange() {
    Spread s = Spread.of(List.of(3.0, 1.0, 2.0));
    assertThat(s).isEqualTo(new Spread(2.0, 1.0, 3.0, 3));
  }

  @Test
  void medianOfEvenCountIsTheMeanOfTheMiddleTwo() {
    assertThat(Spread.of(List.of(4.0, 1.0, 2.0, 10.0)).median()).isEqualTo(3.0);
  }

  @Test
  void nonFiniteValuesAreNotFigures() {
    Spread s = Spread.of(List.of(Double.NaN, 5.0));
    assertThat(s.n()).isEqualTo(1);
    assertThat(s.median()).isEqualTo(5.0);
    assertThat(Spread.of(List.of()).format(1)).isEqualTo("-");
  }

  @Test
  void ratioDividesMediansAndBoundsByTheExtremes() {
    Spread r = Spread.ratio(new Spread(10, 8, 12, 3), new Spread(5, 4, 6, 3));
    assertThat(r.median()).isEqualTo(2.0);
    assertThat(r.min()).isEqualTo(8.0 / 6);
    assertThat(r.max()).isEqualTo(3.0);
  }
}
