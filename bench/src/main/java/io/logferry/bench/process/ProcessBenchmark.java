package io.logferry.bench.process;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.logferry.testbed.LineFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The whole-process benchmark: what one CronJob run costs on a real backlog, measured from outside as the kernel sees
 * it. It generates (once, cached under {@code bench/target/data/}) an nginx combined access log of {@code --size},
 * reads it once so it is in the page cache, then runs {@code logferry run-once} (the Quarkus app's
 * {@code quarkus-run.jar}) over it as a child process, for every JDK and sink asked for:
 *
 * <ul>
 *   <li>{@code null}: everything but the send ({@code --sink null});
 *   <li>{@code endpoint}: CloudWatch over HTTP to the local endpoint, started as a separate process in COUNTS mode (it
 *       parses and checks every request but stores only counts), on the same machine: its CPU competes with the
 *       child's, as a loopback benchmark does.
 * </ul>
 *
 * <p>Figures: wall time from fork to exit (JVM start included: that is the CronJob's cost) and the run's own elapsed
 * time (from its summary), MiB/s and lines/s for both, CPU seconds per GiB (user + system of the child: the growth of
 * this process's {@code cutime + cstime} in {@code /proc/self/stat} across the child's life, which the kernel adds
 * exactly when the child is reaped), peak RSS ({@code VmHWM} of {@code /proc/<pid>/status}, sampled every 50 ms until
 * exit). Delivery is checked: the summary's (null) or the endpoint's (endpoint) accepted event count must equal the
 * generated line count, or the run is marked failed.
 *
 * <p>One JSON per run goes to {@code --out} (schema: {@code results/README.md}).
 *
 * <p>HOW TO RUN: from the repository root, after {@code ./mvnw -o -q -pl bench,k8s-cronjob -am package -DskipTests}:
 *
 * <pre>
 * bench/run-process-benchmark.sh                        # 1 GiB, JDK 17 and 25, null and endpoint sinks
 * bench/run-process-benchmark.sh --size 64m --sinks null
 * java -cp bench/target/benchmarks.jar io.logferry.bench.process.ProcessBenchmark --help
 * </pre>
 */
public final class ProcessBenchmark {

  /** The goals of logferry issue 5. */
  static final double GOAL_NULL_MIB_PER_SECOND = 1024;
  static final double GOAL_ENDPOINT_MIB_PER_SECOND = 300;
  static final double GOAL_NULL_CPU_SECONDS_PER_GIB = 1.5;
  static final double GOAL_PEAK_RSS_MIB = 256;

  private static final long SAMPLE_MILLIS = 50;
  private static final long PROGRESS_MILLIS = 2000;
  private static final double MIB = 1024.0 * 1024.0;
  private static final String ENDPOINT_READY = "logferry-local-endpoint listening on ";
  private static final String SCHEMA = "logferry.process/1";

  /** The options; see {@link #usage()}. */
  record Options(
      String profile,
      long sizeBytes,
      List<Jdk> jdks,
      List<String> sinks,
      Path out,
      Path repo,
      Path cronjobJar,
      Path endpointJar,
      List<String> jvmFlags,
      String jvmFlagsSource,
      String label,
      boolean jfr) {}

  record Jdk(String label, Path home) {}

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(usage());
      System.exit(2);
      return;
    }
    if (options == null) {
      System.out.println(usage());
      return;
    }
    int failed = new ProcessBenchmark().run(options);
    System.exit(failed == 0 ? 0 : 1);
  }

  static String usage() {
    return """
        usage: ProcessBenchmark [--profile quick|full] [--size 1g] [--jdk17 PATH|none] [--jdk25 PATH|none]
                                [--sinks null,endpoint] [--out results/process] [--repo .]
                                [--jvm-flags "<flags>" [--label NAME]] [--jfr]
          --profile quick   64 MiB, the rest as given (full: 1 GiB)
          --jvm-flags       flags of the child JVM; default: JAVA_OPTS_APPEND of k8s-cronjob/src/main/docker/Dockerfile.jvm
          --label           a name for this variant, in the file names and settings (e.g. c2)
          --jfr             record a JFR profile (1 ms sampling) of every run under bench/target/jfr/""";
  }

  static Options parse(String[] args) {
    String profile = "full";
    Long size = null;
    String jdk17 = null;
    String jdk25 = null;
    List<String> sinks = List.of("null", "endpoint");
    Path out = Path.of("results", "process");
    Path repo = Path.of("").toAbsolutePath();
    String flags = null;
    String label = null;
    boolean jfr = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-h") || a.equals("--help")) return null;
      if (a.equals("--jfr")) {
        jfr = true;
        continue;
      }
      if (i + 1 >= args.length) throw new IllegalArgumentException(a + " needs a value");
      String v = args[++i];
      switch (a) {
        case "--profile" -> {
          if (!v.equals("quick") && !v.equals("full")) throw new IllegalArgumentException("--profile: quick or full");
          profile = v;
        }
        case "--size" -> size = ByteSize.parse(v);
        case "--jdk17" -> jdk17 = v;
        case "--jdk25" -> jdk25 = v;
        case "--sinks" -> {
          sinks = Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
          for (String s : sinks) {
            if (!s.equals("null") && !s.equals("endpoint")) {
              throw new IllegalArgumentException("--sinks: null and/or endpoint, got " + s);
            }
          }
        }
        case "--out" -> out = Path.of(v);
        case "--repo" -> repo = Path.of(v).toAbsolutePath();
        case "--jvm-flags" -> flags = v;
        case "--label" -> {
          if (!v.matches("[A-Za-z0-9_.-]+")) throw new IllegalArgumentException("--label: letters, digits, . _ - only");
          label = v;
        }
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    long sizeBytes = size != null ? size : profile.equals("quick") ? 64L << 20 : 1L << 30;
    List<Jdk> jdks = new ArrayList<>();
    Path default17 = defaultJdk17();
    addJdk(jdks, "jdk17", jdk17, default17);
    addJdk(jdks, "jdk25", jdk25, Path.of("/usr/lib/jvm/temurin-25-jdk-amd64"));
    if (jdks.isEmpty()) throw new IllegalArgumentException("no JDK to run: give --jdk17 or --jdk25");
    List<String> jvmFlags;
    String flagsSource;
    if (flags != null) {
      jvmFlags = splitFlags(flags);
      flagsSource = "--jvm-flags";
    } else {
      Path dockerfile = repo.resolve("k8s-cronjob/src/main/docker/Dockerfile.jvm");
      jvmFlags = shippedFlags(dockerfile);
      flagsSource = "JAVA_OPTS_APPEND of k8s-cronjob/src/main/docker/Dockerfile.jvm";
    }
    if (!out.isAbsolute()) out = repo.resolve(out);
    return new Options(profile, sizeBytes, List.copyOf(jdks), sinks, out, repo,
        repo.resolve("k8s-cronjob/target/quarkus-app/quarkus-run.jar"), endpointJar(repo), jvmFlags, flagsSource, label, jfr);
  }

  private static void addJdk(List<Jdk> jdks, String label, String given, Path fallback) {
    if ("none".equals(given)) return;
    Path home = given != null ? Path.of(given) : fallback;
    if (home == null || !Files.isExecutable(home.resolve("bin/java"))) {
      if (given != null) throw new IllegalArgumentException("--" + label + ": no bin/java under " + given);
      System.err.println("note: " + label + " not found at " + fallback + ", skipped");
      return;
    }
    jdks.add(new Jdk(label, home));
  }

  private static Path defaultJdk17() {
    Path current = Path.of(System.getProperty("java.home"));
    if (Runtime.version().feature() == 17) return current;
    return Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
  }

  private static Path endpointJar(Path repo) {
    try (Stream<Path> s = Files.list(repo.resolve("local-endpoint/target"))) {
      return s.filter(p -> p.getFileName().toString().endsWith("-all.jar")).findFirst().orElse(null);
    } catch (IOException e) {
      return null;
    }
  }

  /** The {@code JAVA_OPTS_APPEND} of the image, so the benchmark runs the JVM as it ships. */
  public static List<String> shippedFlags(Path dockerfile) {
    try {
      for (String line : Files.readAllLines(dockerfile)) {
        String t = line.trim();
        if (t.startsWith("ENV JAVA_OPTS_APPEND=")) {
          String v = t.substring("ENV JAVA_OPTS_APPEND=".length()).trim();
          if (v.startsWith("\"") && v.endsWith("\"")) v = v.substring(1, v.length() - 1);
          return splitFlags(v);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dockerfile + " (give --jvm-flags): " + e.getMessage(), e);
    }
    throw new IllegalArgumentException("no ENV JAVA_OPTS_APPEND in " + dockerfile + " (give --jvm-flags)");
  }

  public static List<String> splitFlags(String flags) {
    return Arrays.stream(flags.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }

  // -----------------------------------------------------------------------------------------------------------

  private final long clockTicks = ProcFs.clockTicksPerSecond();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  int run(Options o) throws Exception {
    require(o.cronjobJar(), "build it: ./mvnw -o -q -pl k8s-cronjob -am package -DskipTests");
    if (o.sinks().contains("endpoint")) {
      if (o.endpointJar() == null) {
        throw new IllegalStateException("no local-endpoint/target/*-all.jar: ./mvnw -o -q -pl local-endpoint -am package -DskipTests");
      }
    }
    Path data = o.repo().resolve("bench/target/data");
    System.out.printf(Locale.ROOT, "data: %s of nginx combined lines under %s%n", ByteSize.format(o.sizeBytes()), data);
    long t0 = System.nanoTime();
    DataGenerator.Generated g = DataGenerator.cached(data, LineFormat.NGINX_COMBINED, o.sizeBytes());
    System.out.printf(Locale.ROOT, "data: %s, %,d bytes, %,d lines (%.1f s)%n", g.file(), g.bytes(), g.lines(),
        (System.nanoTime() - t0) / 1e9);
    t0 = System.nanoTime();
    DataGenerator.warmPageCache(g.file());
    System.out.printf(Locale.ROOT, "page cache warmed in %.1f s%n", (System.nanoTime() - t0) / 1e9);

    String date = MachineInfo.now();
    String commit = MachineInfo.commit(o.repo());
    List<Map<String, Object>> results = new ArrayList<>();
    int failed = 0;
    for (Jdk jdk : o.jdks()) {
      for (String sink : o.sinks()) {
        Map<String, Object> r = runOne(o, g, jdk, sink, date, commit);
        results.add(r);
        if (!Boolean.TRUE.equals(((Map<?, ?>) r.get("figures")).get("delivered"))) failed++;
        Path file = o.out().resolve(MachineInfo.stamp(date) + "-" + o.profile() + (o.label() == null ? "" : "-" + o.label())
            + "-" + jdk.label() + "-" + sink + ".json");
        ResultJson.write(file, r);
        System.out.println("wrote " + o.repo().relativize(file.toAbsolutePath()));
      }
    }
    System.out.println();
    System.out.println(table(results));
    return failed;
  }

  private static void require(Path file, String hint) {
    if (!Files.isRegularFile(file)) throw new IllegalStateException("missing " + file + ": " + hint);
  }

  Map<String, Object> runOne(Options o, DataGenerator.Generated g, Jdk jdk, String sink, String date, String commit)
      throws Exception {
    String label = jdk.label() + " " + sink;
    Path work = o.repo().resolve("bench/target/process/" + jdk.label() + "-" + sink);
    deleteTree(work);
    Path checkpoints = work.resolve("checkpoints");
    Files.createDirectories(checkpoints);
    Endpoint endpoint = sink.equals("endpoint") ? Endpoint.start(o.endpointJar(), work.resolve("endpoint.log")) : null;
    try {
      List<String> cmd = new ArrayList<>();
      cmd.add(jdk.home().resolve("bin/java").toString());
      cmd.addAll(o.jvmFlags());
      Path jfrFile = null;
      if (o.jfr()) {
        jfrFile = o.repo().resolve("bench/target/jfr/" + jdk.label() + "-" + sink + ".jfr");
        Files.createDirectories(jfrFile.getParent());
        cmd.add("-XX:StartFlightRecording=filename=" + jfrFile + ",settings=" + samplingSettings(jdk, jfrFile.getParent()));
      }
      cmd.addAll(List.of("-jar", o.cronjobJar().toString(), "run-once", "--summary-json", "--group", "bench",
          "--checkpoint-dir", checkpoints.toString()));
      if (endpoint == null) {
        cmd.addAll(List.of("--sink", "null"));
      } else {
        cmd.addAll(List.of("--sink", "cloudwatch", "--endpoint", endpoint.url().toString(), "--region", "us-east-1"));
      }
      cmd.add(g.file().toAbsolutePath().toString());

      ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(work.resolve("stderr.log").toFile());
      Map<String, String> env = pb.environment();
      env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("JAVA_TOOL") || k.startsWith("JDK_JAVA"));
      // A local endpoint takes any credentials; these are placeholders, not secrets.
      env.put("AWS_ACCESS_KEY_ID", "logferry-bench");
      env.put("AWS_SECRET_ACCESS_KEY", "logferry-bench");
      env.put("AWS_REGION", "us-east-1");

      System.out.printf(Locale.ROOT, "%n[%s] %s%n", label, String.join(" ", cmd));
      List<Double> loadBefore = MachineInfo.loadAverage();
      ProcFs.CpuTicks before = ProcFs.selfStat();
      long start = System.nanoTime();
      Process child = pb.start();
      CompletableFuture<String> stdout = readAll(child.getInputStream());
      long pid = child.pid();
      long peakRssKib = 0;
      long lastProgress = start;
      while (!child.waitFor(SAMPLE_MILLIS, TimeUnit.MILLISECONDS)) {
        OptionalLong rss = ProcFs.peakRssKib(pid);
        if (rss.isPresent()) peakRssKib = Math.max(peakRssKib, rss.getAsLong());
        long now = System.nanoTime();
        if (now - lastProgress >= PROGRESS_MILLIS * 1_000_000) {
          lastProgress = now;
          System.out.println(progress(label, g, ProcFs.bytesRead(pid), now - start, peakRssKib, endpoint));
        }
      }
      long wallNanos = System.nanoTime() - start;
      // waitFor returned, so the JVM's reaper has waited for the child: its CPU is now in our cutime/cstime.
      ProcFs.CpuTicks after = ProcFs.selfStat();
      long childTicks = after.children() - before.children();
      long childUserTicks = after.cutime() - before.cutime();
      int exit = child.exitValue();
      String summaryJson = stdout.get(10, TimeUnit.SECONDS).trim();
      Map<String, Object> summary = flatJson(lastJsonLine(summaryJson));
      Long accepted = endpoint == null ? asLong(summary.get("eventsDelivered")) : endpoint.acceptedEvents(http);

      double wallSeconds = wallNanos / 1e9;
      Long elapsedMillis = asLong(summary.get("elapsedMillis"));
      double cpuSeconds = (double) childTicks / clockTicks;
      double gib = g.bytes() / (MIB * 1024);
      boolean delivered = exit == 0 && accepted != null && accepted == g.lines();

      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put("exitCode", exit);
      figures.put("delivered", delivered);
      figures.put("linesGenerated", g.lines());
      figures.put("eventsAccepted", accepted);
      figures.put("wallSeconds", round(wallSeconds, 3));
      figures.put("mibPerSecond", round(g.bytes() / MIB / wallSeconds, 1));
      figures.put("linesPerSecond", round(g.lines() / wallSeconds, 0));
      figures.put("runSeconds", elapsedMillis == null ? null : round(elapsedMillis / 1000.0, 3));
      figures.put("runMibPerSecond", elapsedMillis == null || elapsedMillis == 0 ? null
          : round(g.bytes() / MIB / (elapsedMillis / 1000.0), 1));
      figures.put("runLinesPerSecond", elapsedMillis == null || elapsedMillis == 0 ? null
          : round(g.lines() / (elapsedMillis / 1000.0), 0));
      figures.put("cpuSeconds", round(cpuSeconds, 3));
      figures.put("cpuUserSeconds", round((double) childUserTicks / clockTicks, 3));
      figures.put("cpuSystemSeconds", round((double) (childTicks - childUserTicks) / clockTicks, 3));
      figures.put("cpuSecondsPerGiB", round(cpuSeconds / gib, 3));
      figures.put("peakRssMiB", round(peakRssKib / 1024.0, 1));
      figures.put("summary", summary);
      if (endpoint != null) {
        figures.put("endpointStats", flatJson(endpoint.statsJson(http)));
        // The endpoint works on the same cores; its CPU (its whole life, start-up included) shows what it took away.
        figures.put("endpointCpuSeconds", ProcFs.read(Path.of("/proc", Long.toString(endpoint.process().pid()), "stat"))
            .map(st -> round((double) ProcFs.parseStat(st).self() / clockTicks, 3))
            .orElse(null));
      }

      Map<String, Object> r = new LinkedHashMap<>();
      r.put("schema", SCHEMA);
      r.put("kind", "process");
      r.put("date", date);
      r.put("commit", commit);
      r.put("machine", withLoad(MachineInfo.machine(), loadBefore));
      r.put("jdk", MachineInfo.jdk(jdk.home()));
      Map<String, Object> settings = new LinkedHashMap<>();
      settings.put("profile", o.profile());
      settings.put("label", o.label());
      settings.put("sink", sink);
      settings.put("sizeBytes", g.bytes());
      settings.put("lineFormat", "NGINX_COMBINED");
      settings.put("jvmFlags", o.jvmFlags());
      settings.put("jvmFlagsSource", o.jvmFlagsSource());
      settings.put("pageCache", "warm (file read once before the runs)");
      settings.put("endpoint", endpoint == null ? null : "local-endpoint process, --record counts, loopback HTTP");
      settings.put("jfr", jfrFile == null ? null : o.repo().relativize(jfrFile).toString());
      settings.put("command", cmd);
      r.put("settings", settings);
      r.put("figures", figures);
      r.put("goals", goals(sink, figures));
      System.out.printf(Locale.ROOT, "[%s] exit %d, %s: %.2f s wall (%s s in run), %.0f MiB/s, %.2f CPU s/GiB, peak RSS %.0f MiB%n",
          label, exit, delivered ? "all " + accepted + " events delivered" : "DELIVERY CHECK FAILED (accepted " + accepted + " of " + g.lines() + ")",
          wallSeconds, figures.get("runSeconds"), g.bytes() / MIB / wallSeconds, cpuSeconds / gib, peakRssKib / 1024.0);
      return r;
    } finally {
      if (endpoint != null) endpoint.close();
    }
  }

  /**
   * The JDK's {@code profile.jfc} with Java method sampling every 1 ms instead of 10 ms: a drain of a few seconds
   * otherwise yields too few samples to rank frames.
   */
  private static Path samplingSettings(Jdk jdk, Path dir) throws IOException {
    String profile = Files.readString(jdk.home().resolve("lib/jfr/profile.jfc"));
    String fast = profile.replaceFirst("(<setting name=\"period\" control=\"method-sampling-java-interval\">)[^<]*(<)", "$11 ms$2");
    Path file = dir.resolve(jdk.label() + "-sampling.jfc");
    Files.writeString(file, fast);
    return file;
  }

  private static Map<String, Object> withLoad(Map<String, Object> machine, List<Double> loadBefore) {
    machine.put("loadAverageBefore", loadBefore);
    machine.put("loadAverageAfter", machine.remove("loadAverage"));
    return machine;
  }

  /** Each goal of issue 5 that applies to this sink: the goal, the figure and whether it was met. */
  static Map<String, Object> goals(String sink, Map<String, Object> figures) {
    Map<String, Object> goals = new LinkedHashMap<>();
    double mibps = ((Number) figures.get("mibPerSecond")).doubleValue();
    if (sink.equals("null")) {
      goals.put("mibPerSecond", goal(">=", GOAL_NULL_MIB_PER_SECOND, mibps));
      goals.put("cpuSecondsPerGiB",
          goal("<=", GOAL_NULL_CPU_SECONDS_PER_GIB, ((Number) figures.get("cpuSecondsPerGiB")).doubleValue()));
    } else {
      goals.put("mibPerSecond", goal(">=", GOAL_ENDPOINT_MIB_PER_SECOND, mibps));
    }
    goals.put("peakRssMiB", goal("<=", GOAL_PEAK_RSS_MIB, ((Number) figures.get("peakRssMiB")).doubleValue()));
    return goals;
  }

  private static Map<String, Object> goal(String op, double target, double actual) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("target", op + " " + (target == Math.rint(target) ? Long.toString((long) target) : Double.toString(target)));
    m.put("actual", actual);
    m.put("met", op.equals(">=") ? actual >= target : actual <= target);
    return m;
  }

  private String progress(String label, DataGenerator.Generated g, OptionalLong read, long nanos, long rssKib, Endpoint endpoint) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "[%s] %5.1f s", label, nanos / 1e9));
    if (read.isPresent()) {
      // rchar counts every read call of the JVM (jars and classes too), so it runs slightly ahead of the log.
      long mib = Math.min(read.getAsLong(), g.bytes()) >> 20;
      sb.append(String.format(Locale.ROOT, "  read ~%,d of %,d MiB (%.0f%%)", mib, g.bytes() >> 20, 100.0 * mib / (g.bytes() >> 20)));
    }
    sb.append(String.format(Locale.ROOT, "  peak RSS %.0f MiB", rssKib / 1024.0));
    if (endpoint != null) {
      try {
        Long accepted = endpoint.acceptedEvents(http);
        sb.append(String.format(Locale.ROOT, "  endpoint accepted %,d of %,d", accepted, g.lines()));
      } catch (Exception e) {
        sb.append("  endpoint stats unavailable");
      }
    }
    return sb.toString();
  }

  static String table(List<Map<String, Object>> results) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-7s %-9s %9s %10s %10s %11s %10s %9s %s%n", "jdk", "sink", "wall s", "MiB/s",
        "run MiB/s", "lines/s", "CPU s/GiB", "RSS MiB", "delivered"));
    for (Map<String, Object> r : results) {
      Map<?, ?> f = (Map<?, ?>) r.get("figures");
      Map<?, ?> s = (Map<?, ?>) r.get("settings");
      Map<?, ?> j = (Map<?, ?>) r.get("jdk");
      sb.append(String.format(Locale.ROOT, "%-7s %-9s %9s %10s %10s %11s %10s %9s %s%n", "jdk" + j.get("major"),
          s.get("sink"), f.get("wallSeconds"), f.get("mibPerSecond"), f.get("runMibPerSecond"), f.get("linesPerSecond"),
          f.get("cpuSecondsPerGiB"), f.get("peakRssMiB"), f.get("delivered")));
    }
    return sb.toString();
  }

  private static double round(double v, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(v * scale) / scale;
  }

  private static Long asLong(Object o) {
    return o instanceof Number n ? n.longValue() : null;
  }

  private static String lastJsonLine(String out) {
    String[] lines = out.split("\n");
    for (int i = lines.length - 1; i >= 0; i--) {
      if (lines[i].trim().startsWith("{")) return lines[i].trim();
    }
    return "{}";
  }

  /** A JSON object as nested maps (insertion order), lists, strings, longs, doubles, booleans and nulls. */
  public static Map<String, Object> flatJson(String json) {
    Map<String, Object> m = new LinkedHashMap<>();
    try (JsonParser p = new JsonFactory().createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) return m;
      readObject(p, m);
    } catch (IOException e) {
      m.put("unparsed", json);
    }
    return m;
  }

  private static void readObject(JsonParser p, Map<String, Object> m) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      m.put(name, readValue(p, p.nextToken()));
    }
  }

  private static Object readValue(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case VALUE_NUMBER_INT:
        return p.getLongValue();
      case VALUE_NUMBER_FLOAT:
        return p.getDoubleValue();
      case VALUE_TRUE:
      case VALUE_FALSE:
        return p.getBooleanValue();
      case VALUE_STRING:
        return p.getText();
      case START_OBJECT: {
        Map<String, Object> inner = new LinkedHashMap<>();
        readObject(p, inner);
        return inner;
      }
      case START_ARRAY: {
        List<Object> items = new ArrayList<>();
        JsonToken next;
        while ((next = p.nextToken()) != JsonToken.END_ARRAY) items.add(readValue(p, next));
        return items;
      }
      default:
        return null;
    }
  }

  private static CompletableFuture<String> readAll(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    });
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }

  /** The local endpoint as a separate process: its CPU is not the child's, and it is started fresh per run. */
  record Endpoint(Process process, URI url) implements AutoCloseable {

    static Endpoint start(Path jar, Path log) throws IOException {
      Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
      Process p = new ProcessBuilder(javaBin.toString(), "-jar", jar.toString(), "--port", "0", "--record", "counts",
          "--ignore-stdin")
          .redirectError(log.toFile())
          .start();
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith(ENDPOINT_READY)) {
          URI url = URI.create(line.substring(ENDPOINT_READY.length()).trim());
          Thread drain = new Thread(() -> {
            try {
              out.transferTo(java.io.Writer.nullWriter());
            } catch (IOException e) {
              // the endpoint exited
            }
          }, "endpoint-stdout");
          drain.setDaemon(true);
          drain.start();
          return new Endpoint(p, url);
        }
      }
      p.destroy();
      throw new IOException("the local endpoint exited before it was ready; see " + log);
    }

    String statsJson(HttpClient http) throws IOException, InterruptedException {
      HttpRequest req = HttpRequest.newBuilder(url.resolve("/_logferry/stats")).timeout(Duration.ofSeconds(10)).GET().build();
      HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
      if (res.statusCode() != 200) throw new IOException("stats: HTTP " + res.statusCode());
      return res.body();
    }

    Long acceptedEvents(HttpClient http) throws IOException, InterruptedException {
      return asLong(flatJson(statsJson(http)).get("acceptedEvents"));
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }
  }
}
