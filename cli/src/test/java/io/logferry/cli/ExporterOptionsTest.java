package io.logferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.config.ExporterConfig;
import io.logferry.config.ExporterConfig.MultilineConfig;
import io.logferry.config.ExporterConfig.OversizePolicy;
import io.logferry.config.ExporterConfig.ParserConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExporterOptionsTest {

  @TempDir Path tmp;
  Path logs;
  Path checkpoints;
  String glob;

  @BeforeEach
  void dirs() throws Exception {
    logs = Files.createDirectories(tmp.resolve("logs"));
    checkpoints = tmp.resolve("checkpoints");
    glob = logs + "/**/*.log";
  }

  @Test
  void buildsTheCoreConfigFromEveryOption() {
    TestCli.Result r =
        TestCli.run(
            Map.of("POD_NAMESPACE", "demo"),
            Map.of(),
            "--include", glob,
            "--exclude", logs + "/*.gz",
            "--group", "/k8s/{env:POD_NAMESPACE}/app",
            "--stream", "{hostname}/{file}",
            "--checkpoint-dir", checkpoints.toString(),
            "--region", "eu-west-1",
            "--endpoint", "http://127.0.0.1:4566",
            "--no-create-group",
            "--retention-days", "30",
            "--multiline", "java",
            "--multiline-timeout", "PT2S",
            "--parser", "plain",
            "--timestamp-regex", "^(\\S+)",
            "--timestamp-format", "ISO8601",
            "--max-line-bytes", "256k",
            "--oversize", "truncate",
            "--buffer-bytes", "64MiB",
            "--max-concurrency", "8",
            "--max-retry-duration", "2m",
            "--max-duration", "4m");

    assertThat(r.exitCode()).as(r.err()).isZero();
    ExporterConfig c = r.config();
    assertThat(c.include()).containsExactly(glob);
    assertThat(c.exclude()).containsExactly(logs + "/*.gz");
    assertThat(c.groupTemplate()).isEqualTo("/k8s/{env:POD_NAMESPACE}/app");
    assertThat(c.checkpointDir()).isEqualTo(checkpoints);
    assertThat(c.multiline().startPattern()).isEqualTo(MultilineConfig.JAVA_STACK_TRACE_START);
    assertThat(c.multiline().flushTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.parser()).isEqualTo(new ParserConfig(ParserConfig.Kind.PLAIN, "^(\\S+)", "ISO8601", null));
    assertThat(c.lines().maxLineBytes()).isEqualTo(256 * 1024);
    assertThat(c.lines().oversize()).isEqualTo(OversizePolicy.TRUNCATE);
    assertThat(c.bufferBytes()).isEqualTo(64L * 1024 * 1024);
    assertThat(c.maxDuration()).isEqualTo(Duration.ofMinutes(4));
    assertThat(r.sink().region()).isEqualTo("eu-west-1");
    assertThat(r.sink().endpoint()).isEqualTo(URI.create("http://127.0.0.1:4566"));
    assertThat(r.sink().createGroup()).isFalse();
    assertThat(r.sink().createStream()).isTrue();
    assertThat(r.sink().retentionDays()).isEqualTo(30);
    assertThat(r.sink().maxConcurrency()).isEqualTo(8);
    assertThat(r.sink().maxRetryDuration()).isEqualTo(Duration.ofMinutes(2));
    assertThat(r.sink().deadLetterFile()).isEqualTo(checkpoints.resolve(ExporterOptions.DEAD_LETTER_FILE_NAME));
  }

  @Test
  void keepsCoreDefaultsForOptionsNotGiven() {
    TestCli.Result r =
        TestCli.run("--group", "g", "--checkpoint-dir", checkpoints.toString(), "--region", "eu-west-1", glob);

    assertThat(r.exitCode()).as(r.err()).isZero();
    ExporterConfig expected = ExporterConfig.defaults(java.util.List.of(glob), checkpoints, "g");
    assertThat(r.config()).isEqualTo(expected);
  }

  @Test
  void followModeTakesItsIntervalsAndDeadline() {
    TestCli.Result r =
        TestCli.run(
            Map.of(),
            Map.of(),
            true,
            "--group", "g", "--checkpoint-dir", checkpoints.toString(), "--region", "eu-west-1",
            "--flush-interval", "500ms", "--drain-deadline", "25s", "--poll-interval", "100ms",
            "--scan-interval", "1m", "--checkpoint-interval", "2s", glob);

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.config().flushInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(r.config().drainDeadline()).isEqualTo(Duration.ofSeconds(25));
    assertThat(r.config().pollInterval()).isEqualTo(Duration.ofMillis(100));
    assertThat(r.config().scanInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(r.config().checkpointInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(r.config().maxDuration()).isNull();
  }

  @Test
  void positionalGlobsAndRepeatedIncludesAreAllShipped() throws Exception {
    Path other = Files.createDirectories(tmp.resolve("other"));
    TestCli.Result r =
        TestCli.run(
            "--group", "g", "--checkpoint-dir", checkpoints.toString(), "--region", "eu-west-1",
            "--include", glob, "--include", other + "/*.txt", other + "/*.out");

    assertThat(r.config().include()).containsExactly(glob, other + "/*.txt", other + "/*.out");
  }

  @Test
  void everyOptionCanComeFromTheEnvironment() throws Exception {
    Files.createDirectories(logs.resolve("b"));
    Map<String, String> env =
        Map.of(
            "LOGFERRY_INCLUDE", logs + "/*.{log,txt}," + logs + "/b/*.log",
            "LOGFERRY_GROUP", "from-env",
            "LOGFERRY_CHECKPOINT_DIR", checkpoints.toString(),
            "LOGFERRY_SINK", "stdout",
            "LOGFERRY_MAX_LINE_BYTES", "4096",
            "LOGFERRY_CREATE_GROUP", "false",
            "LOGFERRY_MULTILINE_START", "^\\d{4}-",
            "LOGFERRY_MAX_DURATION", "90s");

    TestCli.Result r = TestCli.run(env, Map.of());

    assertThat(r.exitCode()).as(r.err()).isZero();
    // The comma inside the glob's {log,txt} does not split the list.
    assertThat(r.config().include()).containsExactly(logs + "/*.{log,txt}", logs + "/b/*.log");
    assertThat(r.config().groupTemplate()).isEqualTo("from-env");
    assertThat(r.config().lines().maxLineBytes()).isEqualTo(4096);
    assertThat(r.config().multiline().startPattern()).isEqualTo("^\\d{4}-");
    assertThat(r.config().maxDuration()).isEqualTo(Duration.ofSeconds(90));
    assertThat(r.sink().createGroup()).isFalse();
  }

  @Test
  void commandLineBeatsEnvironmentBeatsPropertiesBeatsDefault() {
    Map<String, String> env = Map.of("LOGFERRY_GROUP", "env-group", "LOGFERRY_STREAM", "env-stream");
    Map<String, String> props =
        Map.of(
            "logferry.group", "prop-group",
            "logferry.stream", "prop-stream",
            "logferry.max-concurrency", "7",
            "logferry.checkpoint-dir", checkpoints.toString(),
            "logferry.region", "eu-central-1");

    TestCli.Result r = TestCli.run(env, props, "--group", "cli-group", glob);

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.config().groupTemplate()).isEqualTo("cli-group");
    assertThat(r.config().streamTemplate()).isEqualTo("env-stream");
    assertThat(r.sink().maxConcurrency()).isEqualTo(7);
    assertThat(r.sink().region()).isEqualTo("eu-central-1");
    assertThat(r.sink().maxRetryDuration()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void includesOnTheCommandLineReplaceThoseFromTheEnvironment() throws Exception {
    Path other = Files.createDirectories(tmp.resolve("other"));
    Map<String, String> env =
        Map.of("LOGFERRY_INCLUDE", glob, "LOGFERRY_GROUP", "g", "LOGFERRY_CHECKPOINT_DIR", checkpoints.toString(),
            "AWS_REGION", "us-west-2");

    assertThat(TestCli.run(env, Map.of(), other + "/*.log").config().include()).containsExactly(other + "/*.log");
    assertThat(TestCli.run(env, Map.of(), "--include", other + "/*.log").config().include())
        .containsExactly(other + "/*.log");
    assertThat(TestCli.run(env, Map.of()).config().include()).containsExactly(glob);
  }

  @Test
  void regionFallsBackToTheAwsSdkVariables() {
    Map<String, String> env =
        Map.of("AWS_DEFAULT_REGION", "ap-south-1", "LOGFERRY_GROUP", "g", "LOGFERRY_CHECKPOINT_DIR", checkpoints.toString());
    assertThat(TestCli.run(env, Map.of(), glob).sink().region()).isEqualTo("ap-south-1");

    Map<String, String> both = new java.util.HashMap<>(env);
    both.put("AWS_REGION", "eu-north-1");
    assertThat(TestCli.run(both, Map.of(), glob).sink().region()).isEqualTo("eu-north-1");
    both.put("LOGFERRY_REGION", "eu-south-1");
    assertThat(TestCli.run(both, Map.of(), glob).sink().region()).isEqualTo("eu-south-1");
  }

  @Test
  void anEndpointAloneNeedsNoRegion() {
    TestCli.Result r =
        TestCli.run("--group", "g", "--checkpoint-dir", checkpoints.toString(), "--endpoint", "https://localhost:4443", glob);

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.sink().region()).isEqualTo(ExporterOptions.ENDPOINT_DEFAULT_REGION);
  }

  @Test
  void deadLetterFileCanLiveOutsideTheCheckpointDirectory() {
    Path dlq = tmp.resolve("dlq.jsonl");
    TestCli.Result r =
        TestCli.run("--group", "g", "--checkpoint-dir", checkpoints.toString(), "--region", "eu-west-1",
            "--dead-letter-file", dlq.toString(), glob);

    assertThat(r.sink().deadLetterFile()).isEqualTo(dlq);
  }

  @Test
  void createFlagsAreNegatableBothWays() {
    TestCli.Result off =
        TestCli.run("--group", "g", "--checkpoint-dir", checkpoints.toString(), "--region", "eu-west-1",
            "--no-create-group", "--no-create-stream", glob);
    assertThat(off.sink().createGroup()).isFalse();
    assertThat(off.sink().createStream()).isFalse();

    TestCli.Result on =
        TestCli.run(Map.of("LOGFERRY_CREATE_GROUP", "false"), Map.of(),
            "--group", "g", "--checkpoint-dir", checkpoints.toString(), "--region", "eu-west-1", "--create-group", glob);
    assertThat(on.sink().createGroup()).isTrue();
  }

  @Test
  void opensTheChosenSink() throws Exception {
    java.io.PrintStream out = new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true, "UTF-8");
    for (String sink : new String[] {"stdout", "null", "cloudwatch"}) {
      TestCli.TestCommand command = new TestCli.TestCommand();
      picocli.CommandLine cl = new picocli.CommandLine(command);
      LogferryCommandLine.configure(cl, EnvironmentDefaults.of(Map.of(), k -> java.util.Optional.empty()));
      cl.parseArgs("--group", "g", "--checkpoint-dir", checkpoints.toString(), "--sink", sink,
          "--endpoint", "http://127.0.0.1:9", glob);
      command.exporter.toConfig(command.runOnce);
      try (io.logferry.sink.LogSink opened = command.exporter.openSink(io.logferry.events.ExporterEvents.NOOP, out)) {
        Class<?> expected =
            switch (sink) {
              case "stdout" -> io.logferry.sink.stdout.StdoutSink.class;
              case "null" -> io.logferry.sink.NullSink.class;
              default -> io.logferry.sink.cloudwatch.CloudWatchSink.class;
            };
        assertThat(opened).isInstanceOf(expected);
      }
    }
    // The CloudWatch sink opened its dead-letter file inside the (new) checkpoint directory.
    assertThat(checkpoints.resolve(ExporterOptions.DEAD_LETTER_FILE_NAME)).exists();
  }
}
