package io.logferry.sink.cloudwatch;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * The one place that decides what an error means (Vector's {@code retry.rs}), and how long to wait before the next
 * attempt. The SDK's own retries are disabled, so every attempt is counted here.
 *
 * <p>Retryable: throttling ({@code ThrottlingException}, {@code LimitExceededException}, HTTP 429), server errors (5xx
 * but 501, {@code ServiceUnavailableException}), HTTP 408, timeouts and connection errors (an
 * {@link SdkClientException} caused by an {@link IOException}: refused, reset, cut short). Everything else fails at
 * once, because waiting would not change the answer: every other 4xx ({@code AccessDeniedException},
 * {@code InvalidParameterException}, {@code UnrecognizedClientException}, expired tokens, a 404 from a server that is
 * not CloudWatch Logs), HTTP 501 (the server does not implement the operation), a host name that does not resolve,
 * and TLS failures other than a cut connection (untrusted or mismatched certificate, TLS against plain HTTP).
 *
 * <p>Backoff is exponential with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): the wait
 * before retry {@code n} (0-based) is uniform in {@code [0, min(cap, base * 2^n))}.
 */
final class CloudWatchRetryClassifier {

  static final Duration DEFAULT_BASE_DELAY = Duration.ofMillis(100);
  static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(10);

  /** What to do after an error. */
  enum Kind {
    /** Retry after a backoff: the service asked us to slow down. */
    THROTTLED,
    /** Retry after a backoff: a transient server, network or timeout error. */
    TRANSIENT,
    /** The log group or stream does not exist: provision it, then retry. */
    MISSING_RESOURCE,
    /** The resource to create exists already: for provisioning, that is success. */
    ALREADY_EXISTS,
    /** Give up: retrying cannot help. */
    FATAL;

    boolean retryable() {
      return this == THROTTLED || this == TRANSIENT;
    }
  }

  /** The decision and a one-line reason that never contains a credential. */
  record Classification(Kind kind, String reason) {}

  private static final Set<String> THROTTLING_CODES =
      Set.of(
          "ThrottlingException",
          "Throttling",
          "LimitExceededException",
          "RequestLimitExceeded",
          "TooManyRequestsException",
          "RequestThrottled",
          "RequestThrottledException",
          "ProvisionedThroughputExceededException",
          "SlowDown");

  private static final Set<String> TRANSIENT_CODES =
      Set.of(
          "ServiceUnavailableException",
          "ServiceUnavailable",
          "InternalServerException",
          "InternalFailure",
          "InternalError",
          "OperationAbortedException",
          "RequestTimeout",
          "RequestTimeoutException");

  private final Random random;
  private final long baseNanos;
  private final long capNanos;

  CloudWatchRetryClassifier(Random random) {
    this(random, DEFAULT_BASE_DELAY, DEFAULT_MAX_DELAY);
  }

  CloudWatchRetryClassifier(Random random, Duration baseDelay, Duration maxDelay) {
    if (baseDelay.isNegative() || baseDelay.isZero()) throw new IllegalArgumentException("baseDelay must be > 0");
    if (maxDelay.compareTo(baseDelay) < 0) throw new IllegalArgumentException("maxDelay must be >= baseDelay");
    this.random = random;
    this.baseNanos = baseDelay.toNanos();
    this.capNanos = maxDelay.toNanos();
  }

  Classification classify(Throwable error) {
    Throwable e = unwrap(error);
    if (e instanceof ResourceNotFoundException) return new Classification(Kind.MISSING_RESOURCE, describe(e));
    if (e instanceof ResourceAlreadyExistsException) return new Classification(Kind.ALREADY_EXISTS, describe(e));
    if (e instanceof AwsServiceException) {
      AwsServiceException service = (AwsServiceException) e;
      String code = errorCode(service);
      int status = service.statusCode();
      if (service.isThrottlingException() || THROTTLING_CODES.contains(code) || status == 429) {
        return new Classification(Kind.THROTTLED, describe(e));
      }
      if (status == 501) {
        // "Not Implemented": the server does not know the operation. Whatever answered is not CloudWatch Logs.
        return new Classification(Kind.FATAL, describe(e) + NOT_CLOUDWATCH_HINT);
      }
      if (TRANSIENT_CODES.contains(code) || status >= 500 || status == 408) {
        return new Classification(Kind.TRANSIENT, describe(e));
      }
      if (PutLogEventsResponses.NO_ERROR_CODE.equals(code)) {
        return new Classification(Kind.FATAL, describe(e) + NOT_CLOUDWATCH_HINT);
      }
      return new Classification(Kind.FATAL, describe(e));
    }
    if (e instanceof ApiCallAttemptTimeoutException || e instanceof ApiCallTimeoutException) {
      return new Classification(Kind.TRANSIENT, "timeout: " + oneLine(e.getMessage()));
    }
    if (hasCause(e, UnknownHostException.class)) {
      // A host name that does not resolve: a typo in the endpoint or region, not an outage to wait out.
      return new Classification(Kind.FATAL, "unknown host: " + oneLine(causeMessage(e, UnknownHostException.class))
          + " (check --endpoint and --region)");
    }
    if (isTlsFailure(e)) {
      return new Classification(Kind.FATAL, "TLS failure: " + oneLine(rootMessage(e))
          + " (check the endpoint's scheme and certificate, and --trust-store)");
    }
    if (e instanceof SdkClientException && hasCause(e, IOException.class)) {
      return new Classification(Kind.TRANSIENT, "connection error: " + oneLine(rootMessage(e)));
    }
    if (e instanceof IOException) return new Classification(Kind.TRANSIENT, "connection error: " + describe(e));
    return new Classification(Kind.FATAL, describe(e));
  }

  private static final String NOT_CLOUDWATCH_HINT = " (is --endpoint a CloudWatch Logs endpoint?)";

  /**
   * A TLS handshake that failed for a reason that retrying cannot change: a certificate not trusted, expired or for
   * another host; no common protocol or cipher; TLS spoken to a plain HTTP server (or the reverse). A handshake cut
   * short by the network (end of stream, reset, timeout) is a connection error like any other: transient.
   */
  static boolean isTlsFailure(Throwable e) {
    if (!hasCause(e, SSLException.class)) return false;
    if (hasCause(e, CertificateException.class) || hasCause(e, GeneralSecurityException.class)) return true;
    if (hasCause(e, EOFException.class) || hasCause(e, SocketException.class) || hasCause(e, InterruptedIOException.class)) {
      return false;
    }
    return true;
  }

  private static String causeMessage(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
      if (t.getCause() == t) break;
    }
    return rootMessage(e);
  }

  /**
   * How long to wait before retry number {@code retry} (0 for the first retry): uniform in {@code [0, min(cap,
   * base * 2^retry))}.
   */
  Duration backoff(int retry) {
    long ceiling = baseNanos << Math.min(Math.max(retry, 0), 40); // 100 ms << 40 is far above any cap: no overflow
    if (ceiling <= 0 || ceiling > capNanos) ceiling = capNanos;
    double r = random.nextDouble(); // in [0, 1)
    long wait = (long) (r * ceiling);
    return Duration.ofNanos(Math.min(Math.max(wait, 0), ceiling));
  }

  /** A one-line description of {@code error} for messages and events: error code and AWS's message, no request dump. */
  static String describe(Throwable error) {
    Throwable e = unwrap(error);
    if (e instanceof AwsServiceException) {
      AwsServiceException service = (AwsServiceException) e;
      String message =
          service.awsErrorDetails() != null && service.awsErrorDetails().errorMessage() != null
              ? service.awsErrorDetails().errorMessage()
              : "";
      return errorCode(service) + " (HTTP " + service.statusCode() + ")" + (message.isEmpty() ? "" : ": " + oneLine(message));
    }
    String message = e.getMessage();
    if (message != null && message.startsWith("Unable to load credentials")) {
      // The SDK lists every provider it tried with its own failure, several hundred characters long: say what to do.
      return "no AWS credentials found (tried environment, system properties, web identity/IRSA, profile, container"
          + " and instance providers): set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or give the pod"
          + " an IAM role (IRSA or EKS Pod Identity)";
    }
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + oneLine(message));
  }

  private static String errorCode(AwsServiceException e) {
    if (e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null) return e.awsErrorDetails().errorCode();
    return e.getClass().getSimpleName();
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof java.util.concurrent.CompletionException
            || t instanceof java.util.concurrent.ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) return true;
      if (t.getCause() == t) break;
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  /** First line only, capped: SDK messages may append request ids and long explanations. */
  static String oneLine(String s) {
    if (s == null) return "";
    int nl = s.indexOf('\n');
    String line = (nl >= 0 ? s.substring(0, nl) : s).strip();
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }
}
