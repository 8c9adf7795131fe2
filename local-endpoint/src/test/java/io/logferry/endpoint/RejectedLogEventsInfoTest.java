package io.logferry.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.RejectedLogEventsInfo;

/**
 * Events outside the accepted window are dropped and reported with AWS's index semantics
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_RejectedLogEventsInfo.html):
 * tooNewLogEventStartIndex is inclusive, tooOldLogEventEndIndex and expiredLogEventEndIndex are exclusive.
 * The endpoint's clock is fixed so the window edges are exact.
 */
class RejectedLogEventsInfoTest {

  private static final long NOW = Instant.parse("2026-03-01T12:00:00Z").toEpochMilli();
  private static final long HOUR = 3_600_000L;
  private static final long DAY = 24 * HOUR;
  private static LocalCloudWatchLogs endpoint;
  private static CloudWatchLogsClient client;

  @BeforeAll
  static void start() throws Exception {
    endpoint = LocalCloudWatchLogs.start(
        Options.defaults().withClock(Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC)));
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
    endpoint.createLogStream("g", "s");
  }

  private static RejectedLogEventsInfo put(long... timestamps) {
    List<InputLogEvent> events = Arrays.stream(timestamps)
        .mapToObj(ts -> InputLogEvent.builder().timestamp(ts).message("at " + ts).build()).toList();
    return client.putLogEvents(b -> b.logGroupName("g").logStreamName("s").logEvents(events)).rejectedLogEventsInfo();
  }

  private static List<Long> storedTimestamps() {
    return endpoint.events("g", "s").stream().map(RecordedEvent::timestamp).toList();
  }

  @Test
  void tooOldEventsArePrefixWithExclusiveEndIndex() {
    long edge = NOW - 14 * DAY;
    RejectedLogEventsInfo info = put(edge - 2, edge - 1, edge, edge + HOUR);

    assertThat(info.tooOldLogEventEndIndex()).isEqualTo(2);
    assertThat(info.tooNewLogEventStartIndex()).isNull();
    assertThat(info.expiredLogEventEndIndex()).isNull();
    assertThat(storedTimestamps()).containsExactly(edge, edge + HOUR);
    assertThat(endpoint.stats().rejectedEvents("tooOld")).isEqualTo(2);
  }

  @Test
  void tooNewEventsAreSuffixWithInclusiveStartIndex() {
    long edge = NOW + 2 * HOUR;
    RejectedLogEventsInfo info = put(NOW, edge, edge + 1, edge + HOUR);

    assertThat(info.tooNewLogEventStartIndex()).isEqualTo(2);
    assertThat(info.tooOldLogEventEndIndex()).isNull();
    assertThat(storedTimestamps()).containsExactly(NOW, edge);
    assertThat(endpoint.stats().rejectedEvents("tooNew")).isEqualTo(2);
  }

  @Test
  void eventsOlderThanRetentionAreExpiredWithExclusiveEndIndex() {
    client.putRetentionPolicy(b -> b.logGroupName("g").retentionInDays(1));
    long edge = NOW - DAY;
    RejectedLogEventsInfo info = put(edge - 5, edge - 1, edge, edge + HOUR);

    assertThat(info.expiredLogEventEndIndex()).isEqualTo(2);
    assertThat(info.tooOldLogEventEndIndex()).isNull();
    assertThat(storedTimestamps()).containsExactly(edge, edge + HOUR);
    assertThat(endpoint.stats().rejectedEvents("expired")).isEqualTo(2);
  }

  @Test
  void eventsBothTooOldAndExpiredReportBothIndices() {
    client.putRetentionPolicy(b -> b.logGroupName("g").retentionInDays(7));
    long fourteenDays = NOW - 14 * DAY;
    RejectedLogEventsInfo info = put(fourteenDays - HOUR, fourteenDays + HOUR, fourteenDays + 2 * HOUR);

    assertThat(info.tooOldLogEventEndIndex()).isEqualTo(1);
    assertThat(info.expiredLogEventEndIndex()).isEqualTo(3);
    assertThat(storedTimestamps()).isEmpty();
    assertThat(endpoint.stats().rejectedEvents("tooOld")).isEqualTo(1);
    assertThat(endpoint.stats().rejectedEvents("expired")).isEqualTo(2);
  }

  @Test
  void batchWhollyInTheFutureStoresNothingButSucceeds() {
    RejectedLogEventsInfo info = put(NOW + 3 * HOUR, NOW + 4 * HOUR);

    assertThat(info.tooNewLogEventStartIndex()).isZero();
    assertThat(storedTimestamps()).isEmpty();
    assertThat(endpoint.stats().acceptedBatches()).isEqualTo(1);
  }

  @Test
  void eventsInsideTheWindowAreNotReportedAndCarryTheIngestionTime() {
    RejectedLogEventsInfo info = put(NOW - 13 * DAY, NOW - 13 * DAY + HOUR);

    assertThat(info).isNull();
    assertThat(endpoint.events("g", "s")).extracting(RecordedEvent::ingestionTime).containsOnly(NOW);
  }
}
