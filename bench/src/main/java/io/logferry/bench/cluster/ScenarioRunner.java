package io.logferry.bench.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sidecar-vs-CronJob benchmark: runs every scenario of a {@link Profile} on a {@code local} target (pods are
 * directories, shippers are the real apps as processes) or a {@code kubernetes} target (the generated manifests in
 * the cluster of a kubeconfig), writes one JSON per scenario run and a summary table.
 *
 * <pre>
 * bench/run-cluster-benchmark.sh [--profile quick|full] [--target local|kubernetes] [--only SUBSTRING]
 *     [--out results/cluster] [--work DIR] [--java PATH] [--apps DIR]
 *     [--duration SECONDS (development: shorter runs)]
 *     kubernetes only: [--namespace logferry-bench] [--endpoint-url URL-the-pods-use] [--control-url URL-you-reach]
 * </pre>
 *
 * <p>For {@code --target kubernetes}, run the local endpoint where the pods can reach it, e.g.
 * {@code java -jar local-endpoint/target/logferry-local-endpoint-*-all.jar --host 0.0.0.0 --port 4566 --record full
 * --ignore-stdin} on the host of a kind cluster, with {@code --endpoint-url http://<host address>:4566
 * --control-url http://127.0.0.1:4566}. The fault scenarios that need a process of their own to be killed or a
 * directory deleted run on the local target only; throttling and outages run on both.
 */
public final class ScenarioRunner {

  /** The version of the result files' layout (results/README.md, section "cluster"). */
  static final int SCHEMA_VERSION = 1;

  private ScenarioRunner() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = options(args);
    Profile profile = Profile.parse(o.getOrDefault("profile", "quick"));
    String target = o.getOrDefault("target", "local");
    Path repo = Path.of(o.getOrDefault("repo", ".")).toAbsolutePath().normalize();
    Path java = Path.of(o.getOrDefault("java", Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    String date = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC).format(Instant.now());
    Path out = Path.of(o.getOrDefault("out", repo.resolve("results/cluster").toString()))
        .resolve(date + "-" + profile.label() + (target.equals("local") ? "" : "-" + target));
    Path work = Path.of(o.getOrDefault("work", System.getProperty("java.io.tmpdir") + "/logferry-cluster-bench"));
    List<Scenario> scenarios = new ArrayList<>();
    for (Scenario s : profile.scenarios()) {
      if (o.containsKey("only") && !s.name().contains(o.get("only"))) continue;
      // For development only: the result names the shortened duration, so it cannot pass for the profile's.
      if (o.containsKey("duration")) s = s.withDuration(Duration.ofSeconds(Long.parseLong(o.get("duration"))));
      scenarios.add(s);
    }
    Progress progress = new Progress(System.err);
    Environment env = Environment.detect(repo, java);
    Files.createDirectories(out);
    progress.note("logferry cluster benchmark: profile " + profile.label() + ", target " + target + ", "
        + scenarios.size() + " scenario runs -> " + out);
    List<Map<String, Object>> results = new ArrayList<>();
    if (target.equals("local")) {
      // --apps: a copy of the built jars, so that rebuilding the checkout cannot change them under a long run.
      Commands commands = Commands.in(Path.of(o.getOrDefault("apps", repo.toString())).toAbsolutePath(), java);
      for (Path jar : List.of(commands.testbedJar(), commands.sidecarJar(), commands.cronjobJar())) {
        if (!Files.isRegularFile(jar)) throw new IllegalStateException("missing " + jar + ": build the apps first");
      }
      try (Endpoint endpoint = InProcessEndpoint.start()) {
        LocalTarget local = new LocalTarget(commands, endpoint, work, progress);
        int i = 0;
        for (Scenario s : scenarios) {
          progress.starting(++i, scenarios.size(), s);
          double loadBefore = Progress.loadAverage();
          String started = Instant.now().toString();
          Map<String, Object> figures = local.run(s);
          results.add(write(out, result(s, profile, target, env, started, loadBefore, figures)));
          // After every run, so an interrupted profile still has its table.
          writeAtomically(out.resolve("summary.md"), Summary.markdown(results));
        }
      }
    } else if (target.equals("kubernetes")) {
      String shipperUrl = required(o, "endpoint-url");
      Endpoint endpoint = new HttpEndpoint(shipperUrl, URI.create(required(o, "control-url")));
      try (KubernetesTarget k8s = KubernetesTarget.connect(
          repo, o.getOrDefault("namespace", "logferry-bench"), endpoint, progress)) {
        List<Scenario> inCluster = scenarios.stream().filter(KubernetesTarget::supports).toList();
        int i = 0;
        for (Scenario s : inCluster) {
          progress.starting(++i, inCluster.size(), s);
          double loadBefore = Progress.loadAverage();
          String started = Instant.now().toString();
          Map<String, Object> figures = k8s.run(s);
          results.add(write(out, result(s, profile, target, env, started, loadBefore, figures)));
        }
      }
    } else {
      throw new IllegalArgumentException("--target must be local or kubernetes");
    }
    Path summary = out.resolve("summary.md");
    writeAtomically(summary, Summary.markdown(results));
    progress.note("done: " + results.size() + " result files and " + summary);
  }

  static Map<String, Object> result(Scenario s, Profile profile, String target, Environment env, String started,
      double loadBefore, Map<String, Object> figures) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("schemaVersion", SCHEMA_VERSION);
    r.put("scenario", s.name());
    r.put("mode", s.mode());
    r.put("fault", s.fault());
    r.put("profile", profile);
    r.put("target", target);
    r.put("pods", s.pods());
    r.put("ratePerPod", s.rate());
    r.put("durationSeconds", s.duration().toSeconds());
    r.put("cronIntervalSeconds", s.mode() == Mode.CRONJOB ? s.cronInterval().toSeconds() : null);
    r.put("faultDurationSeconds", s.fault() == Fault.ENDPOINT_DOWN ? s.faultDuration().toSeconds() : null);
    r.put("format", s.format());
    r.put("rotation", s.rotation());
    r.put("rotateBytes", s.rotateBytes());
    r.put("date", started);
    r.putAll(env.toMap());
    r.put("loadAverageBefore", loadBefore);
    r.put("loadAverageAfter", Progress.loadAverage());
    r.put("figures", figures);
    return r;
  }

  static Map<String, Object> write(Path dir, Map<String, Object> result) throws IOException {
    writeAtomically(dir.resolve(result.get("scenario") + ".json"), Json.write(result));
    return result;
  }

  /** Temporary file, then rename: a reader (the reports module) never sees half a file. */
  static void writeAtomically(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static Map<String, String> options(String[] args) {
    Map<String, String> o = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        usage(System.out);
        System.exit(0);
      }
      if (!a.startsWith("--")) throw new IllegalArgumentException("unexpected argument " + a);
      int eq = a.indexOf('=');
      if (eq > 0) o.put(a.substring(2, eq), a.substring(eq + 1));
      else if (i + 1 < args.length) o.put(a.substring(2), args[++i]);
      else throw new IllegalArgumentException(a + " needs a value");
    }
    return o;
  }

  private static String required(Map<String, String> o, String name) {
    String v = o.get(name);
    if (v == null) throw new IllegalArgumentException("--" + name + " is required for --target kubernetes");
    return v;
  }

  static void usage(PrintStream out) {
    out.println("usage: run-cluster-benchmark.sh [--profile quick|full] [--target local|kubernetes]"
        + " [--only SUBSTRING] [--out DIR] [--work DIR] [--java PATH]"
        + " [--namespace NS --endpoint-url URL --control-url URL]");
  }
}
