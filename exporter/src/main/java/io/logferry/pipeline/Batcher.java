package io.logferry.pipeline;

import io.logferry.events.StreamKey;
import java.util.function.Consumer;

/**
 * Groups events per stream into batches that each fit one request under the sink's {@link BatchLimits}: count, bytes
 * with the per-event overhead, and timestamp span. A batch is handed to the output when the next event would not fit,
 * when it has waited the flush interval, or on {@link #flushAll()}.
 *
 * <p>Built by {@code Batchers.create(BatchLimits, java.time.Duration flushInterval, Ticker, Consumer<Batch> output)}.
 * Not thread-safe: driven by the pipeline thread.
 */
public interface Batcher {

  /** Adds an event; may hand the stream's previous batch to the output first. */
  void add(StreamKey key, LogEvent event);

  /** Hands over batches that have waited at least the flush interval since their first event. */
  void flushExpired();

  /** Hands over every open batch. */
  void flushAll();

  /** Events held in open batches. */
  int pendingEvents();

  /** Convenience for wiring: the output given at creation. */
  Consumer<Batch> output();
}
