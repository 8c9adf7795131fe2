package io.logferry.runtime;

import io.logferry.checkpoint.Checkpointer;
import io.logferry.checkpoint.Checkpoints;
import io.logferry.checkpoint.ExporterLock;
import io.logferry.checkpoint.OffsetLedger;
import io.logferry.config.ExporterConfig;
import io.logferry.events.ExporterEvents;
import io.logferry.sink.LogSink;
import io.logferry.source.FileTailer;
import io.logferry.time.Ticker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Internal: wires one run of either mode and owns its resources (lock, tailer, sink). Not for public use; call
 * {@link io.logferry.Exporter}.
 */
public final class Runtime implements AutoCloseable {

  private final ExporterConfig config;
  private final LogSink sink;
  private final ExporterEvents events;
  private final Ticker ticker;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean stopRequested;
  private volatile FollowMode follow;
  private volatile Pipeline pipeline;

  public Runtime(ExporterConfig config, LogSink sink, ExporterEvents events, Ticker ticker) {
    this.config = config;
    this.sink = sink;
    this.events = events;
    this.ticker = ticker;
  }

  public RunSummary runOnce() {
    return run(false);
  }

  public RunSummary follow() {
    return run(true);
  }

  private RunSummary run(boolean followMode) {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("an Exporter runs once; create a new one for another run");
    }
    createCheckpointDir();
    try (ExporterLock lock = ExporterLock.acquire(config.checkpointDir())) {
      Checkpoints checkpoints = Checkpointer.open(config.checkpointDir(), events, ticker);
      Inputs inputs = new Inputs(config.effectiveInputs(), events);
      inputs.applyStartPositions(checkpoints, events, ticker);
      // Before the reader starts: reconcile what the previous run left in flight (when the sink can read back).
      io.logferry.reconcile.ExactlyOnce exactly =
          sink.streamReader()
              .map(r -> io.logferry.reconcile.ExactlyOnce.start(config.checkpointDir(), checkpoints, r, events, ticker))
              .orElse(io.logferry.reconcile.ExactlyOnce.off());
      OffsetLedger ledger = new OffsetLedger(checkpoints, ticker);
      FileTailer tailer = inputs.tailer(config, ledger, events, ticker);
      try (exactly;
          Pipeline p = new Pipeline(config, sink, events, ticker, tailer, ledger, inputs, exactly)) {
        pipeline = p;
        if (!followMode) return RunOnceMode.run(p, config, ticker);
        FollowMode mode = new FollowMode(p, config, ticker);
        follow = mode;
        if (stopRequested) mode.stop();
        return mode.run();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running", e);
    }
  }

  private void createCheckpointDir() {
    try {
      Files.createDirectories(config.checkpointDir());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create the checkpoint directory " + config.checkpointDir() + ": " + e.getMessage(), e);
    }
  }

  public void stop() {
    stopRequested = true;
    FollowMode mode = follow;
    if (mode != null) mode.stop();
  }

  public ExporterStatus status() {
    Pipeline p = pipeline;
    return p == null ? new ExporterStatus(0, 0, 0, 0, 0, 0, false) : p.status();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      stop();
      sink.close();
    }
  }
}
