package io.logferry.bench.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import io.logferry.bench.fluentbit.LogferryTool;
import io.logferry.bench.process.ProcessBenchmark;

/**
 * The command lines of the child processes. The shippers run with exactly the JVM options of the apps' container
 * images (the {@code ENV JAVA_OPTS_APPEND} and {@code ENV MALLOC_*} lines of {@code src/main/docker/Dockerfile.jvm},
 * read when the study starts, plus the CronJob image's AOT cache when one was trained like the image build does), so
 * the local figures are those of the shipped configuration; the result files record the flags.
 *
 * @param sidecarJvm the sidecar image's JVM flags (follow: sidecar and DaemonSet)
 * @param cronjobJvm the CronJob image's JVM flags (run-once), with {@code -XX:AOTCache=} when trained
 * @param sidecarEnv the sidecar image's native-memory environment ({@code MALLOC_ARENA_MAX})
 * @param trustPem the endpoint's certificate for HTTPS ({@code --trust-store}), or null over plain HTTP
 */
record Commands(Path java, Path testbedJar, Path sidecarJar, Path cronjobJar, List<String> sidecarJvm,
    List<String> cronjobJvm, Map<String, String> sidecarEnv, Path trustPem) {

  static final String GROUP = "/logferry/bench";
  static final String STREAM = "{dir}/{file}";
  static final String REGION = "us-east-1";
  /** The local endpoint accepts any credentials; these only satisfy the SDK's credential chain. Not secrets. */
  static final Map<String, String> ENV =
      Map.of("AWS_ACCESS_KEY_ID", "AKIDLOGFERRYBENCH", "AWS_SECRET_ACCESS_KEY", "logferry-bench-not-a-secret");

  /**
   * The access key id of the shippers whose deployment has the endpoint-down fault: the endpoint is down for requests
   * signed with it only ({@link Endpoint#downFor}), so that fault shares a window with the others.
   */
  static final String PARTITIONED_KEY = "AKIDLOGFERRYBENCHDOWN";

  /** {@code env} with the access key id of a partitioned shipper ({@link #PARTITIONED_KEY}) when {@code down}. */
  static Map<String, String> partitioned(Map<String, String> env, boolean down) {
    if (!down) return env;
    Map<String, String> m = new java.util.LinkedHashMap<>(env);
    m.put("AWS_ACCESS_KEY_ID", PARTITIONED_KEY);
    return m;
  }

  /** The writers stand in for applications: a small heap, no tuning beyond it. */
  static final List<String> WRITER_JVM = List.of("-XX:+UseSerialGC", "-Xmx64m");

  Commands {
    sidecarJvm = List.copyOf(sidecarJvm);
    cronjobJvm = List.copyOf(cronjobJvm);
    sidecarEnv = Map.copyOf(sidecarEnv);
  }

  /** The apps under {@code repo} with their images' flags, read from their Dockerfiles. */
  static Commands in(Path repo, Path java) {
    Path sidecarDocker = repo.resolve("k8s-sidecar/src/main/docker/Dockerfile.jvm");
    Path cronjobDocker = repo.resolve("k8s-cronjob/src/main/docker/Dockerfile.jvm");
    return new Commands(java,
        repo.resolve("local-endpoint/target/logferry-local-endpoint-0.1.0-SNAPSHOT-all.jar"),
        repo.resolve("k8s-sidecar/target/lean/logferry-sidecar.jar"),
        repo.resolve("k8s-cronjob/target/quarkus-app/quarkus-run.jar"),
        ProcessBenchmark.shippedFlags(sidecarDocker), ProcessBenchmark.shippedFlags(cronjobDocker),
        LogferryTool.imageEnv(sidecarDocker), null);
  }

  /** The same commands with the CronJob's AOT cache (the image runs with {@code -XX:AOTCache}). */
  Commands withCronjobAot(Path aotCache) {
    List<String> flags = new ArrayList<>(cronjobJvm);
    flags.add("-XX:AOTCache=" + aotCache);
    return new Commands(java, testbedJar, sidecarJar, cronjobJar, sidecarJvm, flags, sidecarEnv, trustPem);
  }

  /** The same commands sending over HTTPS, trusting {@code pem} (the endpoint's self-signed certificate). */
  Commands trusting(Path pem) {
    return new Commands(java, testbedJar, sidecarJar, cronjobJar, sidecarJvm, cronjobJvm, sidecarEnv, pem);
  }

  /** The environment of a follow process: the credentials' placeholders and the image's native-memory settings. */
  Map<String, String> followEnv() {
    Map<String, String> env = new java.util.LinkedHashMap<>(ENV);
    env.putAll(sidecarEnv);
    return env;
  }

  List<String> writer(Scenario s, Path file, String writerId, long seed) {
    List<String> c = new ArrayList<>();
    c.add(java.toString());
    c.addAll(WRITER_JVM);
    c.addAll(List.of("-cp", testbedJar.toString(), "io.logferry.testbed.LogWriterMain",
        "--file", file.toString(), "--writer", writerId, "--format", s.format(),
        "--rate", String.format(Locale.ROOT, "%s", s.rate()), "--duration", s.duration().toMillis() + "ms",
        "--rotate", s.rotation(), "--rotate-bytes", Long.toString(s.rotateBytes()),
        // Never delete an unshipped file: a lost line must be the shipper's doing, not the application's.
        "--keep", "100000", "--seed", Long.toString(seed)));
    return c;
  }

  /**
   * The one writers process of a study window ({@link PodWriters}): from the bench jar, which holds the testbed's
   * LogWriter.
   */
  List<String> podWriters(Path podsFile, long durationMillis) {
    List<String> c = new ArrayList<>();
    c.add(java.toString());
    c.addAll(WRITER_JVM);
    c.addAll(List.of("-cp", benchJar().toString(), PodWriters.class.getName(), "--pods", podsFile.toString(),
        "--duration-ms", Long.toString(durationMillis), "--rotate-bytes", Long.toString(128L << 10)));
    return c;
  }

  /** The jar this class was loaded from (the bench's shaded jar), or the classes directory in tests. */
  static Path benchJar() {
    try {
      return Path.of(PodWriters.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The niceness of a window's shippers, above the writers' and the endpoint's (see {@link #asShipper}). */
  static final int SHIPPER_NICE = 5;

  /**
   * A shipper's command in a study window, run at {@link #SHIPPER_NICE} ({@code nice} execs it: same pid, so GNU time
   * still measures the shipper itself). The writers stand for the applications and the in-process endpoint for
   * CloudWatch, neither of which a node's shippers compete with in Kubernetes (the apps have their own CPU requests,
   * CloudWatch its own machines). At equal priority, 60 shipper JVMs on 2 cores starved the writers' thread, pods
   * logged below their target rates, and every mode's cost per line was priced from a rate nobody wrote. The
   * shippers still share the cores among themselves exactly as before; only the writers and the endpoint go first.
   */
  static List<String> asShipper(List<String> command) {
    List<String> c = new ArrayList<>(List.of("nice", "-n", Integer.toString(SHIPPER_NICE)));
    c.addAll(command);
    return c;
  }

  List<String> follow(String endpoint, Path checkpoints, int httpPort, String glob) {
    List<String> c = new ArrayList<>();
    c.add(java.toString());
    c.addAll(sidecarJvm);
    // Health and metrics are served on --http-port (Quarkus' own HTTP server is off), so each simulated pod's
    // shipper gets its own port from the option itself.
    c.addAll(List.of("-jar", sidecarJar.toString(), "follow", "--http-port=" + httpPort, "--endpoint=" + endpoint,
        "--region=" + REGION,
        "--group=" + GROUP, "--stream=" + STREAM, "--checkpoint-dir=" + checkpoints, "--flush-interval=1s",
        "--drain-deadline=10s"));
    if (trustPem != null) c.add("--trust-store=" + trustPem);
    c.add(glob);
    return c;
  }

  List<String> runOnce(String endpoint, Path checkpoints, String maxDuration, String glob) {
    List<String> c = new ArrayList<>();
    c.add(java.toString());
    c.addAll(cronjobJvm);
    c.addAll(List.of("-jar", cronjobJar.toString(), "run-once", "--endpoint=" + endpoint, "--region=" + REGION,
        "--group=" + GROUP, "--stream=" + STREAM, "--checkpoint-dir=" + checkpoints, "--summary-json"));
    if (maxDuration != null) c.add("--max-duration=" + maxDuration);
    if (trustPem != null) c.add("--trust-store=" + trustPem);
    c.add(glob);
    return c;
  }
}
