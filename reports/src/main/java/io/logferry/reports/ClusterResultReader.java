package io.logferry.reports;

import static io.logferry.reports.JsonFields.Alias.bytes;
import static io.logferry.reports.JsonFields.Alias.kib;
import static io.logferry.reports.JsonFields.Alias.ms;
import static io.logferry.reports.JsonFields.Alias.of;
import static io.logferry.reports.JsonFields.Alias.s;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads the scenario runner's results: one directory per run set ({@code results/cluster/<date>-<profile>/}), one
 * JSON object per scenario run. Field names follow the cluster branch's {@code results/README.md}; aliases keep
 * older or renamed fields readable, and whatever a file lacks is listed in the report.
 */
public final class ClusterResultReader {

  /** The run-set directories under {@code clusterDir}, oldest first (their names start with the date). */
  public List<Path> runSets(Path clusterDir) throws IOException {
    if (!Files.isDirectory(clusterDir)) return List.of();
    try (Stream<Path> s = Files.list(clusterDir)) {
      return s.filter(Files::isDirectory).sorted().toList();
    }
  }

  public ReadResult<ClusterRun> read(Path runSetDir) throws IOException {
    List<ClusterRun> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Path shownRoot = runSetDir.getParent() == null ? runSetDir : runSetDir.getParent();
    for (Path file : ResultFiles.jsonFiles(runSetDir)) {
      String shown = ResultFiles.display(shownRoot, file);
      JsonNode root = ResultFiles.parseOrReport(file, shown, problems);
      if (root == null) continue;
      if (!root.isObject() || JsonFields.at(root, "mode") == null && JsonFields.at(root, "scenario.mode") == null) {
        // A summary/index file next to the runs is normal; say so rather than guess.
        problems.add(shown + ": no 'mode' field, not a scenario run; skipped");
        continue;
      }
      ClusterRun run = parse(new JsonFields(root), shown, runSetDir.getFileName().toString());
      if (!run.missing().isEmpty()) problems.add(shown + ": lacks " + String.join(", ", run.missing()));
      out.add(run);
    }
    return new ReadResult<>(out, problems);
  }

  static ClusterRun parse(JsonFields f, String shown, String runSetName) {
    String mode = f.text("mode", "mode", "scenario.mode").orElse("?").toLowerCase(Locale.ROOT);
    String fault = f.optionalText("fault", "scenario.fault", "scenario.fault.name", "fault.name")
        .orElse(ClusterRun.NO_FAULT)
        .toLowerCase(Locale.ROOT)
        .replace('_', '-');
    int pods = (int) zeroIfNaN(f.number("pods", of("pods"), of("scenario.pods")));
    double rate = f.number("rate (lines/s per pod)", of("rate"), of("scenario.rate"), of("ratePerPod"),
        of("scenario.ratePerPod"), of("linesPerSecondPerPod"));
    double duration = f.number("durationSeconds", s("durationSeconds"), s("scenario.durationSeconds"),
        s("duration"), s("scenario.duration"), ms("durationMs"), ms("scenario.durationMs"));
    boolean cron = ClusterRun.CRONJOB.equals(mode);
    JsonFields.Alias[] interval = {s("cronIntervalSeconds"), s("scenario.cronIntervalSeconds"), s("cronInterval"),
        s("scenario.cronInterval"), s("intervalSeconds"), s("scenario.intervalSeconds"), s("cronjob.intervalSeconds")};
    double intervalSeconds = cron ? f.number("cronIntervalSeconds", interval) : Double.NaN;
    boolean ships = !ClusterRun.BASELINE.equals(mode);

    ClusterRun.Percentiles freshness = ships
        ? new ClusterRun.Percentiles(
            f.number("figures.freshnessMillis.p50", ms("figures.freshnessMillis.p50"), ms("freshness.p50Ms"),
                ms("freshnessMillis.p50"), s("freshness.p50Seconds")),
            f.number("figures.freshnessMillis.p95", ms("figures.freshnessMillis.p95"), ms("freshness.p95Ms"),
                ms("freshnessMillis.p95"), s("freshness.p95Seconds")),
            f.number("figures.freshnessMillis.p99", ms("figures.freshnessMillis.p99"), ms("freshness.p99Ms"),
                ms("freshnessMillis.p99"), s("freshness.p99Seconds")),
            f.number("figures.freshnessMillis.max", ms("figures.freshnessMillis.max"), ms("freshness.maxMs"),
                ms("freshnessMillis.max"), s("freshness.maxSeconds")))
        : new ClusterRun.Percentiles(Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    double cpuTotal = ships ? f.number("figures.shipper.cpuSeconds", s("figures.shipper.cpuSeconds"),
        s("shipper.cpuSeconds"), s("cpuSecondsTotal")) : Double.NaN;
    double cpuPerPod = ships ? f.optionalNumber(s("figures.shipper.cpuSecondsPerPod"), s("shipper.cpuSecondsPerPod"))
        : Double.NaN;
    if (Double.isNaN(cpuPerPod) && pods > 0) cpuPerPod = cpuTotal / pods;
    double steadyCpu = ships ? f.optionalNumber(s("figures.shipper.steadyCpuSecondsPerPodHour"),
        s("shipper.steadyCpuSecondsPerPodHour")) : Double.NaN;

    // Sidecars run side by side: the mode needs per-pod peak × pods at once. A CronJob run is one process serving
    // every pod: the mode needs that process's peak, shared by the pods.
    double peakMax = ships ? f.number("figures.shipper.peakRssKbMax", kib("figures.shipper.peakRssKbMax"),
        kib("shipper.peakRssKbMax"), of("peakRssMiB")) : Double.NaN;
    double peakPerPod = ships ? f.optionalNumber(kib("figures.shipper.peakRssKbPerPod"),
        kib("shipper.peakRssKbPerPod")) : Double.NaN;
    double peakTotal;
    if (cron) {
      peakTotal = peakMax;
      if (Double.isNaN(peakPerPod) && pods > 0) peakPerPod = peakMax / pods;
    } else {
      if (Double.isNaN(peakPerPod)) peakPerPod = peakMax;
      peakTotal = peakPerPod * pods;
    }
    double meanTotal = ships ? f.optionalNumber(kib("figures.shipper.meanRssKbTotal"),
        kib("figures.shipper.timeAveragedRssKbTotal"), kib("shipper.meanRssKbTotal")) : Double.NaN;
    double meanPerPod = ships ? f.optionalNumber(kib("figures.shipper.meanRssKbPerPod"),
        kib("figures.shipper.timeAveragedRssKbPerPod"), kib("shipper.meanRssKbPerPod")) : Double.NaN;

    double calls = ships ? f.number("figures.api.putLogEventsCalls", of("figures.api.putLogEventsCalls"),
        of("api.putLogEventsCalls"), of("putLogEvents.calls")) : 0;
    double putMiB = ships ? f.number("figures.api.acceptedBytes", bytes("figures.api.acceptedBytes"),
        bytes("api.acceptedBytes"), bytes("putLogEvents.bytes")) : 0;

    double written = f.number("figures.delivery.written", of("figures.delivery.written"),
        of("figures.writers.events"), of("delivery.written"), of("lines.written"));
    double delivered = ships ? f.optionalNumber(of("figures.delivery.delivered"), of("delivery.delivered"),
        of("lines.delivered")) : Double.NaN;
    double lost = ships ? f.number("figures.delivery.lost", of("figures.delivery.lost"), of("figures.fault.lost"),
        of("delivery.lost"), of("lines.lost")) : Double.NaN;
    double duplicated = ships ? f.number("figures.delivery.duplicated", of("figures.delivery.duplicated"),
        of("figures.fault.duplicated"), of("delivery.duplicated"), of("lines.duplicated")) : Double.NaN;

    List<Double> coldStarts = List.of();
    double runs = Double.NaN;
    double runCpu = Double.NaN;
    double processSeconds = Double.NaN;
    List<ClusterRun.CronRun> cronRuns = List.of();
    if (cron) {
      double events = f.optionalNumber(of("figures.api.acceptedEvents"), of("api.acceptedEvents"));
      double mibPerEvent = events > 0 ? putMiB / events : Double.NaN;
      cronRuns = cronRuns(f.node("figures.cronRuns", "cronRuns"), mibPerEvent);
      processSeconds = f.optionalNumber(s("figures.shipper.processSeconds"), s("shipper.processSeconds"));
      if (Double.isNaN(processSeconds) && !cronRuns.isEmpty()) {
        processSeconds = cronRuns.stream().mapToDouble(ClusterRun.CronRun::wallSeconds).sum();
      }
      coldStarts = coldStartsFromRunList(f.node("figures.cronRuns", "cronRuns"));
      if (coldStarts.isEmpty()) {
        double p50 = f.number("figures.coldStartSeconds", s("figures.coldStartSeconds.p50Seconds"),
            s("coldStartSeconds.p50Seconds"));
        if (!Double.isNaN(p50)) coldStarts = List.of(p50);
      }
      runs = f.optionalNumber(of("figures.shipper.runs"), of("figures.shipper.processes"), of("shipper.runs"));
      runCpu = f.optionalNumber(s("figures.shipper.cpuSecondsPerRun"), s("shipper.cpuSecondsPerRun"));
    }
    double writerLatency = f.optionalNumber(new JsonFields.Alias("figures.writers.maxWriteLatencyMicros",
        JsonFields.Unit.MICROS_TO_MILLIS), ms("figures.writers.maxWriteLatencyMs"));

    String name = f.optionalText("scenario", "name", "scenario.name", "scenarioName").orElse(shown);
    return new ClusterRun(name, mode, fault, pods, rate, duration, intervalSeconds, Environment.read(f),
        f.optionalText("profile", "settings.profile").orElse(runSetName),
        freshness, cpuTotal, cpuPerPod, peakTotal, peakPerPod, meanTotal, meanPerPod, calls, putMiB,
        written, delivered, lost, duplicated, coldStarts, runs, runCpu, processSeconds, cronRuns, steadyCpu, writerLatency,
        f.optionalText("figures.fault.verdict", "fault.verdict").orElse(""), shown, f.missing());
  }

  /**
   * Cold starts from the per-run list: the wall time of the runs that found (almost) nothing to ship, i.e. the
   * "cold" run and any clean run that delivered fewer than 100 events (the producer's own definition), so each run
   * counts once and the spread is real.
   */
  private static List<Double> coldStartsFromRunList(JsonNode runs) {
    List<Double> out = new ArrayList<>();
    if (runs == null || !runs.isArray()) return out;
    for (JsonNode r : runs) {
      JsonFields rf = new JsonFields(r);
      double explicit = rf.optionalNumber(ms("coldStartMs"), s("coldStartSeconds"));
      if (!Double.isNaN(explicit)) {
        out.add(explicit);
        continue;
      }
      double wall = rf.optionalNumber(s("process.wallSeconds"), s("wallSeconds"));
      double delivered = rf.optionalNumber(of("summary.eventsDelivered"), of("eventsDelivered"));
      double exit = rf.optionalNumber(of("process.exitCode"), of("exitCode"));
      boolean cold = "cold".equals(rf.optionalText("phase").orElse(""))
          || (!Double.isNaN(delivered) && delivered < 100 && (Double.isNaN(exit) || exit == 0));
      if (cold && !Double.isNaN(wall)) out.add(wall);
    }
    return out;
  }

  private static List<ClusterRun.CronRun> cronRuns(JsonNode runs, double mibPerEvent) {
    List<ClusterRun.CronRun> out = new ArrayList<>();
    if (runs == null || !runs.isArray()) return out;
    for (JsonNode r : runs) {
      JsonFields rf = new JsonFields(r);
      double events = rf.optionalNumber(of("summary.eventsDelivered"), of("eventsDelivered"));
      double exit = rf.optionalNumber(of("process.exitCode"), of("exitCode"));
      out.add(new ClusterRun.CronRun(rf.optionalText("phase").orElse("?"),
          Double.isNaN(events) ? Double.NaN : events * mibPerEvent,
          rf.optionalNumber(s("process.cpuSeconds"), s("cpuSeconds")),
          rf.optionalNumber(s("process.wallSeconds"), s("wallSeconds")),
          rf.optionalNumber(kib("process.peakRssKb"), kib("peakRssKb")),
          Double.isNaN(exit) ? -1 : (int) exit));
    }
    return out;
  }

  private static double zeroIfNaN(double d) {
    return Double.isNaN(d) ? 0 : d;
  }
}
