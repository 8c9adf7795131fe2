package io.logferry.bench.fluentbit;

import io.logferry.bench.process.MachineInfo;
import io.logferry.bench.process.ProcFs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One sidecar window: {@code replicas} copies of every tool run at once, each tailing its own file that
 * {@link PacedWriters} fills at {@code rate} lines/s, all shipping to one fresh local endpoint over HTTPS. Running the
 * tools side by side in the same minutes gives them the same machine noise; the replicas are n concurrent
 * processes, not n repetitions in time (a window is one repetition).
 *
 * <p>Every second, each tool's {@code /proc/<pid>/stat} and {@code status} are read. The figures cover the minutes
 * after the warm-up: CPU is the growth of utime + stime over that span divided by its length (mCPU = thousandths of
 * a core); RSS is the mean, the maximum and the slope (MiB per minute, least squares) of {@code VmRSS}. A kubelet's
 * health probes are sent every {@code probeInterval}. At the end the writers stop, the tools get up to two minutes
 * to deliver, then SIGTERM; a replica counts only if the endpoint accepted each of its file's lines exactly once.
 */
final class SidecarWindow {

  private static final long SAMPLE_MILLIS = 1000;
  private static final Duration DELIVERY_WAIT = Duration.ofMinutes(2);
  private static final Duration READY_WAIT = Duration.ofMinutes(3);

  private final ComparisonOptions o;
  private final Path endpointJar;
  private final Path endpointJava;
  private final long clockTicks = ProcFs.clockTicksPerSecond();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

  SidecarWindow(ComparisonOptions o, Path endpointJar, Path endpointJava) {
    this.o = o;
    this.endpointJar = endpointJar;
    this.endpointJava = endpointJava;
  }

  /** A running replica. */
  private static final class Replica {
    final Tool tool;
    final int index;
    final Path file;
    final String group;
    final Launch launch;
    final Process process;
    final List<ProcSample> samples = new CopyOnWriteArrayList<>();
    final AtomicLong probesFailed = new AtomicLong();
    final AtomicLong probesSent = new AtomicLong();

    Replica(Tool tool, int index, Path file, String group, Launch launch, Process process) {
      this.tool = tool;
      this.index = index;
      this.file = file;
      this.group = group;
      this.launch = launch;
      this.process = process;
    }

    String id() {
      return tool.name() + "-" + index;
    }
  }

  List<Map<String, Object>> run(List<Tool> tools, double rate, int window, Path workRoot) throws Exception {
    Path work = workRoot.resolve("sidecar-" + fmt(rate) + "-w" + window);
    Dirs.deleteTree(work);
    Files.createDirectories(work);
    List<Double> loadBefore = MachineInfo.loadAverage();
    List<Replica> replicas = new ArrayList<>();
    try (TlsEndpoint endpoint = TlsEndpoint.start(endpointJava, endpointJar, work.resolve("endpoint.log"))) {
      try {
        for (int i = 0; i < o.replicas(); i++) {
          for (Tool tool : tools) {
            Path dir = Files.createDirectories(work.resolve(tool.name() + "-" + i));
            Path file = dir.resolve("app.log");
            Files.createFile(file);
            String group = "/bench/sidecar/" + tool.name() + "-" + i;
            Launch launch = tool.sidecar(dir, file, group, endpoint, Dirs.freePort());
            ProcessBuilder pb = new ProcessBuilder(launch.command()).directory(launch.dir().toFile())
                .redirectOutput(dir.resolve("stdout.log").toFile()).redirectError(dir.resolve("stderr.log").toFile());
            DrainRun.cleanEnv(pb.environment()).putAll(launch.env());
            replicas.add(new Replica(tool, i, file, group, launch, Children.track(pb.start())));
          }
        }
        System.out.printf(Locale.ROOT, "%n[sidecar %s lines/s window %d] %d processes; e.g. %s%n", fmt(rate), window + 1,
            replicas.size(), String.join(" ", replicas.get(0).launch.command()));
        awaitReady(replicas);

        PacedWriters writers = new PacedWriters(replicas.stream().map(r -> r.file).toList(),
            replicas.stream().map(Replica::id).toList(), rate);
        Thread sampler = daemon("sidecar-sampler", () -> sampleLoop(replicas));
        Thread prober = o.probeInterval().isZero() ? null : daemon("sidecar-prober", () -> probeLoop(replicas));
        long t0 = System.nanoTime();
        writers.start();
        sampler.start();
        if (prober != null) prober.start();
        long end = t0 + o.sidecarDuration().toNanos();
        long lastProgress = t0;
        while (System.nanoTime() < end) {
          Thread.sleep(Math.min(5_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
          for (Replica r : replicas) {
            if (!r.process.isAlive()) throw new IllegalStateException(r.id() + " exited early with " + r.process.exitValue()
                + "; see " + r.file.getParent().resolve("stderr.log"));
          }
          if (System.nanoTime() - lastProgress >= TimeUnit.MINUTES.toNanos(1)) {
            lastProgress = System.nanoTime();
            System.out.printf(Locale.ROOT, "[sidecar %s lines/s] %.0f of %d s, endpoint accepted %s%n", fmt(rate),
                (lastProgress - t0) / 1e9, o.sidecarDuration().toSeconds(), acceptedOrUnknown(endpoint));
          }
        }
        List<Long> written = writers.stop();
        long writtenTotal = written.stream().mapToLong(Long::longValue).sum();
        long deliveryDeadline = System.nanoTime() + DELIVERY_WAIT.toNanos();
        while (System.nanoTime() < deliveryDeadline) {
          try {
            if (endpoint.acceptedEvents() >= writtenTotal) break;
          } catch (java.io.IOException e) {
            // a loaded machine can time a stats call out; ask again
          }
          Thread.sleep(500);
        }
        sampler.interrupt();
        if (prober != null) prober.interrupt();
        sampler.join();
        List<Integer> exits = new ArrayList<>();
        for (Replica r : replicas) r.process.destroy();
        for (Replica r : replicas) {
          if (!r.process.waitFor(60, TimeUnit.SECONDS)) r.process.destroyForcibly().waitFor();
          exits.add(r.process.exitValue());
        }
        Map<String, long[]> accepted = Retry.io(3, endpoint::acceptedHashesByGroup);
        double endpointCpu = endpoint.cpuSeconds(clockTicks);
        List<Double> loadAfter = MachineInfo.loadAverage();

        List<Map<String, Object>> out = new ArrayList<>();
        for (int k = 0; k < replicas.size(); k++) {
          Replica r = replicas.get(k);
          LineHashes.Verdict v = LineHashes.compare(LineHashes.ofFile(r.file), accepted.getOrDefault(r.group, new long[0]));
          Map<String, Object> m = figures(r, t0, rate);
          m.put("window", window + 1);
          m.put("linesWritten", written.get(k));
          m.put("exitCodeAfterSigterm", exits.get(k));
          Map<String, Object> ver = new LinkedHashMap<>();
          ver.put("method", "endpoint ground truth: sorted message hashes of the replica's group equal its file's lines' hashes");
          ver.put("linesInFile", v.written());
          ver.put("eventsAccepted", v.accepted());
          ver.put("missing", v.missing());
          ver.put("extra", v.extra());
          ver.put("exactlyOnce", v.exactlyOnce());
          m.put("verification", ver);
          m.put("delivered", v.exactlyOnce() && v.written() == written.get(k));
          m.put("probesSent", r.probesSent.get());
          m.put("probesFailed", r.probesFailed.get());
          m.put("loadAverageBefore", loadBefore);
          m.put("loadAverageAfter", loadAfter);
          m.put("endpointCpuSecondsWholeWindow", Spread.round(endpointCpu, 2));
          m.put("command", r.launch.command());
          out.add(m);
          System.out.printf(Locale.ROOT, "[sidecar %s lines/s] %-13s %6.2f mCPU  RSS mean %6.1f MiB (max %.1f, slope %+.2f MiB/min)  %s%n",
              fmt(rate), r.id(), m.get("cpuMilliCores"), m.get("rssMeanMiB"), m.get("rssMaxMiB"), m.get("rssSlopeMiBPerMinute"),
              Boolean.TRUE.equals(m.get("delivered")) ? "every line exactly once" : "DELIVERY CHECK FAILED " + ver);
        }
        return out;
      } finally {
        for (Replica r : replicas) {
          if (r.process.isAlive()) r.process.destroyForcibly();
        }
      }
    }
  }

  private static String acceptedOrUnknown(TlsEndpoint endpoint) throws InterruptedException {
    try {
      return String.format(Locale.ROOT, "%,d", endpoint.acceptedEvents());
    } catch (java.io.IOException e) {
      return "unknown (" + e.getClass().getSimpleName() + ")";
    }
  }

  private void awaitReady(List<Replica> replicas) throws InterruptedException {
    long deadline = System.nanoTime() + READY_WAIT.toNanos();
    for (Replica r : replicas) {
      String url = r.launch.probeUrls().isEmpty() ? null : r.launch.probeUrls().get(0);
      while (url != null) {
        if (!r.process.isAlive()) {
          throw new IllegalStateException(r.id() + " exited at start with " + r.process.exitValue() + "; see "
              + r.file.getParent().resolve("stderr.log"));
        }
        if (get(url) == 200) break;
        if (System.nanoTime() > deadline) throw new IllegalStateException(r.id() + " not live after " + READY_WAIT + ": " + url);
        Thread.sleep(200);
      }
    }
  }

  private int get(String url) {
    try {
      HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build();
      return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (java.io.IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private void sampleLoop(List<Replica> replicas) {
    long next = System.nanoTime();
    while (!Thread.currentThread().isInterrupted()) {
      for (Replica r : replicas) ProcSample.read(r.process.pid()).ifPresent(r.samples::add);
      next += SAMPLE_MILLIS * 1_000_000;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(wait);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private void probeLoop(List<Replica> replicas) {
    long period = o.probeInterval().toNanos();
    long next = System.nanoTime();
    while (!Thread.currentThread().isInterrupted()) {
      for (Replica r : replicas) {
        for (String url : r.launch.probeUrls()) {
          r.probesSent.incrementAndGet();
          int status = get(url);
          if (status != 200) r.probesFailed.incrementAndGet();
        }
      }
      next += period;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(wait);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /** The replica's figures over [t0 + warm-up, last sample], plus a per-minute series of the whole window. */
  private Map<String, Object> figures(Replica r, long t0, double rate) {
    long from = t0 + o.sidecarWarmup().toNanos();
    List<ProcSample> after = r.samples.stream().filter(s -> s.nanos() >= from).toList();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tool", r.tool.name());
    m.put("replica", r.index + 1);
    m.put("rateLinesPerSecond", rate);
    if (after.size() < 2) {
      m.put("cpuMilliCores", Double.NaN);
      m.put("rssMeanMiB", Double.NaN);
      m.put("rssMaxMiB", Double.NaN);
      m.put("rssSlopeMiBPerMinute", Double.NaN);
      return m;
    }
    ProcSample first = after.get(0);
    ProcSample last = after.get(after.size() - 1);
    double seconds = (last.nanos() - first.nanos()) / 1e9;
    double cpu = (last.cpuTicks() - first.cpuTicks()) / (double) clockTicks;
    m.put("measuredSeconds", Spread.round(seconds, 1));
    m.put("cpuMilliCores", Spread.round(1000 * cpu / seconds, 2));
    m.put("rssMeanMiB", Spread.round(after.stream().mapToLong(ProcSample::rssKib).average().orElse(0) / 1024.0, 1));
    m.put("rssMaxMiB", Spread.round(after.stream().mapToLong(ProcSample::rssKib).max().orElse(0) / 1024.0, 1));
    m.put("rssFirstMiB", Spread.round(first.rssKib() / 1024.0, 1));
    m.put("rssLastMiB", Spread.round(last.rssKib() / 1024.0, 1));
    m.put("rssSlopeMiBPerMinute", Spread.round(slopePerMinute(after), 3));
    m.put("peakRssMiBWholeLife", Spread.round(last.hwmKib() / 1024.0, 1));
    m.put("perMinute", perMinute(r.samples, t0));
    return m;
  }

  /** Least-squares slope of RSS over time, MiB per minute. */
  static double slopePerMinute(List<ProcSample> samples) {
    int n = samples.size();
    double t0 = samples.get(0).nanos();
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (ProcSample s : samples) {
      double x = (s.nanos() - t0) / 60e9;
      double y = s.rssKib() / 1024.0;
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
    }
    double d = n * sxx - sx * sx;
    return d == 0 ? 0 : (n * sxy - sx * sy) / d;
  }

  /** mCPU and mean RSS for each whole minute since the writers started (the warm-up included, to show the trend). */
  private List<Map<String, Object>> perMinute(List<ProcSample> samples, long t0) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (int minute = 0; ; minute++) {
      long a = t0 + TimeUnit.MINUTES.toNanos(minute);
      long b = a + TimeUnit.MINUTES.toNanos(1);
      List<ProcSample> in = samples.stream().filter(s -> s.nanos() >= a && s.nanos() <= b).toList();
      if (in.size() < 2 || in.get(in.size() - 1).nanos() - in.get(0).nanos() < 50e9) break;
      ProcSample f = in.get(0);
      ProcSample l = in.get(in.size() - 1);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("minute", minute + 1);
      m.put("cpuMilliCores", Spread.round(1000.0 * (l.cpuTicks() - f.cpuTicks()) / clockTicks / ((l.nanos() - f.nanos()) / 1e9), 2));
      m.put("rssMeanMiB", Spread.round(in.stream().mapToLong(ProcSample::rssKib).average().orElse(0) / 1024.0, 1));
      out.add(m);
    }
    return out;
  }

  private static Thread daemon(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  static String fmt(double rate) {
    return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
  }
}
