package io.logferry.sink.cloudwatch;

import static io.logferry.testing.SinkBatches.batch;
import static io.logferry.testing.SinkBatches.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.logferry.events.ExporterEvents;
import io.logferry.events.StreamKey;
import io.logferry.sink.ExportResult;
import io.logferry.sink.LogSink;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The public factory's client (url-connection, no SDK retries, default credentials chain) against a tiny HTTP server
 * speaking CloudWatch's JSON error protocol: attempt counts are exact and no credential leaks into a failure.
 */
class CloudWatchSinkHttpTest {

  private static final String ACCESS_KEY = "AKIDLOGFERRYTEST0001";
  private static final String SECRET_KEY = "logferry/secret/never/printed/0123456789";
  private static final StreamKey KEY = new StreamKey("g", "s");

  private HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private volatile int status;
  private volatile String errorType;

  @BeforeEach
  void start() throws IOException {
    System.setProperty("aws.accessKeyId", ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", SECRET_KEY);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
          exchange.getRequestBody().readAllBytes();
          byte[] body =
              ("{\"__type\":\"" + errorType + "\",\"message\":\"scripted " + errorType + "\"}").getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
          exchange.getResponseHeaders().add("x-amzn-ErrorType", errorType);
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  private LogSink sink(Duration maxRetry) {
    URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    return CloudWatchSink.create(
        new CloudWatchSinkConfig("eu-west-1", endpoint, false, false, null, 2, maxRetry, Duration.ofSeconds(5), null),
        ExporterEvents.NOOP);
  }

  @Test
  void sdkDoesNotRetryOnItsOwn() {
    status = 503;
    errorType = "ServiceUnavailableException";
    try (LogSink sink = sink(Duration.ZERO)) {
      ExportResult result = sink.export(batch(KEY, List.of(event(System.currentTimeMillis(), "x")))).join();
      assertThat(result.isDelivered()).isFalse();
      assertThat(result.failure()).contains("ServiceUnavailableException (HTTP 503)");
      assertThat(result.retries()).isZero();
      assertThat(requests).hasValue(1); // the SDK's default would have made 3 attempts
    }
  }

  @Test
  void everyAttemptOnTheWireIsCounted() {
    status = 400;
    errorType = "ThrottlingException";
    try (LogSink sink = sink(Duration.ofMillis(600))) {
      ExportResult result = sink.export(batch(KEY, List.of(event(System.currentTimeMillis(), "x")))).join();
      assertThat(result.isDelivered()).isFalse();
      assertThat(result.retries()).isPositive();
      assertThat(result.throttles()).isEqualTo(result.retries());
      assertThat(requests).hasValue(1 + result.retries());
    }
  }

  @Test
  void failuresNeverContainCredentials() {
    status = 400;
    errorType = "UnrecognizedClientException";
    try (LogSink sink = sink(Duration.ZERO)) {
      ExportResult result = sink.export(batch(KEY, List.of(event(System.currentTimeMillis(), "x")))).join();
      String health = sink.healthcheck();
      // The credentials were really used: the request was signed with the access key from the default chain.
      assertThat(authorizations).isNotEmpty().allMatch(a -> a.contains(ACCESS_KEY));
      assertThat(result.failure()).startsWith("UnrecognizedClientException (HTTP 400)");
      assertThat(health).startsWith("refused: UnrecognizedClientException");
      for (String text : List.of(result.failure(), health)) {
        assertThat(text).doesNotContain(ACCESS_KEY).doesNotContain(SECRET_KEY).doesNotContain("Signature=");
      }
    }
  }

  @Test
  void unreachableEndpointIsRetriedThenReported() {
    server.stop(0); // nothing listens on the port any more: connection refused
    try (LogSink sink = sink(Duration.ZERO)) {
      ExportResult result = sink.export(batch(KEY, List.of(event(System.currentTimeMillis(), "x")))).join();
      assertThat(result.failure()).startsWith("gave up after 0 retries").contains("connection error");
      assertThat(sink.healthcheck()).startsWith("unreachable or unavailable");
    }
  }
}
