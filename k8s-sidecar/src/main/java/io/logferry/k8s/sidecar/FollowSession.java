package io.logferry.k8s.sidecar;

import io.logferry.Exporter;
import io.logferry.cli.ExitCodes;
import io.logferry.cli.Redactor;
import io.logferry.cli.SummaryPrinter;
import io.logferry.runtime.ExporterStatus;
import io.logferry.runtime.RunSummary;
import io.logferry.sink.LogSink;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
import java.util.function.ToIntFunction;
import java.util.logging.Logger;

/**
 * The running {@code follow}: the exporter's thread, its exit code, and the drain on SIGTERM.
 *
 * <p>Two ways to end. (1) The exporter ends on its own (an error such as a held lock): the thread reports it, and
 * {@link FollowCommand}, waiting in {@link #awaitEnd()}, returns its code. (2) Kubernetes sends SIGTERM: the JVM runs
 * its shutdown hooks while the command still waits, and {@link SidecarMain}'s hook calls {@link #shutdown(boolean)},
 * which stops the exporter, waits for its drain (at most the drain deadline plus {@link #JOIN_MARGIN}), logs one line
 * and ends the process with 0 (drained) or 3 (gave up at the deadline). A signal has already fixed the JVM's exit
 * status at 143 by then, so the code is set with {@code halt}, which is safe at that point: the drain is over and the
 * checkpoint written.
 *
 * <p>SIGTERM during start-up (before {@link #start}): {@link #shutdown(boolean)} closes the session first, so a
 * {@link #start} that comes after it refuses to run (the command closes what it opened and returns), and nothing
 * waits on an exporter that will never exist: the process ends with 0, having read nothing.
 */
public final class FollowSession {

  /** Beyond the drain deadline, how long to wait for the exporter's own deadline handling to return. */
  static final Duration JOIN_MARGIN = Duration.ofSeconds(2);

  private static final Logger LOG = Logger.getLogger(FollowSession.class.getName());

  private final IntConsumer requestExit;
  private final IntConsumer haltWith;
  private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
  private volatile Exporter exporter;
  private volatile LogSink sink;
  private volatile Duration drainDeadline = Duration.ZERO;
  private volatile boolean stopRequested;
  private volatile Thread thread;
  private volatile boolean closed;
  /** Completed when the exporter ended on its own; {@link FollowCommand} waits for it. */
  private final CompletableFuture<Integer> ended = new CompletableFuture<>();

  public FollowSession() {
    this(code -> {}, code -> Runtime.getRuntime().halt(code));
  }

  FollowSession(IntConsumer requestExit, IntConsumer haltWith) {
    this.requestExit = requestExit;
    this.haltWith = haltWith;
  }

  /**
   * Starts {@code exporter.follow()} on its own thread, unless the session was already shut down (SIGTERM during
   * start-up).
   *
   * @param onError reports an exception that ended the exporter and returns its exit code
   * @return false when shut down before: the caller closes the exporter and the sink, nothing runs
   */
  public synchronized boolean start(Exporter exporter, LogSink sink, Duration drainDeadline, ToIntFunction<Throwable> onError) {
    if (thread != null) throw new IllegalStateException("already following");
    if (closed) return false;
    this.exporter = exporter;
    this.sink = sink;
    this.drainDeadline = drainDeadline;
    Thread t = new Thread(() -> run(exporter, onError), "logferry-follow");
    // Daemon: the JVM's exit never waits on this thread by accident; onShutdown waits for it explicitly.
    t.setDaemon(true);
    thread = t;
    t.start();
    LOG.info("following; drain deadline " + drainDeadline);
    return true;
  }

  private void run(Exporter exporter, ToIntFunction<Throwable> onError) {
    int code;
    try {
      RunSummary summary = exporter.follow();
      code = drainExitCode(summary);
      LOG.info((stopRequested ? "drained: " : "stopped: ") + SummaryPrinter.human("follow", summary));
    } catch (Throwable t) {
      code = onError.applyAsInt(t);
    } finally {
      exporter.close();
    }
    exitCode.complete(code);
    if (!stopRequested) {
      ended.complete(code);
      requestExit.accept(code);
    }
  }

  /** Waits until the exporter ended on its own (not by {@link #shutdown}) and returns its exit code. */
  int awaitEnd() {
    try {
      return ended.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCodes.FAILURE;
    } catch (ExecutionException e) {
      return ExitCodes.FAILURE;
    }
  }

  /** 0 when everything read was delivered; 3 when the drain deadline cut it short; else as {@link ExitCodes}. */
  static int drainExitCode(RunSummary summary) {
    if (summary.deadlineReached()) return ExitCodes.PARTIAL;
    return ExitCodes.from(summary);
  }

  /**
   * The JVM is shutting down: drains a running exporter and fixes the exit code (see the class comment). Idempotent.
   *
   * @param standard the application returned normally (not a signal): the JVM's exit status is still ours to set
   */
  void shutdown(boolean standard) {
    Thread t;
    synchronized (this) {
      // Closed under the lock that start() takes: either start() ran before (t is set) or it will refuse to run.
      closed = true;
      t = thread;
    }
    if (t == null) {
      if (!standard) haltWith.accept(ExitCodes.OK);
      return;
    }
    if (exitCode.isDone()) return;
    int code = stopAndAwait();
    if (!standard) haltWith.accept(code);
  }

  /** Stops the exporter and waits for its drain; the exit code, or 3 if it did not return in time. */
  int stopAndAwait() {
    stopRequested = true;
    exporter.stop();
    Duration wait = drainDeadline.plus(JOIN_MARGIN);
    try {
      return exitCode.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      sink.abortRetries();
      LOG.warning("gave up draining after " + wait + ": undelivered events stay on disk and are sent after the restart");
      return ExitCodes.PARTIAL;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCodes.PARTIAL;
    } catch (ExecutionException e) {
      LOG.warning("drain failed: " + Redactor.redact(String.valueOf(e.getCause())));
      return ExitCodes.FAILURE;
    }
  }

  /** The exit code once the exporter ended. */
  int exitCode() {
    try {
      return exitCode.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCodes.FAILURE;
    } catch (ExecutionException e) {
      return ExitCodes.FAILURE;
    }
  }

  /** The exporter's live status, once started and while running. */
  public Optional<ExporterStatus> status() {
    Exporter e = exporter;
    return e == null || exitCode.isDone() ? Optional.empty() : Optional.of(e.status());
  }

  public boolean started() {
    return thread != null;
  }

  /** The exporter ended (error or drained). */
  public boolean ended() {
    return exitCode.isDone();
  }

  public Optional<LogSink> sink() {
    return Optional.ofNullable(sink);
  }
}
