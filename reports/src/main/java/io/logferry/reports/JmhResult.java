package io.logferry.reports;

import java.util.Map;

/**
 * One benchmark of a JMH {@code -rf json} file: its primary metric and what it ran on.
 *
 * @param benchmark the short name, {@code LineSplitBenchmark.split} (package dropped)
 * @param params the {@code @Param} values, in the order JMH wrote them
 * @param scoreError the half-width of the 99.9% confidence interval JMH reports (NaN when it had too few samples)
 */
public record JmhResult(
    String benchmark,
    String mode,
    Map<String, String> params,
    double score,
    double scoreError,
    String unit,
    String jdkVersion,
    String vmName,
    int threads,
    int forks,
    String file) {

  /** {@code LineSplitBenchmark.split [sink=NULL, size=1MiB]}: the benchmark with its parameters. */
  public String label() {
    if (params.isEmpty()) return benchmark;
    StringBuilder b = new StringBuilder(benchmark).append(" [");
    params.forEach((k, v) -> b.append(k).append('=').append(v).append(", "));
    b.setLength(b.length() - 2);
    return b.append(']').toString();
  }
}
