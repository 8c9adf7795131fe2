package io.logferry.sink.cloudwatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * {@code PutLogEvents} over the wire without the SDK's model and marshaller: the already written JSON body is signed
 * with the SDK's SigV4 signer ({@link AwsV4HttpSigner}, service {@code logs}) with credentials from the given
 * provider (the SDK's default chain in production), and sent with the SDK's HTTP client, the same instance (TLS
 * settings, trust managers, timeouts) the SDK client uses for the other, rare calls. The answer is read with
 * jackson-core ({@link PutLogEventsResponses}).
 *
 * <p>Timeouts: the HTTP client's connect and read timeouts bound waiting for the server; a watchdog aborts the
 * connection when a whole attempt (connect, upload, answer) takes longer than {@code attemptTimeout}, which is
 * reported as the SDK's {@link ApiCallAttemptTimeoutException}, as the SDK client's {@code apiCallAttemptTimeout}
 * did.
 */
final class SignedPutLogEventsClient implements PutLogEventsClient {

  /** The JSON 1.1 protocol of CloudWatch Logs. */
  static final String CONTENT_TYPE = "application/x-amz-json-1.1";

  static final String TARGET = "Logs_20140328.PutLogEvents";

  /** The SigV4 signing name of CloudWatch Logs. */
  static final String SIGNING_NAME = "logs";

  private static final String USER_AGENT = "logferry aws-sdk-java/2 (PutLogEvents streamed from bytes)";

  private final SdkHttpClient http;
  private final URI endpoint;
  private final String region;
  private final AwsCredentialsProvider credentials;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
  private final long attemptTimeoutNanos;
  private final ScheduledExecutorService watchdog;

  /**
   * @param http the HTTP client; not closed by {@link #close()} (its owner closes it)
   * @param endpoint the service endpoint, e.g. {@code https://logs.eu-west-1.amazonaws.com}
   */
  SignedPutLogEventsClient(
      SdkHttpClient http, URI endpoint, String region, AwsCredentialsProvider credentials, Duration attemptTimeout) {
    this.http = http;
    this.endpoint = endpoint.getPath() == null || endpoint.getPath().isEmpty() ? endpoint.resolve("/") : endpoint;
    this.region = region;
    this.credentials = credentials;
    this.attemptTimeoutNanos = attemptTimeout.toNanos();
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "logferry-cloudwatch-watchdog");
              t.setDaemon(true);
              return t;
            });
    timer.setRemoveOnCancelPolicy(true); // most attempts finish in time: cancelled timers must not pile up
    this.watchdog = timer;
  }

  @Override
  public PutLogEventsOutcome putLogEvents(PutLogEventsBody body) {
    Answer answer = call(TARGET, body::newStream, body.length());
    try {
      return PutLogEventsResponses.success(answer.body());
    } catch (JsonProcessingException e) {
      // A 2xx that is not a PutLogEvents answer: whatever answered is not CloudWatch Logs, and retrying the
      // same request there cannot help (not an IOException cause, so the classifier fails at once).
      throw SdkClientException.create(
          "the endpoint answered HTTP " + answer.status() + " with a body that is not a PutLogEvents response: "
              + CloudWatchRetryClassifier.oneLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw SdkClientException.builder().message("Unable to read the response: " + e.getMessage()).cause(e).build();
    }
  }

  /** A successful answer: its HTTP status and body. */
  record Answer(int status, byte[] body) {}

  /**
   * One signed JSON 1.1 call of CloudWatch Logs ({@code X-Amz-Target: target}): the body of a 2xx answer, or the
   * service's error as the SDK's exception ({@link PutLogEventsResponses#error}), or a client exception (I/O, or the
   * attempt timeout). Also used for the few control-plane calls ({@link SignedCloudWatchLogsClient}).
   */
  Answer call(String target, ContentStreamProvider payload, int length) {
    SdkHttpRequest request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(endpoint)
            .putHeader("Content-Type", CONTENT_TYPE)
            .putHeader("X-Amz-Target", target)
            .putHeader("Content-Length", Integer.toString(length))
            .putHeader("User-Agent", USER_AGENT)
            .build();
    // The default chain caches the provider that worked and each provider caches (and refreshes) its credentials.
    AwsCredentialsIdentity identity = credentials.resolveCredentials();
    SignedRequest signed =
        signer.sign(
            r ->
                r.identity(identity)
                    .request(request)
                    .payload(payload)
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    ExecutableHttpRequest call =
        http.prepareRequest(
            HttpExecuteRequest.builder().request(signed.request()).contentStreamProvider(payload).build());
    AtomicBoolean timedOut = new AtomicBoolean();
    ScheduledFuture<?> timer =
        watchdog.schedule(
            () -> {
              timedOut.set(true);
              call.abort();
            },
            attemptTimeoutNanos,
            TimeUnit.NANOSECONDS);
    try {
      HttpExecuteResponse response = call.call();
      SdkHttpResponse head = response.httpResponse();
      byte[] answer;
      try (InputStream in = response.responseBody().orElse(null)) {
        answer = PutLogEventsResponses.readAll(in);
      }
      if (!head.isSuccessful()) throw PutLogEventsResponses.error(head, answer);
      return new Answer(head.statusCode(), answer);
    } catch (IOException | RuntimeException e) {
      if (timedOut.get()) {
        throw ApiCallAttemptTimeoutException.create(attemptTimeoutNanos / 1_000_000);
      }
      if (e instanceof RuntimeException) throw (RuntimeException) e;
      throw SdkClientException.builder().message("Unable to execute HTTP request: " + e.getMessage()).cause(e).build();
    } finally {
      timer.cancel(false);
    }
  }

  @Override
  public void close() {
    watchdog.shutdownNow();
  }
}
