package io.logferry;

import io.logferry.checkpoint.CheckpointException;
import io.logferry.checkpoint.LockHeldException;
import io.logferry.config.ConfigException;
import io.logferry.config.ExporterConfig;
import io.logferry.events.ExporterEvents;
import io.logferry.runtime.ExporterStatus;
import io.logferry.runtime.RunSummary;
import io.logferry.runtime.Runtime;
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
 * A checkpoint moves only past events the sink acknowledged. One exporter runs one mode once; the sink is closed
 * with the exporter.
 */
public final class Exporter implements AutoCloseable {

  private final Runtime runtime;

  private Exporter(Runtime runtime) {
    this.runtime = runtime;
  }

  /** @throws ConfigException when the configuration is invalid */
  public static Exporter create(ExporterConfig config, LogSink sink, ExporterEvents events) {
    return create(config, sink, events, Ticker.system());
  }

  /** @throws ConfigException when the configuration is invalid */
  public static Exporter create(ExporterConfig config, LogSink sink, ExporterEvents events, Ticker ticker) {
    ConfigValidator.validate(config, sink.limits(), System::getenv);
    return new Exporter(new Runtime(config, sink, events, ticker));
  }

  /**
   * @throws LockHeldException another exporter holds the checkpoint directory's lock
   * @throws CheckpointException the checkpoint is corrupt or cannot be written
   */
  public RunSummary runOnce() {
    return runtime.runOnce();
  }

  /** Blocks until {@link #stop()}, then drains. Same exceptions as {@link #runOnce()}. */
  public RunSummary follow() {
    return runtime.follow();
  }

  /** Asks a running {@link #follow()} to drain and return. Idempotent and thread-safe; may come before follow(). */
  public void stop() {
    runtime.stop();
  }

  /** A live view for health and metrics; all zero before a run starts. */
  public ExporterStatus status() {
    return runtime.status();
  }

  /** Closes the sink. Idempotent. */
  @Override
  public void close() {
    runtime.close();
  }
}
