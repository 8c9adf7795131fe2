package io.logferry.bench.cluster;

/**
 * One shipping mode over its own simulated pods inside a {@link Window}.
 *
 * @param id unique in the window, a prefix of its pods' writer ids ({@code <id>-p<k>})
 * @param cronIntervalSeconds CronJob only; at least 60 (a Kubernetes CronJob has minute resolution)
 * @param kind the kind of its result ({@code steady}, {@code e2e}, {@code fault}); null = its window's kind. A
 *     combined window holds deployments of several kinds, each result keeping its own.
 */
record Deployment(String id, Shipper shipper, StudyMode mode, int pods, double rate, int cronIntervalSeconds,
    StudyFault fault, String kind) {

  /** Kubernetes CronJob schedules are cron expressions: the finest is once a minute. */
  static final int MIN_CRON_INTERVAL_SECONDS = 60;

  Deployment {
    if (pods < 1) throw new IllegalArgumentException(id + ": pods must be >= 1");
    if (rate < 0) throw new IllegalArgumentException(id + ": rate must be >= 0");
    if (mode == StudyMode.CRONJOB && cronIntervalSeconds < MIN_CRON_INTERVAL_SECONDS) {
      throw new IllegalArgumentException(id + ": a CronJob cannot run every " + cronIntervalSeconds
          + " s; cron has minute resolution (>= " + MIN_CRON_INTERVAL_SECONDS + " s)");
    }
    if (!fault.appliesTo(mode)) throw new IllegalArgumentException(id + ": " + fault + " does not apply to " + mode);
    // The peer is measured where it has a like-for-like deployment: following (no run-once mode), no faults.
    if (shipper == Shipper.FLUENT_BIT && (!mode.follows() || fault != StudyFault.NONE)) {
      throw new IllegalArgumentException(id + ": Fluent Bit runs as a sidecar or DaemonSet without faults");
    }
  }

  Deployment(
      String id, Shipper shipper, StudyMode mode, int pods, double rate, int cronIntervalSeconds, StudyFault fault) {
    this(id, shipper, mode, pods, rate, cronIntervalSeconds, fault, null);
  }

  static Deployment follow(String id, StudyMode mode, int pods, double rate, StudyFault fault) {
    return new Deployment(id, Shipper.LOGFERRY, mode, pods, rate, 0, fault);
  }

  Deployment withKind(String k) {
    return new Deployment(id, shipper, mode, pods, rate, cronIntervalSeconds, fault, k);
  }

  /** The kind of its result in {@code window}. */
  String kindIn(Window window) {
    return kind != null ? kind : window.kind();
  }

  /** The same deployment shipped by Fluent Bit, as {@code fb-<id>}. */
  Deployment asFluentBit() {
    return new Deployment("fb-" + id, Shipper.FLUENT_BIT, mode, pods, rate, cronIntervalSeconds, fault, kind);
  }

  static Deployment cron(String id, int pods, double rate, int intervalSeconds, StudyFault fault) {
    return new Deployment(id, Shipper.LOGFERRY, StudyMode.CRONJOB, pods, rate, intervalSeconds, fault);
  }

  String writer(int pod) {
    return id + "-p" + pod;
  }
}
