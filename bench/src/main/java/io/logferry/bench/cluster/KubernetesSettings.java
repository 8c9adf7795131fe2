package io.logferry.bench.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a study run on a real cluster needs to know, validated once here: every option of
 * {@code run-cluster-benchmark.sh --target kubernetes} is declared in {@link #parse}.
 *
 * @param namespace where everything is created (and created with the bench label if missing)
 * @param modes the modes measured, in order; repetitions interleave them (every mode once, then again)
 * @param repetitions windows per mode (>= 3 for a figure the report may use)
 * @param pods simulated pods (writer pods) per window
 * @param ratePerPod lines per second each writer pod writes ({@code LogWriterMain --rate})
 * @param windowSeconds how long the writers write ({@code LogWriterMain --duration})
 * @param warmupSeconds the first part of a follow mode's window reported apart
 * @param schedule the CronJob's 5-field cron schedule (minute resolution: at least every minute)
 * @param storageClass the shared log volume's storage class ({@code logferry-logs}); null: the cluster's default
 * @param accessMode the shared log volume's access mode: ReadWriteMany (EFS-like, writers on any node) or
 *     ReadWriteOnce (kind, minikube: one node)
 * @param metricsIntervalSeconds how often PodMetrics are read (metrics-server's resolution is 15 s by default)
 * @param timeoutSeconds the longest wait for a rollout, a drain or a last scheduled run
 */
record KubernetesSettings(
    String namespace,
    List<StudyMode> modes,
    int repetitions,
    int pods,
    double ratePerPod,
    int windowSeconds,
    int warmupSeconds,
    String schedule,
    String storageClass,
    String accessMode,
    int metricsIntervalSeconds,
    int timeoutSeconds) {

  static final String DEFAULT_NAMESPACE = "logferry-bench";
  static final Set<String> ACCESS_MODES = Set.of("ReadWriteOnce", "ReadWriteMany", "ReadWriteOncePod");

  KubernetesSettings {
    modes = List.copyOf(modes);
    if (modes.isEmpty()) throw new IllegalArgumentException("--modes: at least one of sidecar,daemonset,cronjob");
    if (repetitions < 1) throw new IllegalArgumentException("--repetitions must be >= 1, got " + repetitions);
    if (pods < 1) throw new IllegalArgumentException("--pods must be >= 1, got " + pods);
    if (!(ratePerPod > 0)) throw new IllegalArgumentException("--rate must be > 0 (the writer refuses 0), got " + ratePerPod);
    if (warmupSeconds < 0 || warmupSeconds >= windowSeconds) {
      throw new IllegalArgumentException("--warmup-seconds must be in [0, --window-seconds), got " + warmupSeconds);
    }
    if (modes.contains(StudyMode.CRONJOB) && windowSeconds < 120) {
      // One scheduled run cannot tell a per-run cost from a first-run accident; a minute-resolution schedule needs
      // a few minutes of window to run more than once.
      throw new IllegalArgumentException("--window-seconds must be >= 120 with the cronjob mode, got " + windowSeconds);
    }
    validateSchedule(schedule);
    if (!ACCESS_MODES.contains(accessMode)) {
      throw new IllegalArgumentException("--access-mode must be one of " + ACCESS_MODES + ", got " + accessMode);
    }
    if (storageClass != null && storageClass.isBlank()) storageClass = null;
    if (metricsIntervalSeconds < 1) throw new IllegalArgumentException("--metrics-interval-seconds must be >= 1");
    if (timeoutSeconds < 30) throw new IllegalArgumentException("--timeout-seconds must be >= 30");
  }

  /**
   * A Kubernetes CronJob schedule has five fields (minute hour day month weekday) or a macro: its resolution is one
   * minute, so a six-field (seconds) expression is refused rather than silently misread.
   */
  static void validateSchedule(String schedule) {
    if (schedule == null || schedule.isBlank()) throw new IllegalArgumentException("--schedule is empty");
    String s = schedule.trim();
    if (s.startsWith("@")) {
      if (!Set.of("@hourly", "@daily", "@midnight", "@weekly", "@monthly", "@yearly", "@annually").contains(s)) {
        throw new IllegalArgumentException("--schedule: unknown macro " + s);
      }
      return;
    }
    String[] fields = s.split("\\s+");
    if (fields.length != 5) {
      throw new IllegalArgumentException("--schedule must have 5 fields (minute resolution), got " + fields.length
          + " in '" + s + "'");
    }
    for (String f : fields) {
      if (!f.matches("[0-9*/,\\-A-Za-z?]+")) throw new IllegalArgumentException("--schedule: bad field '" + f + "'");
    }
  }

  static KubernetesSettings parse(Map<String, String> o) {
    List<StudyMode> modes = new ArrayList<>();
    for (String m : o.getOrDefault("modes", "sidecar,daemonset,cronjob").split(",")) {
      if (m.isBlank()) continue;
      try {
        modes.add(StudyMode.valueOf(m.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--modes: unknown mode " + m + " (sidecar, daemonset, cronjob)");
      }
    }
    return new KubernetesSettings(
        o.getOrDefault("namespace", DEFAULT_NAMESPACE),
        modes,
        Integer.parseInt(o.getOrDefault("repetitions", "3")),
        Integer.parseInt(o.getOrDefault("pods", "4")),
        Double.parseDouble(o.getOrDefault("rate", "20")),
        Integer.parseInt(o.getOrDefault("window-seconds", "600")),
        Integer.parseInt(o.getOrDefault("warmup-seconds", "120")),
        o.getOrDefault("schedule", "*/1 * * * *"),
        o.get("storage-class"),
        o.getOrDefault("access-mode", "ReadWriteOnce"),
        Integer.parseInt(o.getOrDefault("metrics-interval-seconds", "15")),
        Integer.parseInt(o.getOrDefault("timeout-seconds", "600")));
  }
}
