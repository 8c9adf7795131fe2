package io.logferry.reports;

import java.util.List;

/**
 * What one report is made from: the scenario runs of one cluster run set, plus the JMH and whole-process results, and
 * every problem met while reading them.
 *
 * @param name the run set's directory name ({@code 2026-11-23-quick}), or {@code no-cluster-results}
 */
public record RunSet(
    String name,
    String resultsDir,
    List<ClusterRun> cluster,
    List<JmhResult> jmh,
    List<ProcessResult> process,
    List<String> problems) {

  public RunSet {
    cluster = List.copyOf(cluster);
    jmh = List.copyOf(jmh);
    process = List.copyOf(process);
    problems = List.copyOf(problems);
  }

  /** True when the run set's profile is a quick one: its numbers show the shape, not the measurement. */
  public boolean quick() {
    if (!cluster.isEmpty()) {
      return name.contains("quick") || cluster.stream().anyMatch(r -> r.profile().toLowerCase().contains("quick"));
    }
    // No scenario runs: quick when every benchmark result is.
    return !(process.isEmpty() && jmh.isEmpty())
        && process.stream().allMatch(p -> p.profile().toLowerCase().contains("quick"))
        && jmh.stream().allMatch(j -> j.profile().toLowerCase().contains("quick"));
  }
}
