package io.logferry.sink.cloudwatch;

import static io.logferry.testing.SinkBatches.batch;
import static io.logferry.testing.SinkBatches.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logferry.events.StreamKey;
import io.logferry.pipeline.LogEvent;
import io.logferry.sink.cloudwatch.CloudWatchRequestBuilder.PreparedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

class CloudWatchRequestBuilderTest {

  private static final StreamKey KEY = new StreamKey("/k8s/app", "pod-1");
  private static final long NOW = 1_800_000_000_000L;
  private final CloudWatchRequestBuilder builder = new CloudWatchRequestBuilder();

  @Test
  void sortsByTimestampKeepingFileOrderForEqualTimestamps() {
    List<LogEvent> events =
        List.of(event(NOW - 10, "c1"), event(NOW - 30, "a"), event(NOW - 10, "c2"), event(NOW - 20, "b"), event(NOW - 10, "c3"));
    PreparedRequest prepared = builder.build(batch(KEY, events), NOW);

    assertThat(request(prepared).logEvents()).extracting(InputLogEvent::message).containsExactly("a", "b", "c1", "c2", "c3");
    assertThat(request(prepared).logEvents()).extracting(InputLogEvent::timestamp).isSorted();
    assertThat(prepared.sent()).extracting(LogEvent::message).containsExactly("a", "b", "c1", "c2", "c3");
    assertThat(request(prepared).logGroupName()).isEqualTo("/k8s/app");
    assertThat(request(prepared).logStreamName()).isEqualTo("pod-1");
    assertThat(prepared.refused()).isEmpty();
  }

  @Test
  void setsNoSequenceToken() {
    PreparedRequest prepared = builder.build(batch(KEY, List.of(event(NOW, "x"))), NOW);
    assertThat(request(prepared).sequenceToken()).isNull();
  }

  @Test
  void refusesTimestampsOutsideTheAcceptedRangeWithTheirReason() {
    long oldest = NOW - Duration.ofDays(14).toMillis();
    long newest = NOW + Duration.ofHours(2).toMillis();
    List<LogEvent> events =
        List.of(
            event(newest + 1, "future"),
            event(oldest, "oldest-accepted"),
            event(oldest - 1, "ancient"),
            event(newest, "newest-accepted"),
            event(NOW, "now"));
    // The batcher keeps batches within 24 h; this one is built by hand to exercise both ends at once.
    PreparedRequest prepared = builder.build(new io.logferry.pipeline.Batch(KEY, events, 200, oldest, oldest + 1000), NOW);

    assertThat(prepared.sent()).extracting(LogEvent::message).containsExactly("oldest-accepted", "now", "newest-accepted");
    assertThat(prepared.refused()).containsOnlyKeys("too_old", "too_new");
    assertThat(prepared.refused().get("too_old")).extracting(LogEvent::message).containsExactly("ancient");
    assertThat(prepared.refused().get("too_new")).extracting(LogEvent::message).containsExactly("future");
    assertThat(prepared.refusedCount()).isEqualTo(2);
  }

  @Test
  void batchWhollyOutOfRangeYieldsNoRequest() {
    long ancient = NOW - Duration.ofDays(20).toMillis();
    PreparedRequest prepared = builder.build(batch(KEY, List.of(event(ancient, "a"), event(ancient + 1, "b"))), NOW);
    assertThat(request(prepared)).isNull();
    assertThat(prepared.sent()).isEmpty();
    assertThat(prepared.refused().get("too_old")).extracting(LogEvent::message).containsExactly("a", "b");
  }

  @Test
  void rejectedIndexesFollowAwsSemantics() {
    List<LogEvent> sent = new ArrayList<>();
    for (int i = 0; i < 10; i++) sent.add(event(NOW + i, "e" + i));
    // tooOldLogEventEndIndex=2 and expiredLogEventEndIndex=4 are exclusive; tooNewLogEventStartIndex=7 is inclusive.
    Map<String, List<LogEvent>> rejected = CloudWatchRequestBuilder.rejected(sent, 7, 2, 4);

    assertThat(rejected.get("too_old")).extracting(LogEvent::message).containsExactly("e0", "e1");
    assertThat(rejected.get("expired")).extracting(LogEvent::message).containsExactly("e2", "e3");
    assertThat(rejected.get("too_new")).extracting(LogEvent::message).containsExactly("e7", "e8", "e9");
  }

  @Test
  void absentRejectedIndexesRejectNothing() {
    List<LogEvent> sent = List.of(event(NOW, "a"), event(NOW, "b"));
    assertThat(CloudWatchRequestBuilder.rejected(sent, null, null, null)).isEmpty();
    assertThat(CloudWatchRequestBuilder.rejected(sent, 2, 0, 0)).isEmpty();
  }

  @Test
  void refusesBatchesOverTheRequestLimits() {
    List<LogEvent> tooMany = new ArrayList<>();
    for (int i = 0; i <= CloudWatchLimits.MAX_EVENTS_PER_REQUEST; i++) tooMany.add(event(NOW, "x"));
    assertThatThrownBy(() -> builder.build(batch(KEY, tooMany), NOW)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void limitsMatchTheDocumentedQuotas() {
    assertThat(CloudWatchLimits.batchLimits().maxEvents()).isEqualTo(10_000);
    assertThat(CloudWatchLimits.batchLimits().maxBytes()).isEqualTo(1_048_576);
    assertThat(CloudWatchLimits.batchLimits().perEventOverheadBytes()).isEqualTo(26);
    assertThat(CloudWatchLimits.batchLimits().maxEventBytes()).isEqualTo(1_048_550);
    assertThat(CloudWatchLimits.batchLimits().maxSpanMillis()).isEqualTo(86_400_000L);
  }

  /** The request as the service would receive it: the body the sink writes, read back; null when nothing is sent. */
  private static software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsRequest request(PreparedRequest prepared) {
    if (!prepared.hasEvents()) return null;
    PutLogEventsBody body = new PutLogEventsBody().write(prepared.key(), prepared.sent());
    return PutLogEventsBodies.parse(body.array(), body.length());
  }
}
