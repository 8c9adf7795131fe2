package io.logferry.bench.cluster;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.logferry.testbed.DeliveryAudit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs one scenario on this machine: each pod is a directory (its emptyDir, or its subdirectory of the CronJob's
 * shared claim) with one LogWriterMain process; the shippers are the real apps' jars as separate processes.
 */
final class LocalTarget {

  private static final JsonFactory JSON = new JsonFactory();
  private static final long TICK_MILLIS = 50;
  /** DEADLINE_CUT's --max-duration: shorter than shipping a half-run backlog takes, longer than nothing. */
  static final String CUT_DEADLINE = "500ms";

  private final Commands commands;
  private final Endpoint endpoint;
  private final Path work;
  private final Progress progress;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  LocalTarget(Commands commands, Endpoint endpoint, Path work, Progress progress) {
    this.commands = commands;
    this.endpoint = endpoint;
    this.work = work;
    this.progress = progress;
  }

  /** Runs {@code s} and returns its figures (the "figures" member of the result file). */
  Map<String, Object> run(Scenario s) throws Exception {
    Run r = new Run(s);
    try {
      return r.execute();
    } finally {
      r.cleanUp();
    }
  }

  /** The state of one scenario run. */
  private final class Run {
    final Scenario s;
    final Path dir;
    final Path pods;
    final Path logs;
    final Path state;
    final MeasuredProcess.Sampler sampler = new MeasuredProcess.Sampler();
    final List<MeasuredProcess> writers = new ArrayList<>();
    final Map<Integer, MeasuredProcess> sidecars = new LinkedHashMap<>();
    final List<MeasuredProcess> retiredShippers = new ArrayList<>();
    final List<Map<String, Object>> cronRuns = new ArrayList<>();
    final List<Map<String, Object>> faultLog = new ArrayList<>();
    final Map<String, String> writerOutputs = new LinkedHashMap<>();
    MeasuredProcess cronRun;
    Map<String, Object> cronRunInfo;
    int cronIndex;
    int skippedRuns;
    long t0;

    Run(Scenario s) throws IOException {
      this.s = s;
      this.dir = work.resolve(s.name());
      deleteTree(dir);
      this.pods = dir.resolve("pods");
      this.logs = dir.resolve("logs");
      this.state = dir.resolve("state");
      for (int i = 1; i <= s.pods(); i++) Files.createDirectories(pod(i));
      Files.createDirectories(state);
    }

    Path pod(int i) {
      return pods.resolve("pod-" + i);
    }

    long elapsedMillis() {
      return (System.nanoTime() - t0) / 1_000_000;
    }

    Map<String, Object> execute() throws Exception {
      endpoint.faults(0, false);
      endpoint.reset();
      if (s.fault() == Fault.THROTTLED) endpoint.faults(0.3, false);
      if (s.mode() == Mode.SIDECAR) {
        for (int i = 1; i <= s.pods(); i++) startSidecar(i);
        awaitSidecarsStarted();
      }
      t0 = System.nanoTime();
      if (s.mode() == Mode.CRONJOB) {
        // The first tick finds empty directories: its start-to-exit time is the cold start of a run that found
        // nothing. It runs before the writers so it competes with nothing.
        startCronRun("cold", null);
        awaitCronRun();
      }
      for (int i = 1; i <= s.pods(); i++) {
        writers.add(sampler.track(MeasuredProcess.start("writer", "pod-" + i, "writer-pod-" + i,
            commands.writer(s, pod(i).resolve("app.log"), "pod-" + i, i), Map.of(), logs)));
      }
      t0 = System.nanoTime();
      long durationMillis = s.duration().toMillis();
      long nextCron = s.cronInterval().toMillis();
      FaultPlan plan = new FaultPlan(s);
      long lastProgress = 0;
      while (writers.stream().anyMatch(MeasuredProcess::isAlive) || elapsedMillis() < durationMillis) {
        long now = elapsedMillis();
        plan.tick(now);
        if (s.mode() == Mode.CRONJOB) {
          pollCronRun(plan);
          if (now >= nextCron) {
            nextCron += s.cronInterval().toMillis();
            if (plan.suspendCron(now)) skippedRuns++;
            else if (cronRun != null) skippedRuns++; // concurrencyPolicy: Forbid
            else startCronRun("scheduled", plan.maxDuration(now));
          }
        }
        if (now - lastProgress >= 2000) {
          lastProgress = now;
          progress.update(s, now, durationMillis, endpoint.stats().acceptedEvents());
        }
        if (now > durationMillis + 60_000) throw new IllegalStateException("writers did not stop in time");
        Thread.sleep(TICK_MILLIS);
      }
      plan.finish();
      if (s.mode() == Mode.CRONJOB) {
        awaitCronRun();
        startCronRun("final", null);
        awaitCronRun();
      }
      for (MeasuredProcess p : sidecars.values()) p.terminate();
      for (MeasuredProcess p : sidecars.values()) {
        if (!p.waitFor(30_000)) p.kill();
      }
      endpoint.faults(0, false);
      return figures(plan);
    }

    void startSidecar(int i) throws IOException {
      int port = freePort();
      Path checkpoints = state.resolve("pod-" + i);
      Files.createDirectories(checkpoints);
      String name = "sidecar-pod-" + i + (sidecars.containsKey(i) ? "-restart" + System.nanoTime() : "");
      MeasuredProcess p = sampler.track(MeasuredProcess.start("sidecar", "pod-" + i, name,
          commands.follow(endpoint.url(), checkpoints, port, pod(i) + "/app.log*"), Commands.ENV, logs));
      MeasuredProcess old = sidecars.put(i, p);
      if (old != null) retiredShippers.add(old);
      sidecarPorts.put(i, port);
    }

    final Map<Integer, Integer> sidecarPorts = new LinkedHashMap<>();

    void awaitSidecarsStarted() throws InterruptedException {
      long deadline = System.nanoTime() + 60_000_000_000L;
      for (Map.Entry<Integer, Integer> e : sidecarPorts.entrySet()) {
        while (System.nanoTime() < deadline && sidecars.get(e.getKey()).isAlive() && !started(e.getValue())) {
          Thread.sleep(100);
        }
        if (!sidecars.get(e.getKey()).isAlive()) {
          throw new IllegalStateException("sidecar of pod-" + e.getKey() + " exited at start: see " + logs);
        }
        // CPU spent to get here (JVM start, Quarkus boot, first scan): paid once per pod lifetime, so it is
        // reported apart from the steady-state cost. A /proc reading: exact to the tick at this moment.
        long pid = sidecars.get(e.getKey()).targetPid();
        startupCpuSeconds += ProcFs.read(pid).map(r -> r.cpuTicks()).orElse(0L) / (double) ProcFs.CLOCK_TICKS_PER_SECOND;
      }
    }

    double startupCpuSeconds;

    boolean started(int port) {
      try {
        HttpResponse<Void> r = http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/started"))
                .timeout(Duration.ofSeconds(2)).GET().build(),
            HttpResponse.BodyHandlers.discarding());
        return r.statusCode() == 200;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    void startCronRun(String phase, String maxDuration) {
      int index = cronIndex++;
      cronRun = sampler.track(MeasuredProcess.start("run-once", "all", "run-once-" + index,
          commands.runOnce(endpoint.url(), state.resolve("cronjob"), maxDuration, pods + "/*/app.log*"),
          Commands.ENV, logs));
      cronRunInfo = new LinkedHashMap<>();
      cronRunInfo.put("index", index);
      cronRunInfo.put("phase", phase);
      cronRunInfo.put("startedAtMillis", t0 == 0 ? 0 : elapsedMillis());
      cronRunInfo.put("maxDuration", maxDuration);
      cronRunInfo.put("acceptedAtStart", endpoint.stats().acceptedEvents());
    }

    /** Collects the current run once it has exited. */
    void pollCronRun(FaultPlan plan) throws InterruptedException {
      if (cronRun == null) return;
      if (cronRun.isAlive()) {
        plan.cronRunAlive(cronRun, cronRunInfo);
        return;
      }
      finishCronRun();
    }

    void awaitCronRun() throws InterruptedException {
      if (cronRun == null) return;
      if (!cronRun.waitFor(300_000)) cronRun.kill();
      finishCronRun();
    }

    void finishCronRun() throws InterruptedException {
      MeasuredProcess.ProcessFigures f = cronRun.figures();
      retiredShippers.add(cronRun);
      cronRunInfo.put("process", f);
      cronRunInfo.put("summary", summary(cronRun.stdout()));
      cronRuns.add(cronRunInfo);
      cronRun = null;
      cronRunInfo = null;
    }

    /** Faults, each acted on once at its time. */
    final class FaultPlan {
      final Scenario s;
      final long half;
      boolean done;
      boolean downStarted;
      boolean downEnded;
      boolean cutRunStarted;
      long killAtAccepted = -1;

      FaultPlan(Scenario s) {
        this.s = s;
        this.half = s.duration().toMillis() / 2;
      }

      void tick(long now) throws Exception {
        switch (s.fault()) {
          case ENDPOINT_DOWN -> {
            long from = s.duration().toMillis() / 5;
            if (!downStarted && now >= from) {
              downStarted = true;
              endpoint.faults(0, true);
              log(now, "endpoint down");
            }
            if (downStarted && !downEnded && now >= from + s.faultDuration().toMillis()) {
              downEnded = true;
              endpoint.faults(0, false);
              log(now, "endpoint up");
            }
          }
          case POD_DELETED, POD_DIED_BETWEEN_RUNS -> {
            // CronJob: "between two runs" means no run in flight, half an interval after a scheduled run: the
            // expected case, not the worst (just before a run) nor the best (just after one).
            long at = s.mode() == Mode.CRONJOB ? half + s.cronInterval().toMillis() / 2 : half;
            if (!done && now >= at && cronRun == null) {
              done = true;
              MeasuredProcess w = writers.get(0);
              w.terminate();
              w.waitFor(10_000);
              log(now, "pod-1 writer stopped");
              if (s.fault() == Fault.POD_DELETED) {
                if (s.mode() == Mode.SIDECAR) {
                  MeasuredProcess sc = sidecars.get(1);
                  sc.terminate();
                  boolean drained = sc.waitFor(30_000);
                  log(elapsedMillis(), "pod-1 sidecar " + (drained ? "drained and exited" : "did not exit in 30 s"));
                }
                deleteTree(pod(1));
                log(elapsedMillis(), "pod-1 directory deleted");
              }
            }
          }
          case SHIPPER_KILLED -> {
            if (!done && now >= half) {
              if (s.mode() == Mode.SIDECAR) {
                done = true;
                MeasuredProcess sc = sidecars.get(1);
                sc.kill();
                sc.waitFor(10_000);
                log(now, "pod-1 sidecar SIGKILLed");
                startSidecar(1);
                log(elapsedMillis(), "pod-1 sidecar restarted");
              } else if (cronRun == null) {
                done = true;
                startCronRun("to-be-killed", null);
                killAtAccepted = (Long) cronRunInfo.get("acceptedAtStart");
                log(now, "run-once started, to be SIGKILLed once the endpoint accepts from it");
              }
            }
          }
          default -> {}
        }
      }

      /** The SIGKILL of a run-once happens once it has delivered something (or after 5 s). */
      void cronRunAlive(MeasuredProcess run, Map<String, Object> info) {
        if (killAtAccepted < 0 || !"to-be-killed".equals(info.get("phase"))) return;
        long started = (Long) info.get("startedAtMillis");
        if (endpoint.stats().acceptedEvents() > killAtAccepted || elapsedMillis() - started > 5000) {
          run.kill();
          info.put("phase", "killed");
          log(elapsedMillis(), "run-once SIGKILLed in flight");
          killAtAccepted = -1;
        }
      }

      /** DEADLINE_CUT: no run in the first half (a backlog builds, as behind a failing schedule). */
      boolean suspendCron(long now) {
        return s.fault() == Fault.DEADLINE_CUT && now < half;
      }

      /** DEADLINE_CUT: the first run of the second half gets a deadline far too small for its backlog. */
      String maxDuration(long now) {
        if (s.fault() != Fault.DEADLINE_CUT || cutRunStarted || now < half) return null;
        cutRunStarted = true;
        log(now, "run-once with --max-duration=" + CUT_DEADLINE + " against a " + (now / 1000) + " s backlog");
        return CUT_DEADLINE;
      }

      void finish() {
        if (s.fault() == Fault.ENDPOINT_DOWN && downStarted && !downEnded) endpoint.faults(0, false);
      }

      void log(long at, String what) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("atMillis", at);
        m.put("event", what);
        faultLog.add(m);
      }
    }

    Map<String, Object> figures(FaultPlan plan) throws InterruptedException {
      List<MeasuredProcess.ProcessFigures> writerFigures = new ArrayList<>();
      Map<String, Long> written = new LinkedHashMap<>();
      List<Map<String, Object>> writerReports = new ArrayList<>();
      for (MeasuredProcess w : writers) {
        writerFigures.add(w.figures());
        Map<String, Object> report = writerReport(w.stdout());
        report.put("pod", w.pod());
        writerReports.add(report);
        written.put(w.pod(), ((Number) report.getOrDefault("events", 0L)).longValue());
      }
      List<MeasuredProcess.ProcessFigures> shipperFigures = new ArrayList<>();
      for (MeasuredProcess p : retiredShippers) shipperFigures.add(p.figures());
      for (MeasuredProcess p : sidecars.values()) shipperFigures.add(p.figures());
      sampler.close();

      GroundTruth truth = new GroundTruth();
      endpoint.events(truth::accept);
      Endpoint.Stats stats = endpoint.stats();

      Map<String, Object> f = new LinkedHashMap<>();
      f.put("wallSeconds", elapsedMillis() / 1000.0);
      f.put("freshnessMillis", truth.freshness());
      f.put("freshnessMillisByPod", truth.freshnessByWriter());
      f.put("eventsWithoutWriteTime", truth.eventsWithoutWriteTime());
      f.put("shipper", Figures.shipper(s, shipperFigures, cronRuns, startupCpuSeconds));
      f.put("writers", Figures.writers(writerFigures, writerReports));
      f.put("api", Figures.api(stats));
      DeliveryAudit.Result total = truth.deliveryTotal(written);
      f.put("delivery", total);
      f.put("deliveryByPod", truth.delivery(written));
      if (s.mode() == Mode.CRONJOB) {
        f.put("cronRuns", cronRuns);
        f.put("cronRunsSkipped", skippedRuns);
        f.put("coldStartSeconds", Figures.coldStart(cronRuns));
      }
      if (s.fault() != Fault.NONE) {
        Map<String, Object> fault = new LinkedHashMap<>();
        fault.put("fault", s.fault());
        fault.put("description", s.fault().description());
        fault.put("timeline", faultLog);
        fault.put("written", total.written());
        fault.put("delivered", total.delivered());
        fault.put("lost", total.lost());
        fault.put("duplicated", total.duplicated());
        fault.put("verdict", Figures.verdict(s, total));
        f.put("fault", fault);
      }
      return f;
    }

    void cleanUp() {
      for (MeasuredProcess p : writers) if (p.isAlive()) p.kill();
      for (MeasuredProcess p : sidecars.values()) if (p.isAlive()) p.kill();
      if (cronRun != null && cronRun.isAlive()) cronRun.kill();
      sampler.close();
      try {
        endpoint.faults(0, false);
        deleteTree(pods);
      } catch (IOException | RuntimeException e) {
        progress.note("cleanup of " + pods + " failed: " + e.getMessage());
      }
    }
  }

  /** The writer's one JSON line (events, bytes, rotations, maxWriteLatencyMicros, achievedRate). */
  static Map<String, Object> writerReport(String stdout) {
    for (String line : stdout.split("\n")) {
      if (line.startsWith("{\"writer\"")) return flatObject(line);
    }
    return new LinkedHashMap<>();
  }

  /** The run-once's {@code --summary-json} object. */
  static Map<String, Object> summary(String stdout) {
    for (String line : stdout.split("\n")) {
      if (line.startsWith("{\"mode\"")) return flatObject(line);
    }
    return new LinkedHashMap<>();
  }

  /** A flat JSON object of strings, numbers and booleans. */
  static Map<String, Object> flatObject(String line) {
    Map<String, Object> out = new LinkedHashMap<>();
    try (JsonParser p = JSON.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) return out;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        switch (t) {
          case VALUE_NUMBER_INT -> out.put(name, p.getLongValue());
          case VALUE_NUMBER_FLOAT -> out.put(name, p.getDoubleValue());
          case VALUE_TRUE, VALUE_FALSE -> out.put(name, p.getBooleanValue());
          case VALUE_NULL -> out.put(name, null);
          case START_OBJECT, START_ARRAY -> p.skipChildren();
          default -> out.put(name, p.getText());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("not a JSON object: " + line, e);
    }
    return out;
  }

  /**
   * A port no other process of the study was given, below Linux's ephemeral range (32768-60999): a port the kernel
   * hands out for bind(0) can be taken again, before the child binds it, by another child's outgoing connection,
   * which with 48 JVMs and their twins starting at once made a sidecar exit with "port already in use".
   */
  static int freePort() throws IOException {
    for (int tries = 0; tries < 2_000; tries++) {
      int port = FIRST_PORT + Math.floorMod(NEXT_PORT.getAndIncrement(), PORT_RANGE);
      try (ServerSocket s = new ServerSocket(port)) {
        return s.getLocalPort();
      } catch (IOException taken) {
        // in use by something else: take the next one
      }
    }
    throw new IOException("no free port in " + FIRST_PORT + "-" + (FIRST_PORT + PORT_RANGE - 1));
  }

  private static final int FIRST_PORT = 20_000;
  private static final int PORT_RANGE = 12_000;
  private static final java.util.concurrent.atomic.AtomicInteger NEXT_PORT =
      new java.util.concurrent.atomic.AtomicInteger(new java.util.Random().nextInt(PORT_RANGE));

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
