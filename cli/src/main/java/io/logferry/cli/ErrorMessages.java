package io.logferry.cli;

import io.logferry.checkpoint.CheckpointException;
import io.logferry.checkpoint.LockHeldException;
import io.logferry.config.ConfigException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Set;
import javax.net.ssl.SSLException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Turns an exception into one short line a user can act on; never a stack trace, never a secret. */
final class ErrorMessages {

  /** Error codes by which AWS says "these credentials are not valid here". */
  private static final Set<String> CREDENTIAL_ERRORS =
      Set.of(
          "UnrecognizedClientException",
          "InvalidSignatureException",
          "SignatureDoesNotMatch",
          "ExpiredTokenException",
          "ExpiredToken",
          "InvalidClientTokenId",
          "IncompleteSignature",
          "MissingAuthenticationToken");

  private ErrorMessages() {}

  static String describe(Throwable error) {
    return Redactor.redact(raw(error));
  }

  private static String raw(Throwable error) {
    if (error instanceof ConfigException
        || error instanceof LockHeldException
        || error instanceof CheckpointException) {
      return messageOf(error);
    }
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof UnknownHostException) return "endpoint unreachable: unknown host " + t.getMessage();
      if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
        return "endpoint unreachable: " + messageOf(t);
      }
      if (t instanceof SocketTimeoutException) return "endpoint did not answer in time: " + messageOf(t);
      if (t instanceof SSLException) {
        return "TLS with the endpoint failed (" + messageOf(t) + "); for a self-signed endpoint give --trust-store";
      }
      if (t instanceof AwsServiceException aws) {
        String code = aws.awsErrorDetails() == null ? null : aws.awsErrorDetails().errorCode();
        if (code != null && CREDENTIAL_ERRORS.contains(code)) {
          return "AWS refused the credentials (" + code + "): check the role (IRSA annotation) or the environment";
        }
        if ("AccessDeniedException".equals(code) || aws.statusCode() == 403) {
          return "AWS denied the request (" + (code == null ? "403" : code) + "): check the IAM policy (deploy/iam-policy.json)";
        }
        return "AWS error " + (code == null ? aws.statusCode() : code) + ": " + firstLine(aws.awsErrorDetails() == null ? aws.getMessage() : aws.awsErrorDetails().errorMessage());
      }
      if (t instanceof SdkClientException && String.valueOf(t.getMessage()).contains("credentials")) {
        return "no AWS credentials found (environment, profile, web identity/IRSA, Pod Identity, instance role)";
      }
    }
    return messageOf(error);
  }

  private static String messageOf(Throwable t) {
    String message = t.getMessage();
    if (message == null || message.isBlank()) return t.getClass().getSimpleName();
    return firstLine(message);
  }

  private static String firstLine(String s) {
    if (s == null) return "";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
