package io.logferry.bench.cold;

import io.logferry.bench.process.MachineInfo;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The CronJob's cold start: start-to-exit time of a {@code logferry run-once} that finds nothing new, the cost every
 * run pays whatever the backlog, on JDK 17 and JDK 25, with and without a class-data archive (AppCDS on 17, the
 * JEP 483/514/515 AOT cache on 25), and with the small-footprint flags the container image uses.
 *
 * <p>Each variant is trained first where it needs an archive (one run that writes it), then run {@code warmups}
 * times unmeasured and {@code runs} times measured, alternating variants round-robin so that a change in machine load
 * hits every variant alike. Wall time is measured here; user and system CPU and peak RSS come from {@code
 * /usr/bin/time} when the machine has it. Results: one JSON file with the medians and quartiles per variant.
 *
 * <p>HOW TO RUN: {@code bench/run-cold-start.sh} (builds the app if needed), or {@code java -cp
 * bench/target/benchmarks.jar io.logferry.bench.cold.ColdStartBenchmark --app
 * k8s-cronjob/target/quarkus-app/quarkus-run.jar --jdk17 /usr/lib/jvm/java-17-openjdk-amd64 --jdk25
 * /usr/lib/jvm/temurin-25-jdk-amd64 [--runs 15] [--out results/cold]}.
 */
public final class ColdStartBenchmark {

  /** The flags the CronJob image uses ({@code JAVA_OPTS_APPEND} of k8s-cronjob's Dockerfile.jvm). */
  static final List<String> SMALL = List.of("-XX:+UseSerialGC", "-Xms32m", "-Xmx128m", "-XX:MaxMetaspaceSize=96m");

  record Variant(String name, Path jdk, List<String> flags, List<String> trainFlags) {}

  record Sample(double wallSeconds, double userSeconds, double sysSeconds, long maxRssKb) {}

  private ColdStartBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path app = null;
    Path jdk17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
    Path jdk25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    int runs = 15;
    int warmups = 2;
    Path out = Path.of("results/cold");
    for (int i = 0; i < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--app" -> app = Path.of(v);
        case "--jdk17" -> jdk17 = Path.of(v);
        case "--jdk25" -> jdk25 = Path.of(v);
        case "--runs" -> runs = Integer.parseInt(v);
        case "--warmups" -> warmups = Integer.parseInt(v);
        case "--out" -> out = Path.of(v);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (app == null || !Files.isRegularFile(app)) throw new IllegalArgumentException("--app <quarkus-run.jar> is required");
    Path work = Files.createTempDirectory("logferry-cold-");
    Path appDir = app.toAbsolutePath().getParent();

    List<Variant> variants = new ArrayList<>();
    variants.add(new Variant("jdk17", jdk17, List.of(), null));
    variants.add(new Variant("jdk17-small", jdk17, SMALL, null));
    Path jsa = work.resolve("app17.jsa");
    variants.add(new Variant("jdk17-small-appcds", jdk17, concat(SMALL, "-XX:SharedArchiveFile=" + jsa),
        concat(SMALL, "-XX:ArchiveClassesAtExit=" + jsa)));
    if (Files.isExecutable(jdk25.resolve("bin/java"))) {
      variants.add(new Variant("jdk25", jdk25, List.of(), null));
      variants.add(new Variant("jdk25-small", jdk25, SMALL, null));
      Path aot = work.resolve("app25.aot");
      variants.add(new Variant("jdk25-small-aot", jdk25, concat(SMALL, "-XX:AOTCache=" + aot),
          concat(SMALL, "-XX:AOTCacheOutput=" + aot)));
    }

    // A run that finds nothing new: the files were shipped once before (to the null sink: no network in the cost).
    Path logs = Files.createDirectories(work.resolve("logs"));
    Files.writeString(logs.resolve("app.log"), "hello from the cold-start benchmark\n".repeat(100));
    Path state = work.resolve("state");
    List<String> runOnce = List.of("run-once", "--sink", "null", "--group", "/bench/cold", "--checkpoint-dir",
        state.toString(), logs + "/*.log");
    run(variants.get(0).jdk(), List.of(), app, appDir, runOnce);

    boolean haveTime = Files.isExecutable(Path.of("/usr/bin/time"));
    for (Variant v : variants) {
      if (v.trainFlags() != null) {
        System.out.println("training " + v.name() + " ...");
        run(v.jdk(), v.trainFlags(), app, appDir, runOnce);
      }
    }
    List<List<Sample>> samples = new ArrayList<>();
    for (int i = 0; i < variants.size(); i++) samples.add(new ArrayList<>());
    for (int round = 0; round < warmups + runs; round++) {
      for (int i = 0; i < variants.size(); i++) {
        Variant v = variants.get(i);
        Sample s = measure(v, app, appDir, runOnce, haveTime);
        if (round >= warmups) samples.get(i).add(s);
      }
      System.out.printf(Locale.ROOT, "\rround %d/%d", round + 1, warmups + runs);
    }
    System.out.println();
    Files.createDirectories(out);
    Path file = out.resolve(Instant.now().toString().replace(':', '-') + "-cold-start.json");
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("{\n  \"benchmark\": \"cold-start\",\n  \"description\": \"start-to-exit of logferry run-once finding nothing new (null sink)\",\n");
      w.write("  \"date\": \"" + Instant.now() + "\",\n  \"machine\": " + json(String.valueOf(MachineInfo.machine().get("cpuModel"))) + ",\n");
      w.write("  \"cores\": " + Runtime.getRuntime().availableProcessors() + ",\n  \"commit\": " + json(MachineInfo.commit(Path.of("."))) + ",\n");
      w.write("  \"runs\": " + runs + ",\n  \"warmups\": " + warmups + ",\n  \"variants\": [\n");
      for (int i = 0; i < variants.size(); i++) {
        Variant v = variants.get(i);
        List<Sample> s = samples.get(i);
        double[] wall = s.stream().mapToDouble(Sample::wallSeconds).sorted().toArray();
        double[] user = s.stream().mapToDouble(Sample::userSeconds).sorted().toArray();
        double[] sys = s.stream().mapToDouble(Sample::sysSeconds).sorted().toArray();
        double[] rss = s.stream().mapToDouble(x -> x.maxRssKb() / 1024.0).sorted().toArray();
        w.write(String.format(Locale.ROOT,
            "    {\"name\": %s, \"jdk\": %s, \"flags\": %s, \"wallSecondsMedian\": %.4f, \"wallSecondsP25\": %.4f, "
                + "\"wallSecondsP75\": %.4f, \"cpuSecondsMedian\": %.4f, \"peakRssMiBMedian\": %.1f}%s\n",
            json(v.name()), json(javaVersion(v.jdk())), json(String.join(" ", v.flags())),
            quantile(wall, 0.5), quantile(wall, 0.25), quantile(wall, 0.75),
            haveTime ? quantile(user, 0.5) + quantile(sys, 0.5) : -1, haveTime ? quantile(rss, 0.5) : -1,
            i + 1 < variants.size() ? "," : ""));
        System.out.printf(Locale.ROOT, "%-20s wall median %.3f s (p25 %.3f, p75 %.3f)  cpu %.3f s  rss %.0f MiB%n",
            v.name(), quantile(wall, 0.5), quantile(wall, 0.25), quantile(wall, 0.75),
            haveTime ? quantile(user, 0.5) + quantile(sys, 0.5) : Double.NaN, haveTime ? quantile(rss, 0.5) : Double.NaN);
      }
      w.write("  ]\n}\n");
    }
    System.out.println("results: " + file);
  }

  static List<String> concat(List<String> a, String b) {
    List<String> out = new ArrayList<>(a);
    out.add(b);
    return out;
  }

  static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) return Double.NaN;
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = (int) Math.ceil(pos);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  }

  private static Sample measure(Variant v, Path app, Path appDir, List<String> runOnce, boolean haveTime)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    Path timeFile = null;
    if (haveTime) {
      timeFile = Files.createTempFile("logferry-time-", ".txt");
      cmd.addAll(List.of("/usr/bin/time", "-o", timeFile.toString(), "-f", "%U %S %M"));
    }
    long start = System.nanoTime();
    run(v.jdk(), v.flags(), app, appDir, runOnce, cmd);
    double wall = (System.nanoTime() - start) / 1e9;
    if (timeFile == null) return new Sample(wall, -1, -1, -1);
    String[] f = Files.readString(timeFile).trim().split("\\s+");
    Files.deleteIfExists(timeFile);
    return new Sample(wall, Double.parseDouble(f[f.length - 3]), Double.parseDouble(f[f.length - 2]),
        Long.parseLong(f[f.length - 1]));
  }

  private static void run(Path jdk, List<String> flags, Path app, Path appDir, List<String> runOnce)
      throws IOException, InterruptedException {
    run(jdk, flags, app, appDir, runOnce, new ArrayList<>());
  }

  private static void run(Path jdk, List<String> flags, Path app, Path appDir, List<String> runOnce, List<String> prefix)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(prefix);
    cmd.add(jdk.resolve("bin/java").toString());
    cmd.addAll(flags);
    cmd.add("-jar");
    cmd.add(app.toAbsolutePath().toString());
    cmd.addAll(runOnce);
    // The AOT cache and AppCDS archive are tied to the class path as it was at training: run from the app's folder.
    Process p = new ProcessBuilder(cmd).directory(appDir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("run did not finish: " + cmd);
    }
    if (p.exitValue() != 0) throw new IllegalStateException("run exited " + p.exitValue() + ": " + cmd);
  }

  static String json(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** The first line of {@code java -version} of a JDK, for the result file. */
  static String javaVersion(Path jdk) {
    try {
      Process p = new ProcessBuilder(jdk.resolve("bin/java").toString(), "-version").redirectErrorStream(true).start();
      String first = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElse("");
      p.waitFor();
      return first.trim();
    } catch (IOException | InterruptedException e) {
      return jdk.toString();
    }
  }
}
