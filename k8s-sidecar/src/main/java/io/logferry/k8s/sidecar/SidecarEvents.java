package io.logferry.k8s.sidecar;

import io.logferry.ExporterEvents;
import io.logferry.cli.Redactor;
import io.logferry.pipeline.StreamKey;
import io.logferry.runtime.ExporterStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The core's events as Prometheus metrics and log lines. Meters are created once (the calls come from hot paths);
 * Micrometer's Prometheus registry adds {@code _total} to counters and {@code _seconds} to timers, so
 * {@code logferry.lines.read} is exported as {@code logferry_lines_read_total}. Gauges read
 * {@link FollowSession#status()} when scraped.
 *
 * <p>Times are exported as Unix timestamps ({@code logferry_last_batch_sent_timestamp_seconds}), not as ages: an age
 * computed here grows on a quiet app that has nothing to send and alerts falsely, while
 * {@code time() - logferry_last_batch_sent_timestamp_seconds > 300 and logferry_backlog_bytes > 0} says "has data,
 * delivers nothing" in PromQL.
 *
 * <p>Log levels: file changes INFO, retries DEBUG, failures and dead letters WARN. No argument carries a credential,
 * and reasons pass through {@link Redactor} anyway.
 */
@Singleton
public class SidecarEvents implements ExporterEvents {

  private static final Logger LOG = Logger.getLogger(SidecarEvents.class);

  /**
   * PutLogEvents latency buckets: a healthy request to CloudWatch takes tens of milliseconds, a large one a few hundred;
   * the request timeout is 30 s by default.
   */
  static final Duration[] LATENCY_BUCKETS = {
    Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
    Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
    Duration.ofSeconds(10), Duration.ofSeconds(30)
  };

  private final MeterRegistry registry;
  private final Counter linesRead;
  private final Counter bytesRead;
  private final Counter eventsSent;
  private final Counter bytesSent;
  private final Counter requestsSent;
  private final Counter requestsFailed;
  private final Counter retries;
  private final Counter throttles;
  private final Counter oversizedLines;
  private final Counter renamed;
  private final Counter truncated;
  private final Timer putOk;
  private final Timer putError;
  private final AtomicInteger filesTailed = new AtomicInteger();
  private final AtomicLong lastBatchSentMillis = new AtomicLong();

  public SidecarEvents(
      MeterRegistry registry,
      FollowSession session,
      @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version) {
    this.registry = registry;
    linesRead = Counter.builder("logferry.lines.read").description("Lines read from log files").register(registry);
    bytesRead = Counter.builder("logferry.bytes.read").description("Bytes read from log files").register(registry);
    eventsSent = Counter.builder("logferry.events.sent").description("Events CloudWatch accepted").register(registry);
    bytesSent = Counter.builder("logferry.bytes.sent").description("Message bytes CloudWatch accepted").register(registry);
    requestsSent =
        Counter.builder("logferry.requests").tag("outcome", "delivered").description("Batches completed").register(registry);
    requestsFailed =
        Counter.builder("logferry.requests").tag("outcome", "failed").description("Batches completed").register(registry);
    retries = Counter.builder("logferry.retries").description("Requests sent again after a retryable error").register(registry);
    throttles = Counter.builder("logferry.throttles").description("Retries caused by throttling").register(registry);
    oversizedLines =
        Counter.builder("logferry.lines.oversized").description("Lines longer than one event, split or truncated").register(registry);
    renamed = rotations("rename");
    truncated = rotations("copytruncate");
    putOk = putLatency("ok");
    putError = putLatency("error");
    Gauge.builder("logferry.files.tailed", filesTailed, AtomicInteger::get)
        .description("Files currently tailed (rotated files still being read included)")
        .register(registry);
    Gauge.builder("logferry.last.batch.sent.timestamp.seconds", lastBatchSentMillis, t -> t.get() == 0 ? Double.NaN : t.get() / 1000.0)
        .description("Unix time at which the sink last accepted a batch")
        .register(registry);
    Gauge.builder("logferry.build.info", () -> 1)
        .description("The running logferry: version and Java runtime, value 1")
        .tag("version", version)
        .tag("java", System.getProperty("java.runtime.version", "unknown"))
        .register(registry);

    gauge(session, "logferry.backlog.bytes", "Bytes of tailed files not yet acknowledged", ExporterStatus::backlogBytes);
    gauge(session, "logferry.last.checkpoint.timestamp.seconds", "Unix time at which the last checkpoint was written",
        s -> s.lastCheckpointMillis() == 0 ? Double.NaN : s.lastCheckpointMillis() / 1000.0);
    gauge(session, "logferry.newest.delivered.event.timestamp.seconds",
        "Timestamp (Unix time) of the newest event the sink accepted: time() minus it is the delivery lag while data flows",
        s -> s.newestDeliveredTimestamp() == 0 ? Double.NaN : s.newestDeliveredTimestamp() / 1000.0);
    gauge(session, "logferry.read.paused", "1 while reading is paused by backpressure", s -> s.readPaused() ? 1 : 0);
  }

  private Counter rotations(String kind) {
    return Counter.builder("logferry.rotations")
        .tag("kind", kind)
        .description("Rotations seen: rename (the file moved away from its path) or copytruncate (the file shrank)")
        .register(registry);
  }

  private Timer putLatency(String outcome) {
    return Timer.builder("logferry.put.log.events")
        .tag("outcome", outcome)
        .description("Latency of one PutLogEvents request (each retry is a request of its own)")
        .serviceLevelObjectives(LATENCY_BUCKETS)
        .register(registry);
  }

  private void gauge(FollowSession session, String name, String description, ToDoubleFunction<ExporterStatus> value) {
    Gauge.builder(name, session, s -> s.status().map(value::applyAsDouble).orElse(Double.NaN))
        .description(description)
        .register(registry);
  }

  @Override
  public void fileAdded(Path path, String fileKey, long startOffset) {
    filesTailed.incrementAndGet();
    LOG.infof("file added %s at offset %d", path, startOffset);
  }

  @Override
  public void fileRotated(Path oldPath, Path newPath, String fileKey) {
    renamed.increment();
    LOG.infof("file rotated %s -> %s", oldPath, newPath);
  }

  @Override
  public void fileTruncated(Path path, String fileKey, long previousOffset) {
    truncated.increment();
    LOG.infof("file truncated %s (was at offset %d), reading from 0", path, previousOffset);
  }

  @Override
  public void fileRemoved(Path path, String fileKey) {
    filesTailed.decrementAndGet();
    LOG.infof("file removed %s", path);
  }

  @Override
  public void fileReadFailed(Path path, String reason) {
    LOG.warnf("cannot read %s: %s", path, Redactor.redact(reason));
  }

  @Override
  public void linesRead(Path path, long lines, long bytes) {
    linesRead.increment(lines);
    bytesRead.increment(bytes);
  }

  @Override
  public void lineOversized(Path path, long lineBytes, int pieces) {
    oversizedLines.increment();
    LOG.debugf("line of %d bytes in %s %s", lineBytes, path, pieces == 1 ? "truncated" : "split into " + pieces + " events");
  }

  @Override
  public void readPaused(boolean paused) {
    if (paused) LOG.debug("reading paused: the buffer budget is used up (--buffer-bytes)");
    else LOG.debug("reading resumed");
  }

  @Override
  public void batchSent(StreamKey key, int events, long bytes, long latencyNanos) {
    requestsSent.increment();
    lastBatchSentMillis.set(System.currentTimeMillis());
    eventsSent.increment(events);
    bytesSent.increment(bytes);
  }

  @Override
  public void batchRetried(StreamKey key, int attempt, boolean throttled, String reason) {
    retries.increment();
    if (throttled) throttles.increment();
    LOG.debugf("retry %d for %s/%s: %s", attempt, key.group(), key.stream(), Redactor.redact(reason));
  }

  @Override
  public void batchFailed(StreamKey key, int events, String reason) {
    requestsFailed.increment();
    LOG.warnf("gave up on %d events for %s/%s (they stay on disk and are read again): %s",
        events, key.group(), key.stream(), Redactor.redact(reason));
  }

  @Override
  public void requestCompleted(StreamKey key, boolean succeeded, long latencyNanos) {
    (succeeded ? putOk : putError).record(latencyNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void eventsDeadLettered(StreamKey key, int events, String reason) {
    // Every event written to the dead-letter file: refused before sending (outside CloudWatch's accepted time range)
    // or rejected by CloudWatch (those are counted in logferry_rejected_events_total as well).
    registry.counter("logferry.dead.lettered.events", "reason", reason).increment(events);
    LOG.warnf("%d events for %s/%s dead-lettered: %s", events, key.group(), key.stream(), reason);
  }

  @Override
  public void eventsRejected(StreamKey key, int events, String reason) {
    registry.counter("logferry.rejected.events", "reason", reason).increment(events);
  }

  @Override
  public void checkpointWriteFailed(String reason) {
    LOG.warnf("checkpoint not written (the previous one stays): %s", Redactor.redact(reason));
  }
}
