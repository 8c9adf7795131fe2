package io.logferry.k8s.cronjob;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.logferry.endpoint.LocalCloudWatchLogs;
import io.logferry.endpoint.Options;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What retrying cannot fix ends the run at once with a one-line cause and the documented exit code (cli/README.md),
 * instead of retrying for {@code --max-retry-duration} (5 minutes by default, kept here) in silence.
 */
class FailFastTest {

  /** Far below the default 5-minute retry budget: a run that retried would not end before it. */
  private static final Duration NO_RETRY_LOOP = Duration.ofSeconds(90);

  @TempDir Path tmp;
  private HttpServer server;
  private volatile int status;
  private volatile String body;

  @BeforeEach
  void start() throws Exception {
    Files.createDirectories(tmp.resolve("logs"));
    Files.writeString(tmp.resolve("logs/app.log"), "one\ntwo\n");
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      byte[] answer = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/html");
      exchange.sendResponseHeaders(status, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private record Run(PackagedRunOnce.Result result, Duration took) {
    List<String> lines() {
      return result.output().lines().toList();
    }
  }

  private Run run(String endpoint, String region) throws Exception {
    List<String> args = new ArrayList<>(List.of(
        "--endpoint=" + endpoint, "--region=" + region, "--group=/logferry/fail-fast", "--stream={file}",
        "--checkpoint-dir=" + tmp.resolve("cp")));
    args.add(tmp.resolve("logs") + "/*.log");
    long start = System.nanoTime();
    PackagedRunOnce.Result r = PackagedRunOnce.run(tmp, BadInputTest.CREDENTIALS, args);
    return new Run(r, Duration.ofNanos(System.nanoTime() - start));
  }

  private String http() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void anEndpointThatIsNotCloudWatchFailsAtOnceWithExitOne() throws Exception {
    status = 404;
    body = "<html><body><h1>404 Not Found</h1></body></html>";

    Run run = run(http(), "us-east-1");

    assertThat(run.result().exitCode()).as(run.result().output()).isEqualTo(1);
    assertThat(run.took()).isLessThan(NO_RETRY_LOOP);
    assertThat(run.lines()).anyMatch(l -> l.startsWith("logferry: ") && l.contains("UnexpectedResponse (HTTP 404)")
        && l.contains("404 Not Found") && l.contains("is --endpoint a CloudWatch Logs endpoint?"));
    assertThat(run.result().output()).doesNotContain("retrying");
  }

  @Test
  void http501FailsAtOnceWithExitOne() throws Exception {
    status = 501;
    body = "Not Implemented";

    Run run = run(http(), "us-east-1");

    assertThat(run.result().exitCode()).as(run.result().output()).isEqualTo(1);
    assertThat(run.took()).isLessThan(NO_RETRY_LOOP);
    assertThat(run.lines()).anyMatch(l -> l.startsWith("logferry: ") && l.contains("(HTTP 501)")
        && l.contains("is --endpoint a CloudWatch Logs endpoint?"));
  }

  @Test
  void anUntrustedCertificateFailsAtOnceWithExitOne() throws Exception {
    try (LocalCloudWatchLogs https = LocalCloudWatchLogs.start(Options.defaults().withTls(true))) {
      Run run = run(https.endpoint().toString(), "us-east-1"); // no --trust-store: the self-signed certificate fails

      assertThat(run.result().exitCode()).as(run.result().output()).isEqualTo(1);
      assertThat(run.took()).isLessThan(NO_RETRY_LOOP);
      assertThat(run.lines()).anyMatch(l -> l.startsWith("logferry: ") && l.contains("TLS failure: ")
          && l.contains("--trust-store"));
    }
  }

  @Test
  void aBadRegionIsAUsageErrorNamingTheOption() throws Exception {
    status = 200;
    body = "{}";

    Run run = run(http(), "us-east1");

    assertThat(run.result().exitCode()).as(run.result().output()).isEqualTo(2);
    assertThat(run.lines()).anyMatch(l -> l.startsWith("logferry: ") && l.contains("--region")
        && l.contains("'us-east1' is not an AWS region name"));
  }

  @Test
  void retriesArePrintedWithTheirCauseOncePerCause() throws Exception {
    status = 503;
    body = "{\"__type\":\"ServiceUnavailableException\",\"message\":\"try later\"}";
    List<String> args = new ArrayList<>(List.of(
        "--endpoint=" + http(), "--region=us-east-1", "--group=/logferry/fail-fast", "--stream={file}",
        "--checkpoint-dir=" + tmp.resolve("cp"), "--max-retry-duration=3s"));
    args.add(tmp.resolve("logs") + "/*.log");

    PackagedRunOnce.Result r = PackagedRunOnce.run(tmp, BadInputTest.CREDENTIALS, args);

    assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
    List<String> retryLines = r.output().lines().filter(l -> l.contains("retrying: ")).toList();
    assertThat(retryLines).hasSize(1); // several retries in 3 s, one cause: one line
    assertThat(retryLines.get(0)).startsWith("logferry: retrying: ServiceUnavailableException (HTTP 503): try later");
  }

  @Test
  void aMatchedFileThatCannotBeReadExitsThree() throws Exception {
    status = 200;
    body = "{}";
    Path secret = Files.writeString(tmp.resolve("logs/secret.log"), "unreadable\n");
    Files.setPosixFilePermissions(secret, java.util.Set.of());
    // Root reads a mode-000 file anyway: run without the capabilities that let it (as a non-root container would).
    List<String> launcher = "root".equals(System.getProperty("user.name"))
        ? List.of("setpriv", "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-dac_override,-dac_read_search")
        : List.of();
    List<String> args = new ArrayList<>(List.of(
        "--endpoint=" + http(), "--region=us-east-1", "--group=/logferry/fail-fast", "--stream={file}",
        "--checkpoint-dir=" + tmp.resolve("cp")));
    args.add(tmp.resolve("logs") + "/*.log");

    PackagedRunOnce.Result r = PackagedRunOnce.run(tmp, BadInputTest.CREDENTIALS, args, launcher);

    assertThat(r.exitCode()).as(r.output()).isEqualTo(3);
    assertThat(r.output().lines()).anyMatch(l -> l.startsWith("logferry: 1 matched file could not be read, first ")
        && l.contains("secret.log"));
  }
}
