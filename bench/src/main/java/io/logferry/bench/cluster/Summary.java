package io.logferry.bench.cluster;

import io.logferry.testbed.DeliveryAudit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The headline table of a profile run (summary.md next to the result files). */
final class Summary {

  private Summary() {}

  @SuppressWarnings("unchecked")
  static String markdown(List<Map<String, Object>> results) {
    StringBuilder b = new StringBuilder("# logferry cluster benchmark\n\n");
    if (!results.isEmpty()) {
      Map<String, Object> r0 = results.get(0);
      b.append(String.format(Locale.ROOT, "%s, %s cores, %s, commit %s, %s%n%n", r0.get("machine"), r0.get("cores"),
          r0.get("jdk"), r0.get("commit"), r0.get("date")));
    }
    b.append("| scenario | shipper CPU s/pod/h (steady) | peak RSS/pod MiB | mean RSS/pod MiB | freshness p50 / p99 / max s"
        + " | PutLogEvents | written | lost | dup | writer rate min (baseline) | max write latency ms | load |\n");
    b.append("|---|---:|---:|---:|---|---:|---:|---:|---:|---|---:|---|\n");
    for (Map<String, Object> r : results) {
      Map<String, Object> f = (Map<String, Object>) r.get("figures");
      Map<String, Object> shipper = (Map<String, Object>) f.get("shipper");
      Map<String, Object> writers = (Map<String, Object>) f.get("writers");
      Map<String, Object> api = (Map<String, Object>) f.get("api");
      Percentiles fresh = (Percentiles) f.get("freshnessMillis");
      DeliveryAudit.Result d = (DeliveryAudit.Result) f.get("delivery");
      Mode mode = (Mode) r.get("mode");
      Map<String, Object> base = baseline(results, r);
      String baseRate = base == null ? "" : String.format(Locale.ROOT, " (%.1f)",
          Figures.number((Map<String, Object>) ((Map<String, Object>) base.get("figures")).get("writers"),
              "achievedRateMin"));
      double meanRss = mode == Mode.SIDECAR ? Figures.number(shipper, "meanRssKbPerPod")
          : Figures.number(shipper, "timeAveragedRssKbPerPod");
      b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %d | %d | %s | %s | %.1f%s | %.1f | %.1f→%.1f |%n",
          r.get("scenario"),
          mode == Mode.BASELINE ? "-" : String.format(Locale.ROOT, "%.1f", Figures.number(shipper, "steadyCpuSecondsPerPodHour")),
          mode == Mode.BASELINE ? "-" : String.format(Locale.ROOT, "%.0f", Figures.number(shipper, "peakRssKbPerPod") / 1024),
          mode == Mode.BASELINE ? "-" : String.format(Locale.ROOT, "%.0f", meanRss / 1024),
          mode == Mode.BASELINE ? "-" : String.format(Locale.ROOT, "%.2f / %.2f / %.2f", fresh.p50() / 1000.0,
              fresh.p99() / 1000.0, fresh.max() / 1000.0),
          (long) Figures.number(api, "putLogEventsCalls"), d.written(),
          mode == Mode.BASELINE ? "-" : Long.toString(d.lost()), mode == Mode.BASELINE ? "-" : Long.toString(d.duplicated()),
          Figures.number(writers, "achievedRateMin"), baseRate,
          Figures.number(writers, "maxWriteLatencyMicros") / 1000.0,
          (Double) r.get("loadAverageBefore"), (Double) r.get("loadAverageAfter")));
    }
    for (Map<String, Object> r : results) {
      Map<String, Object> fault = (Map<String, Object>) ((Map<String, Object>) r.get("figures")).get("fault");
      if (fault != null) b.append("\n- **").append(r.get("scenario")).append("**: ").append(fault.get("verdict"));
    }
    return b.append('\n').toString();
  }

  /** The baseline run with the same pods, rate and duration, if the profile had one. */
  static Map<String, Object> baseline(List<Map<String, Object>> results, Map<String, Object> r) {
    for (Map<String, Object> c : results) {
      if (c.get("mode") == Mode.BASELINE && c.get("pods").equals(r.get("pods"))
          && c.get("ratePerPod").equals(r.get("ratePerPod"))
          && c.get("durationSeconds").equals(r.get("durationSeconds"))) {
        return c;
      }
    }
    return null;
  }
}
