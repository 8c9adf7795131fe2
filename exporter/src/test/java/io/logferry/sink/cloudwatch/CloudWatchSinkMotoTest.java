package io.logferry.sink.cloudwatch;

import static io.logferry.testing.SinkBatches.batch;
import static io.logferry.testing.SinkBatches.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.events.StreamKey;
import io.logferry.pipeline.Batch;
import io.logferry.pipeline.LogEvent;
import io.logferry.sink.ExportResult;
import io.logferry.sink.LogSink;
import io.logferry.testing.DeadLetterLines;
import io.logferry.testing.MotoServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;

/**
 * Conformance of the real sink (public factory, SDK client, url-connection, default credentials chain) against moto's
 * CloudWatch Logs: provisioning, ordering, full-size batches, AlreadyExists. Moto checks chronological order within a
 * request but neither throttles nor enforces sizes, so the limits are exercised here for acceptance, not rejection.
 */
@org.junit.jupiter.api.extension.ExtendWith(io.logferry.testing.AwsTestCredentials.class)
class CloudWatchSinkMotoTest {

  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  private static final AtomicInteger GROUPS = new AtomicInteger();

  @TempDir Path dir;
  private CloudWatchLogsClient reader;
  private final List<LogSink> sinks = new ArrayList<>();



  @BeforeEach
  void openReader() {
    reader = MOTO.client();
  }

  @AfterEach
  void close() {
    sinks.forEach(LogSink::close);
    reader.close();
  }

  private static StreamKey freshKey() {
    return new StreamKey("/logferry/moto-" + GROUPS.incrementAndGet(), "pod-a/app");
  }

  private LogSink sink(boolean createGroup, boolean createStream, Integer retentionDays) {
    LogSink sink =
        CloudWatchSink.create(
            new CloudWatchSinkConfig(
                MotoServer.REGION,
                MOTO.endpoint(),
                createGroup,
                createStream,
                retentionDays,
                4,
                Duration.ofSeconds(30),
                Duration.ofSeconds(30),
                dir.resolve("dead-letters.jsonl")),
            new RecordingEvents());
    sinks.add(sink);
    return sink;
  }

  private List<OutputLogEvent> readAll(StreamKey key) {
    List<OutputLogEvent> out = new ArrayList<>();
    String token = null;
    while (true) {
      String t = token;
      GetLogEventsResponse page =
          reader.getLogEvents(b -> b.logGroupName(key.group()).logStreamName(key.stream()).startFromHead(true).nextToken(t));
      out.addAll(page.events());
      if (page.events().isEmpty() || page.nextForwardToken() == null || page.nextForwardToken().equals(token)) return out;
      token = page.nextForwardToken();
    }
  }

  private LogGroup group(String name) {
    return reader.describeLogGroups(b -> b.logGroupNamePrefix(name)).logGroups().stream()
        .filter(g -> g.logGroupName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void createsGroupAndStreamThenShipsBatchesReadBackInOrder() {
    StreamKey key = freshKey();
    long now = System.currentTimeMillis();
    LogSink sink = sink(true, true, 7);

    ExportResult first =
        sink.export(batch(key, List.of(event(now - 3000, "b1"), event(now - 5000, "a"), event(now - 3000, "b2")))).join();
    ExportResult second = sink.export(batch(key, List.of(event(now - 1000, "c"), event(now - 1000, "d")))).join();

    assertThat(first).isEqualTo(ExportResult.delivered(3, 0, 1, 0)); // one re-put after creating group and stream
    assertThat(second).isEqualTo(ExportResult.delivered(2, 0, 0, 0));
    assertThat(readAll(key)).extracting(OutputLogEvent::message).containsExactly("a", "b1", "b2", "c", "d");
    assertThat(readAll(key)).extracting(OutputLogEvent::timestamp).isSorted();
    assertThat(group(key.group()).retentionInDays()).isEqualTo(7);
    assertThat(sink.healthcheck()).isNull();
  }

  @Test
  void shipsAFullBatchOfTenThousandEvents() {
    StreamKey key = freshKey();
    long now = System.currentTimeMillis();
    List<LogEvent> events = new ArrayList<>();
    for (int i = 0; i < CloudWatchLimits.MAX_EVENTS_PER_REQUEST; i++) {
      events.add(event(now - 60_000 + i / 100, String.format("line %05d of a full request", i)));
    }
    Batch full = batch(key, events);
    assertThat(full.bytes()).isLessThanOrEqualTo(CloudWatchLimits.MAX_REQUEST_BYTES);

    ExportResult result = sink(true, true, null).export(full).join();

    assertThat(result.isDelivered()).isTrue();
    assertThat(result.accepted()).isEqualTo(10_000);
    List<OutputLogEvent> back = readAll(key);
    assertThat(back).hasSize(10_000);
    assertThat(back).extracting(OutputLogEvent::message)
        .containsExactlyElementsOf(events.stream().map(LogEvent::message).toList());
  }

  @Test
  void shipsRequestsOfExactlyOneMebibyte() {
    StreamKey key = freshKey();
    long now = System.currentTimeMillis();
    // 16 events of 65,510 bytes: 16 * (65,510 + 26) = 1,048,576 bytes, the request limit exactly.
    List<LogEvent> sixteen = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      sixteen.add(event(now - 1000 + i, (char) ('a' + i) + "x".repeat(65_536 - 26 - 1)));
    }
    // One event of the largest message: 1,048,550 bytes (2-byte UTF-8 characters included).
    String largest = "é".repeat(1000) + "y".repeat(CloudWatchLimits.MAX_MESSAGE_BYTES - 2000);
    Batch a = batch(key, sixteen);
    Batch b = batch(key, List.of(event(now, largest)));
    assertThat(a.bytes()).isEqualTo(CloudWatchLimits.MAX_REQUEST_BYTES);
    assertThat(b.bytes()).isEqualTo(CloudWatchLimits.MAX_REQUEST_BYTES);

    LogSink sink = sink(true, true, null);
    CompletableFuture<ExportResult> fa = sink.export(a);
    CompletableFuture<ExportResult> fb = sink.export(b);

    assertThat(fa.join().accepted()).isEqualTo(16);
    assertThat(fb.join().accepted()).isEqualTo(1);
    List<OutputLogEvent> back = readAll(key);
    assertThat(back).hasSize(17);
    assertThat(back.get(0).message()).isEqualTo(sixteen.get(0).message());
    assertThat(back.get(16).message()).isEqualTo(largest);
  }

  @Test
  void existingGroupIsUsedAsIs() {
    StreamKey key = freshKey();
    reader.createLogGroup(b -> b.logGroupName(key.group()));

    ExportResult result = sink(true, true, 30).export(batch(key, List.of(event(System.currentTimeMillis(), "hello")))).join();

    assertThat(result.isDelivered()).isTrue();
    assertThat(readAll(key)).extracting(OutputLogEvent::message).containsExactly("hello");
    assertThat(group(key.group()).retentionInDays()).isNull(); // not created by the sink: retention left alone
  }

  @Test
  void existingStreamIsUsedWithoutCreatingAnything() {
    StreamKey key = freshKey();
    reader.createLogGroup(b -> b.logGroupName(key.group()));
    reader.createLogStream(b -> b.logGroupName(key.group()).logStreamName(key.stream()));

    ExportResult result = sink(false, false, null).export(batch(key, List.of(event(System.currentTimeMillis(), "x")))).join();

    assertThat(result).isEqualTo(ExportResult.delivered(1, 0, 0, 0));
  }

  @Test
  void missingStreamFailsWhenCreationIsDisabled() {
    StreamKey key = freshKey();
    reader.createLogGroup(b -> b.logGroupName(key.group()));

    ExportResult result = sink(false, false, null).export(batch(key, List.of(event(System.currentTimeMillis(), "x")))).join();

    assertThat(result.isDelivered()).isFalse();
    assertThat(result.failure()).contains("ResourceNotFoundException").contains("creation is disabled");
  }

  @Test
  void eventsTooOldForCloudWatchAreDeadLetteredAndTheRestShipped() throws Exception {
    StreamKey key = freshKey();
    long now = System.currentTimeMillis();
    long old = now - Duration.ofDays(14).toMillis() - Duration.ofHours(1).toMillis();
    long recent = now - Duration.ofDays(14).toMillis() + Duration.ofHours(1).toMillis();
    // Two hours apart, one on each side of the 14-day limit: a batch the batcher can build.
    Batch mixed = batch(key, List.of(event(recent, "fresh"), event(old, "ancient")));

    ExportResult result = sink(true, true, null).export(mixed).join();

    assertThat(result).isEqualTo(ExportResult.delivered(1, 1, 1, 0));
    assertThat(readAll(key)).extracting(OutputLogEvent::message).containsExactly("fresh");
    assertThat(DeadLetterLines.read(dir.resolve("dead-letters.jsonl")))
        .singleElement()
        .satisfies(m -> assertThat(m).containsEntry("reason", "too_old").containsEntry("message", "ancient").containsEntry("timestamp", old));
  }
}
