package io.logferry.cli;

import io.logferry.events.ExporterEvents;
import io.logferry.events.StreamKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The run-once command's view of the core's events: problems on stderr (the first {@value #MAX_WARNINGS}, so that a
 * failing run does not flood the Job's log), retries with their cause at any verbosity (one line per distinct cause,
 * rate-limited), file changes too with {@code --verbose}, the first failure reason kept for the final message, and
 * the files that could not be read (for the exit code).
 */
public final class ConsoleEvents implements ExporterEvents {

  static final int MAX_WARNINGS = 20;

  /** A cause of retries is printed when first seen, then at most once per this interval (with the retries since). */
  static final long RETRY_CAUSE_INTERVAL_NANOS = 30_000_000_000L;

  /** Distinct retry causes remembered; more are counted under the last one printed (bounded memory). */
  static final int MAX_RETRY_CAUSES = 50;

  private final PrintWriter err;
  private final boolean verbose;
  private final LogFormat format;
  private final AtomicInteger warnings = new AtomicInteger();
  private final AtomicReference<String> firstFailure = new AtomicReference<>();
  private final LongSupplier nanoTime;
  /** Retry cause -> [nano time last printed, retries not printed since]; guarded by itself. */
  private final Map<String, long[]> retryCauses = new HashMap<>();
  /** Matched files that could not be read, with the first reason; guarded by itself. */
  private final Map<Path, String> unreadable = new LinkedHashMap<>();
  private final AtomicLong bytesRead = new AtomicLong();
  private final AtomicLong eventsSent = new AtomicLong();
  private final AtomicLong bytesSent = new AtomicLong();

  public ConsoleEvents(PrintWriter err, boolean verbose) {
    this(err, verbose, LogFormat.TEXT);
  }

  public ConsoleEvents(PrintWriter err, boolean verbose, LogFormat format) {
    this(err, verbose, format, System::nanoTime);
  }

  ConsoleEvents(PrintWriter err, boolean verbose, LongSupplier nanoTime) {
    this(err, verbose, LogFormat.TEXT, nanoTime);
  }

  ConsoleEvents(PrintWriter err, boolean verbose, LogFormat format, LongSupplier nanoTime) {
    this.err = err;
    this.verbose = verbose;
    this.format = format;
    this.nanoTime = nanoTime;
  }

  /** Paths that failed to read (open, identity, read) during the run, each with its first reason. */
  public Map<Path, String> unreadableFiles() {
    synchronized (unreadable) {
      return new LinkedHashMap<>(unreadable);
    }
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
    synchronized (unreadable) {
      unreadable.putIfAbsent(path, reason);
    }
    warn("cannot read " + path + ": " + reason);
  }

  /**
   * One line per distinct cause (the classifier's one-line reason), when first seen and then at most every
   * {@link #RETRY_CAUSE_INTERVAL_NANOS} with the number of retries since: a run that retries says why at once,
   * without a line per attempt.
   */
  @Override
  public void batchRetried(StreamKey key, int attempt, boolean throttled, String reason) {
    long now = nanoTime.getAsLong();
    long suppressed;
    synchronized (retryCauses) {
      long[] state = retryCauses.get(reason);
      if (state == null) {
        if (retryCauses.size() >= MAX_RETRY_CAUSES) return;
        retryCauses.put(reason, new long[] {now, 0});
        suppressed = -1;
      } else if (now - state[0] >= RETRY_CAUSE_INTERVAL_NANOS) {
        suppressed = state[1];
        state[0] = now;
        state[1] = 0;
      } else {
        state[1]++;
        return;
      }
    }
    String what = throttled ? "throttled, retrying: " : "retrying: ";
    print("WARN", what + reason + (suppressed > 0 ? " (" + suppressed + " more retries for this cause since the last report)" : ""));
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
