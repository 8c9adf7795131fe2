package io.logferry.bench.soak;

import io.logferry.bench.process.MachineInfo;
import io.logferry.bench.process.ProcFs;
import io.logferry.bench.process.ResultJson;
import io.logferry.endpoint.Faults;
import io.logferry.endpoint.LocalCloudWatchLogs;
import io.logferry.endpoint.Options;
import io.logferry.endpoint.RecordedEvent;
import io.logferry.endpoint.RecordingMode;
import io.logferry.testbed.DeliveryAudit;
import io.logferry.testbed.LineFormat;
import io.logferry.testbed.LogWriter;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The soak (issue 14): the sidecar's {@code follow} as a child process for {@code --duration} (1 h by default) at
 * {@code --rate} lines/s (1,000), split over two writers, one rotating by rename/create and one by copytruncate
 * (logrotate {@code rotate 5}: the oldest rotated file is deleted at each rotation), against the strict local endpoint
 * with a fault every {@code --fault-every} (throttling, 5xx, dropped connections, slow, down, in turn). Every
 * {@code --sample} it records the child's RSS, heap after the last GC (from its {@code -Xlog:gc} file), open file
 * descriptors, threads, and the checkpoint file's size and entries. At the end it stops writing, waits for delivery,
 * stops the child with SIGTERM and audits every line: lost and duplicated, from what the endpoint accepted.
 *
 * <p>Writes {@code <out>/<stamp>-soak.json} with commit, JDK, JVM flags, machine and load. A smoke run:
 * {@code bench/run-soak.sh --duration 2m}.
 */
public final class SoakRun {

  /** The sidecar image's JVM flags (as in the cluster benchmark's Commands.SIDECAR_JVM). */
  static final List<String> SIDECAR_JVM = List.of("-XX:+UseSerialGC", "-Xms8m", "-Xmx32m", "-Xmn2m",
      "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-XX:MaxMetaspaceSize=64m",
      "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=16m", "-XX:-UsePerfData");

  /** Not secrets: the local endpoint accepts any credentials, the SDK's chain only needs some. */
  static final Map<String, String> ENV =
      Map.of("AWS_ACCESS_KEY_ID", "AKIDLOGFERRYSOAK", "AWS_SECRET_ACCESS_KEY", "logferry-soak-not-a-secret");

  static final int KEEP = 5;
  static final long ROTATE_BYTES = 2L * 1024 * 1024;
  private static final Pattern GC_AFTER = Pattern.compile("->(\\d+)([KMG])\\(");

  record Settings(Duration duration, int rate, Duration sample, Duration faultEvery, Duration faultLength, Path out,
      Path sidecarJar, Path java, Path repo) {}

  public static void main(String[] args) throws Exception {
    Settings s = parse(args);
    Map<String, Object> result = new SoakRun().run(s);
    Files.createDirectories(s.out());
    Path file = s.out().resolve(MachineInfo.stamp((String) result.get("startedAt")) + "-soak.json");
    ResultJson.write(file, result);
    System.out.println("soak: wrote " + file + ": " + result.get("verdict"));
    System.exit("pass".equals(((Map<?, ?>) result.get("verdict")).get("delivery")) ? 0 : 1);
  }

  static Settings parse(String[] args) {
    Duration duration = Duration.ofHours(1);
    int rate = 1000;
    Duration sample = null;
    Duration faultEvery = null;
    Path out = Path.of("results/soak");
    Path repo = Path.of("").toAbsolutePath();
    Path sidecar = repo.resolve("k8s-sidecar/target/lean/logferry-sidecar.jar");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String v = i + 1 < args.length ? args[i + 1] : null;
      switch (a) {
        case "--duration" -> { duration = duration(v); i++; }
        case "--rate" -> { rate = Integer.parseInt(v); i++; }
        case "--sample" -> { sample = duration(v); i++; }
        case "--fault-every" -> { faultEvery = duration(v); i++; }
        case "--out" -> { out = Path.of(v); i++; }
        case "--sidecar" -> { sidecar = Path.of(v); i++; }
        case "--java" -> { java = Path.of(v); i++; }
        default -> throw new IllegalArgumentException("unknown option " + a
            + " (--duration 1h --rate 1000 --sample 10s --fault-every 5m --out results/soak --sidecar JAR --java PATH)");
      }
    }
    if (sample == null) sample = duration.compareTo(Duration.ofMinutes(10)) < 0 ? Duration.ofSeconds(5) : Duration.ofSeconds(30);
    if (faultEvery == null) faultEvery = duration.compareTo(Duration.ofMinutes(10)) < 0 ? Duration.ofSeconds(30) : Duration.ofMinutes(5);
    Duration faultLength = faultEvery.dividedBy(3).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : faultEvery.dividedBy(3);
    return new Settings(duration, rate, sample, faultEvery, faultLength, out, sidecar, java, repo);
  }

  static Duration duration(String v) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    if (s.endsWith("ms")) return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
    long n = Long.parseLong(s.substring(0, s.length() - 1));
    return switch (s.charAt(s.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      default -> throw new IllegalArgumentException("bad duration " + v + " (e.g. 2m, 1h, 30s)");
    };
  }

  /** The faults, in turn; each lasts {@code faultLength}. */
  static final List<Map.Entry<String, Faults>> FAULTS = List.of(
      Map.entry("throttling 30 %", new Faults(0.3, 0, 0, 0, false, false)),
      Map.entry("5xx 50 %", new Faults(0, 0.5, 0, 0, false, false)),
      Map.entry("dropped connections 20 %", new Faults(0, 0, 0, 0.2, false, false)),
      Map.entry("slow 400 ms", Faults.NONE.withLatencyMs(400)),
      Map.entry("down", new Faults(0, 0, 0, 0, true, false)));

  Map<String, Object> run(Settings s) throws Exception {
    if (!Files.isRegularFile(s.sidecarJar())) {
      throw new IllegalStateException("missing " + s.sidecarJar() + "; build: ./mvnw -q -pl k8s-sidecar,bench -am package -DskipTests");
    }
    Map<String, Object> result = new LinkedHashMap<>();
    String started = MachineInfo.now();
    result.put("startedAt", started);
    result.put("benchmark", "soak");
    result.put("commit", MachineInfo.commit(s.repo()));
    result.put("machine", MachineInfo.machine());
    result.put("loadAverageAtStart", MachineInfo.loadAverage());
    Path javaHome = s.java().getParent().getParent();
    result.put("jdk", MachineInfo.jdk(javaHome));
    Path work = Files.createTempDirectory("logferry-soak-");
    Path logs = Files.createDirectories(work.resolve("logs"));
    Path state = work.resolve("state");
    Path gcLog = work.resolve("gc.log");
    List<String> jvm = new ArrayList<>(SIDECAR_JVM);
    jvm.add("-Xlog:gc:file=" + gcLog + ":uptime");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    result.put("jvmFlags", jvm);
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("durationSeconds", s.duration().toSeconds());
    settings.put("linesPerSecond", s.rate());
    settings.put("sampleSeconds", s.sample().toSeconds());
    settings.put("faultEverySeconds", s.faultEvery().toSeconds());
    settings.put("faultLengthSeconds", s.faultLength().toSeconds());
    settings.put("writers", List.of("rename/create rotation at 2 MiB, keep 5", "copytruncate at 2 MiB, keep 5"));
    result.put("settings", settings);

    List<Map<String, Object>> samples = new ArrayList<>();
    List<Map<String, Object>> faultLog = new ArrayList<>();
    try (LocalCloudWatchLogs endpoint = LocalCloudWatchLogs.start(Options.defaults().withRecording(RecordingMode.FULL));
        LogWriter renamed = LogWriter.open(LogWriter.Settings.of(logs.resolve("rename.log"), "rename", LineFormat.NGINX_COMBINED)
            .withRotation(LogWriter.Rotation.RENAME, ROTATE_BYTES, KEEP));
        LogWriter copied = LogWriter.open(LogWriter.Settings.of(logs.resolve("copy.log"), "copy", LineFormat.NGINX_COMBINED)
            .withRotation(LogWriter.Rotation.COPYTRUNCATE, ROTATE_BYTES, KEEP))) {
      List<String> command = new ArrayList<>();
      command.add(s.java().toString());
      command.addAll(jvm);
      command.addAll(List.of("-jar", s.sidecarJar().toString(), "follow", "--http-port=" + port, "--endpoint=" + endpoint.endpoint(),
          "--region=us-east-1", "--group=/logferry/soak", "--stream={file}", "--checkpoint-dir=" + state,
          "--drain-deadline=20s", logs + "/*.log*"));
      result.put("command", command);
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(work.resolve("sidecar.log").toFile());
      pb.environment().putAll(ENV);
      Process child = pb.start();
      long start = System.nanoTime();
      long end = start + s.duration().toNanos();
      long nextSample = start;
      long nextFault = start + s.faultEvery().toNanos();
      long faultEnds = -1;
      int faultIndex = 0;
      double perTick = s.rate() / 2.0 / 20; // per writer, per 50 ms tick
      double owedRenamed = 0;
      double owedCopied = 0;
      long tick = start;
      while (System.nanoTime() < end) {
        if (!child.isAlive()) throw new IllegalStateException("the sidecar exited early with " + child.exitValue() + "; see " + work.resolve("sidecar.log"));
        owedRenamed += perTick;
        owedCopied += perTick;
        renamed.write((int) owedRenamed);
        copied.write((int) owedCopied);
        owedRenamed -= (int) owedRenamed;
        owedCopied -= (int) owedCopied;
        long now = System.nanoTime();
        if (faultEnds < 0 && now - nextFault >= 0) {
          Map.Entry<String, Faults> f = FAULTS.get(faultIndex++ % FAULTS.size());
          endpoint.setFaults(f.getValue());
          faultEnds = now + s.faultLength().toNanos();
          faultLog.add(Map.of("atSeconds", (now - start) / 1_000_000_000L, "fault", f.getKey(),
              "seconds", s.faultLength().toSeconds()));
        } else if (faultEnds >= 0 && now - faultEnds >= 0) {
          endpoint.setFaults(Faults.NONE);
          faultEnds = -1;
          nextFault = now + s.faultEvery().toNanos() - s.faultLength().toNanos();
        }
        if (now - nextSample >= 0) {
          samples.add(sample(child.pid(), (now - start) / 1_000_000_000L, gcLog, state, logs, endpoint));
          nextSample += s.sample().toNanos();
        }
        tick += 50_000_000L;
        long sleep = tick - System.nanoTime();
        if (sleep > 0) TimeUnit.NANOSECONDS.sleep(sleep);
      }
      endpoint.setFaults(Faults.NONE);
      Map<String, Long> written = Map.of("rename", renamed.eventsWritten(), "copy", copied.eventsWritten());
      long waitStart = System.nanoTime();
      while (audit(endpoint, written).lost() > 0 && System.nanoTime() - waitStart < TimeUnit.SECONDS.toNanos(180)) {
        TimeUnit.SECONDS.sleep(2);
      }
      samples.add(sample(child.pid(), (System.nanoTime() - start) / 1_000_000_000L, gcLog, state, logs, endpoint));
      child.destroy(); // SIGTERM: the sidecar drains and writes its checkpoint
      boolean exited = child.waitFor(60, TimeUnit.SECONDS);
      if (!exited) child.destroyForcibly();
      DeliveryAudit.Result total = audit(endpoint, written);
      result.put("sidecarExit", exited ? child.exitValue() : "killed after 60 s");
      result.put("rotations", Map.of("rename", renamed.rotations(), "copytruncate", copied.rotations()));
      result.put("written", written);
      result.put("delivery", Map.of("written", total.written(), "delivered", total.delivered(), "lost", total.lost(),
          "duplicated", total.duplicated()));
      Map<String, Object> perWriter = new LinkedHashMap<>();
      perWriter(endpoint, written).forEach((w, r) -> perWriter.put(w, Map.of("written", r.written(), "delivered",
          r.delivered(), "lost", r.lost(), "duplicated", r.duplicated())));
      result.put("deliveryPerWriter", perWriter);
      result.put("endpoint", endpoint.stats().toString());
      result.put("faults", faultLog);
      result.put("samples", samples);
      result.put("trend", trend(samples));
      result.put("loadAverageAtEnd", MachineInfo.loadAverage());
      result.put("workDir", work.toString());
      Map<String, Object> verdict = new LinkedHashMap<>();
      verdict.put("delivery", total.lost() == 0 && total.duplicated() == 0 ? "pass" : "fail");
      verdict.put("lost", total.lost());
      verdict.put("duplicated", total.duplicated());
      result.put("verdict", verdict);
    }
    return result;
  }

  static DeliveryAudit.Result audit(LocalCloudWatchLogs endpoint, Map<String, Long> written) {
    DeliveryAudit audit = new DeliveryAudit();
    for (RecordedEvent e : endpoint.allEvents()) audit.accept(e.message());
    return audit.total(written);
  }

  static Map<String, DeliveryAudit.Result> perWriter(LocalCloudWatchLogs endpoint, Map<String, Long> written) {
    DeliveryAudit audit = new DeliveryAudit();
    for (RecordedEvent e : endpoint.allEvents()) audit.accept(e.message());
    return audit.results(written);
  }

  static Map<String, Object> sample(long pid, long atSeconds, Path gcLog, Path state, Path logs, LocalCloudWatchLogs endpoint) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("atSeconds", atSeconds);
    Path proc = Path.of("/proc", Long.toString(pid));
    try {
      String status = Files.readString(proc.resolve("status"), StandardCharsets.US_ASCII);
      m.put("rssKib", ProcFs.parseStatusKib(status, "VmRSS").orElse(-1));
      m.put("threads", ProcFs.parseStatusKib(status, "Threads").orElse(-1));
    } catch (IOException | RuntimeException e) {
      m.put("rssKib", -1);
    }
    try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
      m.put("openFds", fds.count());
    } catch (IOException e) {
      m.put("openFds", -1);
    }
    m.put("heapAfterGcKib", heapAfterLastGc(gcLog, false).orElse(-1));
    // The live set: with the Serial GC, a young collection leaves tenured garbage until the next full collection.
    m.put("heapAfterFullGcKib", heapAfterLastGc(gcLog, true).orElse(-1));
    Path cp = state.resolve("checkpoints.json");
    try {
      String text = Files.readString(cp, StandardCharsets.UTF_8);
      m.put("checkpointBytes", text.length());
      m.put("checkpointEntries", count(text, "\"generation\""));
    } catch (IOException e) {
      m.put("checkpointBytes", 0);
      m.put("checkpointEntries", 0);
    }
    try (Stream<Path> files = Files.list(logs)) {
      m.put("filesPresent", files.count());
    } catch (IOException e) {
      m.put("filesPresent", -1);
    }
    m.put("acceptedEvents", endpoint.stats().acceptedEvents());
    return m;
  }

  static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) n++;
    return n;
  }

  /** The heap occupancy after the last (full, when asked) GC the child logged ({@code ... 12M->3M(30M) ...}). */
  static OptionalLong heapAfterLastGc(Path gcLog, boolean fullOnly) {
    try {
      List<String> lines = Files.readAllLines(gcLog, StandardCharsets.UTF_8);
      for (int i = lines.size() - 1; i >= 0; i--) {
        if (fullOnly && !lines.get(i).contains("Pause Full")) continue;
        Matcher m = GC_AFTER.matcher(lines.get(i));
        if (m.find()) {
          long v = Long.parseLong(m.group(1));
          return OptionalLong.of(switch (m.group(2)) {
            case "K" -> v;
            case "M" -> v * 1024;
            default -> v * 1024 * 1024;
          });
        }
      }
    } catch (IOException e) {
      // not written yet
    }
    return OptionalLong.empty();
  }

  /**
   * Flatness: medians of each figure over the second quarter of the run (after warm-up) and over the last quarter,
   * and their ratio.
   */
  static Map<String, Object> trend(List<Map<String, Object>> samples) {
    Map<String, Object> out = new LinkedHashMap<>();
    int n = samples.size();
    if (n < 8) return out;
    List<Map<String, Object>> early = samples.subList(n / 4, n / 2);
    List<Map<String, Object>> late = samples.subList(n - n / 4, n);
    for (String key : List.of("rssKib", "heapAfterGcKib", "heapAfterFullGcKib", "openFds", "threads", "checkpointBytes", "checkpointEntries")) {
      double a = median(early, key);
      double b = median(late, key);
      out.put(key, Map.of("secondQuarterMedian", a, "lastQuarterMedian", b, "ratio", a == 0 ? 0 : b / a));
    }
    return out;
  }

  static double median(List<Map<String, Object>> samples, String key) {
    double[] v = samples.stream().mapToDouble(m -> ((Number) m.get(key)).doubleValue()).toArray();
    Arrays.sort(v);
    return v.length == 0 ? 0 : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
