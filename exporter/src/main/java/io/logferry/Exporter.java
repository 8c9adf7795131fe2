package io.logferry;

import io.logferry.runtime.ExporterStatus;
import io.logferry.runtime.RunSummary;
import io.logferry.sink.LogSink;
import io.logferry.time.Ticker;

/**
 * The public facade of the core: one pipeline, two modes.
 *
 * <ul>
 *   <li>{@link #runOnce()}: snapshot the matched files and their sizes, ship up to there, wait for every
 *       acknowledgement, write the checkpoint, return the summary (the CronJob).
 *   <li>{@link #follow()}: tail until {@link #stop()}, then read to the current end of every file, ship and
 *       checkpoint within the drain deadline (the sidecar).
 * </ul>
 *
 * A checkpoint moves only past events the sink acknowledged.
 */
public final class Exporter implements AutoCloseable {

  private final ExporterConfig config;
  private final LogSink sink;
  private final ExporterEvents events;
  private final Ticker ticker;

  private Exporter(ExporterConfig config, LogSink sink, ExporterEvents events, Ticker ticker) {
    this.config = config;
    this.sink = sink;
    this.events = events;
    this.ticker = ticker;
  }

  public static Exporter create(ExporterConfig config, LogSink sink, ExporterEvents events) {
    return create(config, sink, events, Ticker.system());
  }

  public static Exporter create(ExporterConfig config, LogSink sink, ExporterEvents events, Ticker ticker) {
    return new Exporter(config, sink, events, ticker);
  }

  /**
   * @throws LockHeldException another exporter holds the checkpoint directory's lock
   * @throws CheckpointException the checkpoint is corrupt or cannot be written
   */
  public RunSummary runOnce() {
    throw new UnsupportedOperationException("runtime not implemented yet");
  }

  /** Blocks until {@link #stop()}, then drains. Same exceptions as {@link #runOnce()}. */
  public RunSummary follow() {
    throw new UnsupportedOperationException("runtime not implemented yet");
  }

  /** Asks a running {@link #follow()} to drain and return. Idempotent and thread-safe. */
  public void stop() {}

  public ExporterStatus status() {
    return new ExporterStatus(0, 0, 0, 0, 0, 0, false);
  }

  @Override
  public void close() {
    sink.close();
  }
}
