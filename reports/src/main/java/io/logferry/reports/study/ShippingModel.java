package io.logferry.reports.study;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Composes the measured components into cost per hour and freshness for {@code N} pods writing {@code r} MiB/h each
 * under a freshness target {@code F} (the p95 a reader accepts, in seconds). The calculator in the HTML page is a
 * line-by-line JavaScript copy of {@link #evaluate}; {@code StudyCalculatorInBrowserTest} holds them equal.
 *
 * <ul>
 *   <li>sidecar: {@code N x (idle + perMiB x r)} CPU s/h, {@code N x RSS}; freshness its measured p95;
 *   <li>DaemonSet: {@code nodes = ceil(N / podsPerNode)}; {@code nodes x (base + perPod x N/nodes) + perMiB x N x r};
 *   <li>CronJob: the longest interval (a multiple of 60 s, at most 1 h) with {@code 0.95 x I + jobOverhead + wall <= F};
 *       a run over {@code M} pods reads {@code M x r x I / 3600} MiB in {@code M x filesPerPod} files; when its wall
 *       time exceeds {@code min(maxRunFraction x I, maxRunSeconds)} it is split into {@code k} shards (each a Job).
 *       Variants: one CronJob over EFS (Elastic: per-GB I/O + storage; Bursting: storage only, limited to its
 *       baseline throughput) and one CronJob per node over hostPath ({@code M = podsPerNode}).
 * </ul>
 *
 * <p>Basis {@code usage} prices measured CPU seconds and mean RSS; basis {@code requests} prices what Kubernetes
 * reserves: the requests of every sidecar/DaemonSet pod all hour, of every Job for its run plus the per-Job overhead.
 */
public final class ShippingModel {

  public static final List<String> MODES =
      List.of("sidecar", "daemonset", "cronjob-efs-elastic", "cronjob-efs-bursting", "cronjob-hostpath");

  private ShippingModel() {}

  /**
   * @param mode one of {@link #MODES}
   * @param dollarsPerHour compute (+ EFS) cost per hour; NaN when the mode cannot run this workload
   * @param cpuSecondsPerHour CPU the shippers use per hour
   * @param p95Seconds predicted freshness p95
   * @param meets p95 within the target and feasible
   * @param intervalSeconds CronJob interval chosen (0 for follow modes)
   * @param shards Jobs per run (CronJob), processes (follow modes)
   * @param putCallsPerSecond PutLogEvents calls per second, average (CronJob: during a run)
   * @param note why it is not feasible, or what limits it
   */
  public record ModeResult(String mode, double dollarsPerHour, double cpuSecondsPerHour, double p95Seconds,
      boolean meets, int intervalSeconds, int shards, double putCallsPerSecond, String note) {}

  public static List<ModeResult> evaluate(Coefficients c, Map<String, Double> p, double pods, double mibPerPodHour,
      double targetSeconds, String basis) {
    boolean usage = !"requests".equals(basis);
    double vcpu = p.get("vcpuHour");
    double mem = p.get("memGibHour");
    double r = mibPerPodHour;
    double n = pods;
    List<ModeResult> out = new ArrayList<>();

    double scCpu = n * (c.sidecarFixedCpuPerHour() + c.sidecarCpuPerMiB() * r);
    double scDollars = usage ? scCpu / 3600 * vcpu + n * c.sidecarRssMiB() / 1024 * mem
        : n * (p.get("sidecarCpuRequest") * vcpu + p.get("sidecarMemRequestMiB") / 1024 * mem);
    double scCalls = n / p.get("flushSeconds");
    out.add(new ModeResult("sidecar", scDollars, scCpu, c.sidecarP95(), c.sidecarP95() <= targetSeconds, 0,
        (int) Math.round(n), scCalls, ""));

    double nodes = Math.ceil(n / p.get("podsPerNode"));
    double perNode = n / nodes;
    double dsCpu = nodes * (c.dsBaseCpuPerHour() + c.dsCpuPerPodHour() * perNode) + c.dsCpuPerMiB() * n * r;
    double dsDollars = usage ? dsCpu / 3600 * vcpu + nodes * c.dsRssMiB() / 1024 * mem
        : nodes * (p.get("dsCpuRequest") * vcpu + p.get("dsMemRequestMiB") / 1024 * mem);
    out.add(new ModeResult("daemonset", dsDollars, dsCpu, c.dsP95(), c.dsP95() <= targetSeconds, 0,
        (int) nodes, scCalls, ""));

    out.add(cron("cronjob-efs-elastic", c, p, 1, n, r, targetSeconds, usage, "elastic"));
    out.add(cron("cronjob-efs-bursting", c, p, 1, n, r, targetSeconds, usage, "bursting"));
    out.add(cron("cronjob-hostpath", c, p, nodes, perNode, r, targetSeconds, usage, "none"));
    return out;
  }

  /** {@code jobs} CronJobs each over {@code m} pods. */
  static ModeResult cron(String mode, Coefficients c, Map<String, Double> p, double jobs, double m, double r,
      double target, boolean usage, String efs) {
    double overhead = p.get("jobOverheadSeconds");
    int best = 0;
    double wall = 0;
    int shards = 0;
    for (int interval = (int) Math.min(3600, Math.floor(target / 60) * 60); interval >= 60; interval -= 60) {
      double mib = m * r * interval / 3600;
      double files = m * p.get("filesPerPod");
      double limit = Math.min(p.get("maxRunFraction") * interval, p.get("maxRunSeconds"));
      int k = shards(c, mib, files, limit);
      if (k < 0) continue;
      double w = c.cronFixedWall() + (c.cronWallPerMiB() * mib + c.cronWallPerFile() * files) / k;
      if (0.95 * interval + overhead + w <= target) {
        best = interval;
        wall = w;
        shards = k;
        break;
      }
    }
    if (best == 0) {
      // Report what the shortest schedule would give, marked as not meeting the target.
      double mib = m * r * 60 / 3600;
      double files = m * p.get("filesPerPod");
      int k = shards(c, mib, files, Math.min(p.get("maxRunFraction") * 60, p.get("maxRunSeconds")));
      double w = k < 0 ? Double.NaN : c.cronFixedWall() + (c.cronWallPerMiB() * mib + c.cronWallPerFile() * files) / k;
      double cost = k < 0 ? Double.NaN : cronDollars(c, p, jobs, m, r, 60, k, w, usage, efs);
      return new ModeResult(mode, cost, cronCpu(c, p, jobs, m, r, 60, Math.max(k, 1)), 0.95 * 60 + overhead + w,
          false, 60, Math.max(k, 0), Double.NaN,
          "a CronJob runs at most once a minute: p95 >= 57 s + Job start-up + run time");
    }
    double dollars = cronDollars(c, p, jobs, m, r, best, shards, wall, usage, efs);
    String note = shards > 1 ? shards + " shards per run" : "";
    boolean feasible = true;
    if (efs.equals("bursting")) {
      double storedGib = jobs * m * r * p.get("efsRetentionHours") / 1024;
      double baselineMiBs = storedGib * p.get("efsBurstKiBPerSecPerGiB") / 1024;
      double demandMiBs = jobs * m * r / 3600 * (1 + 1.0 / 3);
      if (demandMiBs > baselineMiBs) {
        feasible = false;
        note = String.format("needs %.2f MiB/s, Bursting baseline %.2f MiB/s (only burst credits)", demandMiBs,
            baselineMiBs);
      }
    }
    double calls = jobs * shards * Math.max(1, m * p.get("filesPerPod") / shards) / Math.max(wall, 1e-9);
    return new ModeResult(mode, dollars, cronCpu(c, p, jobs, m, r, best, shards), 0.95 * best + p.get("jobOverheadSeconds") + wall,
        feasible, best, shards, calls, note);
  }

  /** Smallest number of shards whose runs end within {@code limit}; -1 when even one pod per shard cannot. */
  static int shards(Coefficients c, double mib, double files, double limit) {
    double variable = c.cronWallPerMiB() * mib + c.cronWallPerFile() * files;
    double room = limit - c.cronFixedWall();
    if (room <= 0) return -1;
    int k = (int) Math.max(1, Math.ceil(variable / room));
    return k > 100_000 ? -1 : k;
  }

  static double cronCpu(Coefficients c, Map<String, Double> p, double jobs, double m, double r, int interval, int k) {
    double mib = m * r * interval / 3600;
    double files = m * p.get("filesPerPod");
    double perRun = k * c.cronFixedCpu() + c.cronCpuPerMiB() * mib + c.cronCpuPerFile() * files;
    return jobs * (3600.0 / interval) * perRun;
  }

  static double cronDollars(Coefficients c, Map<String, Double> p, double jobs, double m, double r, int interval,
      int k, double wall, boolean usage, String efs) {
    double vcpu = p.get("vcpuHour");
    double mem = p.get("memGibHour");
    double runsPerHour = 3600.0 / interval;
    double compute;
    if (usage) {
      compute = cronCpu(c, p, jobs, m, r, interval, k) / 3600 * vcpu
          + jobs * runsPerHour * k * c.cronRssMiB() / 1024 * wall / 3600 * mem;
    } else {
      compute = jobs * runsPerHour * k * (wall + p.get("jobOverheadSeconds")) / 3600
          * (p.get("cronCpuRequest") * vcpu + p.get("cronMemRequestMiB") / 1024 * mem);
    }
    double gbPerHour = jobs * m * r / 1024;
    double storage = 0;
    if (!efs.equals("none")) {
      storage = gbPerHour * p.get("efsRetentionHours") * p.get("efsStorageGbMonth") / 730;
      if (efs.equals("elastic")) storage += gbPerHour * (p.get("efsWritePerGb") + p.get("efsReadPerGb"));
    }
    return compute + storage;
  }

  /** The cheapest mode that meets the target (NaN costs and misses excluded), or null when none does. */
  public static ModeResult cheapest(List<ModeResult> results) {
    ModeResult best = null;
    for (ModeResult m : results) {
      if (!m.meets() || Double.isNaN(m.dollarsPerHour())) continue;
      if (best == null || m.dollarsPerHour() < best.dollarsPerHour()) best = m;
    }
    return best;
  }

  /**
   * Smallest N (1..100,000) at which {@code mode} costs no more than the sidecar, or NaN when it never does in that
   * range (costs grow linearly in N, so a coarse scan and a bisection find the crossing).
   */
  public static double breakEven(Coefficients c, Map<String, Double> p, String mode, double r, double target,
      String basis) {
    double prev = 1;
    if (diff(c, p, mode, 1, r, target, basis) <= 0) return 1;
    for (double n = 2; n <= 100_000; n = Math.ceil(n * 1.25)) {
      if (diff(c, p, mode, n, r, target, basis) <= 0) {
        double lo = prev;
        double hi = n;
        while (hi - lo > 1) {
          double mid = Math.floor((lo + hi) / 2);
          if (diff(c, p, mode, mid, r, target, basis) <= 0) hi = mid;
          else lo = mid;
        }
        return hi;
      }
      prev = n;
    }
    return Double.NaN;
  }

  private static double diff(Coefficients c, Map<String, Double> p, String mode, double n, double r, double target,
      String basis) {
    List<ModeResult> res = evaluate(c, p, n, r, target, basis);
    ModeResult m = res.stream().filter(x -> x.mode().equals(mode)).findFirst().orElseThrow();
    if (!m.meets() || Double.isNaN(m.dollarsPerHour())) return 1;
    return m.dollarsPerHour() - res.get(0).dollarsPerHour();
  }
}
