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
 *   <li>the <b>steady window</b> ({@code steady-r<k>}): the steady deployments (one sidecar per rate, the
 *       DaemonSets) with their Fluent Bit twins, and the fault deployments (kill, pod deleted, directory removed: each
 *       fault touches only its own deployment, half-way through) side by side, with one writers process and one
 *       endpoint;
 *   <li>the <b>end-to-end window</b> ({@code e2e-r<k>}): N pods per mode (CronJob every 60 s) for the model's
 *       validation, with the Fluent Bit twins of the small ones;
 *   <li>the backlog runs (one-shot run-once, a rotated order per repetition);
 *   <li>full profile: the <b>endpoint-down window</b> ({@code endpoint-down-r<k>}): the endpoint is down from 1/3 to
 *       2/3 of it, which would disturb every other deployment, so it has its own (short) window.
 * </ol>
 *
 * Each result keeps its own kind ({@code steady-r<k>-*}, {@code e2e-r<k>-*}, {@code fault-r<k>-*}). The steady and
 * end-to-end deployments ran in one window per repetition until the writers reached their target rates (run sets up
 * to 20261202T035624Z-full wrote ~5 %): at real rates that window needed more than the machine's 2 cores (a full
 * one at 06:12 on 2026-12-02: load 75, 31 % system time, the shippers 150 % of the 200 % and falling behind: ~9,000
 * of ~12,800 lines/s accepted), so they are two windows, each of which fits; that costs the full profile its hour.
 *
 * <ul>
 *   <li>QUICK (a smoke run of the same steps, ~10 min): one combined window of 65 s (20 s warm-up) per repetition
 *       holds the steady, fault and end-to-end deployments (two windows would not fit the 10 minutes; its short
 *       windows are mostly warm-up and flagged overloaded anyway), N = 1 and 8, backlogs up to 1,000 files.
 *   <li>FULL (~90 min): steady and end-to-end windows of 10 min (2 min warm-up), N = 1, 8 and 32, backlogs up to
 *       10,000 files, endpoint-down windows of 3 min.
 * </ul>
 *
 * {@link #estimatedSeconds} is printed when a study starts.
 */
enum StudyProfile {
  QUICK(65, 20, 70, new long[][] {{0, 0}, {1, 4}, {1, 16}, {100, 4}, {1000, 4}}, new int[] {1, 8}, false, false),
  FULL(600, 120, 180,
      new long[][] {{0, 0}, {1, 1}, {1, 16}, {1, 64}, {10, 16}, {100, 16}, {1000, 16}, {10000, 16}},
      new int[] {1, 8, 32}, true, true);

  static final int REPETITIONS = 3;
  /** Lines per second per pod of the e2e and fault deployments (~200 B nginx lines: ~14 MiB/h per pod at 20/s). */
  static final double E2E_RATE = 20;
  static final double FAULT_RATE = 50;
  static final int CRON_INTERVAL = 60;

  final int windowSeconds;
  final int windowWarmup;
  final int endpointDownSeconds;
  /** {files, MiB} of each backlog point. */
  final long[][] backlogs;
  final int[] e2ePods;
  final boolean endpointDownWindow;
  /** Steady and end-to-end deployments in two windows per repetition (full) or one (quick: a smoke run). */
  final boolean splitWindows;

  StudyProfile(int windowSeconds, int windowWarmup, int endpointDownSeconds, long[][] backlogs, int[] e2ePods,
      boolean endpointDownWindow, boolean splitWindows) {
    this.windowSeconds = windowSeconds;
    this.windowWarmup = windowWarmup;
    this.endpointDownSeconds = endpointDownSeconds;
    this.backlogs = backlogs;
    this.e2ePods = e2ePods;
    this.endpointDownWindow = endpointDownWindow;
    this.splitWindows = splitWindows;
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
      List<Deployment> steady = new ArrayList<>();
      steady.addAll(withPeers(kind("steady", steadyDeployments()), fluentBit, Integer.MAX_VALUE));
      steady.addAll(kind("fault", faultDeployments()));
      List<Deployment> e2e = withPeers(kind("e2e", e2eDeployments()), fluentBit, E2E_PEER_MAX_PODS);
      if (splitWindows) {
        steps.add(new WindowStep(new Window("steady-r" + rep, "combined", rep, len, wu, false, steady)));
        steps.add(new WindowStep(new Window("e2e-r" + rep, "combined", rep, len, wu, false, e2e)));
      } else {
        List<Deployment> d = new ArrayList<>(steady);
        d.addAll(e2e);
        steps.add(new WindowStep(new Window("window-r" + rep, "combined", rep, len, wu, false, d)));
      }
      List<long[]> points = new ArrayList<>(List.of(backlogs));
      // A different order per repetition: no point always runs first (cold page cache, JIT of the runner).
      java.util.Collections.rotate(points, rep - 1);
      steps.add(new BacklogStep(rep, points));
      if (endpointDownWindow) {
        steps.add(new WindowStep(new Window("endpoint-down-r" + rep, "fault", rep, endpointDownSeconds,
            endpointDownSeconds / 6, true, List.of(
                Deployment.follow("sc-down", StudyMode.SIDECAR, 2, FAULT_RATE, StudyFault.ENDPOINT_DOWN),
                Deployment.follow("ds-down", StudyMode.DAEMONSET, 2, FAULT_RATE, StudyFault.ENDPOINT_DOWN),
                Deployment.cron("cj-down", 2, FAULT_RATE, CRON_INTERVAL, StudyFault.ENDPOINT_DOWN)))));
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

  private static List<Deployment> faultDeployments() {
    List<Deployment> d = new ArrayList<>();
    for (StudyFault f : new StudyFault[] {StudyFault.SHIPPER_KILLED, StudyFault.POD_DELETED}) {
      String tag = f == StudyFault.SHIPPER_KILLED ? "kill" : "del";
      d.add(Deployment.follow("sc-" + tag, StudyMode.SIDECAR, 2, FAULT_RATE, f));
      d.add(Deployment.follow("ds-" + tag, StudyMode.DAEMONSET, 2, FAULT_RATE, f));
      d.add(Deployment.cron("cj-" + tag, 2, FAULT_RATE, CRON_INTERVAL, f));
    }
    d.add(Deployment.cron("cj-rm", 2, FAULT_RATE, CRON_INTERVAL, StudyFault.POD_DIR_REMOVED));
    return d;
  }

  /**
   * The largest end-to-end deployment that gets a Fluent Bit twin. The peer's components are fitted from the steady
   * twins (every rate and pod count); its end-to-end rows are shown, not fitted. Twins of the 32-pod deployments
   * would add 64 pods (1,280 lines/s) and 33 processes to a window that already fills 2 cores, for two rows.
   */
  static final int E2E_PEER_MAX_PODS = 8;

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
