package io.logferry.bench.cold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ColdStartBenchmarkTest {

  @Test
  void quantilesInterpolateBetweenSortedSamples() {
    double[] sorted = {0.30, 0.40, 0.50, 0.60};
    assertThat(ColdStartBenchmark.quantile(sorted, 0.5)).isCloseTo(0.45, within(1e-9));
    assertThat(ColdStartBenchmark.quantile(sorted, 0.25)).isCloseTo(0.375, within(1e-9));
    assertThat(ColdStartBenchmark.quantile(sorted, 0.0)).isEqualTo(0.30);
    assertThat(ColdStartBenchmark.quantile(sorted, 1.0)).isEqualTo(0.60);
    assertThat(ColdStartBenchmark.quantile(new double[0], 0.5)).isNaN();
  }

  @Test
  void archiveVariantsTrainWithTheFlagsTheyRunWith() {
    List<String> run = ColdStartBenchmark.concat(ColdStartBenchmark.SMALL, "-XX:AOTCache=app.aot");
    assertThat(run).startsWith(ColdStartBenchmark.SMALL.toArray(String[]::new)).endsWith("-XX:AOTCache=app.aot");
    assertThat(ColdStartBenchmark.SMALL).doesNotContain("-XX:TieredStopAtLevel=1");
  }

  @Test
  void jsonStringsAreEscaped() {
    assertThat(ColdStartBenchmark.json("a \"b\" \\c")).isEqualTo("\"a \\\"b\\\" \\\\c\"");
  }
}
