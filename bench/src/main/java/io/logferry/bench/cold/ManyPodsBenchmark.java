package io.logferry.bench.cold;

import io.logferry.bench.process.MachineInfo;
import io.logferry.bench.process.ResultJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Issue 11 item 4: what a CronJob run costs when little or nothing changed, as the checkpoint remembers more files.
 * Start-to-exit wall time of the packaged {@code run-once} (null sink: no network in the cost) in three scenarios,
 * measured alternately, round-robin over scenarios and JDK variants so that load changes hit all alike:
 * <ul>
 *   <li>{@code one-file-nothing-new}: one file, shipped before (the cold-start case);
 *   <li>{@code pods-nothing-new}: {@code --pods} directories (10,000) with one small file each, all shipped before;
 *   <li>{@code pods-one-new-line-each}: the same, after one new line was appended to every file (not timed).
 * </ul>
 * Variants: the CronJob image's flags on JDK 25 with an AOT cache trained on the pods scenario, and on JDK 17 without
 * an archive, as the peer. Writes {@code <out>/<stamp>-many-pods.json} with medians, min and max, commit, JDKs, flags,
 * machine and load.
 *
 * <p>HOW TO RUN: {@code bench/run-many-pods.sh [--pods 10000] [--runs 5]}.
 */
public final class ManyPodsBenchmark {

  record Scenario(String name, Path logs, Path state, boolean appendFirst, String glob) {}

  private ManyPodsBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path app = Path.of("k8s-cronjob/target/quarkus-app/quarkus-run.jar");
    Path jdk17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
    Path jdk25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    int pods = 10_000;
    int runs = 5;
    Path out = Path.of("results/cold");
    for (int i = 0; i < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--app" -> app = Path.of(v);
        case "--jdk17" -> jdk17 = Path.of(v);
        case "--jdk25" -> jdk25 = Path.of(v);
        case "--pods" -> pods = Integer.parseInt(v);
        case "--runs" -> runs = Integer.parseInt(v);
        case "--out" -> out = Path.of(v);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + " (--app JAR --jdk17 DIR --jdk25 DIR --pods 10000 --runs 5 --out results/cold)");
      }
    }
    if (!Files.isRegularFile(app)) throw new IllegalArgumentException("missing " + app + " (build k8s-cronjob)");
    app = app.toAbsolutePath();
    Path appDir = app.getParent();
    String started = MachineInfo.now();
    List<Double> loadAtStart = MachineInfo.loadAverage();
    Path work = Files.createTempDirectory("logferry-many-pods-");

    Path one = Files.createDirectories(work.resolve("one/logs"));
    Files.writeString(one.resolve("app.log"), "hello from the many-pods benchmark\n".repeat(100));
    Path podsDir = Files.createDirectories(work.resolve("pods/logs"));
    for (int p = 0; p < pods; p++) {
      Path d = Files.createDirectories(podsDir.resolve(String.format(Locale.ROOT, "pod-%05d", p)));
      Files.writeString(d.resolve("app.log"), "pod " + p + " started\n");
    }
    List<Scenario> scenarios = List.of(
        new Scenario("one-file-nothing-new", one, work.resolve("one/state"), false, one + "/*.log"),
        new Scenario("pods-nothing-new", podsDir, work.resolve("pods/state-a"), false, podsDir + "/*/*.log"),
        new Scenario("pods-one-new-line-each", podsDir, work.resolve("pods/state-b"), true, podsDir + "/*/*.log"));

    List<ColdStartBenchmark.Variant> variants = new ArrayList<>();
    Path aot = work.resolve("app25.aot");
    if (Files.isExecutable(jdk25.resolve("bin/java"))) {
      variants.add(new ColdStartBenchmark.Variant("jdk25-small-aot", jdk25,
          ColdStartBenchmark.concat(ColdStartBenchmark.SMALL, "-XX:AOTCache=" + aot),
          ColdStartBenchmark.concat(ColdStartBenchmark.SMALL, "-XX:AOTCacheOutput=" + aot)));
    }
    variants.add(new ColdStartBenchmark.Variant("jdk17-small", jdk17, ColdStartBenchmark.SMALL, null));

    // Everything shipped once, so the measured runs find nothing new (or one line each).
    for (Scenario s : scenarios) {
      run(jdk17, ColdStartBenchmark.SMALL, app, appDir, s);
    }
    for (ColdStartBenchmark.Variant v : variants) {
      if (v.trainFlags() != null) run(v.jdk(), v.trainFlags(), app, appDir, scenarios.get(1));
    }
    Map<String, List<Double>> wall = new LinkedHashMap<>();
    int line = 0;
    for (int round = 0; round < runs + 1; round++) {
      for (Scenario s : scenarios) {
        for (ColdStartBenchmark.Variant v : variants) {
          if (s.appendFirst()) appendOneLineEach(podsDir, pods, line++);
          long start = System.nanoTime();
          run(v.jdk(), v.flags(), app, appDir, s);
          double seconds = (System.nanoTime() - start) / 1e9;
          if (round > 0) wall.computeIfAbsent(s.name() + " / " + v.name(), k -> new ArrayList<>()).add(seconds);
          System.out.printf(Locale.ROOT, "round %d %-24s %-16s %.3f s%n", round, s.name(), v.name(), seconds);
        }
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("benchmark", "many-pods");
    result.put("description", "start-to-exit wall of the packaged run-once (null sink) with little or nothing new; "
        + "round 0 is a warm-up and not counted");
    result.put("startedAt", started);
    result.put("commit", MachineInfo.commit(Path.of(".")));
    result.put("machine", MachineInfo.machine());
    result.put("loadAverageAtStart", loadAtStart);
    result.put("loadAverageAtEnd", MachineInfo.loadAverage());
    result.put("pods", pods);
    result.put("runs", runs);
    List<Map<String, Object>> vs = new ArrayList<>();
    for (ColdStartBenchmark.Variant v : variants) {
      vs.add(Map.of("name", v.name(), "jdk", ColdStartBenchmark.javaVersion(v.jdk()), "flags", String.join(" ", v.flags())));
    }
    result.put("variants", vs);
    Map<String, Object> figures = new LinkedHashMap<>();
    wall.forEach((k, list) -> {
      double[] sorted = list.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      figures.put(k, Map.of("wallSecondsMedian", ColdStartBenchmark.quantile(sorted, 0.5),
          "wallSecondsMin", sorted[0], "wallSecondsMax", sorted[sorted.length - 1], "n", sorted.length));
      System.out.printf(Locale.ROOT, "%-45s median %.3f s (min %.3f, max %.3f, n=%d)%n", k,
          ColdStartBenchmark.quantile(sorted, 0.5), sorted[0], sorted[sorted.length - 1], sorted.length);
    });
    result.put("figures", figures);
    Files.createDirectories(out);
    Path file = out.resolve(Instant.now().toString().replace(':', '-') + "-many-pods.json");
    ResultJson.write(file, result);
    System.out.println("results: " + file);
  }

  private static void appendOneLineEach(Path podsDir, int pods, int n) throws IOException {
    for (int p = 0; p < pods; p++) {
      Files.writeString(podsDir.resolve(String.format(Locale.ROOT, "pod-%05d/app.log", p)), "new line " + n + "\n",
          StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
  }

  private static void run(Path jdk, List<String> flags, Path app, Path appDir, Scenario s)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(jdk.resolve("bin/java").toString());
    cmd.addAll(flags);
    cmd.addAll(List.of("-jar", app.toString(), "run-once", "--sink", "null", "--group", "/bench/many-pods",
        "--checkpoint-dir", s.state().toString(), s.glob()));
    // The AOT cache is tied to the class path as it was at training: run from the app's folder.
    Process p = new ProcessBuilder(cmd).directory(appDir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("run did not finish: " + cmd);
    }
    if (p.exitValue() != 0) throw new IllegalStateException("run exited " + p.exitValue() + ": " + cmd);
  }
}
