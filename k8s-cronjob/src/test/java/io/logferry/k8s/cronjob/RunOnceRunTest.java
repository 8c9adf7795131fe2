package io.logferry.k8s.cronjob;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.endpoint.LocalCloudWatchLogs;
import io.logferry.endpoint.Options;
import io.logferry.endpoint.RecordedEvent;
import io.logferry.source.ExporterLock;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real runs of {@code logferry run-once}, as the CronJob starts them: what is shipped, the summary, the exit code. */
@QuarkusMainTest
class RunOnceRunTest {

  @TempDir Path tmp;
  Path logs;
  Path checkpoints;

  @BeforeEach
  void writeLogs() throws Exception {
    logs = Files.createDirectories(tmp.resolve("logs"));
    Files.createDirectories(logs.resolve("pod-a"));
    Files.createDirectories(logs.resolve("pod-b"));
    Files.writeString(logs.resolve("pod-a/app.log"), "a first\na second\n");
    Files.writeString(logs.resolve("pod-b/app.log"), "b only\n");
    checkpoints = tmp.resolve("checkpoints");
    // The AWS SDK signs requests even for a local endpoint; these are the SDK's system-property credentials.
    System.setProperty("aws.accessKeyId", "local");
    System.setProperty("aws.secretAccessKey", "local");
  }

  @AfterEach
  void clearCredentials() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  private LaunchResult runOnce(QuarkusMainLauncher launcher, String... extra) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("run-once", "--include", logs + "/*/*.log", "--group", "/test/apps", "--stream", "{dir}/{file}",
                "--checkpoint-dir", checkpoints.toString()));
    args.addAll(List.of(extra));
    return launcher.launch(args.toArray(String[]::new));
  }

  @Test
  void runsAConfigFileWithTwoInputsAndFilters(QuarkusMainLauncher launcher) throws Exception {
    Path nginx = Files.createDirectories(tmp.resolve("logs/nginx"));
    Path java = Files.createDirectories(tmp.resolve("logs/java"));
    Files.writeString(nginx.resolve("access.log"),
        "GET /index.html 200\nGET /healthz 200\nPOST /login?password=hunter2 302\n");
    Files.writeString(java.resolve("app.log"),
        "10:00:00 ERROR failed\njava.lang.IllegalStateException: boom\n\tat com.example.App.main(App.java:10)\n10:00:01 INFO ok\n");
    Path config = Files.writeString(tmp.resolve("f.yaml"), String.join("\n",
        "region: us-east-1",
        "sink: cloudwatch",
        "checkpoint-dir: " + checkpoints,
        "inputs:",
        "  - include: [\"" + nginx + "/*.log*\"]",
        "    group: /apps/nginx",
        "    stream: \"{file}\"",
        "    filters:",
        "      - exclude: 'GET /healthz'",
        "      - redact: 'password=\\S+'",
        "  - include: [\"" + java + "/*.log*\"]",
        "    group: /apps/java",
        "    multiline: java",
        "    parser: plain",
        ""));

    LaunchResult r = launcher.launch("run-once", "--config", config.toString(), "--sink", "stdout");

    assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
    assertThat(r.getOutput())
        .contains("/apps/nginx/access.log GET /index.html 200", "/apps/nginx/access.log POST /login?[REDACTED] 302")
        .contains("/apps/java/", "10:00:00 ERROR failed\\njava.lang.IllegalStateException: boom\\n\tat com.example.App.main")
        .doesNotContain("/healthz", "password=");
  }

  @Test
  void shipsEveryLineOnceAndResumesFromTheCheckpoint(QuarkusMainLauncher launcher) throws Exception {
    LaunchResult first = runOnce(launcher, "--sink", "stdout");
    assertThat(first.exitCode()).as(first.getErrorOutput()).isZero();
    assertThat(first.getOutput()).contains("a first", "a second", "b only");
    assertThat(first.getErrorOutput()).contains("logferry: run-once: delivered 3/3 events");

    Files.writeString(logs.resolve("pod-a/app.log"), "a third\n", java.nio.file.StandardOpenOption.APPEND);
    LaunchResult second = runOnce(launcher, "--sink", "stdout");
    assertThat(second.exitCode()).as(second.getErrorOutput()).isZero();
    assertThat(second.getOutput()).contains("a third").doesNotContain("a first", "b only");
    assertThat(second.getErrorOutput()).contains("delivered 1/1 events");
  }

  @Test
  void deliversToCloudWatchAndPrintsAJsonSummary(QuarkusMainLauncher launcher) throws Exception {
    try (LocalCloudWatchLogs cw = LocalCloudWatchLogs.start(Options.defaults())) {
      LaunchResult result =
          runOnce(launcher, "--endpoint", cw.endpoint().toString(), "--region", "eu-west-1", "--summary-json");
      assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
      assertThat(result.getOutput())
          .startsWith("{\"mode\":\"run-once\",\"complete\":true,\"exitCode\":0,")
          .contains("\"eventsDelivered\":3");
      assertThat(cw.allEvents()).extracting(RecordedEvent::message).containsExactlyInAnyOrder("a first", "a second", "b only");
      assertThat(cw.allEvents()).extracting(RecordedEvent::group).containsOnly("/test/apps");
    }
  }

  @Test
  void anotherExporterHoldingTheLockIsExitFour(QuarkusMainLauncher launcher) {
    try (ExporterLock held = ExporterLock.acquire(checkpoints)) {
      LaunchResult result = runOnce(launcher, "--sink", "null");
      assertThat(result.exitCode()).isEqualTo(4);
      assertThat(result.getErrorOutput()).contains("another logferry exporter holds the lock").doesNotContain("\tat ");
    }
  }

  @Test
  void anUnreachableEndpointIsAFailureWithAShortReason(QuarkusMainLauncher launcher) throws Exception {
    int closedPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    LaunchResult result =
        runOnce(launcher, "--endpoint", "http://127.0.0.1:" + closedPort, "--region", "eu-west-1",
            "--max-retry-duration", "1s", "--request-timeout", "2s");
    assertThat(result.exitCode()).as(result.getErrorOutput()).isEqualTo(1);
    assertThat(result.getErrorOutput())
        .contains("INCOMPLETE, delivered 0/3 events")
        .contains("logferry: first failure: ")
        .contains("Connection refused")
        .doesNotContain("\tat ");
  }
}
