package io.logferry.sink.cloudwatch;

import static io.logferry.testing.SinkBatches.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.logferry.events.StreamKey;
import io.logferry.sink.cloudwatch.CloudWatchRetryClassifier.Kind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/** The wire path against a loopback server that checks what a CloudWatch Logs endpoint would check. */
class SignedPutLogEventsClientTest {

  private static final AwsBasicCredentials CREDENTIALS = AwsBasicCredentials.create("AKIDWIRETEST", "wire/secret/key");
  private static final StreamKey KEY = new StreamKey("/k8s/app", "pod-1");

  private HttpServer server;
  private SdkHttpClient http;
  private volatile Map<String, String> headers;
  private volatile byte[] body;
  private volatile String path;
  private volatile int status = 200;
  private volatile byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
  private volatile CountDownLatch hold;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      exchange.getRequestHeaders().forEach((k, v) -> h.put(k, String.join(",", v)));
      headers = h;
      path = exchange.getRequestURI().getPath();
      body = exchange.getRequestBody().readAllBytes();
      CountDownLatch l = hold;
      if (l != null) {
        try {
          l.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      exchange.getResponseHeaders().add("Content-Type", SignedPutLogEventsClient.CONTENT_TYPE);
      exchange.sendResponseHeaders(status, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    server.start();
    http = UrlConnectionHttpClient.builder().build();
  }

  @AfterEach
  void stop() {
    CountDownLatch l = hold;
    if (l != null) l.countDown();
    server.stop(0);
    http.close();
  }

  private SignedPutLogEventsClient client(StaticCredentialsProvider credentials, Duration attemptTimeout) {
    URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    return new SignedPutLogEventsClient(http, endpoint, "eu-west-1", credentials, attemptTimeout);
  }

  private static PutLogEventsBody body() {
    return new PutLogEventsBody().write(KEY, List.of(event(1_700_000_000_000L, "hello"), event(1_700_000_000_001L, "wörld")));
  }

  @Test
  void sendsTheBodyAsAJsonOneOneCallSignedWithSigV4() {
    PutLogEventsBody sent = body();
    try (SignedPutLogEventsClient client = client(StaticCredentialsProvider.create(CREDENTIALS), Duration.ofSeconds(5))) {
      assertThat(client.putLogEvents(sent)).isEqualTo(PutLogEventsOutcome.ALL_STORED);
    }
    assertThat(path).isEqualTo("/");
    assertThat(body).isEqualTo(java.util.Arrays.copyOf(sent.array(), sent.length()));
    assertThat(headers.get("X-Amz-Target")).isEqualTo("Logs_20140328.PutLogEvents");
    assertThat(headers.get("Content-Type")).isEqualTo("application/x-amz-json-1.1");
    assertThat(headers.get("Content-Length")).isEqualTo(Integer.toString(sent.length()));
    String authorization = headers.get("Authorization");
    assertThat(authorization).startsWith("AWS4-HMAC-SHA256 Credential=AKIDWIRETEST/").contains("/eu-west-1/logs/aws4_request");
    // The service's check: recompute the signature from what arrived, with the secret key, at the request's time.
    assertThat(authorization).isEqualTo(expectedAuthorization(CREDENTIALS));
  }

  @Test
  void sessionCredentialsSendTheirToken() {
    AwsSessionCredentials session = AwsSessionCredentials.create("ASIAWIRETEST", "wire/secret", "session-token-1");
    try (SignedPutLogEventsClient client = client(StaticCredentialsProvider.create(session), Duration.ofSeconds(5))) {
      client.putLogEvents(body());
    }
    assertThat(headers.get("X-Amz-Security-Token")).isEqualTo("session-token-1");
    assertThat(headers.get("Authorization")).isEqualTo(expectedAuthorization(session));
  }

  @Test
  void readsTheRejectedEventsOfAnAcceptedRequest() {
    answer = "{\"rejectedLogEventsInfo\":{\"tooOldLogEventEndIndex\":1}}".getBytes(StandardCharsets.UTF_8);
    try (SignedPutLogEventsClient client = client(StaticCredentialsProvider.create(CREDENTIALS), Duration.ofSeconds(5))) {
      assertThat(client.putLogEvents(body())).isEqualTo(new PutLogEventsOutcome(null, 1, null));
    }
  }

  @Test
  void anAttemptThatTakesTooLongIsAbortedAsATimeout() {
    hold = new CountDownLatch(1);
    long start = System.nanoTime();
    try (SignedPutLogEventsClient client = client(StaticCredentialsProvider.create(CREDENTIALS), Duration.ofMillis(300))) {
      assertThatThrownBy(() -> client.putLogEvents(body())).isInstanceOf(ApiCallAttemptTimeoutException.class)
          .satisfies(e -> assertThat(new CloudWatchRetryClassifier(new FixedRandom(0)).classify(e).kind()).isEqualTo(Kind.TRANSIENT));
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aSuccessThatIsNotAPutLogEventsAnswerFailsWithoutRetry() {
    answer = "<html>welcome</html>".getBytes(StandardCharsets.UTF_8);
    try (SignedPutLogEventsClient client = client(StaticCredentialsProvider.create(CREDENTIALS), Duration.ofSeconds(5))) {
      assertThatThrownBy(() -> client.putLogEvents(body())).isInstanceOf(SdkClientException.class)
          .hasMessageContaining("not a PutLogEvents response")
          .satisfies(e -> assertThat(new CloudWatchRetryClassifier(new FixedRandom(0)).classify(e).kind()).isEqualTo(Kind.FATAL));
    }
  }

  /** Signs, with the SDK's signer, a request made of exactly the signed headers and the body that arrived. */
  private String expectedAuthorization(software.amazon.awssdk.identity.spi.AwsCredentialsIdentity identity) {
    String authorization = headers.get("Authorization");
    String signedHeaders = authorization.replaceAll(".*SignedHeaders=([^,]+),.*", "$1");
    SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
        .uri(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path));
    for (String name : signedHeaders.split(";")) {
      if (!name.equals("host")) request.putHeader(name, headers.get(name));
    }
    ZonedDateTime at = ZonedDateTime.parse(headers.get("X-Amz-Date"), DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssX"));
    byte[] received = body;
    return AwsV4HttpSigner.create().sign(r -> r.identity(identity).request(request.build())
            .payload(() -> new ByteArrayInputStream(received))
            .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "logs")
            .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
            .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at.toInstant(), ZoneOffset.UTC)))
        .request().firstMatchingHeader("Authorization").orElseThrow();
  }
}
