package io.logferry.bench.fluentbit;

import io.logferry.bench.process.ByteSize;
import io.logferry.bench.process.ProcessBenchmark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The comparison's options; see {@link #USAGE}. Parsed once, validated here with messages naming the option.
 *
 * @param fluentBit the Fluent Bit binary, or null to run logferry alone
 */
public record ComparisonOptions(
    Path repo,
    Path out,
    String label,
    Path fluentBit,
    boolean runDrain,
    boolean runSidecar,
    long sizeBytes,
    int repetitions,
    List<String> sinks,
    List<Double> rates,
    Duration sidecarDuration,
    Duration sidecarWarmup,
    int replicas,
    int windows,
    Duration probeInterval,
    Path logferryJdk,
    List<String> drainFlags,
    List<String> sidecarFlags,
    String flagsSource,
    boolean drainAot,
    boolean sidecarAot,
    List<String> logferryProbes,
    List<String> sidecarArgs,
    Map<String, String> logferryEnv) {

  static final String USAGE = """
      usage: bench/run-vs-fluent-bit.sh [--fluent-bit PATH] [options]
        --fluent-bit PATH        Fluent Bit binary (default: $FLUENT_BIT; without one logferry runs alone, and says so)
        --only drain|sidecar     run one part (default: both)
        --size 1g                drain file size (nginx combined lines, generated once, cached in bench/target/data)
        --repetitions 3          drain repetitions; the tools alternate, the order swapped each repetition (>= 3 for a figure)
        --sinks null,endpoint    drain sinks
        --rates 20,200           sidecar write rates, lines/s per file
        --duration 10m           sidecar window length (writing time), per rate
        --warmup 2m              sidecar minutes excluded from the figures (JIT, heap growth, first flushes)
        --replicas 3             sidecar replicas of each tool running concurrently in one window
        --windows 1              sidecar windows per rate, one after another
        --probe-interval 10s     health probes per replica, as a kubelet sends them (0 = none)
        --logferry-jdk PATH      JDK of logferry (default: the JDK of the sidecar image, 25 or 17)
        --drain-jvm-flags "..."  run-once flags (default: JAVA_OPTS_APPEND of k8s-cronjob/src/main/docker/Dockerfile.jvm)
        --sidecar-jvm-flags ".." follow flags (default: JAVA_OPTS_APPEND of k8s-sidecar/src/main/docker/Dockerfile.jvm)
        --aot on|off             AOT caches for both apps (default: as each image does: the CronJob image has one,
                                 the sidecar image none; needs JDK 25+)
        --logferry-probes P,..   logferry health paths probed (default: /q/health/live,/q/health/ready)
        --sidecar-args "..."     extra options of logferry follow (e.g. "--buffer-bytes 8MiB")
        --logferry-env K=V,..    extra environment of logferry (e.g. MALLOC_ARENA_MAX=2)
        --label NAME             a name for this variant, in the result file name
        --out results/vs-fluent-bit
      Smoke run (~3 min): --size 64m --repetitions 1 --duration 60s --warmup 20s --replicas 1
      """;

  static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
  static final Path OPENJDK_17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");

  /** Returns null when help was asked for. */
  static ComparisonOptions parse(String[] args, String fluentBitEnv) {
    Path repo = Path.of("").toAbsolutePath();
    Path out = Path.of("results", "vs-fluent-bit");
    String label = null;
    String fb = fluentBitEnv == null || fluentBitEnv.isBlank() ? null : fluentBitEnv;
    String only = null;
    long size = 1L << 30;
    int repetitions = 3;
    List<String> sinks = List.of("null", "endpoint");
    List<Double> rates = List.of(20.0, 200.0);
    Duration duration = Duration.ofMinutes(10);
    Duration warmup = Duration.ofMinutes(2);
    int replicas = 3;
    int windows = 1;
    Duration probe = Duration.ofSeconds(10);
    String jdk = null;
    String drainFlags = null;
    String sidecarFlags = null;
    String aot = "auto";
    List<String> probes = List.of("/q/health/live", "/q/health/ready");
    List<String> sidecarArgs = List.of();
    Map<String, String> logferryEnv = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-h") || a.equals("--help")) return null;
      if (i + 1 >= args.length) throw new IllegalArgumentException(a + " needs a value");
      String v = args[++i];
      switch (a) {
        case "--fluent-bit" -> fb = v;
        case "--only" -> {
          if (!v.equals("drain") && !v.equals("sidecar")) throw new IllegalArgumentException("--only: drain or sidecar");
          only = v;
        }
        case "--size" -> size = ByteSize.parse(v);
        case "--repetitions" -> repetitions = positive(a, v);
        case "--sinks" -> {
          sinks = split(v);
          for (String s : sinks) {
            if (!s.equals("null") && !s.equals("endpoint")) throw new IllegalArgumentException("--sinks: null and/or endpoint, got " + s);
          }
        }
        case "--rates" -> rates = split(v).stream().map(s -> {
          double r = Double.parseDouble(s);
          if (!(r > 0 && r <= 100_000)) throw new IllegalArgumentException("--rates: each within (0, 100000], got " + s);
          return r;
        }).toList();
        case "--duration" -> duration = duration(a, v);
        case "--warmup" -> warmup = duration(a, v);
        case "--replicas" -> replicas = positive(a, v);
        case "--windows" -> windows = positive(a, v);
        case "--probe-interval" -> probe = v.equals("0") ? Duration.ZERO : duration(a, v);
        case "--logferry-jdk" -> jdk = v;
        case "--drain-jvm-flags" -> drainFlags = v;
        case "--sidecar-jvm-flags" -> sidecarFlags = v;
        case "--aot" -> {
          if (!v.equals("on") && !v.equals("off")) throw new IllegalArgumentException("--aot: on or off");
          aot = v;
        }
        case "--logferry-probes" -> probes = split(v);
        case "--sidecar-args" -> sidecarArgs = ProcessBenchmark.splitFlags(v);
        case "--logferry-env" -> {
          for (String kv : split(v)) {
            int eq = kv.indexOf('=');
            if (eq < 1) throw new IllegalArgumentException("--logferry-env: NAME=VALUE pairs, got " + kv);
            logferryEnv.put(kv.substring(0, eq), kv.substring(eq + 1));
          }
        }
        case "--label" -> {
          if (!v.matches("[A-Za-z0-9_.-]+")) throw new IllegalArgumentException("--label: letters, digits, . _ - only");
          label = v;
        }
        case "--out" -> out = Path.of(v);
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    if (!warmup.minus(duration).isNegative()) throw new IllegalArgumentException("--warmup must be shorter than --duration");
    Path fluentBit = null;
    if (fb != null) {
      fluentBit = Path.of(fb).toAbsolutePath();
      if (!Files.isExecutable(fluentBit)) throw new IllegalArgumentException("--fluent-bit: not an executable file: " + fb);
    }
    Path sidecarDockerfile = repo.resolve("k8s-sidecar/src/main/docker/Dockerfile.jvm");
    Path cronjobDockerfile = repo.resolve("k8s-cronjob/src/main/docker/Dockerfile.jvm");
    Path jdkHome = jdk != null ? Path.of(jdk) : imageJdk(sidecarDockerfile);
    if (!Files.isExecutable(jdkHome.resolve("bin/java"))) throw new IllegalArgumentException("--logferry-jdk: no bin/java under " + jdkHome);
    String source = (drainFlags == null ? "drain: JAVA_OPTS_APPEND of k8s-cronjob Dockerfile.jvm" : "drain: --drain-jvm-flags")
        + "; " + (sidecarFlags == null ? "sidecar: JAVA_OPTS_APPEND of k8s-sidecar Dockerfile.jvm" : "sidecar: --sidecar-jvm-flags");
    List<String> df = drainFlags != null ? ProcessBenchmark.splitFlags(drainFlags) : ProcessBenchmark.shippedFlags(cronjobDockerfile);
    List<String> sf = sidecarFlags != null ? ProcessBenchmark.splitFlags(sidecarFlags) : ProcessBenchmark.shippedFlags(sidecarDockerfile);
    boolean jdk25 = javaMajor(jdkHome) >= 25;
    if (aot.equals("on") && !jdk25) throw new IllegalArgumentException("--aot on needs JDK 25+ (JEP 483/514/515)");
    boolean drainAot = aot.equals("auto") ? jdk25 && usesAotCache(cronjobDockerfile) : aot.equals("on");
    boolean sidecarAot = aot.equals("auto") ? jdk25 && usesAotCache(sidecarDockerfile) : aot.equals("on");
    if (!out.isAbsolute()) out = repo.resolve(out);
    return new ComparisonOptions(repo, out, label, fluentBit, !"sidecar".equals(only), !"drain".equals(only), size,
        repetitions, sinks, rates, duration, warmup, replicas, windows, probe, jdkHome, df, sf, source, drainAot, sidecarAot, probes,
        List.copyOf(sidecarArgs), Map.copyOf(logferryEnv));
  }

  /** The JDK the sidecar image runs: 25 when its last {@code FROM} names 25, else 17. */
  public static Path imageJdk(Path dockerfile) {
    try {
      String from = "";
      for (String line : Files.readAllLines(dockerfile)) {
        if (line.trim().toUpperCase(Locale.ROOT).startsWith("FROM ")) from = line;
      }
      return from.contains("25") ? TEMURIN_25 : OPENJDK_17;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dockerfile + " (give --logferry-jdk): " + e.getMessage(), e);
    }
  }

  /** Whether the image runs with an AOT cache ({@code -XX:AOTCache=} in its Dockerfile). */
  public static boolean usesAotCache(Path dockerfile) {
    return readOrEmpty(dockerfile).contains("-XX:AOTCache=");
  }

  public static int javaMajor(Path home) {
    return io.logferry.bench.process.MachineInfo.major(
        io.logferry.bench.process.MachineInfo.releaseValue(readOrEmpty(home.resolve("release")), "JAVA_VERSION"));
  }

  private static String readOrEmpty(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return "";
    }
  }

  private static List<String> split(String v) {
    return new ArrayList<>(Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
  }

  private static int positive(String option, String v) {
    try {
      int n = Integer.parseInt(v.trim());
      if (n < 1) throw new IllegalArgumentException(option + " must be >= 1, got " + v);
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs an integer, got " + v);
    }
  }

  /** {@code 90s}, {@code 10m}, {@code 1h}, {@code 500ms}. */
  static Duration duration(String option, String v) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    try {
      if (s.endsWith("ms")) return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      long n = Long.parseLong(s.substring(0, s.length() - 1));
      return switch (s.charAt(s.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        default -> throw new IllegalArgumentException(option + ": a duration such as 90s, 10m, 1h, got " + v);
      };
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      throw new IllegalArgumentException(option + ": a duration such as 90s, 10m, 1h, got " + v);
    }
  }
}
