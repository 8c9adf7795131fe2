package io.logferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.checkpoint.CheckpointException;
import io.logferry.checkpoint.LockHeldException;
import io.logferry.config.ConfigException;
import io.logferry.runtime.RunSummary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

class OutputOptionsTest {

  @Command(name = "fails")
  static final class FailingCommand implements Callable<Integer> {
    @Mixin OutputOptions output;
    Supplier<RuntimeException> error;
    RunSummary summary;
    boolean stdoutSink;

    @Override
    public Integer call() {
      if (summary != null) return output.printSummary("run-once", summary, stdoutSink);
      try {
        throw error.get();
      } catch (RuntimeException e) {
        return output.handleCommandException(e, "run-once");
      }
    }
  }

  record Printed(int code, String out, String err) {}

  static Printed run(FailingCommand command, String... args) {
    CommandLine cl = new CommandLine(command);
    LogferryCommandLine.configure(cl, EnvironmentDefaults.of(Map.of(), k -> Optional.empty()));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new Printed(cl.execute(args), out.toString(), err.toString());
  }

  static Printed fail(RuntimeException e, String... args) {
    FailingCommand c = new FailingCommand();
    c.error = () -> e;
    return run(c, args);
  }

  @Test
  void configErrorIsOneLineAndExitTwo() {
    Printed p = fail(new ConfigException("--group is required"));
    assertThat(p.code()).isEqualTo(2);
    assertThat(p.err()).isEqualTo("logferry: run-once: --group is required" + System.lineSeparator());
  }

  @Test
  void jsonLogFormatPrintsOneObjectPerLineRedacted() throws Exception {
    Printed p = fail(new ConfigException("--group is required; aws_secret_access_key=abc123"), "--log-format", "json");
    assertThat(p.code()).isEqualTo(2);
    assertThat(p.err().lines()).singleElement().satisfies(line -> {
      var json = new com.fasterxml.jackson.core.JsonFactory().createParser(line);
      Map<String, String> fields = new java.util.LinkedHashMap<>();
      assertThat(json.nextToken()).isEqualTo(com.fasterxml.jackson.core.JsonToken.START_OBJECT);
      while (json.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
        String name = json.currentName();
        json.nextToken();
        fields.put(name, json.getText());
      }
      assertThat(fields).containsEntry("level", "ERROR").containsEntry("logger", "logferry.fails")
          .containsEntry("message", "run-once: --group is required; aws_secret_access_key=<redacted>")
          .containsKey("timestamp");
    });
  }

  @Test
  void lockHeldIsExitFour() {
    Printed p = fail(new LockHeldException(Path.of("/cp/.lock")));
    assertThat(p.code()).isEqualTo(4);
    assertThat(p.err()).contains("another logferry exporter holds the lock /cp/.lock").doesNotContain("\tat ");
  }

  @Test
  void checkpointErrorKeepsItsRecoveryText() {
    Printed p = fail(new CheckpointException("checkpoint /cp/checkpoint.json is corrupt; move it away to re-ship from the start"));
    assertThat(p.code()).isEqualTo(1);
    assertThat(p.err()).contains("corrupt; move it away to re-ship from the start").contains("rerun with --verbose");
  }

  @Test
  void unreachableEndpointIsAShortReason() {
    Printed p = fail(SdkClientException.create("Unable to execute HTTP request", new ConnectException("Connection refused")));
    assertThat(p.code()).isEqualTo(1);
    assertThat(p.err()).contains("logferry: run-once: endpoint unreachable: Connection refused").doesNotContain("\tat ");
  }

  @Test
  void refusedCredentialsAreNamedWithoutTheSecret() {
    AwsServiceException refused =
        AwsServiceException.builder()
            .statusCode(400)
            .message("The security token included in the request is invalid: " + RedactorTest.SECRET)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode("UnrecognizedClientException").build())
            .build();
    Printed p = fail(refused, "--verbose");
    assertThat(p.code()).isEqualTo(1);
    assertThat(p.err()).contains("AWS refused the credentials (UnrecognizedClientException)").doesNotContain(RedactorTest.SECRET);
  }

  @Test
  void missingCredentialsAreExplained() {
    Printed p = fail(SdkClientException.create("Unable to load credentials from any of the providers in the chain"));
    assertThat(p.err()).contains("no AWS credentials found");
  }

  @Test
  void verbosePrintsTheStackTraceRedacted() {
    Printed p = fail(new IllegalStateException("boom aws_secret_access_key=" + RedactorTest.SECRET), "-e");
    assertThat(p.code()).isEqualTo(1);
    assertThat(p.err()).contains("\tat ").contains("IllegalStateException").doesNotContain(RedactorTest.SECRET);
  }

  @Test
  void summaryIsOneHumanLineOnStderrOrJsonOnStdout() {
    FailingCommand c = new FailingCommand();
    c.summary = ExitCodesTest.summary(0, 0, 0, false);
    Printed human = run(c);
    assertThat(human.code()).isZero();
    assertThat(human.out()).isEmpty();
    assertThat(human.err()).startsWith("logferry: run-once: delivered 100/100 events").hasLineCount(1);

    FailingCommand j = new FailingCommand();
    j.summary = ExitCodesTest.summary(2, 0, 0, false);
    Printed json = run(j, "--summary-json");
    assertThat(json.code()).isEqualTo(3);
    assertThat(json.err()).isEmpty();
    assertThat(json.out()).startsWith("{\"mode\":\"run-once\",\"complete\":false,\"exitCode\":3,").contains("\"deadLettered\":2");

    FailingCommand s = new FailingCommand();
    s.summary = ExitCodesTest.summary(0, 0, 0, false);
    s.stdoutSink = true;
    Printed toErr = run(s, "--summary-json");
    assertThat(toErr.out()).isEmpty();
    assertThat(toErr.err()).startsWith("{\"mode\":\"run-once\"");
  }

  @Test
  void summaryNamesEveryCounter() {
    RunSummary s = new RunSummary(3, 1200, 120_000, 1100, 1090, 100_000, 5, 2, 1, 10, 0, 0, true, 4, Duration.ofMillis(1520));
    assertThat(SummaryPrinter.human("run-once", s))
        .isEqualTo(
            "run-once: INCOMPLETE, delivered 1090/1100 events (97.7 KiB) from 3 files (1200 lines, 117.2 KiB) in 5"
                + " requests; retries 2, throttles 1, dead-lettered 10, failed batches 0, undelivered 0; stopped at"
                + " its deadline; 4 events older than 12 days; 1.52s");
    assertThat(SummaryPrinter.json("run-once", s, 3))
        .isEqualTo(
            "{\"mode\":\"run-once\",\"complete\":false,\"exitCode\":3,\"files\":3,\"linesRead\":1200,\"bytesRead\":120000,"
                + "\"events\":1100,\"eventsDelivered\":1090,\"bytesDelivered\":100000,\"requests\":5,\"retries\":2,"
                + "\"throttles\":1,\"deadLettered\":10,\"failedBatches\":0,\"undeliveredEvents\":0,"
                + "\"deadlineReached\":true,\"eventsAtRisk\":4,\"elapsedMillis\":1520}");
  }
}
