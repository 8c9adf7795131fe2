package io.logferry.sink;

import io.logferry.pipeline.Batch;
import io.logferry.pipeline.BatchLimits;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * Accepts everything and keeps only counts: for benchmarks, where it measures everything but the send. It reports the
 * limits it is given; callers that want the pipeline to batch exactly as it would for CloudWatch pass
 * {@code CloudWatchLimits.batchLimits()}. The choice is theirs, so that the sink SPI depends on no implementation.
 */
public final class NullSink implements LogSink {

  private final BatchLimits limits;
  private final LongAdder batches = new LongAdder();
  private final LongAdder events = new LongAdder();
  private final LongAdder bytes = new LongAdder();

  private NullSink(BatchLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
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
