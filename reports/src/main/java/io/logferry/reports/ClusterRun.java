package io.logferry.reports;

import java.util.List;

/**
 * One sidecar-vs-CronJob scenario run (cluster's {@code results/cluster/<date>-<profile>/*.json}). Times are seconds,
 * memory MiB; a figure the file lacked is NaN and named in {@code missing}.
 *
 * @param mode sidecar, cronjob or baseline (writers only)
 * @param fault the fault scenario, {@code none} for the steady state
 * @param ratePerPod lines per second each pod's writer wrote
 * @param intervalSeconds the CronJob's schedule interval (NaN for the other modes)
 * @param freshness ingestion time minus write time over every delivered line
 * @param cpuSecondsTotal CPU seconds of the shipping processes (not the writers), all pods together
 * @param rssPeakMiBTotal the memory the mode needs at once: sidecar = per-pod peak × pods; CronJob = the run's peak
 * @param rssPeakMiBPerPod sidecar: the peak RSS of one shipper, what a pod must request; CronJob: the run's peak / pods
 * @param coldStartSeconds wall time of each CronJob run that found (almost) nothing to ship: its cold start
 * @param processSeconds CronJob: the summed wall time of its runs (how long a Job pod existed), NaN otherwise
 * @param cronRuns CronJob: each run-once process with what it shipped (empty when the file has no per-run list)
 * @param steadyCpuSecondsPerPodHour the producer's steady-state CPU per pod-hour (sidecar: after its boot; CronJob:
 *     mean run × runs an hour), NaN if absent
 * @param faultVerdict the producer's plain sentence about what the fault did to delivery ("" when none)
 * @param writerMaxLatencyMs the slowest single write of any writer: how much the shipper got in the writers' way
 */
public record ClusterRun(
    String name,
    String mode,
    String fault,
    int pods,
    double ratePerPod,
    double durationSeconds,
    double intervalSeconds,
    Environment environment,
    String profile,
    Percentiles freshness,
    double cpuSecondsTotal,
    double cpuSecondsPerPod,
    double rssPeakMiBTotal,
    double rssPeakMiBPerPod,
    double rssMeanMiBTotal,
    double rssMeanMiBPerPod,
    double putLogEventsCalls,
    double putLogEventsMiB,
    double linesWritten,
    double linesDelivered,
    double linesLost,
    double linesDuplicated,
    List<Double> coldStartSeconds,
    double runs,
    double runCpuSeconds,
    double processSeconds,
    List<CronRun> cronRuns,
    double steadyCpuSecondsPerPodHour,
    double writerMaxLatencyMs,
    String faultVerdict,
    String file,
    List<String> missing) {

  public static final String SIDECAR = "sidecar";
  public static final String CRONJOB = "cronjob";
  public static final String BASELINE = "baseline";
  public static final String NO_FAULT = "none";

  /**
   * One run-once process of a CronJob scenario.
   *
   * @param phase cold (first run over empty directories), scheduled, final, killed...
   * @param mib the MiB it delivered (its events × the run's mean accepted bytes per event)
   */
  public record CronRun(String phase, double mib, double cpuSeconds, double wallSeconds, double peakRssMiB,
      int exitCode) {}

  /** Freshness percentiles in seconds. */
  public record Percentiles(double p50, double p95, double p99, double max) {}

  public boolean steady() {
    return NO_FAULT.equals(fault);
  }

  /** The MiB this run shipped per pod per hour: PutLogEvents payload over the run, scaled to an hour. */
  public double mibPerPodHour() {
    return putLogEventsMiB / pods / durationSeconds * 3600;
  }

  /** What a repetition of this run has in common with the others: everything but the measurements. */
  public String configKey() {
    return mode + "|" + fault + "|" + pods + "|" + ratePerPod + "|" + (CRONJOB.equals(mode) ? intervalSeconds : "");
  }
}
