package io.logferry.sink;

import io.logferry.pipeline.Batch;
import io.logferry.pipeline.BatchLimits;
import io.logferry.sink.cloudwatch.CloudWatchLimits;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * Accepts everything and keeps only counts: for benchmarks, where it measures everything but the send. It reports the
 * CloudWatch limits by default, so that the pipeline batches exactly as it would for CloudWatch.
 */
public final class NullSink implements LogSink {

  private final BatchLimits limits;
  private final LongAdder batches = new LongAdder();
  private final LongAdder events = new LongAdder();
  private final LongAdder bytes = new LongAdder();

  private NullSink(BatchLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  public static NullSink create() {
    return new NullSink(CloudWatchLimits.batchLimits());
  }

  public static NullSink create(BatchLimits limits) {
    return new NullSink(limits);
  }

  @Override
  public BatchLimits limits() {
    return limits;
  }

  @Override
  public CompletableFuture<ExportResult> export(Batch batch) {
    batches.increment();
    events.add(batch.size());
    bytes.add(batch.bytes());
    return CompletableFuture.completedFuture(ExportResult.delivered(batch.size(), 0, 0, 0));
  }

  /** Batches exported so far. */
  public long batches() {
    return batches.sum();
  }

  /** Events exported so far. */
  public long events() {
    return events.sum();
  }

  /** Bytes exported so far, as the limits count them ({@link Batch#bytes()}: message bytes plus overhead). */
  public long bytes() {
    return bytes.sum();
  }

  @Override
  public String healthcheck() {
    return null;
  }

  @Override
  public void abortRetries() {}

  @Override
  public void close() {}
}
