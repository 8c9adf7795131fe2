package io.logferry.bench.fluentbit;

import io.logferry.bench.process.ByteSize;
import io.logferry.bench.process.DataGenerator;
import io.logferry.bench.process.MachineInfo;
import io.logferry.bench.process.ResultJson;
import io.logferry.testbed.LineFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * logferry beside Fluent Bit, in one run, on the same input and the same strict local endpoint over HTTPS (logferry
 * issue 11, item 1). Two parts:
 *
 * <ul>
 *   <li><b>drain</b>: each tool reads the same generated nginx log (page-cached) from start to end into the null sink
 *       and into a fresh endpoint; the tools alternate, the order swapped each repetition. Per tool and sink: MiB/s
 *       (wall, process start included), CPU s per GiB, peak RSS; logferry / Fluent Bit ratios of the medians.
 *   <li><b>sidecar</b>: replicas of both tools tail files written at a steady rate, at the same time; CPU and RSS of
 *       the minutes after the warm-up, from {@code /proc}.
 * </ul>
 *
 * A run whose lines were not all accepted exactly once is reported but is not a figure: the summaries use only
 * delivered runs and say how many were left out. Without a Fluent Bit binary logferry runs alone, and the result
 * says so. One JSON per invocation goes to {@code results/vs-fluent-bit/} (schema: {@code results/README.md}).
 *
 * <p>HOW TO RUN: {@code bench/run-vs-fluent-bit.sh --help}.
 */
public final class FluentBitComparison {

  private static final String SCHEMA = "logferry.vs-fluent-bit/1";

  public static void main(String[] args) throws Exception {
    ComparisonOptions o;
    try {
      o = ComparisonOptions.parse(args, System.getenv("FLUENT_BIT"));
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.print(ComparisonOptions.USAGE);
      System.exit(2);
      return;
    }
    if (o == null) {
      System.out.print(ComparisonOptions.USAGE);
      return;
    }
    System.exit(new FluentBitComparison().run(o));
  }

  int run(ComparisonOptions o) throws Exception {
    Path cronjobJar = o.repo().resolve("k8s-cronjob/target/quarkus-app/quarkus-run.jar");
    Path sidecarJar = o.repo().resolve("k8s-sidecar/target/lean/logferry-sidecar.jar");
    Path endpointJar = endpointJar(o.repo());
    for (Path p : List.of(cronjobJar, sidecarJar)) {
      if (!Files.isRegularFile(p)) throw new IllegalStateException("missing " + p + ": ./mvnw -pl k8s-cronjob,k8s-sidecar,local-endpoint,bench -am package -DskipTests");
    }
    if (endpointJar == null) throw new IllegalStateException("no local-endpoint/target/*-all.jar: ./mvnw -pl local-endpoint -am package -DskipTests");
    Path endpointJava = Path.of(System.getProperty("java.home"), "bin", "java");
    // Per label, so that variants can run at the same time without sharing a work directory.
    Path workRoot = o.repo().resolve("bench/target/vs-fluent-bit/" + (o.label() == null ? "default" : o.label()));
    Files.createDirectories(workRoot);

    String date = MachineInfo.now();
    String commit = MachineInfo.commit(o.repo());
    Path aotDir = workRoot.resolve("aot");
    Path drainAot = null;
    Path sidecarAot = null;
    Path java = o.logferryJdk().resolve("bin/java");
    List<String> drainFlags = o.drainFlags();
    List<String> sidecarFlags = o.sidecarFlags();
    // -Xshare:* and -XX:AOTCache exclude each other (the JVM refuses to start): the AOT cache replaces the CDS flag.
    if (o.drainAot() && o.runDrain()) {
      drainFlags = drainFlags.stream().filter(f -> !f.startsWith("-Xshare:")).toList();
      System.out.println("training the run-once AOT cache like the image (same flags, a small file to the null sink) ...");
      drainAot = LogferryTool.trainAot(java, cronjobJar, drainFlags, false, aotDir);
    }
    if (o.sidecarAot() && o.runSidecar()) {
      sidecarFlags = sidecarFlags.stream().filter(f -> !f.startsWith("-Xshare:")).toList();
      System.out.println("training the follow AOT cache (same flags, a small file to the null sink) ...");
      sidecarAot = LogferryTool.trainAot(java, sidecarJar, sidecarFlags, true, aotDir);
    }
    List<Tool> tools = new ArrayList<>();
    if (o.fluentBit() != null) tools.add(new FluentBitTool(o.fluentBit(), o.repo().resolve("bench/fluent-bit")));
    tools.add(new LogferryTool(o.logferryJdk(), cronjobJar, sidecarJar, drainFlags, sidecarFlags, o.flagsSource(),
        o.logferryProbes(), drainAot, sidecarAot, o.sidecarArgs(), o.logferryEnv()));
    if (o.fluentBit() == null) {
      System.out.println("NOTE: no Fluent Bit binary (--fluent-bit PATH or FLUENT_BIT): logferry runs alone, no ratios.");
    }

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("schema", SCHEMA);
    result.put("kind", "vs-fluent-bit");
    result.put("date", date);
    result.put("commit", commit);
    result.put("label", o.label());
    Map<String, Object> machine = MachineInfo.machine();
    machine.put("loadAverageBefore", machine.remove("loadAverage"));
    result.put("machine", machine);
    result.put("fluentBitPresent", o.fluentBit() != null);
    result.put("note", o.fluentBit() == null ? "no Fluent Bit binary given: logferry alone, no ratios" : null);
    Map<String, Object> toolInfo = new LinkedHashMap<>();
    for (Tool t : tools) toolInfo.put(t.name(), t.describe());
    result.put("tools", toolInfo);
    result.put("benchmarkJdk", MachineInfo.jdk(Path.of(System.getProperty("java.home"))));
    result.put("endpoint", "local-endpoint process per run (per window for sidecars): --tls (self-signed, verified by both tools), --record counts");
    Path file = o.out().resolve(MachineInfo.stamp(date) + "-vs-fluent-bit" + (o.label() == null ? "" : "-" + o.label()) + ".json");

    int failed = 0;
    StringBuilder tables = new StringBuilder();
    if (o.runDrain()) {
      DataGenerator.Generated g = DataGenerator.cached(o.repo().resolve("bench/target/data"), LineFormat.NGINX_COMBINED, o.sizeBytes());
      System.out.printf(Locale.ROOT, "data: %s, %,d bytes, %,d lines%n", g.file(), g.bytes(), g.lines());
      long[] expected = o.sinks().contains("endpoint") ? LineHashes.ofFile(g.file()) : new long[0];
      DataGenerator.warmPageCache(g.file());
      DrainRun drain = new DrainRun(g, expected, endpointJar, endpointJava);
      List<Map<String, Object>> runs = new ArrayList<>();
      Map<String, Object> section = new LinkedHashMap<>();
      section.put("settings", Map.of("sizeBytes", g.bytes(), "lines", g.lines(), "lineFormat", "NGINX_COMBINED",
          "repetitions", o.repetitions(), "sinks", o.sinks(), "pageCache", "warm (file read once before the runs)",
          "order", "tools alternate within each repetition; the order is swapped every repetition"));
      section.put("runs", runs);
      result.put("drain", section);
      for (int rep = 0; rep < o.repetitions(); rep++) {
        List<Tool> order = new ArrayList<>(tools);
        if (rep % 2 == 1) Collections.reverse(order);
        for (String sink : o.sinks()) {
          for (int pos = 0; pos < order.size(); pos++) {
            Map<String, Object> r = drain.run(order.get(pos), sink, rep, pos, workRoot);
            runs.add(r);
            if (!Boolean.TRUE.equals(r.get("delivered"))) failed++;
            ResultJson.write(file, result);
          }
        }
      }
      Map<String, Object> summary = Summaries.drain(runs, tools, o.sinks());
      section.put("summary", summary);
      ResultJson.write(file, result);
      tables.append(Summaries.drainTable(summary, tools, o.sinks()));
    }
    if (o.runSidecar()) {
      SidecarWindow sidecar = new SidecarWindow(o, endpointJar, endpointJava);
      Map<String, Object> section = new LinkedHashMap<>();
      Map<String, Object> settings = new LinkedHashMap<>();
      settings.put("rates", o.rates());
      settings.put("durationSeconds", o.sidecarDuration().toSeconds());
      settings.put("warmupSeconds", o.sidecarWarmup().toSeconds());
      settings.put("replicasPerTool", o.replicas());
      settings.put("windows", o.windows());
      settings.put("probeIntervalSeconds", o.probeInterval().toSeconds());
      settings.put("n", "n counts replicas x windows: the replicas of a window run concurrently in the same minutes (same "
          + "machine noise for both tools), so they are not independent repetitions in time");
      settings.put("sampling", "/proc/<pid>/stat and status every 1 s; CPU = utime+stime growth after the warm-up / its length");
      section.put("settings", settings);
      List<Map<String, Object>> byRate = new ArrayList<>();
      section.put("rates", byRate);
      result.put("sidecar", section);
      for (double rate : o.rates()) {
        List<Map<String, Object>> replicas = new ArrayList<>();
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("rateLinesPerSecond", rate);
        entry.put("replicas", replicas);
        byRate.add(entry);
        for (int w = 0; w < o.windows(); w++) {
          List<Map<String, Object>> got = sidecar.run(tools, rate, w, workRoot);
          replicas.addAll(got);
          for (Map<String, Object> r : got) if (!Boolean.TRUE.equals(r.get("delivered"))) failed++;
          ResultJson.write(file, result);
        }
        Map<String, Object> summary = Summaries.sidecar(replicas, tools);
        entry.put("summary", summary);
        ResultJson.write(file, result);
        tables.append(Summaries.sidecarTable(rate, summary, tools));
      }
    }
    machine.put("loadAverageAfter", MachineInfo.loadAverage());
    machine.put("loadAboveCores", loadAboveCores(result));
    ResultJson.write(file, result);
    System.out.println();
    System.out.print(tables);
    if (Boolean.TRUE.equals(machine.get("loadAboveCores"))) {
      System.out.println("WARNING: the load average exceeded the core count during this run: figures are indicative only.");
    }
    System.out.println("wrote " + o.repo().relativize(file));
    return failed == 0 ? 0 : 1;
  }

  /** Whether any recorded 1-minute load average exceeded the cores (the machine was oversubscribed). */
  @SuppressWarnings("unchecked")
  static boolean loadAboveCores(Map<String, Object> result) {
    int cores = Runtime.getRuntime().availableProcessors();
    List<Object> loads = new ArrayList<>();
    collectLoads(result, loads);
    for (Object l : loads) {
      if (l instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Number n && n.doubleValue() > cores) return true;
    }
    return false;
  }

  @SuppressWarnings("unchecked")
  private static void collectLoads(Object node, List<Object> out) {
    if (node instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (String.valueOf(e.getKey()).startsWith("loadAverage")) out.add(e.getValue());
        else collectLoads(e.getValue(), out);
      }
    } else if (node instanceof List<?> l) {
      for (Object x : l) collectLoads(x, out);
    }
  }

  private static Path endpointJar(Path repo) {
    try (Stream<Path> s = Files.list(repo.resolve("local-endpoint/target"))) {
      return s.filter(p -> p.getFileName().toString().endsWith("-all.jar")).findFirst().orElse(null);
    } catch (IOException e) {
      return null;
    }
  }

  static String size(long bytes) {
    return ByteSize.format(bytes);
  }
}
