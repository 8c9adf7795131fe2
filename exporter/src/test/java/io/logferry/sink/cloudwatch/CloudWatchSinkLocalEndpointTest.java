package io.logferry.sink.cloudwatch;

import static io.logferry.testing.SinkBatches.batch;
import static io.logferry.testing.SinkBatches.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.endpoint.Faults;
import io.logferry.endpoint.LocalCloudWatchLogs;
import io.logferry.endpoint.Options;
import io.logferry.endpoint.RecordedEvent;
import io.logferry.events.StreamKey;
import io.logferry.pipeline.Batch;
import io.logferry.pipeline.LogEvent;
import io.logferry.sink.ExportResult;
import io.logferry.sink.LogSink;
import io.logferry.testing.DeadLetterLines;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real sink (public factory, SDK client over url-connection, default credentials chain) against the project's
 * strict local endpoint: its limits are AWS's, so full-size batches prove ours are right; its injected faults
 * (throttling, 5xx, dropped connections) prove retries, with exact attempt counts; its TLS proves the trust option.
 */
@org.junit.jupiter.api.extension.ExtendWith(io.logferry.testing.AwsTestCredentials.class)
class CloudWatchSinkLocalEndpointTest {

  private static final StreamKey KEY = new StreamKey("/logferry/local", "pod-a/app");

  @TempDir Path dir;
  private LocalCloudWatchLogs endpoint;
  private final RecordingEvents events = new RecordingEvents();
  private final List<LogSink> sinks = new ArrayList<>();



  @AfterEach
  void stop() {
    sinks.forEach(LogSink::close);
    if (endpoint != null) endpoint.close();
  }

  private LocalCloudWatchLogs start(Options options) throws Exception {
    endpoint = LocalCloudWatchLogs.start(options);
    return endpoint;
  }

  private LogSink sink(Duration maxRetry, TrustManager[] trust) {
    CloudWatchSinkConfig config =
        new CloudWatchSinkConfig(
            "us-east-1", endpoint.endpoint(), true, true, null, 4, maxRetry, Duration.ofSeconds(10), dir.resolve("dlq.jsonl"));
    LogSink sink = CloudWatchSink.create(config, events, trust);
    sinks.add(sink);
    return sink;
  }

  private static List<Batch> batches(int count, int size) {
    long now = System.currentTimeMillis();
    List<Batch> out = new ArrayList<>();
    for (int b = 0; b < count; b++) {
      List<LogEvent> list = new ArrayList<>();
      for (int i = 0; i < size; i++) list.add(event(now - 60_000 + b, "batch " + b + " line " + i));
      out.add(batch(KEY, list));
    }
    return out;
  }

  private static List<ExportResult> shipAll(LogSink sink, List<Batch> batches) {
    List<CompletableFuture<ExportResult>> futures = new ArrayList<>();
    for (Batch b : batches) futures.add(sink.export(b));
    return futures.stream().map(CompletableFuture::join).toList();
  }

  private void assertStoredExactlyOnce(List<Batch> batches) {
    List<String> stored = endpoint.events(KEY.group(), KEY.stream()).stream().map(RecordedEvent::message).toList();
    List<String> sent = batches.stream().flatMap(b -> b.events().stream()).map(LogEvent::message).toList();
    assertThat(stored).containsExactlyInAnyOrderElementsOf(sent);
  }

  private static int retries(List<ExportResult> results) {
    return results.stream().mapToInt(ExportResult::retries).sum();
  }

  @Test
  void throttledRequestsAreRetriedUntilEverythingIsStoredOnce() throws Exception {
    start(Options.defaults().withFaults(Faults.NONE.withThrottleRatio(0.4)).withSeed(7));
    endpoint.createLogStream(KEY.group(), KEY.stream());
    List<Batch> batches = batches(20, 50);

    List<ExportResult> results = shipAll(sink(Duration.ofMinutes(2), null), batches);

    assertThat(results).allMatch(ExportResult::isDelivered);
    assertStoredExactlyOnce(batches);
    long throttled = endpoint.stats().injected("throttle");
    assertThat(throttled).isPositive();
    assertThat(results.stream().mapToInt(ExportResult::throttles).sum()).isEqualTo((int) throttled);
    // Every PutLogEvents on the wire is one the sink counted: no hidden SDK retries.
    assertThat(endpoint.stats().requests("PutLogEvents")).isEqualTo(batches.size() + retries(results));
  }

  @Test
  void serverErrorsAndDroppedConnectionsAreRetried() throws Exception {
    start(Options.defaults().withFaults(Faults.NONE.withErrorRatio(0.25).withDropRatio(0.2)).withSeed(11));
    endpoint.createLogStream(KEY.group(), KEY.stream());
    List<Batch> batches = batches(20, 20);

    List<ExportResult> results = shipAll(sink(Duration.ofMinutes(2), null), batches);

    assertThat(results).allMatch(ExportResult::isDelivered);
    assertStoredExactlyOnce(batches);
    assertThat(endpoint.stats().injected("serverError")).isPositive();
    assertThat(endpoint.stats().injected("drop")).isPositive();
    assertThat(endpoint.stats().requests("PutLogEvents")).isEqualTo(batches.size() + retries(results));
    assertThat(events.retried).anyMatch(r -> r.contains("connection error"));
  }

  @Test
  void fullSizeBatchesPassTheStrictLimits() throws Exception {
    start(Options.defaults());
    endpoint.createLogStream(KEY.group(), KEY.stream());
    long now = System.currentTimeMillis();
    List<LogEvent> tenThousand = new ArrayList<>();
    for (int i = 0; i < CloudWatchLimits.MAX_EVENTS_PER_REQUEST; i++) {
      tenThousand.add(event(now - 10_000 + i / 1000, "x".repeat(78)));
    } // 10,000 * (78 + 26) = 1,040,000 bytes
    String largest = "é".repeat(1000) + "y".repeat(CloudWatchLimits.MAX_MESSAGE_BYTES - 2000);
    List<Batch> batches = List.of(batch(KEY, tenThousand), batch(KEY, List.of(event(now, largest))));

    List<ExportResult> results = shipAll(sink(Duration.ofSeconds(30), null), batches);

    assertThat(results).extracting(ExportResult::accepted).containsExactly(10_000, 1);
    assertThat(endpoint.events(KEY.group(), KEY.stream())).hasSize(10_001);
    assertThat(endpoint.stats().rejectedRequestsByReason()).isEmpty(); // not one request over a limit
  }

  @Test
  void missingGroupAndStreamAreCreatedOnDemand() throws Exception {
    start(Options.defaults());
    List<Batch> batches = batches(6, 5);

    List<ExportResult> results = shipAll(sink(Duration.ofSeconds(30), null), batches);

    assertThat(results).allMatch(ExportResult::isDelivered);
    assertStoredExactlyOnce(batches);
    assertThat(endpoint.stats().requests("CreateLogGroup")).isBetween(1L, 4L); // at most one per concurrent first put
    assertThat(endpoint.stats().requests("CreateLogStream")).isBetween(1L, 4L);
  }

  @Test
  void eventsTheEndpointRejectsAreDeadLetteredByIndex() throws Exception {
    long now = System.currentTimeMillis();
    // The endpoint's clock runs 14 days minus 90 minutes ahead: to it, our event of 2 hours ago is too old.
    Instant endpointNow = Instant.ofEpochMilli(now + Duration.ofDays(14).minusMinutes(90).toMillis());
    start(Options.defaults().withClock(Clock.fixed(endpointNow, ZoneOffset.UTC)));
    endpoint.createLogStream(KEY.group(), KEY.stream());
    Batch b = batch(KEY, List.of(event(now - 3_600_000, "one hour"), event(now - 7_200_000, "two hours"), event(now, "now")));

    ExportResult result = sink(Duration.ofSeconds(30), null).export(b).join();

    assertThat(result).isEqualTo(ExportResult.delivered(2, 1, 0, 0));
    assertThat(endpoint.events(KEY.group(), KEY.stream())).extracting(RecordedEvent::message).containsExactly("one hour", "now");
    assertThat(DeadLetterLines.read(dir.resolve("dlq.jsonl")))
        .singleElement()
        .satisfies(m -> assertThat(m).containsEntry("reason", "too_old").containsEntry("message", "two hours"));
  }

  @Test
  void tlsEndpointIsTrustedOnlyWithItsTrustMaterial() throws Exception {
    start(Options.defaults().withTls(true));
    endpoint.createLogStream(KEY.group(), KEY.stream());
    Batch b = batches(1, 3).get(0);

    ExportResult untrusted = sink(Duration.ZERO, null).export(b).join();
    assertThat(untrusted.isDelivered()).isFalse();

    ExportResult trusted = sink(Duration.ofSeconds(30), endpoint.tls().orElseThrow().trustManagers()).export(b).join();
    assertThat(trusted).isEqualTo(ExportResult.delivered(3, 0, 0, 0));
    assertStoredExactlyOnce(List.of(b));
  }

  @Test
  void healthcheckReportsADownEndpoint() throws Exception {
    start(Options.defaults());
    LogSink sink = sink(Duration.ZERO, null);
    assertThat(sink.healthcheck()).isNull();
    endpoint.setFaults(Faults.NONE.withDown(true));
    assertThat(sink.healthcheck()).startsWith("unreachable or unavailable");
  }
}
