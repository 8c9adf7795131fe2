package io.logferry.k8s.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged sidecar is safe in someone else's pod: the app's port does not stop {@code --help}, {@code --version} or
 * a usage error from answering (and a real clash is a one-line configuration error, not a crash of Quarkus), and a
 * CloudWatch outage leaves the pod ready unless readiness was asked to follow the sink.
 */
class SafeToInjectTest {

  @TempDir Path tmp;

  @Test
  void helpAndVersionAnswerWhileTheAppHoldsThePort() throws Exception {
    try (ServerSocket app = new ServerSocket(0)) {
      String port = String.valueOf(app.getLocalPort());
      Map<String, String> env = Map.of("LOGFERRY_HTTP_PORT", port);
      List<String> jvm = List.of();
      try (PackagedFollow help = PackagedFollow.start(tmp, env, jvm, "follow", "--help")) {
        assertThat(help.awaitExit()).as(help.err()).isZero();
        assertThat(help.out()).contains("--http-port=PORT").contains("--readiness=running|sink").contains("Default: " + port);
      }
      try (PackagedFollow version = PackagedFollow.start(tmp, env, jvm, "--version")) {
        assertThat(version.awaitExit()).as(version.err()).isZero();
        assertThat(version.out()).startsWith("logferry");
      }
      try (PackagedFollow usage = PackagedFollow.start(tmp, env, jvm, "follow", "--group", "g", "--region", "eu-west-1")) {
        assertThat(usage.awaitExit()).isEqualTo(2);
        // The container's default --include (/logs) does not exist here: a usage error, answered without the port.
        assertThat(usage.err()).startsWith("logferry: follow: --include").doesNotContain("\tat ").doesNotContain("in use");
      }
    }
  }

  @Test
  void aTakenPortIsAOneLineConfigurationErrorBeforeAnythingIsRead() throws Exception {
    Path logs = Files.createDirectories(tmp.resolve("logs"));
    Files.writeString(logs.resolve("app.log"), "one\n");
    try (ServerSocket app = new ServerSocket(0);
        PackagedFollow follow =
            PackagedFollow.start(tmp, Map.of(), List.of(), "follow", "--sink", "stdout", "--include", logs + "/*.log",
                "--group", "g", "--stream", "s", "--checkpoint-dir", tmp.resolve("cp").toString(), "--http-port",
                String.valueOf(app.getLocalPort()))) {
      assertThat(follow.awaitExit()).isEqualTo(2);
      assertThat(follow.err())
          .contains("--http-port (LOGFERRY_HTTP_PORT) " + app.getLocalPort() + " is already in use")
          .doesNotContain("\tat ");
      assertThat(follow.out()).as("nothing shipped").doesNotContain("one");
    }
  }

  /** CloudWatch unreachable (a closed port): retries pile up, yet the default readiness keeps the app's pod in service. */
  @Test
  void aCloudWatchOutageLeavesThePodReadyByDefaultAndNotReadyWhenReadinessFollowsTheSink() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    Path logs = Files.createDirectories(tmp.resolve("logs"));
    Files.writeString(logs.resolve("app.log"), "one\ntwo\n");
    Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", "AKIDLOGFERRYTEST", "AWS_SECRET_ACCESS_KEY", "logferry-test-not-a-secret");
    String[] common = {
      "follow", "--endpoint", "http://127.0.0.1:" + closed, "--region", "us-east-1", "--group", "g", "--stream", "s",
      "--include", logs + "/*.log", "--http-port", "0", "--poll-interval", "50ms", "--flush-interval", "50ms",
      "--request-timeout", "2s"
    };
    try (PackagedFollow byDefault = PackagedFollow.start(tmp, env, List.of(), concat(common, "--checkpoint-dir", tmp.resolve("cp1").toString()));
        PackagedFollow followsSink =
            PackagedFollow.start(tmp, env, List.of(), concat(common, "--checkpoint-dir", tmp.resolve("cp2").toString(), "--readiness", "sink"))) {
      int p1 = byDefault.httpPort();
      int p2 = followsSink.httpPort();
      // Wait until both are failing to deliver: retries counted on the metrics page.
      for (PackagedFollow f : List.of(byDefault, followsSink)) {
        int port = f == byDefault ? p1 : p2;
        await().atMost(Duration.ofSeconds(60))
            .until(() -> f.get(port, "/q/metrics").body().lines().anyMatch(l -> l.startsWith("logferry_retries_total ") && !l.endsWith(" 0.0")));
      }
      var ready = byDefault.get(p1, "/q/health/ready");
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
      assertThat(ready.body()).containsPattern("\"follows\":\\s*\"running\"");
      assertThat(byDefault.get(p1, "/q/health/live").statusCode()).isEqualTo(200);
      assertThat(byDefault.get(p1, "/q/health/started").statusCode()).isEqualTo(200);

      var notReady = followsSink.get(p2, "/q/health/ready");
      assertThat(notReady.statusCode()).as(notReady.body()).isEqualTo(503);
      assertThat(notReady.body()).containsPattern("\"follows\":\\s*\"sink\"").doesNotContain("logferry-test-not-a-secret");
      assertThat(followsSink.get(p2, "/q/health/live").statusCode()).as("an outage is no reason to restart").isEqualTo(200);
      assertThat(byDefault.get(p1, "/nothing").statusCode()).isEqualTo(404);
      assertThat(byDefault.get(p1, "/q/health/nothing").statusCode()).isEqualTo(404);
    }
  }

  static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
