package io.logferry.sink;

import io.logferry.pipeline.Batch;
import io.logferry.pipeline.BatchLimits;
import java.util.concurrent.CompletableFuture;

/**
 * Where batches go (the shape of OpenTelemetry's {@code LogRecordExporter}). Implementations are thread-safe: the
 * runtime calls {@link #export} from its pipeline thread with several batches in flight at once, across streams and
 * within one stream.
 */
public interface LogSink extends AutoCloseable {

  /** What one batch may hold; the pipeline never hands over a batch outside these limits. */
  BatchLimits limits();

  /**
   * Ships one batch as one request (retried as a whole when the error is retryable, never split). The future
   * completes with the final answer, and never exceptionally.
   */
  CompletableFuture<ExportResult> export(Batch batch);

  /**
   * Answers whether the destination is reachable and usable now (readiness). Never throws.
   *
   * @return {@code null} when healthy, else a one-line reason
   */
  String healthcheck();

  /**
   * Stops retrying and sending: exports waiting for a retry, or for their turn to send, complete {@code FAILED} at
   * once, and so do exports started later; requests already on the wire may still complete either way. Called when
   * a drain deadline is reached. Idempotent.
   */
  void abortRetries();

  /**
   * How to read this sink's streams back, when it can and reconciliation is turned on; empty otherwise (the default).
   * The reader is owned by the sink and closed with it.
   */
  default java.util.Optional<StreamReader> streamReader() {
    return java.util.Optional.empty();
  }

  /** Releases resources. Idempotent; exports still pending complete {@code FAILED}. */
  @Override
  void close();
}
