package io.logferry.reports;

import java.util.Map;

/**
 * One benchmark of a JMH {@code -rf json} file: its primary metric and what it ran on.
 *
 * @param benchmark the short name, {@code LineSplitBenchmark.split} (package dropped)
 * @param params the {@code @Param} values, in the order JMH wrote them
 * @param scoreError the half-width of the 99.9% confidence interval JMH reports (NaN when it had too few samples)
 * @param environment from the {@code <file>.meta.json} bench writes next to JMH's file (machine, commit, date);
 *     unknown parts when there is none
 * @param profile the bench profile (quick/full) from the meta file, or "?"
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
    Environment environment,
    String profile,
    String file) {

  /** What an "op" is, per the bench's results/README.md: several throughput benchmarks count MiB as ops. */
  public String unitMeaning() {
    String cls = benchmark.contains(".") ? benchmark.substring(0, benchmark.indexOf('.')) : benchmark;
    if (unit.equals("ops/s") && java.util.Set.of("ScanBenchmark", "MultilineBenchmark", "JsonBenchmark",
        "DrainBenchmark").contains(cls)) {
      return "MiB/s";
    }
    if (unit.equals("ms/op") && cls.equals("BatchBenchmark")) return "ms per MiB";
    if (unit.equals("ms/op") && cls.equals("ColdBenchmark")) return "ms per cold run";
    return unit;
  }

  /** {@code LineSplitBenchmark.split [sink=NULL, size=1MiB]}: the benchmark with its parameters. */
  public String label() {
    if (params.isEmpty()) return benchmark;
    StringBuilder b = new StringBuilder(benchmark).append(" [");
    params.forEach((k, v) -> b.append(k).append('=').append(v).append(", "));
    b.setLength(b.length() - 2);
    return b.append(']').toString();
  }
}
