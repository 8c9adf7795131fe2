package io.logferry.runtime;

import io.logferry.config.ExporterConfig;
import io.logferry.time.Ticker;
import java.time.Duration;

/**
 * The CronJob's run: the {@link Drain} sequence from the start (snapshot the files and their sizes, ship up to there,
 * wait for every acknowledgement, write the checkpoint). With a time budget ({@code maxDuration}), reading stops early enough that flushing, waiting for the
 * acknowledgements and writing the checkpoint still fit; the next run continues exactly where this one stopped.
 *
 * <p>The checkpoint is also written as acknowledgements advance while the run reads and waits (group commit: the
 * first write as soon as the first batch is acknowledged, then at most one per {@code checkpointInterval}): a run
 * killed midway (a CronJob's {@code activeDeadlineSeconds}, an OOM kill, a node drain) is then re-sent by the next
 * run only for the requests that were in flight and those acknowledged since the last write. A write that fails
 * keeps the previous file (the run goes on); the final write's failure ends the run with a
 * {@link io.logferry.checkpoint.CheckpointException}.
 */
final class RunOnceMode {

  private RunOnceMode() {}

  static RunSummary run(Pipeline pipeline, ExporterConfig config, Ticker ticker) throws InterruptedException {
    long start = ticker.nanoTime();
    Duration budget = config.maxDuration();
    return Drain.run(pipeline, config, ticker, start, budget == null ? null : Drain.Deadlines.of(start, budget));
  }
}
