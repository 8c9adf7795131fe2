package io.logferry.cli;

import io.logferry.ExporterEvents;
import io.logferry.pipeline.StreamKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The run-once command's view of the core's events: problems on stderr (the first {@value #MAX_WARNINGS}, so that a
 * failing run does not flood the Job's log), file changes too with {@code --verbose}, and the first failure reason
 * kept for the final message.
 */
public final class ConsoleEvents implements ExporterEvents {

  static final int MAX_WARNINGS = 20;

  private final PrintWriter err;
  private final boolean verbose;
  private final LogFormat format;
  private final AtomicInteger warnings = new AtomicInteger();
  private final AtomicReference<String> firstFailure = new AtomicReference<>();
  private final AtomicLong bytesRead = new AtomicLong();
  private final AtomicLong eventsSent = new AtomicLong();
  private final AtomicLong bytesSent = new AtomicLong();

  public ConsoleEvents(PrintWriter err, boolean verbose) {
    this(err, verbose, LogFormat.TEXT);
  }

  public ConsoleEvents(PrintWriter err, boolean verbose, LogFormat format) {
    this.err = err;
    this.verbose = verbose;
    this.format = format;
  }

  /** What was read and delivered so far, for {@link ProgressLine}. */
  public ProgressLine.Progress progress() {
    return new ProgressLine.Progress(bytesRead.get(), eventsSent.get(), bytesSent.get());
  }

  @Override
  public void linesRead(Path path, long lines, long bytes) {
    bytesRead.addAndGet(bytes);
  }

  @Override
  public void batchSent(StreamKey key, int events, long bytes, long latencyNanos) {
    eventsSent.addAndGet(events);
    bytesSent.addAndGet(bytes);
  }

  /** The first reason a batch failed, if any did. */
  public String firstFailure() {
    return firstFailure.get();
  }

  @Override
  public void fileAdded(Path path, String fileKey, long startOffset) {
    if (verbose) print("INFO", "file added " + path + " at offset " + startOffset);
  }

  @Override
  public void fileRotated(Path oldPath, Path newPath, String fileKey) {
    if (verbose) print("INFO", "file rotated " + oldPath + " -> " + newPath);
  }

  @Override
  public void fileTruncated(Path path, String fileKey, long previousOffset) {
    if (verbose) print("INFO", "file truncated " + path + " (was at offset " + previousOffset + "), reading from 0");
  }

  @Override
  public void fileReadFailed(Path path, String reason) {
    warn("cannot read " + path + ": " + reason);
  }

  @Override
  public void batchFailed(StreamKey key, int events, String reason) {
    firstFailure.compareAndSet(null, reason);
    warn("gave up on " + events + " events for " + key.group() + "/" + key.stream() + ": " + reason);
  }

  @Override
  public void eventsDeadLettered(StreamKey key, int events, String reason) {
    warn(events + " events for " + key.group() + "/" + key.stream() + " dead-lettered: " + reason);
  }

  @Override
  public void checkpointWriteFailed(String reason) {
    warn("checkpoint not written: " + reason);
  }

  private void warn(String line) {
    int n = warnings.incrementAndGet();
    if (n <= MAX_WARNINGS) print("WARN", line);
    else if (n == MAX_WARNINGS + 1) print("WARN", "further warnings suppressed (see the summary)");
  }

  private void print(String level, String line) {
    synchronized (err) {
      err.println(format.line(Instant.now(), level, "logferry.run-once", Redactor.redact(line), null));
      err.flush();
    }
  }
}
