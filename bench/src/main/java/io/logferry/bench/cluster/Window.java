package io.logferry.bench.cluster;

import java.util.List;

/**
 * Deployments that run side by side for one window: one writers process for all their pods, one endpoint, the same
 * minutes of machine load. Comparing modes inside a window removes the machine's drift between windows from the
 * comparison; repetitions are separate windows, interleaved with the other configurations.
 *
 * @param kind {@code steady}, {@code e2e} or {@code fault}: the kind of its results, unless a deployment names its
 *     own ({@link Deployment#kind()}; the combined windows, kind {@code combined}, hold all three)
 * @param writeSeconds how long the writers write
 * @param warmupSeconds the first part reported apart (follow modes: JIT and first scans)
 */
record Window(String id, String kind, int repetition, int writeSeconds, int warmupSeconds,
    List<Deployment> deployments) {

  Window {
    deployments = List.copyOf(deployments);
    if (warmupSeconds >= writeSeconds) throw new IllegalArgumentException(id + ": warm-up must be shorter than the window");
  }

  int pods() {
    return deployments.stream().mapToInt(Deployment::pods).sum();
  }

  double linesPerSecond() {
    return deployments.stream().mapToDouble(d -> d.pods() * d.rate()).sum();
  }

  /**
   * JVMs alive at the same time: logferry's follow shippers, the writers process, at most one run-once per CronJob
   * (a Fluent Bit peer's processes are native and start in milliseconds: not counted).
   */
  int processes() {
    int n = 1;
    for (Deployment d : deployments) {
      if (d.shipper() == Shipper.FLUENT_BIT) continue;
      n += switch (d.mode()) {
        case SIDECAR -> d.pods();
        case DAEMONSET, CRONJOB -> 1;
      };
    }
    return n;
  }
}
