package io.logferry.bench.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The command lines of the child processes, with the JVM options of the apps' container images
 * ({@code src/main/docker/Dockerfile.jvm}), so the local figures are those of the shipped configuration.
 */
record Commands(Path java, Path testbedJar, Path sidecarJar, Path cronjobJar) {

  static final String GROUP = "/logferry/bench";
  static final String STREAM = "{dir}/{file}";
  static final String REGION = "us-east-1";
  /** The local endpoint accepts any credentials; these only satisfy the SDK's credential chain. Not secrets. */
  static final Map<String, String> ENV =
      Map.of("AWS_ACCESS_KEY_ID", "AKIDLOGFERRYBENCH", "AWS_SECRET_ACCESS_KEY", "logferry-bench-not-a-secret");

  static final List<String> SIDECAR_JVM = List.of("-XX:+UseSerialGC", "-Xms8m", "-Xmx32m", "-Xmn2m",
      "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-XX:MaxMetaspaceSize=64m",
      "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=16m", "-XX:-UsePerfData");
  /** The CronJob image's JAVA_OPTS_APPEND (k8s-cronjob/src/main/docker/Dockerfile.jvm). */
  static final List<String> CRONJOB_JVM = List.of("-XX:+UseSerialGC", "-Xms32m", "-Xmx128m",
      "-XX:MaxMetaspaceSize=96m", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
  /** The writers stand in for applications: a small heap, no tuning beyond it. */
  static final List<String> WRITER_JVM = List.of("-XX:+UseSerialGC", "-Xmx64m");

  static Commands in(Path repo, Path java) {
    return new Commands(java,
        repo.resolve("local-endpoint/target/logferry-local-endpoint-0.1.0-SNAPSHOT-all.jar"),
        repo.resolve("k8s-sidecar/target/lean/logferry-sidecar.jar"),
        repo.resolve("k8s-cronjob/target/quarkus-app/quarkus-run.jar"));
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

  List<String> follow(String endpoint, Path checkpoints, int httpPort, String glob) {
    List<String> c = new ArrayList<>();
    c.add(java.toString());
    c.addAll(SIDECAR_JVM);
    // Health and metrics are served on --http-port (Quarkus' own HTTP server is off), so each simulated pod's
    // shipper gets its own port from the option itself.
    c.addAll(List.of("-jar", sidecarJar.toString(), "follow", "--http-port=" + httpPort, "--endpoint=" + endpoint,
        "--region=" + REGION,
        "--group=" + GROUP, "--stream=" + STREAM, "--checkpoint-dir=" + checkpoints, "--flush-interval=1s",
        "--drain-deadline=10s", glob));
    return c;
  }

  List<String> runOnce(String endpoint, Path checkpoints, String maxDuration, String glob) {
    List<String> c = new ArrayList<>();
    c.add(java.toString());
    c.addAll(CRONJOB_JVM);
    c.addAll(List.of("-jar", cronjobJar.toString(), "run-once", "--endpoint=" + endpoint, "--region=" + REGION,
        "--group=" + GROUP, "--stream=" + STREAM, "--checkpoint-dir=" + checkpoints, "--summary-json"));
    if (maxDuration != null) c.add("--max-duration=" + maxDuration);
    c.add(glob);
    return c;
  }
}
