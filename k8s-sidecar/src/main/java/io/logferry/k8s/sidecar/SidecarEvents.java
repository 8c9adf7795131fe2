package io.logferry.k8s.sidecar;

import io.logferry.cli.Redactor;
import io.logferry.events.ExporterEvents;
import io.logferry.events.StreamKey;
import io.logferry.runtime.ExporterStatus;
import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.GaugeMetricFamily;
import io.prometheus.client.Histogram;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import java.util.logging.Logger;

/**
 * The core's events as Prometheus metrics and log lines. Meters are created once (the calls come from hot paths), in
 * the Prometheus client's own registry (no metrics facade: the sidecar's footprint is its class count), and scraped
 * in the text format 0.0.4. Counters are exported with {@code _total} and the PutLogEvents latency histogram in
 * seconds, so {@code logferry_lines_read} is {@code logferry_lines_read_total}. Gauges read
 * {@link FollowSession#status()} when scraped. The client's {@code _created} series are left out of the scrape.
 *
 * <p>Times are exported as Unix timestamps ({@code logferry_last_batch_sent_timestamp_seconds}), not as ages: an age
 * computed here grows on a quiet app that has nothing to send and alerts falsely, while
 * {@code time() - logferry_last_batch_sent_timestamp_seconds > 300 and logferry_backlog_bytes > 0} says "has data,
 * delivers nothing" in PromQL.
 *
 * <p>Log levels: file changes INFO, retries FINE (debug), failures and dead letters WARNING. No argument carries a
 * credential, and reasons pass through {@link Redactor} anyway.
 */
public final class SidecarEvents implements ExporterEvents {

  private static final Logger LOG = Logger.getLogger(SidecarEvents.class.getName());

  /**
   * PutLogEvents latency buckets in seconds: a healthy request to CloudWatch takes tens of milliseconds, a large one a
   * few hundred; the request timeout is 30 s by default.
   */
  static final double[] LATENCY_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

  private final CollectorRegistry registry = new CollectorRegistry(true);
  private final Counter.Child linesRead;
  private final Counter.Child bytesRead;
  private final Counter.Child eventsSent;
  private final Counter.Child bytesSent;
  private final Counter.Child requestsSent;
  private final Counter.Child requestsFailed;
  private final Counter.Child retries;
  private final Counter.Child throttles;
  private final Counter.Child oversizedLines;
  private final Counter.Child renamed;
  private final Counter.Child truncated;
  private final Histogram.Child putOk;
  private final Histogram.Child putError;
  private final Counter deadLettered;
  private final Counter rejected;
  private final AtomicInteger filesTailed = new AtomicInteger();
  private final AtomicLong lastBatchSentMillis = new AtomicLong();

  /** @param version the running logferry's version ({@code logferry_build_info}) */
  public SidecarEvents(FollowSession session, String version) {
    linesRead = counter("logferry_lines_read", "Lines read from log files");
    bytesRead = counter("logferry_bytes_read", "Bytes read from log files");
    eventsSent = counter("logferry_events_sent", "Events CloudWatch accepted");
    bytesSent = counter("logferry_bytes_sent", "Message bytes CloudWatch accepted");
    Counter requests = Counter.build("logferry_requests", "Batches completed").labelNames("outcome").register(registry);
    requestsSent = requests.labels("delivered");
    requestsFailed = requests.labels("failed");
    retries = counter("logferry_retries", "Requests sent again after a retryable error");
    throttles = counter("logferry_throttles", "Retries caused by throttling");
    oversizedLines = counter("logferry_lines_oversized", "Lines longer than one event, split or truncated");
    Counter rotations =
        Counter.build("logferry_rotations",
                "Rotations seen: rename (the file moved away from its path) or copytruncate (the file shrank)")
            .labelNames("kind")
            .register(registry);
    renamed = rotations.labels("rename");
    truncated = rotations.labels("copytruncate");
    Histogram put =
        Histogram.build("logferry_put_log_events_seconds", "Latency of one PutLogEvents request (each retry is a request of its own)")
            .labelNames("outcome")
            .buckets(LATENCY_BUCKETS)
            .register(registry);
    putOk = put.labels("ok");
    putError = put.labels("error");
    deadLettered = Counter.build("logferry_dead_lettered_events", "Events written to the dead-letter file")
        .labelNames("reason").register(registry);
    rejected = Counter.build("logferry_rejected_events", "Events CloudWatch rejected").labelNames("reason").register(registry);

    List<Gauge> gauges = new ArrayList<>();
    gauges.add(new Gauge("logferry_files_tailed", "Files currently tailed (rotated files still being read included)",
        () -> filesTailed.get()));
    gauges.add(new Gauge("logferry_last_batch_sent_timestamp_seconds", "Unix time at which the sink last accepted a batch",
        () -> lastBatchSentMillis.get() == 0 ? Double.NaN : lastBatchSentMillis.get() / 1000.0));
    gauges.add(status(session, "logferry_backlog_bytes", "Bytes of tailed files not yet acknowledged", ExporterStatus::backlogBytes));
    gauges.add(status(session, "logferry_last_checkpoint_timestamp_seconds", "Unix time at which the last checkpoint was written",
        s -> s.lastCheckpointMillis() == 0 ? Double.NaN : s.lastCheckpointMillis() / 1000.0));
    gauges.add(status(session, "logferry_newest_delivered_event_timestamp_seconds",
        "Timestamp (Unix time) of the newest event the sink accepted: time() minus it is the delivery lag while data flows",
        s -> s.newestDeliveredTimestamp() == 0 ? Double.NaN : s.newestDeliveredTimestamp() / 1000.0));
    gauges.add(status(session, "logferry_read_paused", "1 while reading is paused by backpressure", s -> s.readPaused() ? 1 : 0));
    String java = System.getProperty("java.runtime.version", "unknown");
    new GaugesCollector(gauges, version, java).register(registry);
  }

  /** The scrape, in Prometheus' text format 0.0.4. */
  byte[] scrape() {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(4096);
    try (Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
      TextFormat.write004(w, registry.filteredMetricFamilySamples(name -> !name.endsWith("_created")));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return out.toByteArray();
  }

  private Counter.Child counter(String name, String help) {
    return Counter.build(name, help).register(registry).labels();
  }

  private static Gauge status(FollowSession session, String name, String help, ToDoubleFunction<ExporterStatus> value) {
    return new Gauge(name, help, () -> session.status().map(value::applyAsDouble).orElse(Double.NaN));
  }

  /** A gauge read when scraped. */
  record Gauge(String name, String help, java.util.function.DoubleSupplier value) {}

  /** The gauges read at scrape time, and {@code logferry_build_info} (value 1, version and Java runtime as labels). */
  static final class GaugesCollector extends Collector {
    private final List<Gauge> gauges;
    private final String version;
    private final String java;

    GaugesCollector(List<Gauge> gauges, String version, String java) {
      this.gauges = List.copyOf(gauges);
      this.version = version;
      this.java = java;
    }

    @Override
    public List<MetricFamilySamples> collect() {
      List<MetricFamilySamples> out = new ArrayList<>(gauges.size() + 1);
      for (Gauge g : gauges) out.add(new GaugeMetricFamily(g.name(), g.help(), g.value().getAsDouble()));
      GaugeMetricFamily info =
          new GaugeMetricFamily("logferry_build_info", "The running logferry: version and Java runtime, value 1", List.of("java", "version"));
      info.addMetric(List.of(java, version), 1);
      out.add(info);
      return out;
    }
  }

  @Override
  public void fileAdded(Path path, String fileKey, long startOffset) {
    filesTailed.incrementAndGet();
    LOG.info("file added " + path + " at offset " + startOffset);
  }

  @Override
  public void fileRotated(Path oldPath, Path newPath, String fileKey) {
    renamed.inc();
    LOG.info("file rotated " + oldPath + " -> " + newPath);
  }

  @Override
  public void fileTruncated(Path path, String fileKey, long previousOffset) {
    truncated.inc();
    LOG.info("file truncated " + path + " (was at offset " + previousOffset + "), reading from 0");
  }

  @Override
  public void fileRemoved(Path path, String fileKey) {
    filesTailed.decrementAndGet();
    LOG.info("file removed " + path);
  }

  @Override
  public void fileReadFailed(Path path, String reason) {
    LOG.warning("cannot read " + path + ": " + Redactor.redact(reason));
  }

  @Override
  public void linesRead(Path path, long lines, long bytes) {
    linesRead.inc(lines);
    bytesRead.inc(bytes);
  }

  @Override
  public void lineOversized(Path path, long lineBytes, int pieces) {
    oversizedLines.inc();
    LOG.fine(() -> "line of " + lineBytes + " bytes in " + path + " " + (pieces == 1 ? "truncated" : "split into " + pieces + " events"));
  }

  @Override
  public void readPaused(boolean paused) {
    LOG.fine(paused ? "reading paused: the buffer budget is used up (--buffer-bytes)" : "reading resumed");
  }

  @Override
  public void batchSent(StreamKey key, int events, long bytes, long latencyNanos) {
    requestsSent.inc();
    lastBatchSentMillis.set(System.currentTimeMillis());
    eventsSent.inc(events);
    bytesSent.inc(bytes);
  }

  @Override
  public void batchRetried(StreamKey key, int attempt, boolean throttled, String reason) {
    retries.inc();
    if (throttled) throttles.inc();
    LOG.fine(() -> "retry " + attempt + " for " + key.group() + "/" + key.stream() + ": " + Redactor.redact(reason));
  }

  @Override
  public void batchFailed(StreamKey key, int events, String reason) {
    requestsFailed.inc();
    LOG.warning("gave up on " + events + " events for " + key.group() + "/" + key.stream()
        + " (they stay on disk and are read again): " + Redactor.redact(reason));
  }

  @Override
  public void requestCompleted(StreamKey key, boolean succeeded, long latencyNanos) {
    (succeeded ? putOk : putError).observe(latencyNanos / 1e9);
  }

  @Override
  public void eventsDeadLettered(StreamKey key, int events, String reason) {
    // Every event written to the dead-letter file: refused before sending (outside CloudWatch's accepted time range)
    // or rejected by CloudWatch (those are counted in logferry_rejected_events_total as well).
    deadLettered.labels(reason).inc(events);
    LOG.warning(events + " events for " + key.group() + "/" + key.stream() + " dead-lettered: " + reason);
  }

  @Override
  public void eventsRejected(StreamKey key, int events, String reason) {
    rejected.labels(reason).inc(events);
  }

  @Override
  public void checkpointWriteFailed(String reason) {
    LOG.warning("checkpoint not written (the previous one stays): " + Redactor.redact(reason));
  }
}
