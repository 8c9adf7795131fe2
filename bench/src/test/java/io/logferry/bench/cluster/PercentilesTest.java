package io.logferry.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PercentilesTest {

  @Test
  void nearestRankPercentilesAreObservedValues() {
    long[] values = new long[100];
    for (int i = 0; i < 100; i++) values[i] = 100 - i; // 100..1, unsorted on purpose
    Percentiles p = Percentiles.of(values);
    assertThat(p.count()).isEqualTo(100);
    assertThat(p.p50()).isEqualTo(50);
    assertThat(p.p95()).isEqualTo(95);
    assertThat(p.p99()).isEqualTo(99);
    assertThat(p.max()).isEqualTo(100);
    assertThat(p.mean()).isEqualTo(50.5);
  }

  @Test
  void smallSamplesRoundTheRankUp() {
    Percentiles p = Percentiles.of(new long[] {30, 10, 20});
    assertThat(p.p50()).isEqualTo(20); // rank ceil(1.5) = 2
    assertThat(p.p95()).isEqualTo(30);
    assertThat(p.p99()).isEqualTo(30);
  }

  @Test
  void singleValueIsEveryPercentile() {
    assertThat(Percentiles.of(new long[] {7})).isEqualTo(new Percentiles(1, 7, 7, 7, 7, 7.0));
  }

  @Test
  void emptySampleIsAllZero() {
    assertThat(Percentiles.of(new long[0])).isEqualTo(Percentiles.EMPTY);
  }

  @Test
  void leavesTheCallersArrayAsItWas() {
    long[] values = {3, 1, 2};
    Percentiles.of(values);
    assertThat(values).containsExactly(3, 1, 2);
  }
}
