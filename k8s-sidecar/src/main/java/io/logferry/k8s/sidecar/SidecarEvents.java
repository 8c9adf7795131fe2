package io.logferry.k8s.sidecar;

import io.logferry.ExporterEvents;
import io.logferry.cli.Redactor;
import io.logferry.pipeline.StreamKey;
import io.logferry.runtime.ExporterStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.function.ToDoubleFunction;
import org.jboss.logging.Logger;

/**
 * The core's events as Prometheus metrics and log lines. Counters are created once (the calls come from hot paths);
 * Micrometer's Prometheus registry adds {@code _total} to counters, so {@code logferry.lines.read} is exported as
 * {@code logferry_lines_read_total}. Gauges read {@link FollowSession#status()} when scraped. Log levels: file
 * changes INFO, retries DEBUG, failures and dead letters WARN. No argument carries a credential, and reasons pass
 * through {@link Redactor} anyway.
 */
@Singleton
public class SidecarEvents implements ExporterEvents {

  private static final Logger LOG = Logger.getLogger(SidecarEvents.class);

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

  public SidecarEvents(MeterRegistry registry, FollowSession session) {
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

    gauge(session, "logferry.backlog.bytes", "Bytes of tailed files not yet acknowledged", ExporterStatus::backlogBytes);
    gauge(session, "logferry.checkpoint.age.seconds", "Seconds since the last checkpoint was written",
        s -> s.lastCheckpointMillis() == 0 ? Double.NaN : (System.currentTimeMillis() - s.lastCheckpointMillis()) / 1000.0);
    gauge(session, "logferry.freshness.lag.seconds", "Seconds between now and the newest delivered event's timestamp",
        s -> s.newestDeliveredTimestamp() == 0 ? Double.NaN : (System.currentTimeMillis() - s.newestDeliveredTimestamp()) / 1000.0);
    gauge(session, "logferry.read.paused", "1 while reading is paused by backpressure", s -> s.readPaused() ? 1 : 0);
  }

  private void gauge(FollowSession session, String name, String description, ToDoubleFunction<ExporterStatus> value) {
    Gauge.builder(name, session, s -> s.status().map(value::applyAsDouble).orElse(Double.NaN))
        .description(description)
        .register(registry);
  }

  @Override
  public void fileAdded(Path path, String fileKey, long startOffset) {
    LOG.infof("file added %s at offset %d", path, startOffset);
  }

  @Override
  public void fileRotated(Path oldPath, Path newPath, String fileKey) {
    LOG.infof("file rotated %s -> %s", oldPath, newPath);
  }

  @Override
  public void fileTruncated(Path path, String fileKey, long previousOffset) {
    LOG.infof("file truncated %s (was at offset %d), reading from 0", path, previousOffset);
  }

  @Override
  public void fileRemoved(Path path, String fileKey) {
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
  public void eventsDeadLettered(StreamKey key, int events, String reason) {
    // The core reports events CloudWatch rejected and events refused before sending (outside its accepted time
    // range) the same way, by reason; both are counted as rejected and as dead-lettered.
    registry.counter("logferry.rejected.events", "reason", reason).increment(events);
    registry.counter("logferry.dead.lettered.events", "reason", reason).increment(events);
    LOG.warnf("%d events for %s/%s dead-lettered: %s", events, key.group(), key.stream(), reason);
  }

  @Override
  public void checkpointWriteFailed(String reason) {
    LOG.warnf("checkpoint not written (the previous one stays): %s", Redactor.redact(reason));
  }
}
