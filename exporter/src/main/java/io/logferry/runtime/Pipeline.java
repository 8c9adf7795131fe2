package io.logferry.runtime;

import io.logferry.checkpoint.CheckpointWriter;
import io.logferry.checkpoint.Checkpoints;
import io.logferry.checkpoint.OffsetLedger;
import io.logferry.config.ExporterConfig;
import io.logferry.delivery.AckTracker;
import io.logferry.events.ExporterEvents;
import io.logferry.events.StreamKey;
import io.logferry.pipeline.Batch;
import io.logferry.pipeline.BatchLimits;
import io.logferry.pipeline.Batcher;
import io.logferry.pipeline.Batchers;
import io.logferry.pipeline.EventAssembler;
import io.logferry.pipeline.LogEvent;
import io.logferry.sink.ExportResult;
import io.logferry.sink.LogSink;
import io.logferry.source.FileTailer;
import io.logferry.source.LineConsumer;
import io.logferry.source.SourceId;
import io.logferry.source.TailedFile;
import io.logferry.time.Ticker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one pipeline both modes drive: tailer → assembler → batcher → sink, with acknowledgements flowing back to the
 * {@link OffsetLedger} (not to the tailer), which moves the checkpoint entries. Everything but the completion callbacks runs on the single pipeline thread; the callbacks only touch
 * thread-safe state (the ack tracker, the memory budget, counters).
 */
final class Pipeline implements AutoCloseable {

  /** At most this much is read per poll, so the memory budget is overshot by at most one chunk. */
  static final long MAX_READ_CHUNK_BYTES = 4L * 1024 * 1024;

  /** Events this old are reported as at risk: CloudWatch refuses events older than 14 days. */
  static final Duration AT_RISK_AGE = Duration.ofDays(12);

  private final ExporterConfig config;
  private final LogSink sink;
  private final ExporterEvents events;
  private final Ticker ticker;
  private final FileTailer tailer;
  private final Checkpoints checkpoints;
  private final OffsetLedger ledger;
  private final EventAssembler assembler;
  private final Batcher batcher;
  private final AckTracker acks = new AckTracker();
  private final CheckpointWriter writer;
  private final StreamOrder order = new StreamOrder(this::send);
  /** Woken when an acknowledgement moved an offset (or a mode is told to stop), so a sleeping loop commits at once. */
  private final Object activity = new Object();
  private boolean active;
  private final MemoryBudget budget;
  private final int overhead;
  private final long readChunk;
  private final LineCounter counter;
  /** Exactly once across a crash (issue 14): journals what is sent, drops what reconciliation found delivered. */
  private final io.logferry.reconcile.ExactlyOnce exactly;
  /** Pipeline thread: see {@link #forgetJournaled()}. */
  private Map<String, Checkpoints.FileCheckpoint> journalCoverage;
  private long journalCoverageAfter;
  /** Events dropped as delivered and not yet acknowledged as a unit (pipeline thread). */
  private java.util.List<LogEvent> skippedRun;

  // Pipeline-thread counters.
  private long eventsRead;
  /** Bytes of events read since the budget was last told: reserved once per step, not once per event. */
  private long unreserved;
  /** Events with a timestamp before this are at risk; moved once per step, not read from the clock per event. */
  private long atRiskBefore;
  private long eventsAtRisk;
  private long bytesRead;

  // Sink-thread counters.
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong bytesDelivered = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong throttles = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private final AtomicLong failedBatches = new AtomicLong();
  private final AtomicLong undelivered = new AtomicLong();
  private final AtomicLong inFlightEvents = new AtomicLong();
  private final AtomicLong newestDelivered = new AtomicLong();
  private final AtomicLong lastSinkSuccessNanos = new AtomicLong();

  private volatile long lastLoopNanos;
  private volatile long backlogBytes;
  private volatile boolean paused;

  Pipeline(
      ExporterConfig config,
      LogSink sink,
      ExporterEvents events,
      Ticker ticker,
      FileTailer tailer,
      OffsetLedger ledger,
      Inputs inputs) {
    this(config, sink, events, ticker, tailer, ledger, inputs, io.logferry.reconcile.ExactlyOnce.off());
  }

  Pipeline(
      ExporterConfig config,
      LogSink sink,
      ExporterEvents events,
      Ticker ticker,
      FileTailer tailer,
      OffsetLedger ledger,
      Inputs inputs,
      io.logferry.reconcile.ExactlyOnce exactly) {
    this.exactly = exactly;
    this.config = config;
    this.sink = sink;
    this.events = events;
    this.ticker = ticker;
    this.tailer = tailer;
    this.ledger = ledger;
    this.checkpoints = ledger.store();
    BatchLimits limits = sink.limits();
    this.overhead = limits.perEventOverheadBytes();
    this.budget = new MemoryBudget(Math.max(config.bufferBytes(), 2 * limits.maxBytes()));
    this.readChunk = Math.max(64 * 1024, Math.min(MAX_READ_CHUNK_BYTES, budget.limit() / 4));
    this.batcher = Batchers.create(limits, config.flushInterval(), ticker, this::dispatch);
    this.assembler = inputs.assembler(config, limits, this::onEvent, events, ticker);
    this.counter = new LineCounter(assembler);
    this.writer = new CheckpointWriter(ledger, config.checkpointInterval(), ticker);
    this.lastLoopNanos = ticker.nanoTime();
    this.atRiskBefore = ticker.currentTimeMillis() - AT_RISK_AGE.toMillis();
  }

  // --- the pipeline thread ---------------------------------------------------------------------------------

  /**
   * One step: apply acknowledgements, read a chunk, flush what timed out.
   *
   * @return bytes read
   */
  long step() {
    applyAcknowledgements();
    atRiskBefore = ticker.currentTimeMillis() - AT_RISK_AGE.toMillis();
    long read = tailer.poll(counter, readChunk);
    ackSkipped();
    bytesRead += read;
    assembler.flushExpired();
    batcher.flushExpired();
    reserveRead();
    lastLoopNanos = ticker.nanoTime();
    return read;
  }

  /** Tells the budget what was read since the last call (one synchronized call per step instead of per event). */
  private void reserveRead() {
    if (unreserved != 0) {
      budget.reserve(unreserved);
      unreserved = 0;
    }
  }

  /**
   * Backpressure: when the events read and not acknowledged use up the budget, hand over every open batch and wait
   * (at most {@code maxWaitMillis}) for acknowledgements to free room.
   *
   * @return true when there is room to read again
   */
  boolean awaitBudget(long maxWaitMillis) throws InterruptedException {
    reserveRead();
    if (!budget.exhausted()) return true;
    batcher.flushAll();
    if (!paused) {
      paused = true;
      events.readPaused(true);
    }
    long due = commitIfDue();
    long wait = due == Long.MAX_VALUE ? maxWaitMillis : Math.min(maxWaitMillis, Math.max(1, due / 1_000_000));
    boolean room = budget.awaitRoom(wait);
    commitIfDue();
    lastLoopNanos = ticker.nanoTime();
    if (room) {
      paused = false;
      events.readPaused(false);
    }
    return room;
  }

  /** Hands over everything read: unterminated last lines (when asked), open multiline events, open batches. */
  void flushAll(boolean includeUnterminated) {
    if (includeUnterminated) tailer.flushUnterminated(counter);
    assembler.flushAll();
    ackSkipped();
    batcher.flushAll();
    reserveRead();
  }

  /**
   * Waits for acknowledgements until nothing is in flight or the ticker passes {@code deadlineNanos}
   * ({@link Long#MAX_VALUE}: no deadline; the sink's own retry limit still ends every batch).
   */
  boolean awaitAcks(long deadlineNanos) throws InterruptedException {
    while (true) {
      long wait = Math.max(1, Math.min(50, commitIfDue() / 1_000_000));
      if (acks.awaitIdle(wait)) {
        applyAcknowledgements();
        return true;
      }
      applyAcknowledgements();
      lastLoopNanos = ticker.nanoTime();
      if (deadlineNanos != Long.MAX_VALUE && ticker.nanoTime() - deadlineNanos >= 0) return false;
    }
  }

  /**
   * Group commit: applies the acknowledgements that arrived; the {@link CheckpointWriter}'s own thread writes them
   * (the first write at once, then at most one per {@code checkpointInterval}), so the pipeline thread never waits
   * for an fsync. A failed write keeps the previous file (reported as checkpointWriteFailed) and is tried again after
   * the gap: a crash then re-sends more, never less. The final write of a run goes through {@link #writeCheckpoint()},
   * which throws.
   *
   * @return nanoseconds until this thread must call again for a write to happen: always {@link Long#MAX_VALUE} (the
   *     writer needs nothing more from it), kept so loops sleep on one figure
   */
  long commitIfDue() {
    applyAcknowledgements();
    forgetJournaled();
    return Long.MAX_VALUE;
  }

  /**
   * With exactly-once on, the in-flight journal forgets what a durable checkpoint covers. The writer thread writes
   * asynchronously, so the coverage is judged on a copy of the in-memory entries taken here, and applied only once a
   * write that started after the copy has succeeded: the file on disk then covers at least the copy.
   */
  private void forgetJournaled() {
    if (!exactly.on()) return;
    if (journalCoverage != null && writer.durableIndex() > journalCoverageAfter) {
      exactly.checkpointWritten(journalCoverage);
      journalCoverage = null;
    }
    if (journalCoverage == null) {
      journalCoverageAfter = writer.writesStarted();
      journalCoverage = Map.copyOf(checkpoints.all());
    }
  }

  /**
   * Sleeps at most {@code maxMillis}, waking early when an acknowledgement moved an offset (so it reaches the ledger
   * and the checkpoint writer at once) or {@link #wake()} is called.
   */
  void awaitActivity(long maxMillis) throws InterruptedException {
    long due = commitIfDue();
    long millis = due == Long.MAX_VALUE ? maxMillis : Math.min(maxMillis, Math.max(1, due / 1_000_000));
    synchronized (activity) {
      if (!active) activity.wait(Math.max(1, millis));
      active = false;
    }
  }

  /** Ends a pending {@link #awaitActivity} (an acknowledgement, or a stop request). */
  void wake() {
    synchronized (activity) {
      active = true;
      activity.notifyAll();
    }
  }

  /**
   * Feeds the offsets delivery moved to the ledger, which moves the checkpoint entries (pipeline thread only: the
   * ledger may release a file the tailer read to its end, and the tailer is not thread-safe).
   */
  void applyAcknowledgements() {
    Map<SourceId, Long> moved = acks.drainMoved();
    if (moved.isEmpty()) return;
    for (Map.Entry<SourceId, Long> e : moved.entrySet()) {
      ledger.acknowledged(e.getKey().fileKey(), e.getKey().generation(), e.getValue());
    }
    writer.changed();
  }

  /** Writes the checkpoint durably (the checkpoint store reports checkpointWritten / checkpointWriteFailed). */
  void writeCheckpoint() {
    applyAcknowledgements();
    writer.writeNow();
    exactly.checkpointWritten();
    journalCoverage = null;
  }

  void refreshBacklog() {
    long backlog = 0;
    for (TailedFile f : tailer.files()) {
      backlog += Math.max(0, f.size() - committedOffset(f));
    }
    backlogBytes = backlog;
  }

  private long committedOffset(TailedFile f) {
    Checkpoints.FileCheckpoint cp = checkpoints.get(f.source().fileKey());
    return cp == null || cp.generation() != f.source().generation() ? 0 : cp.offset();
  }

  boolean caughtUp() {
    return tailer.caughtUp();
  }

  void snapshot() {
    tailer.snapshot();
  }

  private void onEvent(StreamKey key, LogEvent event) {
    if (exactly.skipping() && skipDelivered(key, event)) return;
    eventsRead++;
    if (event.timestamp() < atRiskBefore) eventsAtRisk++;
    unreserved += event.byteLength() + (long) overhead;
    batcher.add(key, event);
  }

  /**
   * Drops an event reconciliation found delivered. The dropped events of a run are acknowledged as one unit, registered
   * after every batch cut before them (hence the flush when a run starts) and before any batch cut after them (hence
   * {@link #ackSkipped} when the run ends): the ack tracker moves a file's checkpoint past them only once everything
   * before them is acknowledged too, as for a batch that was sent.
   */
  private boolean skipDelivered(StreamKey key, LogEvent event) {
    if (!exactly.delivered(event)) {
      ackSkipped();
      return false;
    }
    if (skippedRun == null) {
      batcher.flushAll();
      skippedRun = new java.util.ArrayList<>();
    }
    skippedRun.add(event);
    return true;
  }

  /** Acknowledges the run of dropped events, if any (see {@link #skipDelivered}). */
  private void ackSkipped() {
    java.util.List<LogEvent> run = skippedRun;
    if (run == null) return;
    skippedRun = null;
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (LogEvent e : run) {
      min = Math.min(min, e.timestamp());
      max = Math.max(max, e.timestamp());
    }
    Batch delivered = new Batch(null, run, 0, min, max);
    if (!acks.complete(acks.register(delivered), true).isEmpty()) wake();
  }

  private void dispatch(Batch batch) {
    exactly.dispatched(batch);
    AckTracker.Ticket ticket = acks.register(batch);
    inFlightEvents.addAndGet(batch.size());
    long started = ticker.nanoTime();
    order.submit(batch, r -> onCompleted(batch, ticket, r, started));
  }

  /** Hands one request to the sink; {@link StreamOrder} decides when. */
  private void send(Batch part, java.util.function.Consumer<ExportResult> done) {
    exactly.send(part, () -> sink.export(part)
        .whenComplete(
            (result, error) ->
                done.accept(error != null ? ExportResult.failed(String.valueOf(error.getMessage()), 0, 0) : result)));
  }

  // --- sink threads ----------------------------------------------------------------------------------------

  private void onCompleted(Batch batch, AckTracker.Ticket ticket, ExportResult r, long startedNanos) {
    try {
      inFlightEvents.addAndGet(-batch.size());
      requests.incrementAndGet();
      retries.addAndGet(r.retries());
      throttles.addAndGet(r.throttles());
      if (r.isDelivered()) {
        delivered.addAndGet(r.accepted());
        deadLettered.addAndGet(r.deadLettered());
        if (r.accepted() > 0) {
          bytesDelivered.addAndGet(batch.bytes() - (long) overhead * batch.size());
          newestDelivered.accumulateAndGet(batch.maxTimestamp(), Math::max);
          lastSinkSuccessNanos.set(ticker.nanoTime());
        }
      } else {
        // The sink reported batchFailed itself, with its reason; here only the run's counters move.
        failedBatches.incrementAndGet();
        undelivered.addAndGet(batch.size());
      }
      exactly.completed(batch);
      if (!acks.complete(ticket, r.isDelivered()).isEmpty()) wake();
    } finally {
      budget.release(batch.bytes());
    }
  }

  // --- results ---------------------------------------------------------------------------------------------

  RunSummary summary(boolean deadlineReached, Duration elapsed) {
    return new RunSummary(
        tailer.files().size(),
        counter.lines,
        bytesRead,
        eventsRead,
        delivered.get(),
        bytesDelivered.get(),
        requests.get(),
        retries.get(),
        throttles.get(),
        deadLettered.get(),
        failedBatches.get(),
        undelivered.get() + inFlightEvents.get() + batcher.pendingEvents(),
        deadlineReached,
        eventsAtRisk,
        elapsed);
  }

  ExporterStatus status() {
    return new ExporterStatus(
        backlogBytes,
        writer.lastWrittenMillis(),
        newestDelivered.get(),
        lastLoopNanos,
        lastSinkSuccessNanos.get(),
        budget.used(),
        paused);
  }

  LogSink sink() {
    return sink;
  }

  @Override
  public void close() {
    try {
      tailer.close();
    } finally {
      writer.close();
    }
  }

  /** Counts lines on their way to the assembler (pieces of a long line count once, at its last piece). */
  private static final class LineCounter implements LineConsumer {
    private final EventAssembler next;
    long lines;

    LineCounter(EventAssembler next) {
      this.next = next;
    }

    @Override
    public void onLine(
        SourceId source, Path path, byte[] buf, int off, int len, long startOffset, long endOffset, boolean complete) {
      if (complete) lines++;
      next.onLine(source, path, buf, off, len, startOffset, endOffset, complete);
    }

    @Override
    public void onSourceEnd(SourceId source, Path path) {
      next.onSourceEnd(source, path);
    }
  }
}
