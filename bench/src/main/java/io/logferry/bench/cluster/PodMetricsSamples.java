package io.logferry.bench.cluster;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU and memory of one container name across pods, from successive {@code metrics.k8s.io/v1beta1} PodMetrics
 * readings (metrics-server): each reading is a CPU rate averaged over the server's window and a working-set size.
 * CPU seconds are the rates integrated over the time between readings (a rectangle per reading, the rate held until
 * the next one), so a process that lives between two readings is missed: short runs need readings at least as
 * often as they last, and the result names the method ({@link #METHOD}).
 */
final class PodMetricsSamples {

  static final String METHOD = "metrics-api-sampled";

  private final String container;
  private final Map<String, Series> byPod = new LinkedHashMap<>();

  PodMetricsSamples(String container) {
    this.container = container;
  }

  /** Series of one pod's container. */
  static final class Series {
    double firstSeconds = Double.NaN;
    double lastSeconds;
    double lastCores;
    double cpuSeconds;
    double cpuSecondsUntilWarmup;
    double peakMiB;
    double mibSecondsSum;
    double mibSum;
    int readings;

    double meanMiB() {
      return readings == 0 ? 0 : mibSum / readings;
    }
  }

  /**
   * Adds one reading taken {@code atSeconds} after the window started.
   *
   * @param warmupSeconds CPU before this instant is also kept apart as warm-up
   */
  void add(double atSeconds, PodMetricsList list, double warmupSeconds) {
    if (list == null || list.getItems() == null) return;
    for (PodMetrics pm : list.getItems()) {
      if (pm.getContainers() == null) continue;
      for (ContainerMetrics cm : pm.getContainers()) {
        if (!container.equals(cm.getName()) || cm.getUsage() == null) continue;
        double cores = cores(cm.getUsage().get("cpu"));
        double mib = mib(cm.getUsage().get("memory"));
        Series s = byPod.computeIfAbsent(pm.getMetadata().getName(), k -> new Series());
        if (!Double.isNaN(s.firstSeconds)) {
          double dt = atSeconds - s.lastSeconds;
          s.cpuSeconds += s.lastCores * dt;
          // The part of the interval before the end of the warm-up.
          double warm = Math.max(0, Math.min(atSeconds, warmupSeconds) - s.lastSeconds);
          s.cpuSecondsUntilWarmup += s.lastCores * warm;
          s.mibSecondsSum += mib * dt;
        } else {
          s.firstSeconds = atSeconds;
        }
        s.lastSeconds = atSeconds;
        s.lastCores = cores;
        s.peakMiB = Math.max(s.peakMiB, mib);
        s.mibSum += mib;
        s.readings++;
      }
    }
  }

  Map<String, Series> byPod() {
    return byPod;
  }

  int processes() {
    return byPod.size();
  }

  double cpuSeconds() {
    return byPod.values().stream().mapToDouble(s -> s.cpuSeconds).sum();
  }

  double warmupCpuSeconds() {
    return byPod.values().stream().mapToDouble(s -> s.cpuSecondsUntilWarmup).sum();
  }

  double peakMiB() {
    return byPod.values().stream().mapToDouble(s -> s.peakMiB).max().orElse(0);
  }

  /** The sum of every pod's mean working set: what is resident all the time for follow modes. */
  double meanMiBTotal() {
    return byPod.values().stream().mapToDouble(Series::meanMiB).sum();
  }

  /** Working set integrated over the readings, divided by {@code windowSeconds}: short-lived pods' average footprint. */
  double timeAveragedMiB(double windowSeconds) {
    return windowSeconds <= 0 ? 0 : byPod.values().stream().mapToDouble(s -> s.mibSecondsSum).sum() / windowSeconds;
  }

  static double cores(Quantity q) {
    return q == null ? 0 : q.getNumericalAmount().doubleValue();
  }

  static double mib(Quantity q) {
    return q == null ? 0 : q.getNumericalAmount().doubleValue() / (1024.0 * 1024.0);
  }

  static List<String> names(PodMetricsList list) {
    return list.getItems().stream().map(p -> p.getMetadata().getName()).toList();
  }
}
