package io.logferry.bench.cluster;

import java.util.Locale;

/** What goes wrong during a scenario run (the "fault scenarios" of the benchmark). */
public enum Fault {
  NONE("no fault"),
  /**
   * Pod 1 is deleted half-way. Sidecar: its writer stops, the sidecar gets SIGTERM and drains, then the pod's
   * directory goes (emptyDir semantics). CronJob: its writer stops and its directory is deleted between two runs,
   * so the lines written after the last run are lost: a CronJob over an emptyDir cannot promise them.
   */
  POD_DELETED("pod 1 deleted half-way"),
  /** The shipper is killed with SIGKILL half-way: the sidecar of pod 1 (restarted at once, as the kubelet does),
   * or a run-once in flight (the next run continues). */
  SHIPPER_KILLED("shipper SIGKILLed half-way"),
  /** 30 % of API requests answered ThrottlingException for the whole run. */
  THROTTLED("30% of requests throttled"),
  /** The endpoint refuses every request for the fault duration, starting at a third of the run. */
  ENDPOINT_DOWN("endpoint down"),
  /** CronJob: the runs during the first half get a tiny --max-duration against their backlog (exit 3), later
   * runs have no limit and catch up. */
  DEADLINE_CUT("run-once cut by its deadline"),
  /** CronJob: pod 1's writer dies half-way; its files stay on the shared volume and the next run ships them. */
  POD_DIED_BETWEEN_RUNS("pod 1 died between two runs, files kept");

  private final String description;

  Fault(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }

  /** Whether this fault means something for {@code mode}. */
  public boolean appliesTo(Mode mode) {
    return switch (this) {
      case NONE -> true;
      case POD_DELETED, SHIPPER_KILLED, THROTTLED, ENDPOINT_DOWN -> mode != Mode.BASELINE;
      case DEADLINE_CUT, POD_DIED_BETWEEN_RUNS -> mode == Mode.CRONJOB;
    };
  }

  String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
