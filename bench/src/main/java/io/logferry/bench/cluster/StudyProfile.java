package io.logferry.bench.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a study run measures. Every configuration runs at least {@link #REPETITIONS} times, the repetitions
 * interleaved (steady window 1, backlog runs 1, steady window 2, ...), so a slow drift of the shared machine spreads
 * over all configurations instead of biasing one.
 *
 * <ul>
 *   <li>QUICK (about 10 min): steady windows of 40 s (10 s warm-up), backlogs up to 1,000 files, one e2e window
 *       (N = 1 and 8, 65 s of writing, CronJob every 60 s) and one fault window.
 *   <li>FULL (about 55 min): steady windows of 10 min (2 min warm-up), backlogs up to 10,000 files, one e2e window
 *       of 10 min with N = 1, 8 and 32 per mode, two fault windows of 3 min.
 * </ul>
 */
enum StudyProfile {
  QUICK(40, 10, 65, 20, 70, new long[][] {{0, 0}, {1, 4}, {1, 16}, {100, 4}, {1000, 4}}, new int[] {1, 8}, false),
  FULL(600, 120, 600, 120, 180,
      new long[][] {{0, 0}, {1, 1}, {1, 16}, {1, 64}, {10, 16}, {100, 16}, {1000, 16}, {10000, 16}},
      new int[] {1, 8, 32}, true);

  static final int REPETITIONS = 3;
  /** Lines per second per pod of the e2e and fault windows (~200 B nginx lines: ~14 MiB/h per pod at 20/s). */
  static final double E2E_RATE = 20;
  static final double FAULT_RATE = 50;
  static final int CRON_INTERVAL = 60;

  final int steadySeconds;
  final int steadyWarmup;
  final int e2eSeconds;
  final int e2eWarmup;
  final int faultSeconds;
  /** {files, MiB} of each backlog point. */
  final long[][] backlogs;
  final int[] e2ePods;
  final boolean endpointDownWindow;

  StudyProfile(int steadySeconds, int steadyWarmup, int e2eSeconds, int e2eWarmup, int faultSeconds,
      long[][] backlogs, int[] e2ePods, boolean endpointDownWindow) {
    this.steadySeconds = steadySeconds;
    this.steadyWarmup = steadyWarmup;
    this.e2eSeconds = e2eSeconds;
    this.e2eWarmup = e2eWarmup;
    this.faultSeconds = faultSeconds;
    this.backlogs = backlogs;
    this.e2ePods = e2ePods;
    this.endpointDownWindow = endpointDownWindow;
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
  List<Step> plan(int steadySecondsOverride, int e2eSecondsOverride) {
    return plan(steadySecondsOverride, e2eSecondsOverride, false);
  }

  /**
   * The plan. {@code steadySecondsOverride}/{@code e2eSecondsOverride} (> 0) shorten or lengthen the windows (the
   * warm-up keeps its share); the result files record the lengths that ran. With {@code fluentBit}, every follow
   * deployment of the steady and end-to-end windows gets a Fluent Bit twin ({@code fb-<id>}: same pods, same rate)
   * in the same window: same writers process, endpoint and minutes of load. That adds CPU, not wall time.
   */
  List<Step> plan(int steadySecondsOverride, int e2eSecondsOverride, boolean fluentBit) {
    int steady = steadySecondsOverride > 0 ? steadySecondsOverride : steadySeconds;
    int steadyWu = (int) Math.round(steady * (steadyWarmup / (double) steadySeconds));
    int e2e = e2eSecondsOverride > 0 ? e2eSecondsOverride : e2eSeconds;
    int e2eWu = (int) Math.round(e2e * (e2eWarmup / (double) e2eSeconds));
    List<Step> steps = new ArrayList<>();
    for (int rep = 1; rep <= REPETITIONS; rep++) {
      steps.add(new WindowStep(new Window("steady-r" + rep, "steady", rep, steady, steadyWu, false,
          withPeers(steadyDeployments(), fluentBit))));
      List<long[]> points = new ArrayList<>(List.of(backlogs));
      // A different order per repetition: no point always runs first (cold page cache, JIT of the runner).
      java.util.Collections.rotate(points, rep - 1);
      steps.add(new BacklogStep(rep, points));
    }
    List<Deployment> e2eDeps = new ArrayList<>();
    for (int n : e2ePods) {
      e2eDeps.add(Deployment.follow("sc-n" + n, StudyMode.SIDECAR, n, E2E_RATE, StudyFault.NONE));
      e2eDeps.add(Deployment.follow("ds-n" + n, StudyMode.DAEMONSET, n, E2E_RATE, StudyFault.NONE));
      e2eDeps.add(Deployment.cron("cj-n" + n, n, E2E_RATE, CRON_INTERVAL, StudyFault.NONE));
    }
    steps.add(new WindowStep(new Window("e2e", "e2e", 1, e2e, e2eWu, false, withPeers(e2eDeps, fluentBit))));
    List<Deployment> faults = new ArrayList<>();
    for (StudyFault f : new StudyFault[] {StudyFault.SHIPPER_KILLED, StudyFault.POD_DELETED}) {
      String tag = f == StudyFault.SHIPPER_KILLED ? "kill" : "del";
      faults.add(Deployment.follow("sc-" + tag, StudyMode.SIDECAR, 2, FAULT_RATE, f));
      faults.add(Deployment.follow("ds-" + tag, StudyMode.DAEMONSET, 2, FAULT_RATE, f));
      faults.add(Deployment.cron("cj-" + tag, 2, FAULT_RATE, CRON_INTERVAL, f));
    }
    faults.add(Deployment.cron("cj-rm", 2, FAULT_RATE, CRON_INTERVAL, StudyFault.POD_DIR_REMOVED));
    steps.add(new WindowStep(new Window("faults", "fault", 1, faultSeconds, faultSeconds / 6, false, faults)));
    if (endpointDownWindow) {
      steps.add(new WindowStep(new Window("endpoint-down", "fault", 1, faultSeconds, faultSeconds / 6, true, List.of(
          Deployment.follow("sc-down", StudyMode.SIDECAR, 2, FAULT_RATE, StudyFault.ENDPOINT_DOWN),
          Deployment.follow("ds-down", StudyMode.DAEMONSET, 2, FAULT_RATE, StudyFault.ENDPOINT_DOWN),
          Deployment.cron("cj-down", 2, FAULT_RATE, CRON_INTERVAL, StudyFault.ENDPOINT_DOWN)))));
    }
    return steps;
  }

  private static List<Deployment> withPeers(List<Deployment> logferry, boolean fluentBit) {
    List<Deployment> d = new ArrayList<>(logferry);
    if (fluentBit) for (Deployment x : logferry) if (x.mode().follows()) d.add(x.asFluentBit());
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
