package io.logferry.bench.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a study run measures. Every configuration runs {@link #REPETITIONS} times, the repetitions interleaved
 * (everything of repetition 1, then of 2, ...), so a slow drift of the shared machine spreads over all
 * configurations instead of biasing one. One repetition is:
 *
 * <ol>
 *   <li>the <b>window</b> ({@code window-r<k>}): the steady deployments (one sidecar per rate, the DaemonSets) with
 *       their Fluent Bit twins and the end-to-end deployments (N pods per mode, CronJob every 60 s, for the model's
 *       validation) side by side, with one writers process and one endpoint; quick profile: the fault deployments
 *       too;
 *   <li>the backlog runs (one-shot run-once, a rotated order per repetition);
 *   <li>full profile: the <b>fault window</b> ({@code fault-r<k>}): shipper killed, pod deleted, directory removed
 *       (half-way) and endpoint down (from 1/3 to 2/3, for that deployment's shippers only: the endpoint refuses the
 *       requests signed with their access key), each fault touching only its own deployment.
 * </ol>
 *
 * Each result keeps its own kind ({@code steady-r<k>-*}, {@code e2e-r<k>-*}, {@code fault-r<k>-*}). History: with
 * the fault deployments in it, the full window needed more than the machine's 2 cores at real rates (06:12 on
 * 2026-12-02: load 75, the shippers falling behind); the run set 20261202T061755Z-full then ran the steady and
 * end-to-end deployments in two 10-minute windows (busy 1.21 and 0.95 cores: together ~2.2 with the faults'
 * nine CronJob and six follow shippers, ~1.8 without them) plus a window per repetition for the endpoint being down
 * for everyone, 80 min in all. Now the faults, the endpoint-down one included, share a short window of their own,
 * and the end-to-end deployments keep a Fluent Bit twin at one pod only (the peer's components come from the steady
 * twins; its 8-pod end-to-end rows were shown, not fitted): one window per repetition, under the hour.
 *
 * <p>The full window's warm-up is 5 minutes of its 11. At its start its 52 logferry JVMs compile their shipping path
 * while the writers write 11,740 lines/s: the machine is saturated and the shippers fall behind, and with ~0.4 core
 * to spare afterwards they catch up slowly (the stopped run 20261202T091259Z-full, 2-minute warm-up: caught up ~260 s
 * in; measured from 120 s, the DaemonSets' p95 freshness read 10-30 s instead of the 1.1-1.2 s of the windows that
 * were not behind, results/study-checks/20261202T091259Z-full-stopped). The measured interval starts once that
 * start-up backlog is gone and still lasts 6 minutes.
 *
 * <ul>
 *   <li>QUICK (a smoke run of the same steps, ~7 min): one window of 65 s (20 s warm-up) per repetition with every
 *       deployment, faults included; N = 1 and 8; backlogs up to 1,000 files.
 *   <li>FULL (~55 min): windows of 11 min (5 min warm-up), N = 1, 8 and 32, backlogs up to 10,000 files, fault
 *       windows of 3 min.
 * </ul>
 *
 * {@link #estimatedSeconds} is printed when a study starts.
 */
enum StudyProfile {
  QUICK(65, 20, 0, new long[][] {{0, 0}, {1, 4}, {1, 16}, {100, 4}, {1000, 4}}, new int[] {1, 8}),
  FULL(660, 300, 180,
      new long[][] {{0, 0}, {1, 1}, {1, 16}, {1, 64}, {10, 16}, {100, 16}, {1000, 16}, {10000, 16}},
      new int[] {1, 8, 32});

  static final int REPETITIONS = 3;
  /** Lines per second per pod of the e2e and fault deployments (~200 B nginx lines: ~14 MiB/h per pod at 20/s). */
  static final double E2E_RATE = 20;
  static final double FAULT_RATE = 50;
  static final int CRON_INTERVAL = 60;

  final int windowSeconds;
  final int windowWarmup;
  /** Length of the fault window; 0: the fault deployments run in the window (quick). */
  final int faultWindowSeconds;
  /** {files, MiB} of each backlog point. */
  final long[][] backlogs;
  final int[] e2ePods;

  StudyProfile(int windowSeconds, int windowWarmup, int faultWindowSeconds, long[][] backlogs, int[] e2ePods) {
    this.windowSeconds = windowSeconds;
    this.windowWarmup = windowWarmup;
    this.faultWindowSeconds = faultWindowSeconds;
    this.backlogs = backlogs;
    this.e2ePods = e2ePods;
  }

  static StudyProfile parse(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** One step of the plan: a window, or one repetition of the backlog points. */
  sealed interface Step permits WindowStep, BacklogStep {}

  record WindowStep(Window window) implements Step {}

  record BacklogStep(int repetition, List<long[]> points) implements Step {}

  /** The plan without peers. */
  List<Step> plan(int windowSecondsOverride) {
    return plan(windowSecondsOverride, false);
  }

  /**
   * The plan. {@code windowSecondsOverride} (> 0) shortens or lengthens the combined windows (the warm-up keeps its
   * share); the result files record the lengths that ran. With {@code fluentBit}, every follow deployment of the
   * steady kind and of the end-to-end kind up to {@link #E2E_PEER_MAX_PODS} pods gets a Fluent Bit twin
   * ({@code fb-<id>}: same pods, same rate) in the same window: same writers process, endpoint and minutes of load.
   * That adds CPU, not wall time.
   */
  List<Step> plan(int windowSecondsOverride, boolean fluentBit) {
    int len = windowSecondsOverride > 0 ? windowSecondsOverride : windowSeconds;
    int wu = (int) Math.round(len * (windowWarmup / (double) windowSeconds));
    List<Step> steps = new ArrayList<>();
    for (int rep = 1; rep <= REPETITIONS; rep++) {
      List<Deployment> d = new ArrayList<>();
      d.addAll(withPeers(kind("steady", steadyDeployments()), fluentBit, Integer.MAX_VALUE));
      d.addAll(withPeers(kind("e2e", e2eDeployments()), fluentBit, E2E_PEER_MAX_PODS));
      if (faultWindowSeconds == 0) d.addAll(faultDeployments());
      steps.add(new WindowStep(new Window("window-r" + rep, "combined", rep, len, wu, d)));
      List<long[]> points = new ArrayList<>(List.of(backlogs));
      // A different order per repetition: no point always runs first (cold page cache, JIT of the runner).
      java.util.Collections.rotate(points, rep - 1);
      steps.add(new BacklogStep(rep, points));
      if (faultWindowSeconds > 0) {
        steps.add(new WindowStep(new Window("fault-r" + rep, "fault", rep, faultWindowSeconds,
            faultWindowSeconds / 6, faultDeployments())));
      }
    }
    return steps;
  }

  /**
   * Wall time of the plan on an idle machine, calibrated on the full run set of 2026-12-02 (20261202T020704Z-full:
   * a 600-s window with 48 JVMs took 708 s from start to results, start-up burst included; 8 backlog points took
   * ~57 s, the 10,000-file one ~28 s of it): a window is its writers' start (~5 s), its writing, 5 s of tail, the
   * drain (~10 s), the wait for the first CronJob tick after the writers stopped (30 s on average, up to 60 s), that
   * run (~5 s) and the results; before all that, the staggered start of its logferry JVMs (~1.2 s each) (~30 s for a 10-minute window's ground truth of ~20 M events, else ~5 s); a backlog
   * point ~5 s, 10,000 files ~30 s; the CronJob image's AOT training ~30 s. Printed when a study starts.
   */
  static final double START_SECONDS_PER_JVM = 1.2;

  double estimatedSeconds(int windowSecondsOverride, boolean fluentBit) {
    double total = 30;
    for (Step s : plan(windowSecondsOverride, fluentBit)) {
      if (s instanceof WindowStep w) {
        int len = w.window().writeSeconds();
        total += START_SECONDS_PER_JVM * (w.window().processes() - 1) + 5 + len + 5 + 10 + 30 + 5
            + (len >= 300 ? 30 : 5);
      } else if (s instanceof BacklogStep b) {
        for (long[] p : b.points()) total += p[0] >= 10000 ? 30 : 5;
      }
    }
    return total;
  }

  private static List<Deployment> kind(String kind, List<Deployment> d) {
    return d.stream().map(x -> x.withKind(kind)).toList();
  }

  private List<Deployment> e2eDeployments() {
    List<Deployment> d = new ArrayList<>();
    for (int n : e2ePods) {
      d.add(Deployment.follow("sc-n" + n, StudyMode.SIDECAR, n, E2E_RATE, StudyFault.NONE));
      d.add(Deployment.follow("ds-n" + n, StudyMode.DAEMONSET, n, E2E_RATE, StudyFault.NONE));
      d.add(Deployment.cron("cj-n" + n, n, E2E_RATE, CRON_INTERVAL, StudyFault.NONE));
    }
    return d;
  }

  /**
   * Every fault on 2 pods at {@link #FAULT_RATE} per mode: shipper killed, pod deleted (a CronJob's pod directory
   * kept on the shared volume, or removed: {@code cj-rm}), endpoint down.
   */
  private static List<Deployment> faultDeployments() {
    List<Deployment> d = new ArrayList<>();
    for (StudyFault f : new StudyFault[] {StudyFault.SHIPPER_KILLED, StudyFault.POD_DELETED, StudyFault.ENDPOINT_DOWN}) {
      String tag = switch (f) {
        case SHIPPER_KILLED -> "kill";
        case POD_DELETED -> "del";
        default -> "down";
      };
      d.add(Deployment.follow("sc-" + tag, StudyMode.SIDECAR, 2, FAULT_RATE, f));
      d.add(Deployment.follow("ds-" + tag, StudyMode.DAEMONSET, 2, FAULT_RATE, f));
      d.add(Deployment.cron("cj-" + tag, 2, FAULT_RATE, CRON_INTERVAL, f));
    }
    d.add(Deployment.cron("cj-rm", 2, FAULT_RATE, CRON_INTERVAL, StudyFault.POD_DIR_REMOVED));
    return kind("fault", d);
  }

  /**
   * The largest end-to-end deployment that gets a Fluent Bit twin. The peer's components are fitted from the steady
   * twins (every rate and pod count); its end-to-end rows are shown, not fitted. Twins of the 8-pod deployments
   * (0.11 core) pushed the full window towards the machine's 2 cores; those of the 32-pod ones would add 64 pods and
   * 33 processes.
   */
  static final int E2E_PEER_MAX_PODS = 1;

  private static List<Deployment> withPeers(List<Deployment> logferry, boolean fluentBit, int maxPods) {
    List<Deployment> d = new ArrayList<>(logferry);
    if (fluentBit) {
      for (Deployment x : logferry) if (x.mode().follows() && x.pods() <= maxPods) d.add(x.asFluentBit());
    }
    return d;
  }

  /**
   * Sidecars at 0, 20, 200 and 2,000 lines/s; DaemonSets over 1 idle pod and 8 pods at 20 and 200 (full: also 32 pods
   * at 20), so its cost separates into per node, per pod and per MiB.
   */
  private List<Deployment> steadyDeployments() {
    List<Deployment> d = new ArrayList<>();
    for (int rate : new int[] {0, 20, 200, 2000}) {
      d.add(Deployment.follow("sc-r" + rate, StudyMode.SIDECAR, 1, rate, StudyFault.NONE));
    }
    d.add(Deployment.follow("ds-1x0", StudyMode.DAEMONSET, 1, 0, StudyFault.NONE));
    d.add(Deployment.follow("ds-8x20", StudyMode.DAEMONSET, 8, 20, StudyFault.NONE));
    d.add(Deployment.follow("ds-8x200", StudyMode.DAEMONSET, 8, 200, StudyFault.NONE));
    if (this == FULL) d.add(Deployment.follow("ds-32x20", StudyMode.DAEMONSET, 32, 20, StudyFault.NONE));
    return d;
  }
}
