package io.logferry.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The repetitions of one scenario configuration; medians and spreads are taken over them. */
record RunGroup(ClusterRun first, List<ClusterRun> runs) {

  /** Groups by {@link ClusterRun#configKey()}, ordered by mode, fault, pods, rate, interval. */
  static List<RunGroup> of(List<ClusterRun> runs) {
    Map<String, List<ClusterRun>> m = new LinkedHashMap<>();
    for (ClusterRun r : runs) m.computeIfAbsent(r.configKey(), k -> new ArrayList<>()).add(r);
    List<RunGroup> out = new ArrayList<>();
    m.values().forEach(v -> out.add(new RunGroup(v.get(0), List.copyOf(v))));
    out.sort((a, b) -> {
      int c = a.first.mode().compareTo(b.first.mode());
      if (c == 0) c = a.first.fault().compareTo(b.first.fault());
      if (c == 0) c = Integer.compare(a.first.pods(), b.first.pods());
      if (c == 0) c = Double.compare(a.first.ratePerPod(), b.first.ratePerPod());
      if (c == 0) c = Double.compare(nanLast(a.first.intervalSeconds()), nanLast(b.first.intervalSeconds()));
      return c;
    });
    return out;
  }

  Spread spread(ToDoubleFunction<ClusterRun> f) {
    return Spread.of(runs.stream().map(r -> f.applyAsDouble(r)).toList());
  }

  double median(ToDoubleFunction<ClusterRun> f) {
    return spread(f).median();
  }

  String mode() {
    return first.mode();
  }

  /** {@code sidecar}, or {@code cronjob every 10 s}. */
  String modeLabel() {
    return ClusterRun.CRONJOB.equals(first.mode()) && !Double.isNaN(first.intervalSeconds())
        ? "cronjob every " + Fmt.num(first.intervalSeconds()) + " s"
        : first.mode();
  }

  /** {@code 4 pods × 100 lines/s}. */
  String workload() {
    return first.pods() + " pods × " + Fmt.num(first.ratePerPod()) + " lines/s";
  }

  private static double nanLast(double d) {
    return Double.isNaN(d) ? Double.MAX_VALUE : d;
  }
}
