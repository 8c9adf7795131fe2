package io.logferry.bench.cluster;

import io.logferry.bench.fluentbit.ComparisonOptions;
import io.logferry.bench.fluentbit.LogferryTool;
import io.logferry.study.RunSet;
import io.logferry.study.StudyJson;
import io.logferry.study.StudyRun;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The sidecar / DaemonSet / CronJob study on this machine: runs every step of a {@link StudyProfile} and writes
 * one {@link StudyRun} file per measured deployment, plus {@code run-set.json}, into
 * {@code results/study/<UTC stamp>-<profile>/}.
 *
 * <pre>
 * bench/run-cluster-benchmark.sh [--profile quick|full] [--out results/study] [--work DIR] [--java PATH]
 *     [--apps DIR] [--window-seconds N] [--only window|backlog|fault] [--fluent-bit PATH]
 * </pre>
 *
 * <p>The shippers run on the JDK of the apps' images (Temurin 25 when installed and the sidecar image's {@code FROM}
 * names 25; {@code --java} overrides) with the images' JVM flags, against the strict local endpoint over HTTPS. With
 * a Fluent Bit binary ({@code --fluent-bit PATH} or the {@code FLUENT_BIT} environment variable) every follow
 * deployment of the steady kind and of the end-to-end kind up to {@link StudyProfile#E2E_PEER_MAX_PODS} pods gets a
 * Fluent Bit twin in the same window; without one, logferry runs alone and the output and {@code run-set.json} say so.
 *
 * <p>{@code --target kubernetes} runs the same modes on a real cluster instead ({@link KubernetesStudyMain}; see
 * bench/README.md, "Kubernetes target").
 */
public final class StudyMain {

  private StudyMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = options(args);
    String target = o.getOrDefault("target", "local");
    Path repo = Path.of(o.getOrDefault("repo", ".")).toAbsolutePath().normalize();
    Path java = o.containsKey("java") ? Path.of(o.get("java")) : imageJava(repo);
    if (target.equals("kubernetes")) {
      KubernetesStudyMain.run(o, args, repo, StudyEnvironment.detect(repo, java));
      return;
    }
    if (!target.equals("local")) throw new IllegalArgumentException("--target must be local or kubernetes, got " + target);
    StudyProfile profile = StudyProfile.parse(o.getOrDefault("profile", "quick"));
    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
    // --into: add windows to an existing run set (e.g. re-run one window that failed); its run-set.json lists them.
    Path out = o.containsKey("into") ? Path.of(o.get("into"))
        : Path.of(o.getOrDefault("out", repo.resolve("results/study").toString())).resolve(stamp + "-" + profile.label());
    Path work = Path.of(o.getOrDefault("work", System.getProperty("java.io.tmpdir") + "/logferry-study"));
    Commands commands = Commands.in(Path.of(o.getOrDefault("apps", repo.toString())).toAbsolutePath(), java);
    String fbPath = o.containsKey("fluent-bit") ? o.get("fluent-bit") : System.getenv("FLUENT_BIT");
    FluentBitPeer peer = fbPath == null || fbPath.isBlank() ? null : FluentBitPeer.of(Path.of(fbPath), repo);
    Path javaHome = java.toAbsolutePath().getParent().getParent();
    if (ComparisonOptions.javaMajor(javaHome) < 25 && commands.sidecarJvm().contains("-XX:+UseCompactObjectHeaders")) {
      throw new IllegalArgumentException(java + " is older than the images' JDK 25 and cannot take their flags "
          + commands.sidecarJvm() + ": give --java /path/to/jdk-25/bin/java");
    }
    for (Path jar : List.of(commands.sidecarJar(), commands.cronjobJar())) {
      if (!Files.isRegularFile(jar)) throw new IllegalStateException("missing " + jar + ": build the apps first");
    }
    Files.createDirectories(work);
    if (ComparisonOptions.javaMajor(javaHome) >= 25
        && ComparisonOptions.usesAotCache(repo.resolve("k8s-cronjob/src/main/docker/Dockerfile.jvm"))) {
      // Like the image build: the same flags and class path, a small file to the null sink.
      System.err.println("logferry study: training the CronJob image's AOT cache ...");
      Path aot = LogferryTool.trainAot(java, commands.cronjobJar(), commands.cronjobJvm(), false, work.resolve("aot"));
      if (aot == null) throw new IllegalStateException("the CronJob image runs with an AOT cache and none was trained");
      commands = commands.withCronjobAot(aot);
    }
    for (String gone : List.of("steady-seconds", "e2e-seconds")) {
      if (o.containsKey(gone)) {
        throw new IllegalArgumentException("--" + gone + " is gone: the steady and e2e deployments share one "
            + "window per repetition; give --window-seconds N");
      }
    }
    int windowOverride = Integer.parseInt(o.getOrDefault("window-seconds", "0"));
    String only = o.get("only");
    List<StudyProfile.Step> plan = new ArrayList<>();
    for (StudyProfile.Step s : profile.plan(windowOverride, peer != null)) {
      String name = s instanceof StudyProfile.WindowStep ws ? ws.window().id() : "backlog";
      if (only == null || name.startsWith(only)) plan.add(s);
    }
    Progress progress = new Progress(System.err);
    StudyEnvironment env = StudyEnvironment.detect(repo, java);
    Files.createDirectories(out);
    long startNanos = System.nanoTime();
    String startedNow = Instant.now().toString();
    List<String> windows = new ArrayList<>();
    String started0 = null;
    double priorWall = 0;
    if (o.containsKey("into") && Files.isRegularFile(out.resolve(RunSet.FILE_NAME))) {
      RunSet before = StudyJson.read(out.resolve(RunSet.FILE_NAME), RunSet.class);
      windows.addAll(before.windows());
      started0 = before.started();
      priorWall = before.wallSeconds();
    }
    for (StudyProfile.Step s : plan) if (!windows.contains(name(s))) windows.add(name(s));
    String started = started0 != null ? started0 : startedNow;
    List<String> command = new ArrayList<>(List.of("bench/run-cluster-benchmark.sh"));
    command.addAll(Arrays.asList(args));
    List<String> peers = peer == null ? List.of() : List.of("fluent-bit: " + peer.describe());
    List<String> runSetNotes = new ArrayList<>();
    runSetNotes.add("shippers on " + env.jdk() + "; sidecar/DaemonSet JVM flags " + commands.sidecarJvm()
        + ", env " + commands.sidecarEnv() + "; CronJob JVM flags " + commands.cronjobJvm()
        + " (the images' JAVA_OPTS_APPEND); endpoint over HTTPS");
    runSetNotes.add("in the windows the shippers (logferry and Fluent Bit) ran at nice " + Commands.SHIPPER_NICE
        + ", the writers process and the in-process endpoint at 0: the applications and CloudWatch go first, the "
        + "shippers share what they leave; backlog runs ran alone at 0");
    if (peer == null) {
      runSetNotes.add("no Fluent Bit binary given (FLUENT_BIT or --fluent-bit): logferry ran alone, no peer");
      progress.note("NOTE: no Fluent Bit binary (FLUENT_BIT or --fluent-bit PATH): logferry runs alone, no peer");
    } else {
      progress.note("peer: " + peer.describe() + " beside every follow deployment of the steady kind and of the "
          + "e2e kind of at most " + StudyProfile.E2E_PEER_MAX_PODS + " pod(s)");
    }
    RunSetText text = new RunSetText(env.jdk(), peers, runSetNotes);
    writeRunSet(out, profile, started, null, env, command, windows, startNanos, priorWall, text);
    progress.note("logferry study: profile " + profile.label() + ", " + plan.size() + " steps -> " + out
        + " (commit " + env.commit() + ", " + env.cores() + " cores, load " + Progress.loadAverage() + ")");
    progress.note(String.format("plan: %s; estimated wall time on an idle machine %.0f min",
        String.join(", ", plan.stream().map(StudyMain::name).toList()),
        profile.estimatedSeconds(windowOverride, peer != null) / 60));
    int written = 0;
    try (Endpoint endpoint = InProcessEndpoint.start(true)) {
      Commands https = commands.trusting(endpoint.certificatePem());
      WindowRunner windowsRunner = new WindowRunner(https, endpoint, work, progress, env, peer);
      BacklogRunner backlog = new BacklogRunner(https, endpoint, work, progress, env);
      int i = 0;
      for (StudyProfile.Step step : plan) {
        progress.note(String.format("[%d/%d] %s (%.0f s into the study)", ++i, plan.size(), name(step),
            (System.nanoTime() - startNanos) / 1e9));
        List<StudyRun> runs = new ArrayList<>();
        if (step instanceof StudyProfile.WindowStep ws) {
          runs.addAll(windowsRunner.run(ws.window(), profile.label()));
        } else if (step instanceof StudyProfile.BacklogStep bs) {
          for (long[] p : bs.points()) runs.add(backlog.run(p[0], p[1], bs.repetition(), profile.label()));
        }
        // After every step, so an interrupted study still says how long it ran.
        writeRunSet(out, profile, started, null, env, command, windows, startNanos, priorWall, text);
        for (StudyRun r : runs) {
          StudyJson.writeAtomically(out.resolve(r.id() + ".json"), r);
          written++;
        }
        if (!runs.isEmpty()) progress.note("  " + name(step) + ": " + loadLine(runs.get(0).provenance().load(),
            env.cores()));
      }
    }
    writeRunSet(out, profile, started, Instant.now().toString(), env, command, windows, startNanos, priorWall,
        text);
    progress.note(String.format("done: %d result files in %s, %.0f s", written, out, (System.nanoTime() - startNanos) / 1e9));
  }

  /** {@code --name value} or {@code --name=value} pairs; {@code --help} prints the usage and exits. */
  static Map<String, String> options(String[] args) {
    Map<String, String> o = new java.util.LinkedHashMap<>();
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

  /** The load figures of a step, one line. */
  static String loadLine(io.logferry.study.StudyRun.Load l, int cores) {
    io.logferry.study.StudyRun.Measured m = l.measured();
    String whole = String.format("load max %.1f over the whole step", l.max());
    if (m == null) return whole + (l.overloaded() ? ": overloaded" : "");
    return String.format("%s; warm-up load max %s median %s; measured %.0f s: load max %.1f median %.1f, busy "
            + "%.2f of %d cores (5-s max %.2f)%s", whole, fmt(m.warmupLoadMax()), fmt(m.warmupLoadMedian()),
        m.seconds(), m.loadMax(), m.loadMedian(), m.busyCores(), cores, m.busyCoresMax(),
        m.overloaded() ? ": OVERLOADED (" + m.rule() + ")" : ": not overloaded");
  }

  private static String fmt(Double d) {
    return d == null ? "-" : String.format("%.1f", d);
  }

  static String name(StudyProfile.Step s) {
    return s instanceof StudyProfile.WindowStep ws ? ws.window().id()
        : "backlog-r" + ((StudyProfile.BacklogStep) s).repetition();
  }

  private static void writeRunSet(Path out, StudyProfile profile, String started, String finished,
      StudyEnvironment env, List<String> command, List<String> windows, long startNanos, double priorWall,
      RunSetText text) throws Exception {
    StudyJson.writeAtomically(out.resolve(RunSet.FILE_NAME), new RunSet(StudyRun.SCHEMA_VERSION, profile.label(),
        started, finished, env.commit(), command, windows, priorWall + (System.nanoTime() - startNanos) / 1e9,
        text.jdk(), text.peers(), text.notes()));
  }

  /** What run-set.json says about the shippers and peers. */
  private record RunSetText(String jdk, List<String> peers, List<String> notes) {}

  /** The JDK of the apps' images when installed (their flags need it), else the runner's own. */
  static Path imageJava(Path repo) {
    Path home = ComparisonOptions.imageJdk(repo.resolve("k8s-sidecar/src/main/docker/Dockerfile.jvm"));
    Path java = home.resolve("bin/java");
    return Files.isExecutable(java) ? java : Path.of(System.getProperty("java.home"), "bin", "java");
  }

  static void usage(PrintStream out) {
    out.println("usage: run-cluster-benchmark.sh [--profile quick|full] [--out DIR] [--work DIR] [--java PATH]"
        + " [--window-seconds N] [--only window|backlog|fault]"
        + " [--fluent-bit PATH]");
    out.println("       run-cluster-benchmark.sh --target kubernetes [--modes sidecar,daemonset,cronjob]"
        + " [--repetitions 3] [--pods 4] [--rate 20] [--window-seconds 600] [--warmup-seconds 120]"
        + " [--schedule '*/1 * * * *'] [--storage-class NAME] [--access-mode ReadWriteOnce|ReadWriteMany]"
        + " [--namespace logferry-bench] [--metrics-interval-seconds 15] [--timeout-seconds 600] [--out DIR]");
  }
}
