package io.logferry.sink.cloudwatch;

import io.logferry.events.ExporterEvents;
import io.logferry.events.StreamKey;
import io.logferry.pipeline.Batch;
import io.logferry.pipeline.LogEvent;
import io.logferry.sink.DeadLetterFile;
import io.logferry.sink.ExportResult;
import io.logferry.sink.cloudwatch.CloudWatchRequestBuilder.PreparedRequest;
import io.logferry.sink.cloudwatch.CloudWatchRetryClassifier.Classification;
import io.logferry.time.Ticker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends batches, one {@code PutLogEvents} each, with retries (Vector's {@code service.rs} and {@code request.rs}).
 *
 * <p>Threads: attempts run on {@code maxConcurrency} worker threads with the SDK's synchronous client, and a
 * semaphore of {@code maxConcurrency} permits bounds the PutLogEvents in flight (several may be in flight for one
 * stream: AWS ignores sequence tokens, so requests of one stream no longer need to be serialized). A batch waiting for
 * its retry holds no thread and no permit: the wait is a task on a scheduler, which hands the attempt back to the
 * workers.
 *
 * <p>Each export is one {@link Call} and completes exactly once ({@link Call#finish}), whichever of success, failure,
 * abort or close comes first.
 */
final class CloudWatchService {

  /** How often one batch may trigger provisioning; a stream that vanishes again right away is an operator problem. */
  static final int MAX_PROVISION_ROUNDS = 2;

  private final PutLogEventsClient client;
  private final CloudWatchRequestBuilder requestBuilder;
  /** Request bodies not in use; at most {@code maxConcurrency} exist, one per request in flight. */
  private final ConcurrentLinkedQueue<PutLogEventsBody> bodies = new ConcurrentLinkedQueue<>();
  private final LogStreamProvisioner provisioner;
  private final CloudWatchRetryClassifier classifier;
  private final DeadLetterFile deadLetters;
  private final ExporterEvents events;
  private final Ticker ticker;
  private final long maxRetryNanos;
  private final Duration closeWait;
  private final Semaphore inFlight;
  private final ThreadPoolExecutor workers;
  private final ScheduledExecutorService scheduler;
  private final Set<Call> active = ConcurrentHashMap.newKeySet();
  private volatile boolean aborted;
  private volatile boolean closed;

  CloudWatchService(
      PutLogEventsClient client,
      CloudWatchRequestBuilder requestBuilder,
      LogStreamProvisioner provisioner,
      CloudWatchRetryClassifier classifier,
      DeadLetterFile deadLetters,
      ExporterEvents events,
      Ticker ticker,
      int maxConcurrency,
      Duration maxRetryDuration,
      Duration closeWait) {
    this.client = client;
    this.requestBuilder = requestBuilder;
    this.provisioner = provisioner;
    this.classifier = classifier;
    this.deadLetters = deadLetters;
    this.events = events;
    this.ticker = ticker;
    this.maxRetryNanos = maxRetryDuration.toNanos();
    this.closeWait = closeWait;
    this.inFlight = new Semaphore(maxConcurrency);
    this.workers =
        new ThreadPoolExecutor(
            maxConcurrency,
            maxConcurrency,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            daemonThreads("logferry-cloudwatch-"));
    workers.allowCoreThreadTimeOut(true);
    ScheduledThreadPoolExecutor retries = new ScheduledThreadPoolExecutor(1, daemonThreads("logferry-cloudwatch-retry-"));
    retries.setRemoveOnCancelPolicy(true);
    this.scheduler = retries;
  }

  CompletableFuture<ExportResult> export(Batch batch) {
    Call call = new Call(batch, ticker.nanoTime());
    active.add(call);
    if (closed) {
      call.fail("sink closed");
    } else {
      call.submit(call::start);
    }
    return call.future;
  }

  /** Waiting retries complete FAILED now; later errors are not retried. Idempotent. */
  void abortRetries() {
    aborted = true; // set before the scan: a call scheduling a retry after this sees it under its own lock
    for (Call call : active) call.abortIfWaiting();
  }

  /** Stops accepting exports, fails queued and waiting ones, and waits a little for requests on the wire. */
  void close() {
    if (closed) return;
    closed = true;
    abortRetries();
    workers.shutdown();
    List<Runnable> queued = new ArrayList<>();
    workers.getQueue().drainTo(queued);
    for (Runnable task : queued) {
      if (task instanceof Attempt) ((Attempt) task).call.fail("sink closed");
    }
    try {
      workers.awaitTermination(closeWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    scheduler.shutdownNow();
    for (Call call : active) call.fail("sink closed");
  }

  /** One attempt, queued on the workers; a named class so that {@link #close} can fail the queued ones. */
  private static final class Attempt implements Runnable {
    final Call call;
    final Runnable body;

    Attempt(Call call, Runnable body) {
      this.call = call;
      this.body = body;
    }

    @Override
    public void run() {
      try {
        body.run();
      } catch (Throwable t) {
        // A bug or an Error: never leave the export hanging. Fatal errors still propagate.
        call.fail("internal error: " + CloudWatchRetryClassifier.describe(t));
        if (t instanceof VirtualMachineError) throw (VirtualMachineError) t;
      }
    }
  }

  /** The state of one export. Touched by one thread at a time (worker, then scheduler, then worker...). */
  private final class Call {
    final Batch batch;
    final StreamKey key;
    final long startNanos;
    final long deadlineNanos;
    final CompletableFuture<ExportResult> future = new CompletableFuture<>();
    final AtomicBoolean done = new AtomicBoolean();
    PreparedRequest prepared;
    int retries;
    int throttles;
    int provisionRounds;
    // Guarded by this: a scheduled retry, and whether it has not started yet.
    ScheduledFuture<?> pending;
    boolean waiting;

    Call(Batch batch, long startNanos) {
      this.batch = batch;
      this.key = batch.key();
      this.startNanos = startNanos;
      this.deadlineNanos = startNanos + maxRetryNanos;
    }

    void submit(Runnable body) {
      try {
        workers.execute(new Attempt(this, body));
      } catch (RejectedExecutionException e) {
        fail("sink closed");
      }
    }

    void start() {
      try {
        prepared = requestBuilder.build(batch, ticker.currentTimeMillis());
      } catch (IllegalArgumentException e) {
        fail("batch breaks CloudWatch limits: " + e.getMessage());
        return;
      }
      if (!prepared.hasEvents()) {
        deliver(Map.of()); // every event refused before sending: all go to the dead-letter file
      } else {
        attempt();
      }
    }

    void attempt() {
      if (done.get()) return;
      long generation = provisioner.generation(key);
      PutLogEventsOutcome outcome = null;
      RuntimeException error = null;
      try {
        inFlight.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted");
        return;
      }
      if (aborted) {
        // Nothing new goes on the wire after an abort: a drain that gave up must not have its checkpoint overtaken
        // by a request it no longer waits for (that request would be accepted and then re-sent by the next run).
        inFlight.release();
        fail("retries aborted before sending");
        return;
      }
      // The body is written under the permit, so at most maxConcurrency bodies exist; a batch waiting for a retry
      // holds none.
      PutLogEventsBody body = bodies.poll();
      if (body == null) body = new PutLogEventsBody();
      long sentNanos = ticker.nanoTime();
      try {
        outcome = client.putLogEvents(body.write(key, prepared.sent()));
      } catch (RuntimeException e) {
        error = e;
      } finally {
        body.release();
        bodies.offer(body);
        inFlight.release();
      }
      events.requestCompleted(key, error == null, ticker.nanoTime() - sentNanos);
      if (error != null) {
        onError(error, generation); // after the permit is back: provisioning may attempt again from here
        return;
      }
      deliver(CloudWatchRequestBuilder.rejected(prepared.sent(), outcome));
    }

    private void onError(RuntimeException error, long generation) {
      Classification c = classifier.classify(error);
      switch (c.kind()) {
        case MISSING_RESOURCE:
          provisionThenRetry(c, generation);
          return;
        case THROTTLED:
        case TRANSIENT:
          scheduleRetry(c);
          return;
        default:
          fail(c.reason());
      }
    }

    private void provisionThenRetry(Classification missing, long generation) {
      if (!provisioner.enabled()) {
        fail("log group or stream missing and creation is disabled: " + missing.reason());
        return;
      }
      if (provisionRounds >= MAX_PROVISION_ROUNDS) {
        fail("log group or stream still missing after creating it: " + missing.reason());
        return;
      }
      provisionRounds++;
      try {
        provisioner.provision(key, generation);
      } catch (RuntimeException e) {
        Classification c = classifier.classify(e);
        if (c.kind().retryable()) {
          scheduleRetry(c);
        } else {
          fail("cannot create log group or stream: " + c.reason());
        }
        return;
      }
      retries++;
      events.batchRetried(key, retries, false, "log group or stream was missing: created it");
      attempt(); // recursion bounded by MAX_PROVISION_ROUNDS
    }

    private void scheduleRetry(Classification c) {
      boolean throttled = c.kind() == CloudWatchRetryClassifier.Kind.THROTTLED;
      if (aborted) {
        fail("retries aborted: " + c.reason());
        return;
      }
      Duration wait = classifier.backoff(retries);
      if (ticker.nanoTime() + wait.toNanos() - deadlineNanos >= 0) {
        fail("gave up after " + retries + " retries (maxRetryDuration reached): " + c.reason());
        return;
      }
      retries++;
      if (throttled) throttles++;
      events.batchRetried(key, retries, throttled, c.reason());
      synchronized (this) {
        // Checked under the lock that abortIfWaiting takes, after it was set: either we see the abort here, or
        // abortIfWaiting sees waiting == true. A retry can never be scheduled past an abort.
        if (aborted) {
          fail("retries aborted: " + c.reason());
          return;
        }
        waiting = true;
        try {
          pending = scheduler.schedule(this::retryNow, wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
          waiting = false;
          fail("sink closed");
        }
      }
    }

    private void retryNow() {
      synchronized (this) {
        if (!waiting) return; // aborted meanwhile
        waiting = false;
        pending = null;
      }
      submit(this::attempt);
    }

    void abortIfWaiting() {
      synchronized (this) {
        if (!waiting) return;
        waiting = false;
        if (pending != null) pending.cancel(false);
        pending = null;
      }
      fail("retries aborted while waiting to retry after " + retries + " retries");
    }

    /** Success: dead-letter what was refused or rejected, durably, then report DELIVERED. */
    private void deliver(Map<String, List<LogEvent>> rejected) {
      Map<String, Integer> deadLettered = new LinkedHashMap<>();
      int rejectedCount = 0;
      try {
        for (Map.Entry<String, List<LogEvent>> e : prepared.refused().entrySet()) {
          deadLetters.append(key, e.getKey(), e.getValue());
          deadLettered.merge(e.getKey(), e.getValue().size(), Integer::sum);
        }
        for (Map.Entry<String, List<LogEvent>> e : rejected.entrySet()) {
          deadLetters.append(key, e.getKey(), e.getValue());
          deadLettered.merge(e.getKey(), e.getValue().size(), Integer::sum);
          rejectedCount += e.getValue().size();
        }
        // The checkpoint may only pass events that are durably somewhere: sync before DELIVERED.
        if (!deadLettered.isEmpty()) deadLetters.sync();
      } catch (IOException e) {
        // The service may have accepted the rest already; FAILED makes the runtime send the batch again later, which
        // can duplicate those events but never loses the ones that are only in this (unwritten) file.
        fail("cannot write the dead-letter file: " + CloudWatchRetryClassifier.describe(e));
        return;
      }
      int accepted = prepared.sent().size() - rejectedCount;
      int deadLetteredTotal = prepared.refusedCount() + rejectedCount;
      if (!done.compareAndSet(false, true)) return;
      active.remove(this);
      try {
        if (prepared.hasEvents()) {
          events.batchSent(key, accepted, acceptedBytes(rejected), ticker.nanoTime() - startNanos);
        }
        deadLettered.forEach((reason, n) -> events.eventsDeadLettered(key, n, reason));
        rejected.forEach((reason, list) -> events.eventsRejected(key, list.size(), reason));
      } finally {
        // Even if a listener throws, the export completes: a future that never completes would stall the drain.
        future.complete(ExportResult.delivered(accepted, deadLetteredTotal, retries, throttles));
      }
    }

    private long acceptedBytes(Map<String, List<LogEvent>> rejected) {
      long bytes = 0;
      for (LogEvent e : prepared.sent()) bytes += e.byteLength() + CloudWatchLimits.PER_EVENT_OVERHEAD_BYTES;
      for (List<LogEvent> list : rejected.values()) {
        for (LogEvent e : list) bytes -= e.byteLength() + CloudWatchLimits.PER_EVENT_OVERHEAD_BYTES;
      }
      return bytes;
    }

    void fail(String reason) {
      if (!done.compareAndSet(false, true)) return;
      active.remove(this);
      try {
        events.batchFailed(key, batch.size(), reason);
      } finally {
        future.complete(ExportResult.failed(reason, retries, throttles));
      }
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
