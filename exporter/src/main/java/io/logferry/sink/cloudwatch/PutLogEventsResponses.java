package io.logferry.sink.cloudwatch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.CloudWatchLogsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * Reads {@code PutLogEvents} answers with jackson-core's streaming parser: the {@code rejectedLogEventsInfo} of a
 * success, and the JSON 1.1 error shape ({@code {"__type":"[namespace#]Code","message":"..."}}, the code also in the
 * {@code x-amzn-ErrorType} header) of a failure, turned into the exception the SDK would have thrown, so that the
 * retry classifier sees the same error codes and statuses as for every other call.
 */
final class PutLogEventsResponses {

  /** How much of a non-JSON error body (a proxy's HTML page, another server's answer) goes into the message. */
  static final int MAX_QUOTED_BODY_CHARS = 120;

  /** The error code used when an error answer names none: it does not come from CloudWatch Logs. */
  static final String NO_ERROR_CODE = "UnexpectedResponse";

  private static final JsonFactory JSON = JsonFactory.builder().build();

  private PutLogEventsResponses() {}

  /** The outcome of a 2xx answer; an empty or {@code {}} body means every event was stored. */
  static PutLogEventsOutcome success(byte[] body) throws IOException {
    if (body.length == 0) return PutLogEventsOutcome.ALL_STORED;
    Integer tooNew = null;
    Integer tooOld = null;
    Integer expired = null;
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) throw new JsonParseException(p, "response is not a JSON object");
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        if ("rejectedLogEventsInfo".equals(field) && t == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String index = p.currentName();
            JsonToken v = p.nextToken();
            if (v != JsonToken.VALUE_NUMBER_INT) {
              p.skipChildren();
              continue;
            }
            switch (index) {
              case "tooNewLogEventStartIndex":
                tooNew = p.getIntValue();
                break;
              case "tooOldLogEventEndIndex":
                tooOld = p.getIntValue();
                break;
              case "expiredLogEventEndIndex":
                expired = p.getIntValue();
                break;
              default:
                break;
            }
          }
        } else {
          p.skipChildren(); // nextSequenceToken (deprecated), rejectedEntityInfo, ...
        }
      }
    }
    if (tooNew == null && tooOld == null && expired == null) return PutLogEventsOutcome.ALL_STORED;
    return new PutLogEventsOutcome(tooNew, tooOld, expired);
  }

  /** The exception for a non-2xx answer with {@code body} (possibly empty, possibly not JSON). */
  static AwsServiceException error(SdkHttpResponse response, byte[] body) {
    int status = response.statusCode();
    String code = null;
    String message = null;
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          JsonToken t = p.nextToken();
          if (t == JsonToken.VALUE_STRING && ("__type".equals(field) || "code".equalsIgnoreCase(field))) {
            if (code == null || "__type".equals(field)) code = p.getText();
          } else if (t == JsonToken.VALUE_STRING && "message".equalsIgnoreCase(field)) {
            message = p.getText();
          } else {
            p.skipChildren();
          }
        }
      }
    } catch (IOException notJson) {
      // Not a JSON error: not CloudWatch Logs speaking. Quote the start of the body below.
    }
    if (code == null) code = response.firstMatchingHeader("x-amzn-ErrorType").orElse(null);
    code = bareCode(code);
    if (code == null) {
      code = NO_ERROR_CODE;
      if (message == null) message = quote(body);
    }
    AwsErrorDetails details =
        AwsErrorDetails.builder()
            .errorCode(code)
            .errorMessage(message)
            .serviceName("CloudWatchLogs")
            .sdkHttpResponse(response)
            .build();
    // The two codes the provisioner tells apart by type; every other code is classified by its error code.
    AwsServiceException.Builder b =
        switch (code) {
          case "ResourceNotFoundException" -> ResourceNotFoundException.builder();
          case "ResourceAlreadyExistsException" -> ResourceAlreadyExistsException.builder();
          default -> CloudWatchLogsException.builder();
        };
    Optional<String> requestId = response.firstMatchingHeader("x-amzn-RequestId");
    requestId.ifPresent(b::requestId);
    return b.awsErrorDetails(details)
        .statusCode(status)
        .message((message == null ? code : message) + " (Service: CloudWatchLogs, Status Code: " + status + ")")
        .build();
  }

  /** {@code "com.amazonaws.logs#ThrottlingException"} and {@code "ThrottlingException:http://..."} name the same code. */
  static String bareCode(String code) {
    if (code == null || code.isBlank()) return null;
    String c = code.strip();
    int colon = c.indexOf(':');
    if (colon >= 0) c = c.substring(0, colon);
    int hash = c.lastIndexOf('#');
    if (hash >= 0) c = c.substring(hash + 1);
    return c.isEmpty() ? null : c;
  }

  private static String quote(byte[] body) {
    if (body.length == 0) return "empty answer body";
    String text = new String(body, 0, Math.min(body.length, MAX_QUOTED_BODY_CHARS * 4), StandardCharsets.UTF_8);
    text = text.replaceAll("\\s+", " ").strip();
    if (text.length() > MAX_QUOTED_BODY_CHARS) text = text.substring(0, MAX_QUOTED_BODY_CHARS) + "...";
    return "answer is not a CloudWatch Logs error: \"" + text + "\"";
  }

  static byte[] readAll(InputStream in) throws IOException {
    return in == null ? new byte[0] : in.readAllBytes();
  }
}
