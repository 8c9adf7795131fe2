package io.logferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.endpoint.LocalCloudWatchLogs;
import io.logferry.endpoint.Options;
import io.logferry.endpoint.RecordedEvent;
import io.logferry.testing.AwsTestCredentials;
import io.logferry.testing.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;

/**
 * The config file of issue 13 (two inputs, filters, a multiline preset), with real paths, run once through the real
 * options: to stdout, to the strict local endpoint and to moto. The nginx lines arrive under /apps/nginx without the
 * health check and without the password, the Java events joined under /apps/java.
 */
@ExtendWith(AwsTestCredentials.class)
class ConfigFileRunTest {

  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  static final String INDEX = "10.0.0.1 - - [01/Dec/2026:10:00:00 +0000] \"GET /index.html HTTP/1.1\" 200 612";
  static final String HEALTH = "10.0.0.2 - - [01/Dec/2026:10:00:01 +0000] \"GET /healthz HTTP/1.1\" 200 2";
  static final String LOGIN = "10.0.0.3 - - [01/Dec/2026:10:00:02 +0000] \"POST /login?user=bob&password=hunter2 HTTP/1.1\" 302 0";
  static final String LOGIN_REDACTED =
      "10.0.0.3 - - [01/Dec/2026:10:00:02 +0000] \"POST /login?user=bob&[REDACTED] HTTP/1.1\" 302 0";
  static final String FAILED =
      String.join("\n",
          "2026-12-01 10:00:01 ERROR request failed",
          "java.lang.IllegalStateException: boom",
          "\tat com.example.App.handle(App.java:42)",
          "\tat com.example.App.main(App.java:10)",
          "Caused by: java.io.IOException: disk full",
          "\t... 2 more");

  @TempDir Path tmp;
  Path config;
  Path checkpoints;

  @BeforeEach
  void writeLogsAndConfig() throws Exception {
    Path nginx = Files.createDirectories(tmp.resolve("logs/nginx"));
    Path java = Files.createDirectories(tmp.resolve("logs/java"));
    Files.writeString(nginx.resolve("access.log"), INDEX + "\n" + HEALTH + "\n" + LOGIN + "\n");
    Files.writeString(java.resolve("app.log"),
        "2026-12-01 10:00:00 INFO started\n" + FAILED + "\n2026-12-01 10:00:02 INFO recovered\n");
    checkpoints = tmp.resolve("checkpoints");
    config = tmp.resolve("f.yaml");
    Files.writeString(config, String.join("\n",
        "region: us-east-1",
        "sink: cloudwatch            # or stdout, null",
        "checkpoint-dir: " + checkpoints,
        "inputs:",
        "  - include: [\"" + tmp + "/logs/nginx/*.log*\"]",
        "    group: /apps/nginx",
        "    stream: \"{file}\"",
        "    filters:",
        "      - exclude: 'GET /healthz'          # drop matching lines",
        "      - redact: 'password=\\S+'           # replace the match with a mask",
        "  - include: [\"" + tmp + "/logs/java/*.log*\"]",
        "    group: /apps/java",
        "    multiline: java                      # presets java, python, go; or multiline-start: REGEX",
        "    parser: plain",
        ""));
  }

  @Test
  void theIssueConfigPrintsFilteredAndJoinedEventsToStdout() {
    TestCli.Run r = TestCli.runOnce(Map.of(), "--config", config.toString(), "--sink", "stdout");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.events()).contains(INDEX, LOGIN_REDACTED, "2026-12-01 10:00:00 INFO started", "2026-12-01 10:00:02 INFO recovered");
    assertThat(r.events()).doesNotContain("/healthz").doesNotContain("hunter2").doesNotContain("password=");
    assertThat(r.summary().events()).isEqualTo(2 + 3); // 2 nginx lines kept; 3 Java events, one of them 6 lines
  }

  @Test
  void theIssueConfigShipsToTheLocalEndpoint() throws Exception {
    try (LocalCloudWatchLogs cw = LocalCloudWatchLogs.start(Options.defaults())) {
      TestCli.Run r = TestCli.runOnce(Map.of(), "--config", config.toString(), "--endpoint", cw.endpoint().toString());
      assertThat(r.exitCode()).as(r.err()).isZero();

      assertThat(cw.events("/apps/nginx", "access.log")).extracting(RecordedEvent::message)
          .containsExactly(INDEX, LOGIN_REDACTED);
      List<String> java = new ArrayList<>();
      for (RecordedEvent e : cw.allEvents()) {
        if (e.group().equals("/apps/java")) java.add(e.message());
      }
      assertThat(java).containsExactly("2026-12-01 10:00:00 INFO started", FAILED, "2026-12-01 10:00:02 INFO recovered");
      assertThat(cw.allEvents()).extracting(RecordedEvent::message).noneMatch(m -> m.contains("healthz") || m.contains("password="));
    }
  }

  @Test
  void theIssueConfigShipsToMotoWithTheCreatedGroupsSettings() throws Exception {
    TestCli.Run r = TestCli.runOnce(Map.of(), "--config", config.toString(), "--endpoint", MOTO.endpoint().toString(),
        "--retention-days", "7", "--group-tags", "team=platform,app=shop");
    assertThat(r.exitCode()).as(r.err()).isZero();

    try (CloudWatchLogsClient client = MOTO.client()) {
      List<String> nginx = messages(client, "/apps/nginx", "access.log");
      assertThat(nginx).containsExactly(INDEX, LOGIN_REDACTED);
      String javaStream = client.describeLogStreams(b -> b.logGroupName("/apps/java")).logStreams().get(0).logStreamName();
      assertThat(messages(client, "/apps/java", javaStream))
          .containsExactly("2026-12-01 10:00:00 INFO started", FAILED, "2026-12-01 10:00:02 INFO recovered");
      LogGroup group = client.describeLogGroups(b -> b.logGroupNamePrefix("/apps/nginx")).logGroups().get(0);
      assertThat(group.retentionInDays()).isEqualTo(7);
      assertThat(client.listTagsForResource(b -> b.resourceArn(group.arn().replaceFirst(":\\*$", ""))).tags())
          .containsEntry("team", "platform")
          .containsEntry("app", "shop");
    }
  }

  private static List<String> messages(CloudWatchLogsClient client, String group, String stream) {
    return client.getLogEvents(b -> b.logGroupName(group).logStreamName(stream).startFromHead(true)).events().stream()
        .map(OutputLogEvent::message)
        .toList();
  }
}
