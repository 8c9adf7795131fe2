package io.logferry.sink.cloudwatch;

import io.logferry.testing.FakeTicker;
import static io.logferry.testing.SinkBatches.batch;
import static io.logferry.testing.SinkBatches.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.logferry.events.StreamKey;
import io.logferry.pipeline.Batch;
import io.logferry.pipeline.LogEvent;
import io.logferry.sink.ExportResult;
import io.logferry.sink.LogSink;
import io.logferry.testing.DeadLetterLines;
import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.RejectedLogEventsInfo;

/** The real sink (service, provisioner, classifier, dead-letter file) against a hand-written fake CloudWatch Logs. */
class CloudWatchSinkTest {

  private static final StreamKey KEY = new StreamKey("/k8s/app", "pod-1");
  private static final long NOW = 1_800_000_000_000L;

  @TempDir Path dir;

  private final FakeCloudWatchLogs fake = new FakeCloudWatchLogs();
  private final FakeTicker ticker = new FakeTicker(NOW);
  private final RecordingEvents events = new RecordingEvents();
  private final List<LogSink> sinks = new ArrayList<>();

  @AfterEach
  void closeSinks() {
    sinks.forEach(LogSink::close);
  }

  private CloudWatchSinkConfig config(boolean createGroup, boolean createStream, Integer retention, int concurrency, Duration maxRetry) {
    return new CloudWatchSinkConfig(
        "eu-west-1", null, createGroup, createStream, retention, concurrency, maxRetry, Duration.ofSeconds(5), dir.resolve("dead-letters.jsonl"));
  }

  private LogSink sink(CloudWatchSinkConfig config, double jitter) {
    LogSink sink = CloudWatchSink.create(config, events, fake, fake, ticker, new FixedRandom(jitter));
    sinks.add(sink);
    return sink;
  }

  private LogSink sink() {
    return sink(config(false, false, null, 4, Duration.ofMinutes(5)), 0.0);
  }

  private static Batch batchOf(int n, String prefix) {
    List<LogEvent> list = new ArrayList<>();
    for (int i = 0; i < n; i++) list.add(event(NOW - 1000 + i, prefix + i));
    return batch(KEY, list);
  }

  private List<String> storedMessages() {
    return fake.stored(KEY.group(), KEY.stream()).stream().map(InputLogEvent::message).toList();
  }

  private List<Map<String, Object>> deadLetters() throws Exception {
    return DeadLetterLines.read(dir.resolve("dead-letters.jsonl"));
  }

  @Test
  void deliversABatchAsOneSortedPut() {
    fake.addStream(KEY.group(), KEY.stream());
    Batch b = batch(KEY, List.of(event(NOW - 5, "second"), event(NOW - 9, "first"), event(NOW - 5, "third")));
    ExportResult result = sink().export(b).join();

    assertThat(result).isEqualTo(ExportResult.delivered(3, 0, 0, 0));
    assertThat(storedMessages()).containsExactly("first", "second", "third");
    assertThat(fake.puts).hasValue(1);
    assertThat(events.sent).containsExactly(KEY + " 3 " + b.bytes());
    assertThat(events.failed).isEmpty();
    assertThat(events.requests).containsExactly(KEY + " ok");
  }

  @Test
  void retriesThrottlingAndServerErrorsUntilSuccess() {
    fake.addStream(KEY.group(), KEY.stream());
    fake.putErrors.add(FakeCloudWatchLogs.throttling());
    fake.putErrors.add(FakeCloudWatchLogs.unavailable());
    fake.putErrors.add(SdkClientException.builder().message("Unable to execute HTTP request").cause(new ConnectException("refused")).build());
    fake.putErrors.add(FakeCloudWatchLogs.throttling());

    ExportResult result = sink().export(batchOf(5, "m")).join();

    assertThat(result).isEqualTo(ExportResult.delivered(5, 0, 4, 2));
    assertThat(fake.puts).hasValue(5);
    assertThat(storedMessages()).containsExactly("m0", "m1", "m2", "m3", "m4");
    assertThat(events.retried).hasSize(4);
    assertThat(events.retried.get(0)).startsWith(KEY + " 1 throttled ThrottlingException");
    assertThat(events.retried.get(1)).startsWith(KEY + " 2 error ServiceUnavailableException (HTTP 503)");
    assertThat(events.retried.get(2)).startsWith(KEY + " 3 error connection error");
    assertThat(events.retried.get(3)).startsWith(KEY + " 4 throttled");
    assertThat(events.requests).as("one latency sample per request, retries included")
        .containsExactly(KEY + " error", KEY + " error", KEY + " error", KEY + " error", KEY + " ok");
  }

  @Test
  void givesUpAtMaxRetryDuration() {
    fake.addStream(KEY.group(), KEY.stream());
    fake.alwaysFailPut = FakeCloudWatchLogs.throttling();
    fake.onPut = () -> ticker.advance(Duration.ofSeconds(25)); // each attempt "takes" 25 s of the 60 s budget

    ExportResult result = sink(config(false, false, null, 4, Duration.ofSeconds(60)), 0.0).export(batchOf(3, "m")).join();

    assertThat(result.isDelivered()).isFalse();
    assertThat(result.failure()).startsWith("gave up after 2 retries").contains("ThrottlingException");
    assertThat(fake.puts).hasValue(3); // at 0 s, 25 s, 50 s; the next would start past 60 s
    assertThat(result.retries()).isEqualTo(2);
    assertThat(result.throttles()).isEqualTo(2);
    assertThat(events.failed).containsExactly(KEY + " 3 " + result.failure());
  }

  @Test
  void accessDeniedFailsWithoutRetrying() {
    fake.addStream(KEY.group(), KEY.stream());
    fake.putErrors.add(FakeCloudWatchLogs.accessDenied());

    ExportResult result = sink().export(batchOf(2, "m")).join();

    assertThat(result.isDelivered()).isFalse();
    assertThat(result.failure()).startsWith("AccessDeniedException (HTTP 400)");
    assertThat(result.retries()).isZero();
    assertThat(fake.puts).hasValue(1);
    assertThat(events.retried).isEmpty();
  }

  @Test
  void abortRetriesFailsWaitingRetriesAtOnce() {
    fake.addStream(KEY.group(), KEY.stream());
    fake.alwaysFailPut = FakeCloudWatchLogs.unavailable();
    // A backoff of ~1 hour: the export can only end early through the abort.
    LogSink sink = CloudWatchSink.create(config(false, false, null, 4, Duration.ofHours(3)), events, fake, fake, ticker, new FixedRandom(0.999), Duration.ofHours(1), Duration.ofHours(1));
    sinks.add(sink);

    CompletableFuture<ExportResult> future = sink.export(batchOf(2, "m"));
    await().until(() -> events.retried.size() == 1);
    assertThat(future).isNotDone();

    sink.abortRetries();

    ExportResult result = await().until(() -> future.getNow(null), r -> r != null);
    assertThat(result.isDelivered()).isFalse();
    assertThat(result.failure()).contains("aborted");
    assertThat(fake.puts).hasValue(1);

    // After the abort nothing new goes on the wire: a drain that gave up must not be overtaken by a late request.
    ExportResult next = sink.export(batchOf(1, "n")).join();
    assertThat(next.failure()).startsWith("retries aborted");
    assertThat(fake.puts).hasValue(1);
  }

  @Test
  void neverExceedsMaxConcurrency() {
    fake.addStream(KEY.group(), KEY.stream());
    CountDownLatch gate = new CountDownLatch(1);
    fake.gate = gate;
    LogSink sink = sink(config(false, false, null, 3, Duration.ofMinutes(5)), 0.0);

    List<CompletableFuture<ExportResult>> futures = new ArrayList<>();
    for (int i = 0; i < 20; i++) futures.add(sink.export(batchOf(2, "b" + i + "-")));
    await().until(() -> fake.inFlight.get() == 3);
    assertThat(futures).noneMatch(CompletableFuture::isDone);

    gate.countDown();
    for (CompletableFuture<ExportResult> f : futures) assertThat(f.join().isDelivered()).isTrue();
    assertThat(fake.maxInFlight).hasValue(3);
    assertThat(fake.stored(KEY.group(), KEY.stream())).hasSize(40);
  }

  @Test
  void deadLettersExactlyTheEventsAwsRejected() throws Exception {
    fake.addStream(KEY.group(), KEY.stream());
    fake.putResponse =
        r ->
            PutLogEventsResponse.builder()
                .rejectedLogEventsInfo(
                    RejectedLogEventsInfo.builder().tooOldLogEventEndIndex(2).expiredLogEventEndIndex(3).tooNewLogEventStartIndex(8).build())
                .build();
    // Given out of order: the indexes refer to the sorted request, not to this order.
    List<LogEvent> list = new ArrayList<>();
    for (int i = 9; i >= 0; i--) list.add(event(NOW - 1000 + i, "m" + i));

    ExportResult result = sink().export(batch(KEY, list)).join();

    assertThat(result).isEqualTo(ExportResult.delivered(5, 5, 0, 0));
    List<Map<String, Object>> letters = deadLetters();
    assertThat(letters).extracting(m -> m.get("reason") + ":" + m.get("message"))
        .containsExactly("too_old:m0", "too_old:m1", "expired:m2", "too_new:m8", "too_new:m9");
    assertThat(letters.get(0)).containsEntry("group", KEY.group()).containsEntry("stream", KEY.stream()).containsEntry("timestamp", NOW - 1000);
    assertThat(events.deadLettered).containsExactly(KEY + " 2 too_old", KEY + " 1 expired", KEY + " 2 too_new");
    assertThat(events.rejected).as("CloudWatch rejected them").containsExactly(KEY + " 2 too_old", KEY + " 1 expired", KEY + " 2 too_new");
    assertThat(events.sent).containsExactly(KEY + " 5 " + 5 * (2 + 26));
  }

  @Test
  void deadLettersOutOfRangeEventsInsteadOfSendingThem() throws Exception {
    fake.addStream(KEY.group(), KEY.stream());
    long old = NOW - Duration.ofDays(15).toMillis();
    // A batch of events that were all too old when built: nothing to send, all dead-lettered, DELIVERED.
    ExportResult result = sink().export(batch(KEY, List.of(event(old, "a"), event(old + 1, "b")))).join();

    assertThat(result).isEqualTo(ExportResult.delivered(0, 2, 0, 0));
    assertThat(fake.puts).hasValue(0);
    assertThat(deadLetters()).extracting(m -> m.get("reason") + ":" + m.get("message")).containsExactly("too_old:a", "too_old:b");
    assertThat(events.deadLettered).containsExactly(KEY + " 2 too_old");
    assertThat(events.rejected).as("refused before sending, not rejected by CloudWatch").isEmpty();
    assertThat(events.requests).as("no request was sent").isEmpty();
  }

  @Test
  void createsMissingGroupAndStreamThenRetriesThePut() {
    LogSink sink = sink(config(true, true, 7, 4, Duration.ofMinutes(5)), 0.0);

    ExportResult result = sink.export(batchOf(3, "m")).join();

    assertThat(result.isDelivered()).isTrue();
    assertThat(result.accepted()).isEqualTo(3);
    assertThat(storedMessages()).containsExactly("m0", "m1", "m2");
    assertThat(fake.createGroupCalls).hasValue(1);
    assertThat(fake.createStreamCalls).hasValue(1);
    assertThat(fake.retentionSet).containsExactly(KEY.group() + "=7");
    assertThat(fake.puts).hasValue(2);

    // Cached: the next batch goes straight through.
    assertThat(sink.export(batchOf(1, "n")).join().isDelivered()).isTrue();
    assertThat(fake.createGroupCalls).hasValue(1);
    assertThat(fake.puts).hasValue(3);
  }

  @Test
  void treatsAlreadyExistsAsSuccess() {
    fake.addGroup(KEY.group()); // group exists, stream does not
    LogSink sink = sink(config(true, true, 7, 4, Duration.ofMinutes(5)), 0.0);

    ExportResult result = sink.export(batchOf(2, "m")).join();

    assertThat(result.isDelivered()).isTrue();
    assertThat(fake.createGroupCalls).hasValue(1); // answered ResourceAlreadyExists: fine
    assertThat(fake.createStreamCalls).hasValue(1);
    assertThat(fake.retentionSet).isEmpty(); // retention only on groups this sink created
    assertThat(storedMessages()).containsExactly("m0", "m1");
  }

  @Test
  void concurrentBatchesOfAMissingStreamProvisionItOnce() {
    fake.addGroup(KEY.group());
    CountDownLatch gate = new CountDownLatch(1);
    fake.gate = gate;
    LogSink sink = sink(config(false, true, null, 4, Duration.ofMinutes(5)), 0.0);

    List<CompletableFuture<ExportResult>> futures = new ArrayList<>();
    for (int i = 0; i < 4; i++) futures.add(sink.export(batchOf(1, "b" + i + "-")));
    await().until(() -> fake.inFlight.get() == 4); // all four saw the stream missing before anyone created it
    fake.gate = null;
    gate.countDown();

    for (CompletableFuture<ExportResult> f : futures) assertThat(f.join().isDelivered()).isTrue();
    assertThat(fake.createStreamCalls).hasValue(1);
    assertThat(fake.stored(KEY.group(), KEY.stream())).hasSize(4);
  }

  @Test
  void missingStreamFailsWhenCreationIsDisabled() {
    fake.addGroup(KEY.group());
    ExportResult result = sink().export(batchOf(1, "m")).join();
    assertThat(result.isDelivered()).isFalse();
    assertThat(result.failure()).startsWith("log group or stream missing and creation is disabled");
    assertThat(fake.createStreamCalls).hasValue(0);
  }

  @Test
  void provisioningThrottledIsRetriedWithBackoff() {
    fake.createGroupErrors.add(FakeCloudWatchLogs.throttling());
    LogSink sink = sink(config(true, true, null, 4, Duration.ofMinutes(5)), 0.0);

    ExportResult result = sink.export(batchOf(1, "m")).join();

    assertThat(result.isDelivered()).isTrue();
    assertThat(result.throttles()).isEqualTo(1);
    assertThat(fake.createGroupCalls).hasValue(2);
    assertThat(storedMessages()).containsExactly("m0");
  }

  @Test
  void closeFailsQueuedExportsAndLaterOnes() {
    fake.addStream(KEY.group(), KEY.stream());
    CountDownLatch gate = new CountDownLatch(1);
    fake.gate = gate;
    LogSink sink = sink(config(false, false, null, 1, Duration.ofMinutes(5)), 0.0);
    CompletableFuture<ExportResult> onTheWire = sink.export(batchOf(1, "a"));
    CompletableFuture<ExportResult> queued = sink.export(batchOf(1, "b"));
    await().until(() -> fake.inFlight.get() == 1);

    Thread closer = new Thread(sink::close);
    closer.start();
    await().until(queued::isDone);
    assertThat(queued.join().failure()).isEqualTo("sink closed");
    gate.countDown();
    assertThat(onTheWire.join().isDelivered()).isTrue(); // the request on the wire finished normally
    await().until(() -> !closer.isAlive());
    assertThat(sink.export(batchOf(1, "c")).join().failure()).isEqualTo("sink closed");
  }

  @Test
  void healthcheckIsNullWhenFineElseOneLineReason() {
    LogSink sink = sink();
    assertThat(sink.healthcheck()).isNull();

    fake.describeError = FakeCloudWatchLogs.accessDenied();
    assertThat(sink.healthcheck()).startsWith("refused: AccessDeniedException").doesNotContain("\n");

    fake.describeError = SdkClientException.builder().message("Unable to execute HTTP request").cause(new ConnectException("Connection refused")).build();
    assertThat(sink.healthcheck()).startsWith("unreachable or unavailable: connection error").contains("Connection refused");
  }

  @Test
  void exportCompletesEvenWhenAListenerThrows() {
    fake.addStream(KEY.group(), KEY.stream());
    io.logferry.events.ExporterEvents throwing =
        new io.logferry.events.ExporterEvents() {
          @Override
          public void batchSent(StreamKey key, int events, long bytes, long latencyNanos) {
            throw new IllegalStateException("listener bug");
          }
        };
    LogSink sink = CloudWatchSink.create(config(false, false, null, 2, Duration.ofMinutes(1)), throwing, fake, fake, ticker, new FixedRandom(0));
    sinks.add(sink);
    assertThat(sink.export(batchOf(2, "m")).join()).isEqualTo(ExportResult.delivered(2, 0, 0, 0));
  }

  @Test
  void unopenableDeadLetterFileIsAConfigError() {
    CloudWatchSinkConfig bad =
        new CloudWatchSinkConfig("eu-west-1", null, false, false, null, 1, Duration.ofMinutes(1), Duration.ofSeconds(5), dir);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> CloudWatchSink.create(bad, events, fake, fake, ticker, new FixedRandom(0)))
        .isInstanceOf(io.logferry.config.ConfigException.class)
        .hasMessageStartingWith("deadLetterFile:");
  }

  @Test
  void invalidSettingsAreConfigErrors() {
    CloudWatchSinkConfig zeroConcurrency =
        new CloudWatchSinkConfig("eu-west-1", null, false, false, null, 0, Duration.ofMinutes(1), Duration.ofSeconds(5), null);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> CloudWatchSink.create(zeroConcurrency, events))
        .isInstanceOf(io.logferry.config.ConfigException.class)
        .hasMessageStartingWith("maxConcurrency:");
  }

  @Test
  void reportsTheCloudWatchLimits() {
    assertThat(sink().limits()).isEqualTo(CloudWatchLimits.batchLimits());
  }
}
