package io.logferry.bench.cluster;

import io.logferry.testbed.DeliveryAudit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns the raw measurements of a run into the figures of its result file. */
final class Figures {

  private Figures() {}

  /**
   * CPU and memory of the shipping, in total and per pod. CPU is normalised to an hour of the scenario's duration
   * (not of the wall time, which includes the drain and the final run: that work is part of shipping the same
   * lines). For the CronJob the memory exists only while a run is alive, so the time-averaged RSS is also given.
   *
   * <p>The steady-state hourly cost, what a long-lived pod pays: for the sidecar, the CPU after it reported started
   * (its boot is paid once per pod lifetime and given as startupCpuSeconds); for the CronJob, the mean CPU of a run
   * times the runs an hour at the scenario's interval (every run pays its own boot).
   */
  static Map<String, Object> shipper(Scenario s, List<MeasuredProcess.ProcessFigures> processes,
      List<Map<String, Object>> cronRuns, double startupCpuSeconds) {
    Map<String, Object> m = new LinkedHashMap<>();
    double cpu = 0, sampledCpu = 0, wall = 0, rssSeconds = 0;
    long peak = 0, meanRssSum = 0;
    for (MeasuredProcess.ProcessFigures p : processes) {
      cpu += p.cpuSeconds();
      sampledCpu += p.sampledCpuSeconds();
      wall += p.wallSeconds();
      peak = Math.max(peak, p.peakRssKb());
      meanRssSum += p.meanRssKb();
      rssSeconds += p.meanRssKb() * p.wallSeconds();
    }
    double hours = s.duration().toMillis() / 3_600_000.0;
    int n = processes.size();
    m.put("processes", n);
    m.put("cpuMethod", n == 0 ? "none" : processes.get(0).cpuMethod());
    m.put("cpuSeconds", cpu);
    m.put("cpuSecondsSampled", sampledCpu);
    m.put("cpuSecondsPerPod", cpu / s.pods());
    m.put("cpuSecondsPerPodHour", hours == 0 ? 0 : cpu / s.pods() / hours);
    if (s.mode() == Mode.SIDECAR) {
      m.put("startupCpuSecondsPerPod", startupCpuSeconds / s.pods());
      m.put("steadyCpuSecondsPerPodHour", hours == 0 ? 0 : (cpu - startupCpuSeconds) / s.pods() / hours);
    } else if (s.mode() == Mode.CRONJOB && n > 0) {
      double runsPerHour = 3600.0 / Math.max(1, s.cronInterval().toSeconds());
      m.put("cpuSecondsPerRun", cpu / n);
      m.put("steadyCpuSecondsPerPodHour", cpu / n * runsPerHour / s.pods());
    }
    m.put("peakRssKbMax", peak);
    if (s.mode() == Mode.SIDECAR) {
      // One JVM per pod, all alive together: the pod's cost is its own sidecar's.
      m.put("peakRssKbPerPod", peak);
      m.put("meanRssKbPerPod", n == 0 ? 0 : meanRssSum / n);
      m.put("meanRssKbTotal", n == 0 ? 0 : meanRssSum / n * s.pods());
    } else if (s.mode() == Mode.CRONJOB) {
      // One run at a time serves every pod: its peak is shared by the pods.
      double duration = Math.max(s.duration().toMillis() / 1000.0, 1e-9);
      m.put("peakRssKbPerPod", peak / s.pods());
      m.put("meanRssKbWhileRunning", n == 0 ? 0 : meanRssSum / n);
      m.put("timeAveragedRssKbTotal", Math.round(rssSeconds / duration));
      m.put("timeAveragedRssKbPerPod", Math.round(rssSeconds / duration / s.pods()));
      m.put("runs", cronRuns.size());
      m.put("processSeconds", wall);
    }
    List<Object> list = new ArrayList<>(processes);
    m.put("perProcess", list);
    return m;
  }

  /** The writers' view: how fast they wrote, how long a write took at worst, what they cost. */
  static Map<String, Object> writers(
      List<MeasuredProcess.ProcessFigures> processes, List<Map<String, Object>> reports) {
    Map<String, Object> m = new LinkedHashMap<>();
    double rateSum = 0, rateMin = Double.MAX_VALUE, cpu = 0;
    long maxLatency = 0, events = 0, bytes = 0, rotations = 0;
    for (Map<String, Object> r : reports) {
      double rate = number(r, "achievedRate");
      rateSum += rate;
      rateMin = Math.min(rateMin, rate);
      maxLatency = Math.max(maxLatency, (long) number(r, "maxWriteLatencyMicros"));
      events += (long) number(r, "events");
      bytes += (long) number(r, "bytes");
      rotations += (long) number(r, "rotations");
    }
    for (MeasuredProcess.ProcessFigures p : processes) cpu += p.cpuSeconds();
    m.put("events", events);
    m.put("bytes", bytes);
    m.put("rotations", rotations);
    m.put("achievedRateMean", reports.isEmpty() ? 0 : rateSum / reports.size());
    m.put("achievedRateMin", reports.isEmpty() ? 0 : rateMin);
    m.put("maxWriteLatencyMicros", maxLatency);
    m.put("cpuSeconds", cpu);
    m.put("perWriter", reports);
    return m;
  }

  static Map<String, Object> api(Endpoint.Stats stats) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("putLogEventsCalls", stats.requests("PutLogEvents"));
    m.put("totalCalls", stats.totalRequests());
    m.put("acceptedBatches", stats.acceptedBatches());
    m.put("acceptedEvents", stats.acceptedEvents());
    m.put("acceptedBytes", stats.acceptedBytes());
    m.put("requestsByOperation", stats.requestsByOperation());
    m.put("rejectedRequestsByReason", stats.rejectedRequestsByReason());
    m.put("injectedFaults", stats.injectedFaults());
    return m;
  }

  /**
   * Cold start of run-once: start to exit of the runs that found (almost) nothing, i.e. the "cold" run over empty
   * directories and any run that delivered fewer than 100 events: JVM start, Quarkus boot, glob scan, checkpoint.
   */
  static Map<String, Object> coldStart(List<Map<String, Object>> runs) {
    List<Long> millis = new ArrayList<>();
    for (Map<String, Object> r : runs) {
      MeasuredProcess.ProcessFigures p = (MeasuredProcess.ProcessFigures) r.get("process");
      @SuppressWarnings("unchecked")
      Map<String, Object> summary = (Map<String, Object>) r.get("summary");
      long delivered = (long) number(summary, "eventsDelivered");
      if ("cold".equals(r.get("phase")) || (delivered < 100 && p.exitCode() == 0)) {
        millis.add(Math.round(p.wallSeconds() * 1000));
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    long[] a = millis.stream().mapToLong(Long::longValue).toArray();
    Percentiles p = Percentiles.of(a);
    m.put("runs", a.length);
    m.put("p50Seconds", p.p50() / 1000.0);
    m.put("maxSeconds", p.max() / 1000.0);
    return m;
  }

  /** A plain statement of what a fault did to delivery, and whether the design promises otherwise. */
  static String verdict(Scenario s, DeliveryAudit.Result r) {
    String counts = r.lost() + " lost, " + r.duplicated() + " duplicated of " + r.written() + " written";
    if (s.fault() == Fault.POD_DELETED && s.mode() == Mode.CRONJOB) {
      return counts + ". Lines written after the last run before the pod (and its directory) went are lost:"
          + " a CronJob over a pod's own volume cannot promise them.";
    }
    if (r.lost() > 0) return counts + ". LOSS: the design promises none for this fault.";
    if (r.duplicated() > 0) return counts + ". At-least-once: duplicates from re-sending an unacknowledged batch.";
    return counts + ". Exactly once.";
  }

  static double number(Map<String, Object> m, String key) {
    Object v = m.get(key);
    return v instanceof Number n ? n.doubleValue() : 0;
  }
}
