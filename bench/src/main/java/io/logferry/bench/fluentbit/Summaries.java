package io.logferry.bench.fluentbit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Medians with min-max per tool, and logferry / Fluent Bit ratios, from the runs that delivered every line exactly
 * once (the others are counted as left out, never averaged in).
 */
final class Summaries {

  static final List<String> DRAIN_FIGURES = List.of("mibPerSecond", "cpuSecondsPerGiB", "peakRssMiB");
  static final List<String> SIDECAR_FIGURES = List.of("cpuMilliCores", "rssMeanMiB", "rssMaxMiB", "rssSlopeMiBPerMinute");

  private Summaries() {}

  static Map<String, Object> drain(List<Map<String, Object>> runs, List<Tool> tools, List<String> sinks) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String sink : sinks) {
      Map<String, Object> bySink = new LinkedHashMap<>();
      Map<String, Map<String, Spread>> spreads = new LinkedHashMap<>();
      for (Tool t : tools) {
        List<Map<String, Object>> mine = runs.stream()
            .filter(r -> t.name().equals(r.get("tool")) && sink.equals(r.get("sink"))).toList();
        bySink.put(t.name(), figures(mine, DRAIN_FIGURES, spreads.computeIfAbsent(t.name(), k -> new LinkedHashMap<>())));
      }
      bySink.put("ratioLogferryToFluentBit", ratios(spreads, DRAIN_FIGURES));
      out.put(sink, bySink);
    }
    return out;
  }

  static Map<String, Object> sidecar(List<Map<String, Object>> replicas, List<Tool> tools) {
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Map<String, Spread>> spreads = new LinkedHashMap<>();
    for (Tool t : tools) {
      List<Map<String, Object>> mine = replicas.stream().filter(r -> t.name().equals(r.get("tool"))).toList();
      out.put(t.name(), figures(mine, SIDECAR_FIGURES, spreads.computeIfAbsent(t.name(), k -> new LinkedHashMap<>())));
    }
    out.put("ratioLogferryToFluentBit", ratios(spreads, SIDECAR_FIGURES));
    return out;
  }

  private static Map<String, Object> figures(List<Map<String, Object>> runs, List<String> names, Map<String, Spread> into) {
    List<Map<String, Object>> ok = runs.stream().filter(r -> Boolean.TRUE.equals(r.get("delivered"))).toList();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("runs", runs.size());
    m.put("leftOutUndelivered", runs.size() - ok.size());
    for (String f : names) {
      Spread s = Spread.of(ok.stream().map(r -> r.get(f) instanceof Number n ? n.doubleValue() : Double.NaN).toList());
      into.put(f, s);
      m.put(f, s.toMap(3));
    }
    return m;
  }

  private static Map<String, Object> ratios(Map<String, Map<String, Spread>> spreads, List<String> names) {
    Map<String, Spread> lf = spreads.get("logferry");
    Map<String, Spread> fb = spreads.get("fluent-bit");
    if (lf == null || fb == null) return null;
    Map<String, Object> m = new LinkedHashMap<>();
    for (String f : names) {
      if (f.startsWith("rssSlope")) continue;
      m.put(f, Spread.ratio(lf.get(f), fb.get(f)).toMap(3));
    }
    return m;
  }

  @SuppressWarnings("unchecked")
  static String drainTable(Map<String, Object> summary, List<Tool> tools, List<String> sinks) {
    StringBuilder sb = new StringBuilder("drain (median (min-max) of delivered runs)\n");
    sb.append(String.format(Locale.ROOT, "%-9s %-11s %-22s %-22s %-22s %s%n", "sink", "tool", "MiB/s", "CPU s/GiB", "peak RSS MiB", "runs ok"));
    for (String sink : sinks) {
      Map<String, Object> s = (Map<String, Object>) summary.get(sink);
      for (Tool t : tools) {
        Map<String, Object> f = (Map<String, Object>) s.get(t.name());
        sb.append(String.format(Locale.ROOT, "%-9s %-11s %-22s %-22s %-22s %d/%d%n", sink, t.name(), cell(f.get("mibPerSecond"), 1),
            cell(f.get("cpuSecondsPerGiB"), 2), cell(f.get("peakRssMiB"), 0),
            ((Number) f.get("runs")).intValue() - ((Number) f.get("leftOutUndelivered")).intValue(), ((Number) f.get("runs")).intValue()));
      }
      Map<String, Object> r = (Map<String, Object>) s.get("ratioLogferryToFluentBit");
      if (r != null) {
        sb.append(String.format(Locale.ROOT, "%-9s %-11s %-22s %-22s %-22s%n", sink, "lf / fb", cell(r.get("mibPerSecond"), 2),
            cell(r.get("cpuSecondsPerGiB"), 2), cell(r.get("peakRssMiB"), 2)));
      }
    }
    return sb.append('\n').toString();
  }

  @SuppressWarnings("unchecked")
  static String sidecarTable(double rate, Map<String, Object> summary, List<Tool> tools) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "sidecar at %s lines/s after warm-up (median (min-max) of delivered replicas)%n",
        SidecarWindow.fmt(rate)));
    sb.append(String.format(Locale.ROOT, "%-11s %-22s %-22s %-22s %-22s %s%n", "tool", "mCPU", "RSS mean MiB", "RSS max MiB",
        "RSS MiB/min", "ok"));
    for (Tool t : tools) {
      Map<String, Object> f = (Map<String, Object>) summary.get(t.name());
      sb.append(String.format(Locale.ROOT, "%-11s %-22s %-22s %-22s %-22s %d/%d%n", t.name(), cell(f.get("cpuMilliCores"), 2),
          cell(f.get("rssMeanMiB"), 1), cell(f.get("rssMaxMiB"), 1), cell(f.get("rssSlopeMiBPerMinute"), 2),
          ((Number) f.get("runs")).intValue() - ((Number) f.get("leftOutUndelivered")).intValue(), ((Number) f.get("runs")).intValue()));
    }
    Map<String, Object> r = (Map<String, Object>) summary.get("ratioLogferryToFluentBit");
    if (r != null) {
      sb.append(String.format(Locale.ROOT, "%-11s %-22s %-22s %-22s%n", "lf / fb", cell(r.get("cpuMilliCores"), 2),
          cell(r.get("rssMeanMiB"), 2), cell(r.get("rssMaxMiB"), 2)));
    }
    return sb.append('\n').toString();
  }

  @SuppressWarnings("unchecked")
  private static String cell(Object spreadMap, int digits) {
    if (!(spreadMap instanceof Map<?, ?> m) || !(m.get("median") instanceof Number med) || !Double.isFinite(med.doubleValue())) return "-";
    return new Spread(med.doubleValue(), ((Number) m.get("min")).doubleValue(), ((Number) m.get("max")).doubleValue(),
        ((Number) m.get("n")).intValue()).format(digits);
  }
}
