package io.logferry.k8s.cronjob;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.endpoint.LocalCloudWatchLogs;
import io.logferry.endpoint.Options;
import io.logferry.endpoint.RecordedEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input through the packaged run-once, each with its documented exit code and a clear message, and nothing lost:
 * what can be shipped is shipped, what CloudWatch would refuse is dead-lettered, what must not be guessed stops the run.
 */
class BadInputTest {

  static final Map<String, String> CREDENTIALS =
      Map.of("AWS_ACCESS_KEY_ID", "AKIDLOGFERRYTEST", "AWS_SECRET_ACCESS_KEY", "logferry-test-not-a-secret");

  @TempDir Path tmp;
  private LocalCloudWatchLogs endpoint;
  private Path logs;

  @BeforeEach
  void start() throws Exception {
    endpoint = LocalCloudWatchLogs.start(Options.defaults());
    logs = Files.createDirectories(tmp.resolve("logs"));
  }

  @AfterEach
  void stop() {
    endpoint.close();
  }

  private PackagedRunOnce.Result run(String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of(
        "--endpoint=" + endpoint.endpoint(), "--region=us-east-1", "--group=/logferry/bad-input",
        "--stream={file}", "--checkpoint-dir=" + tmp.resolve("cp"), "--max-retry-duration=5s"));
    args.addAll(List.of(extra));
    args.add(logs + "/*.log");
    return PackagedRunOnce.run(tmp, CREDENTIALS, args);
  }

  private List<String> messages() {
    return endpoint.allEvents().stream().map(RecordedEvent::message).toList();
  }

  @Test
  void emptyLinesNulBytesInvalidUtf8AndAnOversizedLineAreShippedAndTheRunExitsZero() throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes("first\n\n\nnul\0byte\nbad \u00ff".getBytes(StandardCharsets.ISO_8859_1)); // 0xFF: invalid UTF-8
    b.writeBytes(new byte[] {(byte) 0xC3, '(', '\n'});
    b.writeBytes("x".repeat(2_500_000).getBytes(StandardCharsets.US_ASCII));
    b.writeBytes("\nlast\n".getBytes(StandardCharsets.US_ASCII));
    Files.write(logs.resolve("odd.log"), b.toByteArray());

    PackagedRunOnce.Result r = run();

    assertThat(r.exitCode()).as(r.output()).isZero();
    List<String> got = messages();
    assertThat(got).contains("first", "nul\0byte", "bad \uFFFD\uFFFD(", "last");
    assertThat(got).noneMatch(String::isEmpty); // empty lines are no events: CloudWatch rejects empty messages
    assertThat(got.stream().filter(m -> m.startsWith("xxx")).mapToInt(String::length).sum()).isEqualTo(2_500_000);
    assertThat(got.stream().filter(m -> m.startsWith("xxx"))).hasSize(3); // split at CloudWatch's event limit
  }

  @Test
  void timestampsCloudWatchWouldRefuseAreDeadLetteredAndTheRunExitsThree() throws Exception {
    Instant now = Instant.now();
    Files.writeString(logs.resolve("app.log"),
        now.minus(20, ChronoUnit.DAYS) + " too old\n"
            + now + " fine\n"
            + now.plus(3, ChronoUnit.HOURS) + " too new\n");

    PackagedRunOnce.Result r = run("--timestamp-regex=^(\\S+)", "--timestamp-format=ISO8601");

    assertThat(r.exitCode()).as(r.output()).isEqualTo(3);
    assertThat(r.output()).contains("dead-lettered 2");
    assertThat(messages()).singleElement().satisfies(m -> assertThat(m).endsWith(" fine"));
    String deadLetters = Files.readString(tmp.resolve("cp/dead-letter.jsonl"));
    assertThat(deadLetters).contains("too old", "too new").contains("\"reason\"");
  }

  @Test
  void aCorruptCheckpointStopsTheRunWithExitOneAndSaysHowToRecover() throws Exception {
    Files.writeString(logs.resolve("app.log"), "one\n");
    Files.createDirectories(tmp.resolve("cp"));
    Files.writeString(tmp.resolve("cp/checkpoints.json"), "{\"version\":1,\"files\":{\"1:2\":{\"offs");

    PackagedRunOnce.Result r = run();

    assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
    assertThat(r.output()).contains("checkpoints.json").doesNotContain("\tat ");
    assertThat(r.output().lines().filter(l -> l.startsWith("logferry:")).count()).isPositive();
    assertThat(messages()).isEmpty(); // nothing shipped on a guess
    assertThat(Files.readString(tmp.resolve("cp/checkpoints.json"))).endsWith("\"offs"); // left as it was
  }

  @Test
  void anUnreadableIncludePathIsAUsageErrorNamingIt() throws Exception {
    PackagedRunOnce.Result r = PackagedRunOnce.run(tmp, CREDENTIALS, List.of(
        "--endpoint=" + endpoint.endpoint(), "--region=us-east-1", "--group=/g", "--checkpoint-dir=" + tmp.resolve("cp"),
        tmp.resolve("no-such-dir") + "/*.log"));

    assertThat(r.exitCode()).as(r.output()).isEqualTo(2);
    assertThat(r.output()).contains("no-such-dir").doesNotContain("\tat ");
  }

  @Test
  void aGroupNameOutsideAwsRulesIsAUsageErrorNamingTheOption() throws Exception {
    PackagedRunOnce.Result r = PackagedRunOnce.run(tmp, CREDENTIALS, List.of(
        "--endpoint=" + endpoint.endpoint(), "--region=us-east-1", "--group=bad group!", "--checkpoint-dir=" + tmp,
        logs + "/*.log"));

    assertThat(r.exitCode()).as(r.output()).isEqualTo(2);
    assertThat(r.output()).contains("--group");
  }
}
