package io.logferry.sink.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.logferry.sink.cloudwatch.CloudWatchRetryClassifier.Kind;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

class PutLogEventsResponsesTest {

  private final CloudWatchRetryClassifier classifier = new CloudWatchRetryClassifier(new FixedRandom(0.5));

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static SdkHttpResponse status(int code) {
    return SdkHttpResponse.builder().statusCode(code).putHeader("x-amzn-RequestId", "req-1").build();
  }

  @Test
  void readsRejectedLogEventsInfo() throws Exception {
    PutLogEventsOutcome outcome = PutLogEventsResponses.success(utf8(
        "{\"nextSequenceToken\":\"49\",\"rejectedLogEventsInfo\":{\"tooNewLogEventStartIndex\":8,"
            + "\"tooOldLogEventEndIndex\":2,\"expiredLogEventEndIndex\":3},\"rejectedEntityInfo\":{\"errorType\":\"x\"}}"));
    assertThat(outcome).isEqualTo(new PutLogEventsOutcome(8, 2, 3));
  }

  @Test
  void anEmptyAnswerMeansEverythingWasStored() throws Exception {
    assertThat(PutLogEventsResponses.success(utf8("{}"))).isEqualTo(PutLogEventsOutcome.ALL_STORED);
    assertThat(PutLogEventsResponses.success(new byte[0])).isEqualTo(PutLogEventsOutcome.ALL_STORED);
    assertThat(PutLogEventsResponses.success(utf8("{\"rejectedLogEventsInfo\":{}}"))).isEqualTo(PutLogEventsOutcome.ALL_STORED);
  }

  @Test
  void aSuccessThatIsNotJsonIsAnError() {
    assertThatThrownBy(() -> PutLogEventsResponses.success(utf8("<html>ok</html>"))).isInstanceOf(JsonProcessingException.class);
  }

  @Test
  void errorsCarryTheCodeTheMessageAndTheStatus() {
    AwsServiceException e = PutLogEventsResponses.error(status(400),
        utf8("{\"__type\":\"com.amazonaws.logs#ResourceNotFoundException\",\"message\":\"The specified log stream does not exist.\"}"));
    assertThat(e).isInstanceOf(ResourceNotFoundException.class);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.requestId()).isEqualTo("req-1");
    assertThat(classifier.classify(e).kind()).isEqualTo(Kind.MISSING_RESOURCE);
    assertThat(CloudWatchRetryClassifier.describe(e))
        .isEqualTo("ResourceNotFoundException (HTTP 400): The specified log stream does not exist.");
  }

  @Test
  void errorsAreClassifiedAsTheSdkWouldHaveThrownThem() {
    assertThat(classifier.classify(PutLogEventsResponses.error(status(400),
        utf8("{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}"))).kind()).isEqualTo(Kind.THROTTLED);
    assertThat(classifier.classify(PutLogEventsResponses.error(status(503),
        utf8("{\"__type\":\"ServiceUnavailableException\",\"message\":\"down\"}"))).kind()).isEqualTo(Kind.TRANSIENT);
    assertThat(classifier.classify(PutLogEventsResponses.error(status(400),
        utf8("{\"__type\":\"InvalidParameterException\",\"Message\":\"bad\"}"))).kind()).isEqualTo(Kind.FATAL);
  }

  @Test
  void theCodeMayComeFromTheErrorTypeHeader() {
    SdkHttpResponse response = SdkHttpResponse.builder().statusCode(400)
        .putHeader("x-amzn-ErrorType", "AccessDeniedException:http://internal.amazon.com/coral/").build();
    AwsServiceException e = PutLogEventsResponses.error(response, new byte[0]);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
  }

  @Test
  void anAnswerFromSomethingElseIsQuotedBriefly() {
    AwsServiceException e = PutLogEventsResponses.error(status(501),
        utf8("<html>\n<head><title>501 Not Implemented</title></head>\n<body>" + "x".repeat(500) + "</body></html>"));
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo(PutLogEventsResponses.NO_ERROR_CODE);
    String described = CloudWatchRetryClassifier.describe(e);
    assertThat(described).startsWith("UnexpectedResponse (HTTP 501): answer is not a CloudWatch Logs error: \"<html> <head><title>501 Not Implemented");
    assertThat(described).doesNotContain("\n").hasSizeLessThan(250);
  }
}
