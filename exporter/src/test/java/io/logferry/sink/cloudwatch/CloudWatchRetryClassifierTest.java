package io.logferry.sink.cloudwatch;

import static io.logferry.sink.cloudwatch.FakeCloudWatchLogs.error;
import static io.logferry.sink.cloudwatch.FakeCloudWatchLogs.generic;
import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.sink.cloudwatch.CloudWatchRetryClassifier.Classification;
import io.logferry.sink.cloudwatch.CloudWatchRetryClassifier.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LimitExceededException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cloudwatchlogs.model.UnrecognizedClientException;

class CloudWatchRetryClassifierTest {

  private final CloudWatchRetryClassifier classifier = new CloudWatchRetryClassifier(new FixedRandom(0.5));

  private Kind kind(Throwable e) {
    return classifier.classify(e).kind();
  }

  @Test
  void throttlingIsRetried() {
    assertThat(kind(FakeCloudWatchLogs.throttling())).isEqualTo(Kind.THROTTLED);
  }

  @Test
  void limitExceededIsRetriedAsThrottling() {
    assertThat(kind(error(LimitExceededException.builder(), "LimitExceededException", 400, "Resource limit exceeded")))
        .isEqualTo(Kind.THROTTLED);
  }

  @Test
  void http429IsRetriedAsThrottling() {
    assertThat(kind(generic("SomethingNew", 429))).isEqualTo(Kind.THROTTLED);
  }

  @Test
  void serviceUnavailableIsRetried() {
    assertThat(kind(FakeCloudWatchLogs.unavailable())).isEqualTo(Kind.TRANSIENT);
  }

  @Test
  void serverErrorsOtherThan501AreRetried() {
    assertThat(kind(generic("InternalFailure", 500))).isEqualTo(Kind.TRANSIENT);
    assertThat(kind(generic("BadGateway", 502))).isEqualTo(Kind.TRANSIENT);
  }

  @Test
  void connectionErrorIsRetried() {
    SdkClientException e =
        SdkClientException.builder().message("Unable to execute HTTP request").cause(new ConnectException("Connection refused")).build();
    assertThat(kind(e)).isEqualTo(Kind.TRANSIENT);
  }

  @Test
  void socketTimeoutIsRetried() {
    SdkClientException e =
        SdkClientException.builder().message("Unable to execute HTTP request").cause(new SocketTimeoutException("Read timed out")).build();
    assertThat(kind(e)).isEqualTo(Kind.TRANSIENT);
  }

  @Test
  void attemptTimeoutIsRetried() {
    assertThat(kind(ApiCallAttemptTimeoutException.builder().message("timed out").build())).isEqualTo(Kind.TRANSIENT);
  }

  @Test
  void wrappedErrorsAreClassifiedByTheirCause() {
    assertThat(kind(new CompletionException(FakeCloudWatchLogs.throttling()))).isEqualTo(Kind.THROTTLED);
  }

  @Test
  void accessDeniedIsNotRetried() {
    assertThat(kind(FakeCloudWatchLogs.accessDenied())).isEqualTo(Kind.FATAL);
  }

  @Test
  void invalidParameterIsNotRetried() {
    assertThat(kind(error(InvalidParameterException.builder(), "InvalidParameterException", 400, "bad")))
        .isEqualTo(Kind.FATAL);
  }

  @Test
  void unrecognizedClientIsNotRetried() {
    assertThat(kind(error(UnrecognizedClientException.builder(), "UnrecognizedClientException", 400, "The security token included in the request is invalid.")))
        .isEqualTo(Kind.FATAL);
  }

  @Test
  void expiredTokenIsNotRetried() {
    assertThat(kind(generic("ExpiredTokenException", 400))).isEqualTo(Kind.FATAL);
  }

  @Test
  void clientErrorWithoutIoCauseIsNotRetried() {
    assertThat(kind(SdkClientException.create("Unable to load credentials from any of the providers in the chain")))
        .isEqualTo(Kind.FATAL);
  }

  @Test
  void missingResourceLeadsToProvisioning() {
    assertThat(kind(error(ResourceNotFoundException.builder(), "ResourceNotFoundException", 400, "The specified log group does not exist.")))
        .isEqualTo(Kind.MISSING_RESOURCE);
  }

  @Test
  void alreadyExistsIsRecognised() {
    assertThat(kind(error(ResourceAlreadyExistsException.builder(), "ResourceAlreadyExistsException", 400, "exists")))
        .isEqualTo(Kind.ALREADY_EXISTS);
  }

  @Test
  void plainIoExceptionIsRetried() {
    assertThat(kind(new IOException("broken pipe"))).isEqualTo(Kind.TRANSIENT);
  }

  @Test
  void backoffStaysBelowTheExponentialCeiling() {
    CloudWatchRetryClassifier almostOne = new CloudWatchRetryClassifier(new FixedRandom(0.999999), Duration.ofMillis(100), Duration.ofSeconds(10));
    CloudWatchRetryClassifier zero = new CloudWatchRetryClassifier(new FixedRandom(0.0), Duration.ofMillis(100), Duration.ofSeconds(10));
    for (int retry = 0; retry < 7; retry++) {
      Duration ceiling = Duration.ofMillis(100L << retry);
      assertThat(almostOne.backoff(retry)).isLessThan(ceiling).isGreaterThan(ceiling.multipliedBy(99).dividedBy(100));
      assertThat(zero.backoff(retry)).isEqualTo(Duration.ZERO);
    }
  }

  @Test
  void backoffIsFullJitterProportionalToTheRandomFraction() {
    CloudWatchRetryClassifier half = new CloudWatchRetryClassifier(new FixedRandom(0.5), Duration.ofMillis(100), Duration.ofSeconds(10));
    assertThat(half.backoff(0)).isEqualTo(Duration.ofMillis(50));
    assertThat(half.backoff(3)).isEqualTo(Duration.ofMillis(400));
  }

  @Test
  void backoffIsCappedAtMaxDelay() {
    CloudWatchRetryClassifier almostOne = new CloudWatchRetryClassifier(new FixedRandom(0.999999), Duration.ofMillis(100), Duration.ofSeconds(10));
    for (int retry : new int[] {7, 8, 20, 63, 1000, Integer.MAX_VALUE}) {
      assertThat(almostOne.backoff(retry)).isLessThanOrEqualTo(Duration.ofSeconds(10)).isGreaterThan(Duration.ofMillis(9_900));
    }
  }

  @Test
  void reasonIsOneLineWithCodeAndStatus() {
    String reason = classifier.classify(error(UnrecognizedClientException.builder(), "UnrecognizedClientException", 400, "The security token included in the request is invalid.\nmore")).reason();
    assertThat(reason).isEqualTo("UnrecognizedClientException (HTTP 400): The security token included in the request is invalid.");
  }

  @Test
  void missingCredentialsAreNotRetriedAndSayWhatToDo() {
    SdkClientException missing =
        SdkClientException.create(
            "Unable to load credentials from any of the providers in the chain AwsCredentialsProviderChain("
                + "credentialsProviders=[SystemPropertyCredentialsProvider(), EnvironmentVariableCredentialsProvider()]) : "
                + "[SystemPropertyCredentialsProvider(): Unable to load credentials from system settings. ...]");
    CloudWatchRetryClassifier.Classification c = classifier.classify(missing);
    assertThat(c.kind()).isNotIn(Kind.THROTTLED, Kind.TRANSIENT);
    assertThat(c.reason()).startsWith("no AWS credentials found").contains("IRSA").hasSizeLessThan(300);
  }

  private static SdkClientException io(java.io.IOException cause) {
    return SdkClientException.builder().message("Unable to execute HTTP request: " + cause.getMessage()).cause(cause).build();
  }

  @Test
  void http501FailsAtOnceAsNotCloudWatch() {
    Classification c = classifier.classify(generic("NotImplemented", 501));
    assertThat(c.kind()).isEqualTo(Kind.FATAL);
    assertThat(c.reason()).contains("HTTP 501").contains("is --endpoint a CloudWatch Logs endpoint?");
  }

  @Test
  void anAnswerWithoutAnErrorCodeFailsAtOnce() {
    Classification c = classifier.classify(PutLogEventsResponses.error(
        software.amazon.awssdk.http.SdkHttpResponse.builder().statusCode(404).build(),
        "<html>Not Found</html>".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(c.kind()).isEqualTo(Kind.FATAL);
    assertThat(c.reason()).startsWith("UnexpectedResponse (HTTP 404)").contains("is --endpoint a CloudWatch Logs endpoint?");
  }

  @Test
  void everyOtherClientErrorFailsAtOnce() {
    assertThat(kind(generic("SomethingNew", 400))).isEqualTo(Kind.FATAL);
    assertThat(kind(generic("NotFound", 404))).isEqualTo(Kind.FATAL);
    assertThat(kind(generic("PayloadTooLarge", 413))).isEqualTo(Kind.FATAL);
  }

  @Test
  void anUnknownHostFailsAtOnce() {
    Classification c = classifier.classify(io(new java.net.UnknownHostException("logs.us-east-1.amazonaws.comm")));
    assertThat(c.kind()).isEqualTo(Kind.FATAL);
    assertThat(c.reason()).isEqualTo("unknown host: logs.us-east-1.amazonaws.comm (check --endpoint and --region)");
  }

  @Test
  void tlsFailuresThatRetryingCannotFixFailAtOnce() {
    javax.net.ssl.SSLHandshakeException untrusted = new javax.net.ssl.SSLHandshakeException("PKIX path building failed");
    untrusted.initCause(new java.security.cert.CertificateException("unable to find valid certification path"));
    assertThat(kind(io(untrusted))).isEqualTo(Kind.FATAL);
    assertThat(kind(io(new javax.net.ssl.SSLException("Unsupported or unrecognized SSL message")))).isEqualTo(Kind.FATAL);
    assertThat(kind(io(new javax.net.ssl.SSLPeerUnverifiedException("peer not authenticated")))).isEqualTo(Kind.FATAL);
    assertThat(classifier.classify(io(untrusted)).reason()).startsWith("TLS failure: ").contains("--trust-store");
  }

  @Test
  void aHandshakeCutShortByTheNetworkIsRetried() {
    javax.net.ssl.SSLHandshakeException cut = new javax.net.ssl.SSLHandshakeException("Remote host terminated the handshake");
    cut.initCause(new java.io.EOFException("SSL peer shut down incorrectly"));
    assertThat(kind(io(cut))).isEqualTo(Kind.TRANSIENT);
    javax.net.ssl.SSLException reset = new javax.net.ssl.SSLException("Connection reset");
    reset.initCause(new java.net.SocketException("Connection reset"));
    assertThat(kind(io(reset))).isEqualTo(Kind.TRANSIENT);
  }
}
