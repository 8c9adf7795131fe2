package io.logferry.study;

import java.util.List;

/**
 * One measured deployment of the study: the one result schema that {@code bench} writes and {@code reports} reads
 * ({@link StudyJson}). A "deployment" is one shipping mode over its own simulated pods; several deployments can run
 * side by side in one window (same writers process, same endpoint, same minutes of machine load), which is how the
 * modes are compared under the same conditions.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param kind what the run measures: {@code steady} (a follow-mode component window), {@code backlog} (one
 *     run-once over a prepared backlog), {@code e2e} (the three modes at a real schedule, for validating the model),
 *     {@code fault} (loss and duplicates under one fault)
 * @param id unique in its run set; the file name without {@code .json}
 * @param profile {@code quick} or {@code full}
 * @param window the id of the window this deployment ran in (deployments of one window share writers and load)
 * @param repetition 1-based; repetitions of a profile are interleaved (every configuration once, then again)
 * @param provenance where, when and on what code
 * @param setup what ran
 * @param outcome what was measured
 */
public record StudyRun(
    int schemaVersion,
    String kind,
    String id,
    String profile,
    String window,
    int repetition,
    Provenance provenance,
    Setup setup,
    Outcome outcome) {

  public static final int SCHEMA_VERSION = 1;

  /**
   * @param date UTC start of the window, ISO-8601
   * @param commit {@code git rev-parse HEAD} of the measured checkout, {@code +dirty} when it had changes
   * @param jdk {@code java -version} of the measured processes
   * @param jvmFlags the shipper processes' JVM flags (those of the container image)
   * @param machine the machine
   * @param load the 1-minute load average around and during the window
   * @param target {@code local} (simulated pods on this machine; also what a file without the field means) or
   *     {@code kubernetes} (a real cluster: machine = the nodes summed, load = nodes' CPU cores in use)
   */
  public record Provenance(
      String date, String commit, String jdk, List<String> jvmFlags, Machine machine, Load load, String target) {

    public static final String LOCAL = "local";
    public static final String KUBERNETES = "kubernetes";

    public Provenance {
      if (target == null) target = LOCAL;
    }

    /** A run on this machine (the local study). */
    public Provenance(String date, String commit, String jdk, List<String> jvmFlags, Machine machine, Load load) {
      this(date, commit, jdk, jvmFlags, machine, load, LOCAL);
    }
  }

  /** @param cores online CPUs; a load above it means the measured processes queued for CPU */
  public record Machine(String cpuModel, int cores, long memTotalMiB, String kernel) {}

  /**
   * @param before 1-minute load average when the window started
   * @param after the same when it ended
   * @param max the largest 1-minute load average sampled over the whole window (every 5 s), start-up included
   * @param overloaded with {@code measured}: {@link Measured#overloaded()} (the measured interval saturated the
   *     machine); without it (files written before the field existed, the Kubernetes target): {@code max > cores}
   * @param measured the load split into warm-up and measured interval and the machine's CPU busy fraction; null in
   *     files written before it existed
   */
  public record Load(double before, double after, double max, boolean overloaded, Measured measured) {

    /** A load without the warm-up / measured split (the Kubernetes target, files written before it existed). */
    public Load(double before, double after, double max, boolean overloaded) {
      this(before, after, max, overloaded, null);
    }
  }

  /**
   * The machine's load in the two parts of a window: the warm-up (shipper start-up, JIT, first scans) and the
   * measured interval after it, from which every steady cost and freshness figure comes. The 1-minute load average
   * and /proc/stat are sampled every 5 s; a one-shot run (backlog) is all measured interval.
   *
   * @param warmupLoadMax largest 1-minute load average sampled during the warm-up (null when there was none)
   * @param warmupLoadMedian median of those samples (null when there was none)
   * @param loadMax largest 1-minute load average sampled during the measured interval
   * @param loadMedian median of those samples
   * @param loadSamples samples of the measured interval
   * @param busyCores the machine's busy CPUs over the measured interval, as cores: (total - idle - iowait) ticks of
   *     /proc/stat's {@code cpu} line / total ticks x cores
   * @param busyCoresMax the largest busy CPUs over one 5-s sample of the measured interval
   * @param seconds length of the measured interval
   * @param rule the definition of {@code overloaded} these figures were judged by
   * @param overloaded the verdict of {@code rule}
   */
  public record Measured(Double warmupLoadMax, Double warmupLoadMedian, double loadMax, double loadMedian,
      int loadSamples, double busyCores, double busyCoresMax, double seconds, String rule, boolean overloaded) {}

  /**
   * @param mode {@code sidecar} (one follow per pod), {@code daemonset} (one follow over all pods of a node),
   *     {@code cronjob} (run-once on a schedule over all pods' directories)
   * @param shipper {@code logferry} or {@code fluent-bit}
   * @param fault {@code none} or a fault name (see {@code results/README.md})
   * @param pods simulated pods of this deployment
   * @param ratePerPod lines per second each pod writes (0 = idle)
   * @param lineBytes mean bytes per line (with the newline) the writers produce
   * @param windowSeconds how long the writers wrote
   * @param warmupSeconds the first part of the window reported apart (JIT, first scans); 0 for one-shot runs
   * @param cronIntervalSeconds the CronJob schedule (>= 60: cron has minute resolution), null for other modes
   * @param backlogBytes {@code backlog} runs: bytes waiting when run-once started
   * @param backlogFiles {@code backlog} runs: files waiting when run-once started
   */
  public record Setup(
      String mode,
      String shipper,
      String fault,
      int pods,
      double ratePerPod,
      double lineBytes,
      double windowSeconds,
      double warmupSeconds,
      Integer cronIntervalSeconds,
      Long backlogBytes,
      Integer backlogFiles) {}

  /**
   * @param cost CPU and memory of the shipper processes
   * @param freshness ingestion time minus write time of every accepted line
   * @param delivery lines written, delivered, lost and duplicated
   * @param cronRuns every run-once of a cronjob deployment (backlog runs: the one run)
   * @param cronRunsSkipped schedule ticks skipped because the previous run was still running (Forbid)
   * @param fault what the fault did, null without one
   * @param notes plain sentences about anything that makes this run unusual
   */
  public record Outcome(
      Cost cost,
      Freshness freshness,
      Delivery delivery,
      List<CronRun> cronRuns,
      int cronRunsSkipped,
      FaultOutcome fault,
      List<String> notes) {}

  /**
   * CPU and memory of all shipper processes of the deployment.
   *
   * @param processes how many shipper processes ran (a restarted sidecar counts twice; every run-once counts)
   * @param cpuMethod {@code wait4} (GNU time: the kernel's accounting of each whole process life) or
   *     {@code proc-sampled}
   * @param cpuSeconds user + system over every process's whole life
   * @param warmupCpuSeconds follow modes: CPU from process start to the end of the warm-up (JVM start included)
   * @param steadyCpuSeconds follow modes: CPU from the end of the warm-up to the end of the window (/proc readings
   *     at both instants, exact to the 10 ms tick)
   * @param steadySeconds the wall time {@code steadyCpuSeconds} was spent in
   * @param cpuSecondsPerPodHour follow modes: steady CPU per pod-hour; cronjob: CPU of the scheduled runs per hour
   *     of window per pod
   * @param peakRssMiB the largest peak RSS of any one shipper process
   * @param meanRssMiBTotal follow modes: the sum of the processes' mean RSS (what is resident all the time);
   *     cronjob: RSS integrated over the runs' lives divided by the window (the time-averaged footprint)
   */
  public record Cost(
      int processes,
      String cpuMethod,
      double cpuSeconds,
      Double warmupCpuSeconds,
      Double steadyCpuSeconds,
      Double steadySeconds,
      Double cpuSecondsPerPodHour,
      double peakRssMiB,
      double meanRssMiBTotal) {}

  /**
   * Nearest-rank percentiles in milliseconds.
   *
   * @param quantilesMs the 0th, 5th, ..., 100th percentiles (21 values): the distribution, for plots
   */
  public record Freshness(
      long count, long p50Ms, long p90Ms, long p95Ms, long p99Ms, long maxMs, double meanMs, List<Long> quantilesMs) {

    public static final Freshness EMPTY = new Freshness(0, 0, 0, 0, 0, 0, 0, List.of());
  }

  public record Delivery(long written, long delivered, long lost, long duplicated) {}

  /**
   * One run-once process.
   *
   * @param phase {@code cold} (found nothing), {@code scheduled}, {@code backlog}, {@code killed}
   * @param startedAtSeconds from the start of the window
   * @param wallSeconds process start to exit (JVM start included)
   * @param cpuSeconds user + system of the whole process
   * @param files files the run read (its summary)
   * @param bytesRead bytes the run read (its summary)
   * @param eventsDelivered events CloudWatch accepted from the run (its summary)
   */
  public record CronRun(
      int index,
      String phase,
      double startedAtSeconds,
      double wallSeconds,
      double cpuSeconds,
      double peakRssMiB,
      long files,
      long bytesRead,
      long eventsDelivered,
      int exitCode) {}

  /**
   * @param description what the fault does and what it models
   * @param timeline {@code "<seconds>s <event>"} lines
   * @param verdict a plain sentence: what was lost or duplicated and why
   */
  public record FaultOutcome(String description, List<String> timeline, String verdict) {}
}
