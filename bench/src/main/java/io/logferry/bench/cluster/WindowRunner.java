package io.logferry.bench.cluster;

import io.logferry.study.StudyRun;
import io.logferry.testbed.DeliveryAudit;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs one {@link Window} on this machine. Pods are directories written by one {@link PodWriters} process; the
 * shippers are the real apps' jars as separate processes with their images' JVM flags:
 *
 * <ul>
 *   <li>sidecar: one {@code follow} per pod over {@code <pod>/app.log*}, its own checkpoint directory;
 *   <li>daemonset: one {@code follow} over every pod directory of the deployment (one node);
 *   <li>Fluent Bit (when given, {@link FluentBitPeer}): the same two follow shapes with {@code fluent-bit}, its own
 *       offsets DB per process, beside logferry's deployments in the same window;
 *   <li>cronjob: one {@code run-once} over every pod directory at every tick of a real schedule: ticks at wall-clock
 *       multiples of the interval (as cron fires at :00), Forbid (a tick while a run is in flight is skipped), and
 *       after the writers stop, the next tick's run is the last (the schedule goes on; nothing is run early).
 * </ul>
 *
 * <p>Follow processes are measured twice from /proc (at the end of the warm-up and at the end of the window: exact
 * to the 10 ms tick) for the steady cost, and over their whole life by wait4 (GNU time).
 */
final class WindowRunner {

  private static final long TICK_MILLIS = 50;
  /** After the writers stop: how long follow shippers get to ship the tail before SIGTERM (flush interval 1 s). */
  private static final long FOLLOW_TAIL_MILLIS = 5_000;

  private final Commands commands;
  private final Endpoint endpoint;
  private final Path work;
  private final Progress progress;
  private final StudyEnvironment env;
  private final FluentBitPeer peer;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  WindowRunner(Commands commands, Endpoint endpoint, Path work, Progress progress, StudyEnvironment env,
      FluentBitPeer peer) {
    this.peer = peer;
    this.commands = commands;
    this.endpoint = endpoint;
    this.work = work;
    this.progress = progress;
    this.env = env;
  }

  List<StudyRun> run(Window w, String profile) throws Exception {
    Run r = new Run(w);
    try {
      return r.execute(profile);
    } finally {
      r.cleanUp();
    }
  }

  /** The live state of one deployment. */
  private final class Dep {
    final Deployment d;
    final Path root;
    final Path pods;
    final Path state;
    final Map<Integer, MeasuredProcess> follow = new LinkedHashMap<>();
    final Map<Integer, Integer> ports = new LinkedHashMap<>();
    final List<MeasuredProcess> retired = new ArrayList<>();
    final Map<Long, Long> ticksAtWarmup = new LinkedHashMap<>();
    final Map<Long, Long> ticksAtEnd = new LinkedHashMap<>();
    final List<StudyRun.CronRun> cronRuns = new ArrayList<>();
    final List<MeasuredProcess> cronProcesses = new ArrayList<>();
    final List<String> timeline = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    MeasuredProcess cronRun;
    String cronPhase;
    double cronStartedAt;
    int cronIndex;
    int skipped;
    boolean faultDone;
    long killWatchFrom = -1;
    long killBaseline;
    long removeDirAt = -1;
    double warmupAt = Double.NaN;
    double endAt = Double.NaN;

    Dep(Deployment d, Path windowDir) throws IOException {
      this.d = d;
      this.root = windowDir.resolve(d.id());
      this.pods = root.resolve("pods");
      this.state = root.resolve("state");
      for (int i = 1; i <= d.pods(); i++) Files.createDirectories(pod(i));
      Files.createDirectories(state);
    }

    /** Whether its shippers sign with {@link Commands#PARTITIONED_KEY}, for which the endpoint goes down. */
    boolean partitioned() {
      return d.fault() == StudyFault.ENDPOINT_DOWN;
    }

    Path pod(int i) {
      return pods.resolve(d.writer(i));
    }

    String allPodsGlob() {
      return pods + "/*/app.log*";
    }
  }

  private final class Run {
    final Window w;
    final Path dir;
    final Path logs;
    final List<Dep> deps = new ArrayList<>();
    final MeasuredProcess.Sampler sampler = new MeasuredProcess.Sampler();
    final LoadWatch load = new LoadWatch();
    MeasuredProcess writers;
    long t0;
    long t0Epoch;
    String started;

    Run(Window w) throws IOException {
      this.w = w;
      this.dir = work.resolve(w.id());
      LocalTarget.deleteTree(dir);
      this.logs = dir.resolve("logs");
      for (Deployment d : w.deployments()) deps.add(new Dep(d, dir));
    }

    double seconds() {
      return (System.nanoTime() - t0) / 1e9;
    }

    List<StudyRun> execute(String profile) throws Exception {
      endpoint.faults(0, false);
      endpoint.reset();
      started = Instant.now().toString();
      load.start();
      if (w.processes() > 3 * env.cores()) {
        progress.note("window " + w.id() + ": " + w.processes() + " JVMs on " + env.cores()
            + " cores; they start one at a time before the writers (measured apart from the window)");
      }
      startShippersStaggered();
      startWriters();
      long startDeadline = System.nanoTime() + 300_000_000_000L;
      while (!writers.stdout().contains("{\"started\":true}")) {
        if (!writers.isAlive() || System.nanoTime() > startDeadline) {
          throw new IllegalStateException("the writers process did not start: see " + logs);
        }
        Thread.sleep(20);
      }
      t0 = System.nanoTime();
      t0Epoch = System.currentTimeMillis();
      long writeMillis = w.writeSeconds() * 1000L;
      long lastProgress = 0;
      boolean warmupRead = false;
      boolean downStarted = false;
      List<Dep> partitioned = deps.stream().filter(Dep::partitioned).toList();
      boolean downEnded = false;
      Map<Dep, Long> nextTick = new LinkedHashMap<>();
      for (Dep dep : deps) if (dep.d.mode() == StudyMode.CRONJOB) nextTick.put(dep, nextTickEpochMillis(dep));
      // Phase 1: the writers write; the schedule runs; faults happen half-way.
      while (writers.isAlive()) {
        long now = (System.nanoTime() - t0) / 1_000_000;
        if (!warmupRead && now >= w.warmupSeconds() * 1000L) {
          warmupRead = true;
          load.measuredFrom();
          for (Dep dep : deps) readFollowCpu(dep, dep.ticksAtWarmup, true);
        }
        if (!partitioned.isEmpty()) {
          // Down for the endpoint-down deployments' shippers only (their own access key id): the other deployments
          // of the window ship on, as beside a pod or node cut off from CloudWatch.
          if (!downStarted && now >= writeMillis / 3) {
            downStarted = true;
            endpoint.downFor(Set.of(Commands.PARTITIONED_KEY));
            for (Dep dep : partitioned) dep.timeline.add(String.format("%.1fs endpoint down", now / 1000.0));
          }
          if (downStarted && !downEnded && now >= 2 * writeMillis / 3) {
            downEnded = true;
            endpoint.downFor(Set.of());
            for (Dep dep : partitioned) dep.timeline.add(String.format("%.1fs endpoint up", now / 1000.0));
          }
        }
        for (Dep dep : deps) {
          if (now >= writeMillis / 2) fault(dep, now);
          if (dep.removeDirAt >= 0 && now >= dep.removeDirAt) {
            dep.removeDirAt = -1;
            LocalTarget.deleteTree(dep.pod(1));
            dep.timeline.add(String.format("%.1fs pod-1 directory removed", seconds()));
          }
          if (dep.d.mode() == StudyMode.CRONJOB) schedule(dep, nextTick, false);
        }
        if (now - lastProgress >= 5000) {
          lastProgress = now;
          progress.note(String.format("  %s %4.0f/%d s, load %.1f, %d events accepted", w.id(), now / 1000.0,
              w.writeSeconds(), Progress.loadAverage(), endpoint.stats().acceptedEvents()));
        }
        if (now > writeMillis + 300_000) throw new IllegalStateException("writers did not stop in time: see " + logs);
        Thread.sleep(TICK_MILLIS);
      }
      if (!warmupRead) throw new IllegalStateException("the writers stopped before the warm-up ended: see " + logs);
      for (Dep dep : deps) readFollowCpu(dep, dep.ticksAtEnd, false);
      load.measuredUntil();
      endpoint.faults(0, false);
      if (!partitioned.isEmpty()) endpoint.downFor(Set.of());
      // Phase 2: follow shippers ship the tail and drain on SIGTERM; each CronJob runs at its next tick(s).
      double writersStoppedAt = seconds();
      Thread.sleep(FOLLOW_TAIL_MILLIS);
      for (Dep dep : deps) for (MeasuredProcess p : dep.follow.values()) p.terminate();
      for (Dep dep : deps) {
        for (MeasuredProcess p : dep.follow.values()) if (!p.waitFor(30_000)) p.kill();
      }
      Map<Dep, Boolean> lastDone = new LinkedHashMap<>();
      for (Dep dep : deps) if (dep.d.mode() == StudyMode.CRONJOB) lastDone.put(dep, false);
      long phase2Deadline = System.nanoTime() + 10 * 60_000_000_000L;
      while (lastDone.containsValue(false)) {
        for (Dep dep : deps) {
          if (dep.d.mode() != StudyMode.CRONJOB || lastDone.get(dep)) continue;
          boolean ran = schedule(dep, nextTick, true);
          // Done once a run that started after the writers stopped has exited.
          StudyRun.CronRun last = dep.cronRuns.isEmpty() ? null : dep.cronRuns.get(dep.cronRuns.size() - 1);
          if (ran && dep.cronRun == null && last.phase().equals("scheduled")
              && last.startedAtSeconds() >= writersStoppedAt) {
            lastDone.put(dep, true);
          }
        }
        if (System.nanoTime() > phase2Deadline) throw new IllegalStateException("CronJob runs did not finish");
        Thread.sleep(TICK_MILLIS);
      }
      load.stop();
      return results(profile);
    }

    /**
     * Starts the follow shippers before the writers, one logferry JVM at a time: the next starts once the previous
     * one has used its first CPU second ({@link #START_CPU_TICKS}), serves its health probe, has exited, or after
     * {@link #START_GATE_MILLIS}. Started all at once, a full window's ~60 JVMs queued for the 2 CPUs (load 51) and
     * the start-up burst, not the shipping, set the window's load; one at a time, each JVM's start-up mostly runs
     * while the previous ones idle. A Fluent Bit process (native, starts in milliseconds) is not waited for. Then
     * every shipper must serve its probe (a taken port is retried) before the writers start: the warm-up and the
     * measured interval after it are unchanged.
     */
    void startShippersStaggered() throws IOException, InterruptedException {
      long begin = System.nanoTime();
      int jvms = 0;
      for (Dep dep : deps) {
        List<Integer> keys = new ArrayList<>();
        if (dep.d.mode() == StudyMode.SIDECAR) for (int i = 1; i <= dep.d.pods(); i++) keys.add(i);
        else if (dep.d.mode() == StudyMode.DAEMONSET) keys.add(0);
        for (int key : keys) {
          startFollow(dep, key);
          if (dep.d.shipper() != Shipper.LOGFERRY) continue;
          jvms++;
          MeasuredProcess p = dep.follow.get(key);
          long from = System.nanoTime();
          while (true) {
            long ticks = ProcFs.read(p.targetPid()).map(ProcFs.Reading::cpuTicks).orElse(0L);
            long waited = (System.nanoTime() - from) / 1_000_000;
            if (startGateOpen(ticks, p.isAlive() && started(dep.ports.get(key), "/q/health/started"), p.isAlive(),
                waited)) {
              break;
            }
            Thread.sleep(100);
          }
        }
      }
      awaitStarted();
      double took = (System.nanoTime() - begin) / 1e9;
      progress.note(String.format("  %s: %d logferry JVMs started one at a time in %.0f s (load %.1f)", w.id(), jvms,
          took, Progress.loadAverage()));
      for (Dep dep : deps) {
        dep.notes.add("shippers at nice " + Commands.SHIPPER_NICE + ", the writers and the endpoint at 0 (the "
            + "applications and CloudWatch are not what is measured)");
        if (dep.d.mode().follows()) dep.notes.add(String.format("the window's %d logferry JVMs started one at a time "
            + "(next after 1 CPU s, the health probe or %d s) in %.0f s before the writers", jvms,
            START_GATE_MILLIS / 1000, took));
      }
    }

    long nextTickEpochMillis(Dep dep) {
      long interval = dep.d.cronIntervalSeconds() * 1000L;
      long now = System.currentTimeMillis();
      return (now / interval + 1) * interval;
    }

    /**
     * Starts a run at its tick (Forbid: skipped while one is in flight) and collects a finished one. Returns true
     * when a run finished in this call.
     */
    boolean schedule(Dep dep, Map<Dep, Long> nextTick, boolean afterWriters) throws Exception {
      boolean finished = false;
      if (dep.cronRun != null) {
        if (dep.cronRun.isAlive()) {
          watchKill(dep);
        } else {
          finishCron(dep);
          finished = true;
        }
      }
      long now = System.currentTimeMillis();
      if (now >= nextTick.get(dep)) {
        nextTick.put(dep, nextTick.get(dep) + dep.d.cronIntervalSeconds() * 1000L);
        if (dep.cronRun != null) {
          dep.skipped++;
        } else {
          String phase = "scheduled";
          // The first tick with something to ship (10 s of writing, or after the writers stopped when a short
          // window held no later tick) starts the run that is killed; the next tick's run resumes.
          if (dep.d.fault() == StudyFault.SHIPPER_KILLED && !dep.faultDone
              && (afterWriters || seconds() >= Math.min(10, w.writeSeconds() / 2.0))) {
            dep.faultDone = true;
            phase = "killed";
            dep.killWatchFrom = System.nanoTime();
            dep.killBaseline = acceptedForDeployment(dep);
            dep.timeline.add(String.format("%.1fs run-once started, to be SIGKILLed once it has delivered", seconds()));
          }
          startCron(dep, phase);
        }
      }
      return finished;
    }

    void watchKill(Dep dep) {
      if (dep.killWatchFrom < 0 || !"killed".equals(dep.cronPhase)) return;
      boolean delivered = acceptedForDeployment(dep) > dep.killBaseline;
      if (delivered || System.nanoTime() - dep.killWatchFrom > 8_000_000_000L) {
        dep.cronRun.kill();
        dep.killWatchFrom = -1;
        dep.timeline.add(String.format("%.1fs run-once SIGKILLed %s", seconds(),
            delivered ? "after its first accepted batch" : "after 8 s without an accepted batch"));
      }
    }

    /** Events accepted so far into the current files' streams of this deployment (cheap enough for a few pods). */
    long acceptedForDeployment(Dep dep) {
      long n = 0;
      for (int i = 1; i <= dep.d.pods(); i++) {
        for (String f : List.of("app.log", "app.log.1", "app.log.2")) n += Math.max(0, endpoint.acceptedIn(dep.d.writer(i) + "/" + f));
      }
      return n;
    }

    void startCron(Dep dep, String phase) {
      int index = dep.cronIndex++;
      dep.cronRun = sampler.track(MeasuredProcess.start("run-once", "all", dep.d.id() + "-run-" + index,
          Commands.asShipper(commands.runOnce(endpoint.url(), dep.state, null, dep.allPodsGlob())),
          Commands.partitioned(Commands.ENV, dep.partitioned()),
          logs));
      dep.cronPhase = phase;
      dep.cronStartedAt = seconds();
    }

    void finishCron(Dep dep) throws InterruptedException {
      MeasuredProcess.ProcessFigures f = dep.cronRun.figures();
      Map<String, Object> summary = LocalTarget.summary(dep.cronRun.stdout());
      dep.cronRuns.add(new StudyRun.CronRun(dep.cronIndex - 1, dep.cronPhase, dep.cronStartedAt, f.wallSeconds(),
          f.cpuSeconds(), f.peakRssKb() / 1024.0, num(summary, "files"), num(summary, "bytesRead"),
          num(summary, "eventsDelivered"), f.exitCode()));
      dep.cronProcesses.add(dep.cronRun);
      dep.cronRun = null;
    }

    void fault(Dep dep, long nowMillis) throws Exception {
      if (dep.faultDone) return;
      switch (dep.d.fault()) {
        case SHIPPER_KILLED -> {
          if (dep.d.mode() == StudyMode.CRONJOB) return; // at the next tick (schedule)
          dep.faultDone = true;
          int key = dep.d.mode() == StudyMode.SIDECAR ? 1 : 0;
          MeasuredProcess p = dep.follow.get(key);
          p.kill();
          p.waitFor(10_000);
          dep.timeline.add(String.format("%.1fs %s SIGKILLed", seconds(), dep.d.mode().label()));
          startFollow(dep, key);
          dep.timeline.add(String.format("%.1fs %s restarted", seconds(), dep.d.mode().label()));
        }
        case POD_DELETED, POD_DIR_REMOVED -> {
          // CronJob: between two runs, i.e. with no run in flight.
          if (dep.d.mode() == StudyMode.CRONJOB && dep.cronRun != null) return;
          dep.faultDone = true;
          stopWriter(dep.d.writer(1));
          dep.timeline.add(String.format("%.1fs pod-1 application stopped", seconds()));
          if (dep.d.mode() == StudyMode.SIDECAR) {
            MeasuredProcess sc = dep.follow.get(1);
            sc.terminate();
            boolean drained = sc.waitFor(30_000);
            dep.timeline.add(String.format("%.1fs pod-1 sidecar %s", seconds(),
                drained ? "drained and exited" : "did not exit in 30 s"));
            LocalTarget.deleteTree(dep.pod(1));
            dep.timeline.add(String.format("%.1fs pod-1 emptyDir removed", seconds()));
          } else if (dep.d.mode() == StudyMode.DAEMONSET || dep.d.fault() == StudyFault.POD_DIR_REMOVED) {
            dep.removeDirAt = nowMillis + 1000;
          } else {
            dep.timeline.add(String.format("%.1fs pod-1 directory kept on the shared volume", seconds()));
          }
        }
        default -> dep.faultDone = true;
      }
    }

    void stopWriter(String writer) throws Exception {
      Files.writeString(dir.resolve("pods.tsv.stop-" + writer), "stop\n");
      // Under heavy load the writers process can take many seconds to act on it: its directory must not go before.
      long deadline = System.nanoTime() + 120_000_000_000L;
      while (!writers.stdout().contains("{\"writer\":\"" + writer + "\"")) {
        if (System.nanoTime() > deadline) throw new IllegalStateException("the writers did not stop " + writer);
        Thread.sleep(20);
      }
    }

    void startFollow(Dep dep, int pod) throws IOException {
      startFollowOn(dep, pod);
    }

    void startFollowOn(Dep dep, int pod) throws IOException {
      int port = LocalTarget.freePort();
      Path checkpoints = dep.state.resolve(pod == 0 ? "node" : "pod-" + pod);
      Files.createDirectories(checkpoints);
      String glob = pod == 0 ? dep.allPodsGlob() : dep.pod(pod) + "/app.log*";
      String name = dep.d.id() + "-" + (pod == 0 ? "node" : "pod-" + pod) + "-" + System.nanoTime();
      MeasuredProcess p;
      if (dep.d.shipper() == Shipper.FLUENT_BIT) {
        if (peer == null || endpoint.certificatePem() == null) {
          throw new IllegalStateException(dep.d.id() + ": Fluent Bit needs a binary and the endpoint over HTTPS");
        }
        p = sampler.track(MeasuredProcess.start(dep.d.mode().label(), pod == 0 ? "all" : "pod-" + pod, name,
            Commands.asShipper(peer.command()),
            peer.env(glob, checkpoints, port, URI.create(endpoint.url()), endpoint.certificatePem()), logs));
      } else {
        p = sampler.track(MeasuredProcess.start(dep.d.mode().label(), pod == 0 ? "all" : "pod-" + pod,
            name, Commands.asShipper(commands.follow(endpoint.url(), checkpoints, port, glob)),
            Commands.partitioned(commands.followEnv(), dep.partitioned()),
            logs));
      }
      MeasuredProcess old = dep.follow.put(pod, p);
      if (old != null) dep.retired.add(old);
      dep.ports.put(pod, port);
    }

    void awaitStarted() throws InterruptedException, IOException {
      long deadline = System.nanoTime() + 600_000_000_000L;
      for (Dep dep : deps) {
        for (Integer key : List.copyOf(dep.ports.keySet())) {
          int attempts = 0;
          while (true) {
            MeasuredProcess p = dep.follow.get(key);
            int port = dep.ports.get(key);
            String probe = dep.d.shipper() == Shipper.FLUENT_BIT ? FluentBitPeer.HEALTH_PATH : "/q/health/started";
            while (System.nanoTime() < deadline && p.isAlive() && !started(port, probe)) Thread.sleep(100);
            if (System.nanoTime() >= deadline) throw new IllegalStateException(dep.d.id() + ": not started in 600 s (machine overloaded?)");
            if (p.isAlive()) break;
            // A free port found at start can be taken by another process on a shared machine before Quarkus binds
            // it: start again on another port (the failed attempt's CPU stays in the deployment's total).
            if (++attempts > 3 || !p.stderr().contains("seems to be in use")) {
              throw new IllegalStateException(dep.d.id() + ": a follow process exited at start: see " + logs);
            }
            startFollow(dep, key);
          }
        }
      }
    }

    boolean started(int port, String path) {
      try {
        HttpResponse<Void> r = http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
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

    void startWriters() throws IOException {
      Path podsFile = dir.resolve("pods.tsv");
      StringBuilder sb = new StringBuilder();
      for (Dep dep : deps) {
        for (int i = 1; i <= dep.d.pods(); i++) {
          sb.append(dep.pod(i).resolve("app.log")).append(' ').append(dep.d.writer(i)).append(' ')
              .append(dep.d.rate()).append('\n');
        }
      }
      Files.writeString(podsFile, sb.toString());
      writers = sampler.track(MeasuredProcess.start("writers", "all", "writers",
          commands.podWriters(podsFile, w.writeSeconds() * 1000L), Map.of(), logs));
    }

    void readFollowCpu(Dep dep, Map<Long, Long> into, boolean warmup) {
      if (!dep.d.mode().follows()) return;
      for (MeasuredProcess p : dep.follow.values()) {
        long pid = p.targetPid();
        ProcFs.read(pid).ifPresent(r -> into.put(pid, r.cpuTicks()));
      }
      if (warmup) dep.warmupAt = seconds();
      else dep.endAt = seconds();
    }

    List<StudyRun> results(String profile) throws Exception {
      Map<String, Long> written = new LinkedHashMap<>();
      Map<String, Double> bytesPerLine = new LinkedHashMap<>();
      writers.waitFor(30_000);
      for (String line : writers.stdout().split("\n")) {
        if (!line.startsWith("{\"writer\"")) continue;
        Map<String, Object> o = LocalTarget.flatObject(line);
        long events = num(o, "events");
        written.put((String) o.get("writer"), events);
        if (events > 0) bytesPerLine.put((String) o.get("writer"), num(o, "bytes") / (double) events);
      }
      MeasuredProcess.ProcessFigures writerFigures = writers.figures();
      sampler.close();
      Map<String, DeliveryAudit> audits = new LinkedHashMap<>();
      Map<String, GroundTruth.LongList> lags = new LinkedHashMap<>();
      for (Dep dep : deps) {
        audits.put(dep.d.id(), new DeliveryAudit());
        lags.put(dep.d.id(), new GroundTruth.LongList());
      }
      long warmupEndEpoch = t0Epoch + w.warmupSeconds() * 1000L;
      Map<String, Long> warmupLines = new LinkedHashMap<>();
      endpoint.events(e -> {
        String writer = GroundTruth.writerOf(e.message());
        int at = writer.lastIndexOf("-p");
        String dep = at < 0 ? "" : writer.substring(0, at);
        DeliveryAudit a = audits.get(dep);
        if (a == null) return;
        a.accept(e.message());
        long written0 = Freshness.writeMillis(e.message());
        if (written0 < 0) return;
        // Freshness counts the lines written after the warm-up (JVM start, JIT, first scans are reported apart).
        if (written0 < warmupEndEpoch) {
          warmupLines.merge(dep, 1L, Long::sum);
          return;
        }
        lags.get(dep).add(Freshness.lagMillis(e.message(), e.ingestionTime()));
      });
      StudyRun.Load loadFigures = load.figures(env.cores());
      List<StudyRun> out = new ArrayList<>();
      for (Dep dep : deps) {
        Map<String, Long> depWritten = new LinkedHashMap<>();
        double lineBytes = 0;
        int counted = 0;
        for (int i = 1; i <= dep.d.pods(); i++) {
          String wr = dep.d.writer(i);
          depWritten.put(wr, written.getOrDefault(wr, 0L));
          if (bytesPerLine.containsKey(wr)) {
            lineBytes += bytesPerLine.get(wr);
            counted++;
          }
        }
        DeliveryAudit.Result total = audits.get(dep.d.id()).total(depWritten);
        List<String> notes = new ArrayList<>(dep.notes);
        if (writerFigures.exitCode() != 0) notes.add("writers exited " + writerFigures.exitCode());
        notes.add("freshness over lines written after the " + w.warmupSeconds() + " s warm-up; "
            + warmupLines.getOrDefault(dep.d.id(), 0L) + " accepted lines written during it are not in it");
        notes.add(String.format("writers process: %.1f CPU s for %d pods of the window (not part of any mode's cost)",
            writerFigures.cpuSeconds(), w.pods()));
        StudyRun.Outcome outcome = new StudyRun.Outcome(cost(dep), freshness(lags.get(dep.d.id()).toArray()),
            new StudyRun.Delivery(total.written(), total.delivered(), total.lost(), total.duplicated()),
            List.copyOf(dep.cronRuns), dep.skipped,
            dep.d.fault() == StudyFault.NONE ? null
                : new StudyRun.FaultOutcome(dep.d.fault().description(), List.copyOf(dep.timeline),
                    verdict(dep, total)),
            notes);
        if (dep.d.shipper() == Shipper.FLUENT_BIT) notes.add("shipper: " + peer.describe());
        StudyRun.Setup setup = new StudyRun.Setup(dep.d.mode().label(), dep.d.shipper().label(), dep.d.fault().label(),
            dep.d.pods(), dep.d.rate(), counted == 0 ? 0 : lineBytes / counted, w.writeSeconds(), w.warmupSeconds(),
            dep.d.mode() == StudyMode.CRONJOB ? dep.d.cronIntervalSeconds() : null, null, null);
        String kind = dep.d.kindIn(w);
        String id = resultId(kind, w.repetition(), dep.d.id());
        out.add(new StudyRun(StudyRun.SCHEMA_VERSION, kind, id, profile, w.id(), w.repetition(),
            provenance(dep, loadFigures),
            setup, outcome));
      }
      return out;
    }

    /** logferry: the JDK and its image's JVM flags; Fluent Bit: its version in place of the JDK, no JVM flags. */
    StudyRun.Provenance provenance(Dep dep, StudyRun.Load loadFigures) {
      if (dep.d.shipper() == Shipper.FLUENT_BIT) {
        return new StudyRun.Provenance(started, env.commit(), peer.version() + " (no JVM)", List.of(), env.machine(),
            loadFigures);
      }
      return env.provenance(started, dep.d.mode() == StudyMode.CRONJOB ? commands.cronjobJvm() : commands.sidecarJvm(),
          loadFigures);
    }

    StudyRun.Cost cost(Dep dep) throws InterruptedException {
      List<MeasuredProcess> all = new ArrayList<>(dep.retired);
      all.addAll(dep.follow.values());
      all.addAll(dep.cronProcesses);
      double cpu = 0;
      double peak = 0;
      double rssTotal = 0;
      String method = "wait4";
      for (MeasuredProcess p : all) {
        MeasuredProcess.ProcessFigures f = p.figures();
        cpu += f.cpuSeconds();
        peak = Math.max(peak, f.peakRssKb() / 1024.0);
        if (!f.cpuMethod().equals("wait4")) method = f.cpuMethod();
        if (dep.d.mode().follows()) {
          if (dep.follow.containsValue(p)) rssTotal += f.meanRssKb() / 1024.0;
        } else {
          rssTotal += f.meanRssKb() / 1024.0 * f.wallSeconds();
        }
      }
      if (dep.d.mode().follows()) {
        double warm = 0;
        double steady = 0;
        for (Map.Entry<Long, Long> e : dep.ticksAtEnd.entrySet()) {
          Long atWarmup = dep.ticksAtWarmup.get(e.getKey());
          if (atWarmup == null) continue; // restarted after the warm-up: its CPU is not steady state
          warm += atWarmup / (double) ProcFs.CLOCK_TICKS_PER_SECOND;
          steady += (e.getValue() - atWarmup) / (double) ProcFs.CLOCK_TICKS_PER_SECOND;
        }
        double steadySeconds = dep.endAt - dep.warmupAt;
        Double perPodHour = dep.d.fault() == StudyFault.NONE ? steady / steadySeconds * 3600 / dep.d.pods() : null;
        return new StudyRun.Cost(all.size(), method, cpu, warm, steady, steadySeconds, perPodHour, peak, rssTotal);
      }
      double scheduledCpu = 0;
      int scheduled = 0;
      for (StudyRun.CronRun r : dep.cronRuns) {
        if (r.phase().equals("scheduled")) {
          scheduledCpu += r.cpuSeconds();
          scheduled++;
        }
      }
      Double perPodHour = scheduled == 0 || dep.d.fault() != StudyFault.NONE ? null
          : scheduledCpu / scheduled * (3600.0 / dep.d.cronIntervalSeconds()) / dep.d.pods();
      double span = Math.max(w.writeSeconds(), 1);
      return new StudyRun.Cost(all.size(), method, cpu, null, null, null, perPodHour, peak, rssTotal / span);
    }

    String verdict(Dep dep, DeliveryAudit.Result t) {
      String base = t.lost() + " of " + t.written() + " lines lost, " + t.duplicated() + " duplicated";
      return switch (dep.d.fault()) {
        case POD_DIR_REMOVED -> base + (t.lost() > 0
            ? ": the lines pod 1 wrote after the last run before its directory went are gone (this storage does not"
                + " outlive the pod; the documented shared volume does)"
            : ": the directory went before any line was left unshipped");
        case POD_DELETED -> base + (t.lost() > 0 ? ": lines of the deleted pod were not shipped before its logs went"
            : ": the deleted pod's lines were all shipped");
        case SHIPPER_KILLED -> base + ": duplicates are the batches acknowledged after the last checkpoint write"
            + " (at-least-once)";
        default -> base;
      };
    }

    void cleanUp() {
      load.stop();
      if (writers != null && writers.isAlive()) writers.kill();
      for (Dep dep : deps) {
        for (MeasuredProcess p : dep.follow.values()) if (p.isAlive()) p.kill();
        if (dep.cronRun != null && dep.cronRun.isAlive()) dep.cronRun.kill();
      }
      sampler.close();
      try {
        endpoint.faults(0, false);
        for (Dep dep : deps) LocalTarget.deleteTree(dep.pods);
      } catch (IOException | RuntimeException e) {
        progress.note("cleanup of " + dir + " failed: " + e.getMessage());
      }
    }
  }

  /** The CPU a starting shipper JVM uses before the next one starts: 1 s (USER_HZ ticks). */
  static final long START_CPU_TICKS = ProcFs.CLOCK_TICKS_PER_SECOND;
  /** The longest wait for one JVM before the next starts anyway (a slow start on a busy machine). */
  static final long START_GATE_MILLIS = 5_000;

  /** Whether the next shipper may start after one that has used {@code cpuTicks} and waited {@code waitedMillis}. */
  static boolean startGateOpen(long cpuTicks, boolean serving, boolean alive, long waitedMillis) {
    return cpuTicks >= START_CPU_TICKS || serving || !alive || waitedMillis >= START_GATE_MILLIS;
  }

  static StudyRun.Freshness freshness(long[] lags) {
    if (lags.length == 0) return StudyRun.Freshness.EMPTY;
    long[] s = lags.clone();
    java.util.Arrays.sort(s);
    double sum = 0;
    for (long v : s) sum += v;
    List<Long> q = new ArrayList<>();
    for (int p = 0; p <= 100; p += 5) q.add(p == 0 ? s[0] : Percentiles.rank(s, p));
    return new StudyRun.Freshness(s.length, Percentiles.rank(s, 50), Percentiles.rank(s, 90), Percentiles.rank(s, 95),
        Percentiles.rank(s, 99), s[s.length - 1], sum / s.length, q);
  }

  /**
   * A result's id and file name: {@code <kind>-r<repetition>-<deployment>}, e.g. {@code e2e-r2-sc-n32}, distinct per
   * repetition and found by kind ({@code steady-r1-sc-r20} as before the combined windows).
   */
  static String resultId(String kind, int repetition, String deployment) {
    return kind + "-r" + repetition + "-" + deployment;
  }

  static long num(Map<String, Object> o, String key) {
    Object v = o.get(key);
    return v instanceof Number n ? n.longValue() : 0;
  }
}
