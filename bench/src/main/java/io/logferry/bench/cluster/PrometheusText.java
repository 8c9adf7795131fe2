package io.logferry.bench.cluster;

import java.util.LinkedHashMap;
import java.util.Map;

/** Picks the process and logferry series out of a Prometheus text exposition (a sidecar's /q/metrics). */
final class PrometheusText {

  private PrometheusText() {}

  /** Sums of the samples of the series whose name starts with process_, jvm_memory_used or logferry_. */
  static Map<String, Double> select(String text) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (text == null) return out;
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) continue;
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      if (space < 0) continue;
      String name = line.substring(0, brace >= 0 && brace < space ? brace : line.indexOf(' '));
      if (!(name.startsWith("process_") || name.startsWith("jvm_memory_used") || name.startsWith("logferry_"))) {
        continue;
      }
      try {
        out.merge(name, Double.parseDouble(line.substring(space + 1).trim()), Double::sum);
      } catch (NumberFormatException e) {
        // NaN/Inf spelled differently or a timestamp suffix: not a figure we use
      }
    }
    return out;
  }
}
