package io.logferry.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/** Every PutLogEvents rule AWS enforces, checked at the limit (accepted) and one past it (rejected, nothing stored). */
class PutLogEventsRulesTest {

  private static final String GROUP = "/rules";
  private static final String STREAM = "s";
  private static LocalCloudWatchLogs endpoint;
  private static CloudWatchLogsClient client;

  @BeforeAll
  static void start() throws Exception {
    endpoint = LocalCloudWatchLogs.start(Options.defaults());
    client = Sdk.client(endpoint);
  }

  @AfterAll
  static void stop() {
    client.close();
    endpoint.close();
  }

  @BeforeEach
  void freshStream() {
    endpoint.reset();
    endpoint.createLogStream(GROUP, STREAM);
  }

  private static void put(List<InputLogEvent> events) {
    client.putLogEvents(b -> b.logGroupName(GROUP).logStreamName(STREAM).logEvents(events));
  }

  private static InputLogEvent event(long ts, String message) {
    return InputLogEvent.builder().timestamp(ts).message(message).build();
  }

  private static void assertRejected(List<InputLogEvent> events, String reason) {
    assertThatThrownBy(() -> put(events)).isInstanceOf(InvalidParameterException.class);
    assertThat(endpoint.stats().rejectedRequests(reason)).isEqualTo(1);
    assertThat(endpoint.events(GROUP, STREAM)).isEmpty();
  }

  /** {@code count} events whose messages sum (with 26 bytes each) to exactly {@code batchBytes}. */
  private static List<InputLogEvent> batchOfBytes(int count, int batchBytes) {
    long now = System.currentTimeMillis();
    int payload = batchBytes - count * PutLogEventsLimits.EVENT_OVERHEAD_BYTES;
    List<InputLogEvent> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int size = payload / count + (i < payload % count ? 1 : 0);
      events.add(event(now, "x".repeat(size)));
    }
    return events;
  }

  @Test
  void acceptsBatchOfExactlyTheByteLimit() {
    put(batchOfBytes(4, PutLogEventsLimits.MAX_BATCH_BYTES));
    assertThat(endpoint.events(GROUP, STREAM)).hasSize(4);
    assertThat(endpoint.stats().acceptedBytes()).isEqualTo(PutLogEventsLimits.MAX_BATCH_BYTES - 4 * 26);
  }

  @Test
  void rejectsBatchOneByteOverTheLimit() {
    assertRejected(batchOfBytes(4, PutLogEventsLimits.MAX_BATCH_BYTES + 1), "batchTooLarge");
  }

  @Test
  void countsMessageBytesAsUtf8() {
    // 3 bytes per '€': 349,516 of them (1,048,548 bytes) plus "xx" and the 26-byte overhead is exactly the limit.
    String atLimit = "€".repeat(349_516) + "xx";
    assertThat(atLimit.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 26)
        .isEqualTo(PutLogEventsLimits.MAX_EVENT_BYTES);
    put(List.of(event(System.currentTimeMillis(), atLimit)));
    assertThat(endpoint.stats().acceptedBytes()).isEqualTo(1_048_550);
    endpoint.reset();
    endpoint.createLogStream(GROUP, STREAM);
    assertRejected(List.of(event(System.currentTimeMillis(), atLimit + "x")), "eventTooLarge");
  }

  @Test
  void acceptsTenThousandEvents() {
    long now = System.currentTimeMillis();
    List<InputLogEvent> events = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      events.add(event(now, "e" + i));
    }
    put(events);
    assertThat(endpoint.events(GROUP, STREAM)).hasSize(10_000);
  }

  @Test
  void rejectsTenThousandAndOneEvents() {
    long now = System.currentTimeMillis();
    List<InputLogEvent> events = new ArrayList<>();
    for (int i = 0; i < 10_001; i++) {
      events.add(event(now, "e"));
    }
    assertRejected(events, "tooManyEvents");
  }

  @Test
  void acceptsSingleEventOfExactlyTheEventLimit() {
    String message = "y".repeat(PutLogEventsLimits.MAX_EVENT_BYTES - 26);
    put(List.of(event(System.currentTimeMillis(), message)));
    assertThat(endpoint.events(GROUP, STREAM)).singleElement()
        .satisfies(e -> assertThat(e.message()).hasSize(1_048_550));
  }

  @Test
  void rejectsSingleEventOneByteOverTheEventLimit() {
    String message = "y".repeat(PutLogEventsLimits.MAX_EVENT_BYTES - 25);
    assertRejected(List.of(event(System.currentTimeMillis(), message)), "eventTooLarge");
  }

  @Test
  void rejectsEventsOutOfChronologicalOrder() {
    long now = System.currentTimeMillis();
    assertRejected(List.of(event(now, "b"), event(now - 1, "a")), "notChronological");
  }

  @Test
  void acceptsEqualTimestamps() {
    long now = System.currentTimeMillis();
    put(List.of(event(now, "a"), event(now, "b")));
    assertThat(endpoint.events(GROUP, STREAM)).hasSize(2);
  }

  @Test
  void acceptsBatchSpanningExactlyTwentyFourHours() {
    long now = System.currentTimeMillis();
    put(List.of(event(now - PutLogEventsLimits.MAX_SPAN_MILLIS, "a"), event(now, "b")));
    assertThat(endpoint.events(GROUP, STREAM)).hasSize(2);
  }

  @Test
  void rejectsBatchSpanningMoreThanTwentyFourHours() {
    long now = System.currentTimeMillis();
    assertRejected(List.of(event(now - PutLogEventsLimits.MAX_SPAN_MILLIS - 1, "a"), event(now, "b")),
        "spanTooLong");
  }

  @Test
  void rejectsEmptyBatch() {
    assertRejected(List.of(), "emptyBatch");
  }

  @Test
  void rejectsEmptyMessage() {
    long now = System.currentTimeMillis();
    assertRejected(List.of(event(now, "ok"), event(now, "")), "emptyMessage");
  }

  @Test
  void rejectsMissingStreamAndMissingGroup() {
    long now = System.currentTimeMillis();
    assertThatThrownBy(() -> client.putLogEvents(b -> b.logGroupName(GROUP).logStreamName("absent")
        .logEvents(event(now, "x")))).isInstanceOf(ResourceNotFoundException.class)
        .hasMessageContaining("log stream does not exist");
    assertThatThrownBy(() -> client.putLogEvents(b -> b.logGroupName("/absent").logStreamName(STREAM)
        .logEvents(event(now, "x")))).isInstanceOf(ResourceNotFoundException.class)
        .hasMessageContaining("log group does not exist");
    assertThat(endpoint.stats().rejectedRequests("streamNotFound")).isEqualTo(1);
    assertThat(endpoint.stats().rejectedRequests("groupNotFound")).isEqualTo(1);
  }

  @Test
  void rejectsInvalidGroupAndStreamNames() {
    long now = System.currentTimeMillis();
    for (String bad : List.of("has space", "colon:", "x".repeat(513), "ünï")) {
      assertThatThrownBy(() -> client.putLogEvents(b -> b.logGroupName(bad).logStreamName(STREAM)
          .logEvents(event(now, "x")))).as(bad).isInstanceOf(InvalidParameterException.class);
      assertThatThrownBy(() -> client.createLogGroup(b -> b.logGroupName(bad)))
          .as(bad).isInstanceOf(InvalidParameterException.class);
    }
    for (String bad : List.of("a:b", "a*b", "s".repeat(513))) {
      assertThatThrownBy(() -> client.putLogEvents(b -> b.logGroupName(GROUP).logStreamName(bad)
          .logEvents(event(now, "x")))).as(bad).isInstanceOf(InvalidParameterException.class);
      assertThatThrownBy(() -> client.createLogStream(b -> b.logGroupName(GROUP).logStreamName(bad)))
          .as(bad).isInstanceOf(InvalidParameterException.class);
    }
    assertThat(endpoint.stats().rejectedRequests("invalidGroupName")).isEqualTo(8);
    assertThat(endpoint.stats().rejectedRequests("invalidStreamName")).isEqualTo(6);
    // The longest valid names and every allowed character are fine.
    String longest = "/._-#Az09" + "g".repeat(503);
    client.createLogGroup(b -> b.logGroupName(longest));
    client.createLogStream(b -> b.logGroupName(longest).logStreamName("ünï/ \t" + "s".repeat(506)));
  }

  @Test
  void ignoresSequenceTokenAndReturnsNone() {
    long now = System.currentTimeMillis();
    var first = client.putLogEvents(b -> b.logGroupName(GROUP).logStreamName(STREAM).sequenceToken("bogus")
        .logEvents(event(now, "a")));
    var second = client.putLogEvents(b -> b.logGroupName(GROUP).logStreamName(STREAM).sequenceToken("bogus")
        .logEvents(event(now, "b")));
    assertThat(first.nextSequenceToken()).isNull();
    assertThat(second.nextSequenceToken()).isNull();
    assertThat(endpoint.events(GROUP, STREAM)).extracting(RecordedEvent::message).containsExactly("a", "b");
  }
}
