package io.logferry.endpoint;

/**
 * An error answered in the CloudWatch Logs JSON 1.1 shape ({@code {"__type": type, "message": ...}}); the AWS SDK
 * maps {@code type} to its exception classes. {@code reason} is the key counted in
 * {@link EndpointStats#rejectedRequestsByReason()}.
 */
final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  final int status;
  final String type;
  final String reason;

  ApiException(int status, String type, String reason, String message) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
    this.reason = reason;
  }

  static ApiException invalidParameter(String reason, String message) {
    return new ApiException(400, "InvalidParameterException", reason, message);
  }

  static ApiException notFound(String reason, String message) {
    return new ApiException(400, "ResourceNotFoundException", reason, message);
  }

  static ApiException alreadyExists(String reason, String message) {
    return new ApiException(400, "ResourceAlreadyExistsException", reason, message);
  }
}
