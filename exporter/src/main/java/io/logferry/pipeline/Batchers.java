package io.logferry.pipeline;

import io.logferry.time.Ticker;
import java.time.Duration;
import java.util.function.Consumer;

/** Builds {@link Batcher}s. */
public final class Batchers {

  private Batchers() {}

  /**
   * A batcher that keeps one open batch per stream and hands batches to {@code output} when the next event would
   * break one of {@code limits}, when a batch has waited {@code flushInterval} since its first event
   * ({@link Batcher#flushExpired()}, measured with {@code ticker}), or on {@link Batcher#flushAll()}.
   */
  public static Batcher create(BatchLimits limits, Duration flushInterval, Ticker ticker, Consumer<Batch> output) {
    return new DefaultBatcher(limits, flushInterval, ticker, output);
  }
}
