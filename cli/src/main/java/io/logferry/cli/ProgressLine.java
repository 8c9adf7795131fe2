package io.logferry.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A progress line for long drains, on a terminal only: after {@link #QUIET_PERIOD} it rewrites one stderr line every
 * second ({@code logferry: read 1.2 GiB, delivered 5,910,402 events (1.1 GiB), 84.3 MiB/s}) and erases it at the end,
 * so that the summary stands alone. Never in a pod (stderr is a pipe or a file there), never with
 * {@code --log-format json}: a log collector would keep every rewrite.
 */
public final class ProgressLine implements AutoCloseable {

  /** Runs shorter than this print no progress at all. */
  static final Duration QUIET_PERIOD = Duration.ofSeconds(2);

  static final Duration PERIOD = Duration.ofSeconds(1);

  /** What was read and delivered so far. */
  public record Progress(long bytesRead, long eventsSent, long bytesSent) {}

  private final PrintWriter err;
  private final Supplier<Progress> progress;
  private final LongSupplier nanoTime;
  private final long startNanos;
  private ScheduledExecutorService timer;
  private int lastLength;
  private boolean closed;

  ProgressLine(PrintWriter err, Supplier<Progress> progress, LongSupplier nanoTime) {
    this.err = err;
    this.progress = progress;
    this.nanoTime = nanoTime;
    this.startNanos = nanoTime.getAsLong();
  }

  /**
   * Starts the line if stderr is a terminal and the format is text; otherwise returns an instance that prints nothing.
   */
  public static ProgressLine start(PrintWriter err, LogFormat format, Supplier<Progress> progress) {
    ProgressLine line = new ProgressLine(err, progress, System::nanoTime);
    if (format == LogFormat.TEXT && stderrIsATerminal()) {
      line.timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "logferry-progress");
        t.setDaemon(true);
        return t;
      });
      line.timer.scheduleAtFixedRate(line::tick, QUIET_PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }
    return line;
  }

  /**
   * Whether file descriptor 2 is a terminal. Java has no isatty; on Linux {@code /proc/self/fd/2} names the device.
   * Elsewhere: no progress line (the safe answer for a log file).
   */
  static boolean stderrIsATerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  /** Rewrites the line (called every {@link #PERIOD} after the quiet period). */
  synchronized void tick() {
    if (closed) return; // a tick that was already running when close() erased the line
    String text = render(progress.get(), nanoTime.getAsLong() - startNanos);
    StringBuilder line = new StringBuilder("\r").append(text);
    for (int i = text.length(); i < lastLength; i++) line.append(' ');
    lastLength = text.length();
    err.print(line);
    err.flush();
  }

  static String render(Progress p, long elapsedNanos) {
    double seconds = Math.max(elapsedNanos / 1e9, 1e-3);
    String rate = bytes((long) (p.bytesRead() / seconds));
    // Sinks that confirm nothing per batch (null, stdout) report no deliveries: say only what was read then.
    if (p.eventsSent() == 0) return String.format(Locale.ROOT, "logferry: read %s, %s/s", bytes(p.bytesRead()), rate);
    return String.format(Locale.ROOT, "logferry: read %s, delivered %,d events (%s), %s/s",
        bytes(p.bytesRead()), p.eventsSent(), bytes(p.bytesSent()), rate);
  }

  static String bytes(long n) {
    if (n < 1024) return n + " B";
    if (n < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
    if (n < 1024L * 1024 * 1024) return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
    return String.format(Locale.ROOT, "%.2f GiB", n / (1024.0 * 1024 * 1024));
  }

  /** Stops and erases the line, if one was printed. Idempotent. */
  @Override
  public synchronized void close() {
    closed = true;
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
    if (lastLength > 0) {
      err.print("\r" + " ".repeat(lastLength) + "\r");
      err.flush();
      lastLength = 0;
    }
  }
}
