package io.logferry.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ThrottlingException;

/** The standalone process: its ready line, its options and how it stops. */
class LocalEndpointMainTest {

  private static final long EXIT_WAIT_SECONDS = 30;

  private static Process launch(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        LocalEndpointMain.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  @Test
  void startsOnFreePortPrintsOneReadyLineServesAndExitsWhenStdinCloses() throws Exception {
    Process process = launch("--port", "0", "--record", "counts", "--throttle-ratio", "1", "--seed", "3");
    try {
      BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line = stdout.readLine();
      assertThat(line).matches("logferry-local-endpoint listening on http://127\\.0\\.0\\.1:\\d+");
      URI endpoint = URI.create(line.substring(LocalEndpointMain.READY_PREFIX.length()));
      assertThat(endpoint.getPort()).isPositive();

      try (CloudWatchLogsClient client = CloudWatchLogsClient.builder()
          .endpointOverride(endpoint)
          .region(Region.US_EAST_1)
          .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOCAL", "local")))
          .httpClientBuilder(UrlConnectionHttpClient.builder())
          .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
          .build()) {
        client.createLogGroup(b -> b.logGroupName("g"));
        client.createLogStream(b -> b.logGroupName("g").logStreamName("s"));
        InputLogEvent e = InputLogEvent.builder().timestamp(System.currentTimeMillis()).message("m").build();
        try {
          client.putLogEvents(b -> b.logGroupName("g").logStreamName("s").logEvents(e));
          throw new AssertionError("expected the configured throttle");
        } catch (ThrottlingException expected) {
          // --throttle-ratio 1 applies from the start.
        }
        Http http = new Http(endpoint, null);
        http.post("/_logferry/faults", "{}");
        client.putLogEvents(b -> b.logGroupName("g").logStreamName("s").logEvents(e));
        Map<String, Object> stats = Http.object(http.get("/_logferry/stats").body());
        assertThat(stats).containsEntry("acceptedEvents", 1L);
        assertThat(stats.get("injectedFaults")).isEqualTo(Map.of("throttle", 1L));
      }

      process.getOutputStream().close();
      assertThat(process.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isZero();
      assertThat(stdout.readLine()).isNull(); // exactly one line
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void stopsOnSigtermWhenIgnoringStdin() throws Exception {
    Process process = launch("--ignore-stdin", "--tls");
    try {
      BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      assertThat(stdout.readLine()).startsWith("logferry-local-endpoint listening on https://127.0.0.1:");
      process.destroy(); // SIGTERM
      assertThat(process.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void helpPrintsUsageAndExitsZero() {
    Run run = run("--help");
    assertThat(run.code).isZero();
    assertThat(run.out).contains("Usage:", "--throttle-ratio", "--record full|counts", "/_logferry/stats");
  }

  @ParameterizedTest
  @ValueSource(strings = {"--port=abc", "--port=70000", "--record=nope", "--throttle-ratio=2", "--latency-ms=-1",
      "--bogus", "--port", "--threads=0"})
  void rejectsBadArgumentsWithUsageExitCode(String arg) {
    Run run = run(arg);
    assertThat(run.code).isEqualTo(LocalEndpointMain.EXIT_USAGE);
    assertThat(run.err).startsWith("logferry-local-endpoint: ").contains("Try --help");
    assertThat(run.out).isEmpty();
  }

  @Test
  void rejectsRatiosSummingOverOne() {
    Run run = run("--throttle-ratio", "0.5", "--error-ratio", "0.3", "--drop-ratio", "0.3");
    assertThat(run.code).isEqualTo(LocalEndpointMain.EXIT_USAGE);
    assertThat(run.err).contains("must not exceed 1");
  }

  @Test
  void parsesEveryOptionIntoOptionsAndFaults() {
    LocalEndpointMain.Parsed parsed = LocalEndpointMain.parse(new String[] {"--host", "localhost", "--port=8123",
        "--tls", "--record", "COUNTS", "--throttle-ratio", "0.1", "--error-ratio=0.2", "--drop-ratio", "0.05",
        "--latency-ms", "7", "--all-operations", "--seed", "99", "--threads", "4"});
    Options o = parsed.options();
    assertThat(o.host()).isEqualTo("localhost");
    assertThat(o.port()).isEqualTo(8123);
    assertThat(o.tls()).isTrue();
    assertThat(o.recording()).isEqualTo(RecordingMode.COUNTS);
    assertThat(o.seed()).isEqualTo(99);
    assertThat(o.threads()).isEqualTo(4);
    assertThat(o.faults()).isEqualTo(new Faults(0.1, 0.2, 7, 0.05, false, true));
    assertThat(parsed.ignoreStdin()).isFalse();
  }

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = LocalEndpointMain.run(args, new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
