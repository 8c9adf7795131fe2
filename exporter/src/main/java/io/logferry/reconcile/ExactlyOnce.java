package io.logferry.reconcile;

import io.logferry.checkpoint.Checkpoints;
import io.logferry.events.ExporterEvents;
import io.logferry.events.StreamKey;
import io.logferry.pipeline.Batch;
import io.logferry.pipeline.LogEvent;
import io.logferry.sink.StreamReader;
import io.logferry.source.SourceId;
import io.logferry.time.Ticker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the runtime calls for exactly-once delivery across a crash: at start, reconcile the previous run's journal
 * and hand the pipeline the {@link DeliveredRanges} to drop; while running, journal each batch and request before it
 * is sent and forget them once the checkpoint covers them. {@link #off()} does nothing (at-least-once).
 *
 * <p>Threads: {@link #dispatched}, {@link #delivered} and {@link #checkpointWritten} run on the pipeline thread;
 * {@link #send} and {@link #completed} also on sink threads (StreamOrder releases held parts there).
 */
public final class ExactlyOnce implements AutoCloseable {

  private static final ExactlyOnce OFF = new ExactlyOnce(null, null, DeliveredRanges.none(), Reconciler.Result.NONE);

  private final InFlightJournal journal;
  private final Checkpoints checkpoints;
  private final DeliveredRanges ranges;
  private final Reconciler.Result result;
  /** Pipeline thread: commit offset of the last event dispatched per file (where the next batch's range starts). */
  private final Map<SourceId, Long> dispatchedTo = new HashMap<>();
  /** Batches handed over and not completed, with their journal id, to find the batch of a part. */
  private final Map<Batch, Long> open = new IdentityHashMap<>();
  /** The ranges each open batch was journaled with (for the ranges of its parts). */
  private final Map<Batch, List<SourceRange>> openRanges = new IdentityHashMap<>();

  private ExactlyOnce(
      InFlightJournal journal, Checkpoints checkpoints, DeliveredRanges ranges, Reconciler.Result result) {
    this.journal = journal;
    this.checkpoints = checkpoints;
    this.ranges = ranges;
    this.result = result;
  }

  public static ExactlyOnce off() {
    return OFF;
  }

  /**
   * Reconciles what the previous run left in {@code dir}'s journal (the entries the checkpoint does not cover: after
   * a clean stop there are none, and nothing is read back), then starts a fresh journal.
   */
  public static ExactlyOnce start(
      Path dir, Checkpoints checkpoints, StreamReader reader, ExporterEvents events, Ticker ticker) {
    List<JournaledBatch> open = new ArrayList<>();
    for (JournaledBatch b : InFlightJournal.read(dir)) {
      if (!b.sources().stream().allMatch(r -> covered(checkpoints, r))) open.add(b);
    }
    Reconciler.Result result =
        open.isEmpty() ? Reconciler.Result.NONE : new Reconciler(reader, ticker).reconcile(open);
    if (!open.isEmpty()) events.batchesReconciled(result.delivered().size(), result.resent().size(),
        result.eventsSkipped(), result.toString());
    DeliveredRanges ranges = new DeliveredRanges(result.ranges(), s -> readStart(checkpoints, s));
    InFlightJournal journal = InFlightJournal.start(dir, events::inFlightJournalFailed);
    return new ExactlyOnce(journal, checkpoints, ranges, result);
  }

  /** What reconciliation decided at start ({@link Reconciler.Result#NONE} when there was nothing to decide). */
  public Reconciler.Result result() {
    return result;
  }

  /** Events dropped so far because reconciliation found them delivered. */
  public long skipped() {
    return ranges.dropped();
  }

  /** Whether the restarted reader still has events to drop (else the pipeline skips the check). */
  public boolean skipping() {
    return !ranges.isEmpty();
  }

  /** Pipeline thread, per event while {@link #skipping()}: true when the event was delivered before the crash. */
  public boolean delivered(LogEvent e) {
    return ranges.delivered(e);
  }

  /** Pipeline thread: a batch is handed over, before any of its requests is sent. */
  public void dispatched(Batch batch) {
    if (journal == null) return;
    Map<SourceId, SourceRange> byFile = new LinkedHashMap<>(4);
    for (LogEvent e : batch.events()) {
      SourceId s = e.source();
      if (s == null) continue;
      SourceRange r = byFile.get(s);
      long c = e.commitOffset();
      if (r == null) {
        long lo = dispatchedTo.computeIfAbsent(s, k -> readStart(checkpoints, k));
        r = new SourceRange(s.fileKey(), s.generation(), lo, c, 1);
      } else {
        r = new SourceRange(r.fileKey(), r.generation(), r.lo(), c, c == r.hi() ? r.hiCount() + 1 : 1);
      }
      byFile.put(s, r);
    }
    for (SourceRange r : byFile.values()) dispatchedTo.put(r.source(), r.hi());
    long id = journal.begin(batch.key(), batch.size(), List.copyOf(byFile.values()));
    synchronized (open) {
      open.put(batch, id);
      openRanges.put(batch, List.copyOf(byFile.values()));
    }
  }

  /** Any thread: one request of a dispatched batch goes out; {@code send} runs once it is journaled durably. */
  public void send(Batch part, Runnable send) {
    if (journal == null) {
      send.run();
      return;
    }
    Batch batch = batchOf(part);
    if (batch == null) {
      send.run(); // not ours (cannot happen: every part comes from a dispatched batch); sent at-least-once
      return;
    }
    long id;
    List<SourceRange> ranges;
    synchronized (open) {
      id = open.get(batch);
      ranges = batch == part ? List.of() : partRanges(batch, openRanges.get(batch), part);
    }
    journal.send(id, JournaledPart.of(part, ranges), send);
  }

  /** Any thread: the batch's final answer arrived. */
  public void completed(Batch batch) {
    if (journal == null) return;
    synchronized (open) {
      open.remove(batch);
      openRanges.remove(batch);
    }
  }

  /**
   * Pipeline thread, right after a checkpoint write made on this thread (the in-memory checkpoint is then exactly what
   * is on disk: only this thread moves it): forget what it covers.
   */
  public void checkpointWritten() {
    if (journal == null) return;
    journal.checkpointed(r -> covered(checkpoints::get, r));
  }

  /**
   * Any thread: a checkpoint holding at least {@code durable} is on disk (a copy of the in-memory entries taken before
   * a write that has since completed, as the checkpoint writer's own thread writes): forget what that copy covers.
   * Offsets only move forward, so what the copy covers the file on disk covers too.
   */
  public void checkpointWritten(Map<String, Checkpoints.FileCheckpoint> durable) {
    if (journal == null) return;
    journal.checkpointed(r -> covered(durable::get, r));
  }

  /** Whether a journal is kept (exactly-once on). */
  public boolean on() {
    return journal != null;
  }

  /** The journal (null when off), for tests and the benchmark. */
  InFlightJournal journal() {
    return journal;
  }

  @Override
  public void close() {
    if (journal != null) journal.close();
  }

  private Batch batchOf(Batch part) {
    synchronized (open) {
      if (open.containsKey(part)) return part;
      // A part StreamOrder cut from a batch holds some of that batch's event objects: find the batch holding its first.
      LogEvent first = part.events().get(0);
      StreamKey key = part.key();
      for (Map.Entry<Batch, Long> e : open.entrySet()) {
        if (!e.getKey().key().equals(key)) continue;
        for (LogEvent x : e.getKey().events()) {
          if (x == first) return e.getKey();
        }
      }
      return null;
    }
  }

  /**
   * The offset ranges of a part StreamOrder cut from {@code batch}, or none when a file's events in the part are not
   * consecutive in the batch's read order (then only the whole batch can be skipped). StreamOrder cuts by timestamp
   * (the part holds the batch's events within its own timestamp range, the other part's range is disjoint), so
   * membership is a timestamp test; with timestamps that do not go backwards within a file, each file's events in a
   * part are consecutive.
   */
  static List<SourceRange> partRanges(Batch batch, List<SourceRange> batchRanges, Batch part) {
    Map<SourceId, SourceRange> out = new LinkedHashMap<>(4);
    Map<SourceId, Long> previous = new HashMap<>(4); // the file's last commit offset before the current event
    Map<SourceId, Boolean> closed = new HashMap<>(4); // the file's run in the part has ended
    for (SourceRange r : batchRanges) previous.put(r.source(), r.lo());
    for (LogEvent e : batch.events()) {
      SourceId s = e.source();
      if (s == null) continue;
      boolean in = e.timestamp() >= part.minTimestamp() && e.timestamp() <= part.maxTimestamp();
      long c = e.commitOffset();
      SourceRange r = out.get(s);
      if (in) {
        if (Boolean.TRUE.equals(closed.get(s))) return List.of(); // in, out, in again: not consecutive
        r = r == null
            ? new SourceRange(s.fileKey(), s.generation(), previous.getOrDefault(s, 0L), c, 1)
            : new SourceRange(r.fileKey(), r.generation(), r.lo(), c, c == r.hi() ? r.hiCount() + 1 : 1);
        out.put(s, r);
      } else if (r != null) {
        closed.put(s, true);
      }
      previous.put(s, c);
    }
    return List.copyOf(out.values());
  }

  private static boolean covered(Checkpoints checkpoints, SourceRange r) {
    return covered(checkpoints::get, r);
  }

  private static boolean covered(java.util.function.Function<String, Checkpoints.FileCheckpoint> entries, SourceRange r) {
    Checkpoints.FileCheckpoint cp = entries.apply(r.fileKey());
    if (cp == null) return false;
    return cp.generation() > r.generation() || (cp.generation() == r.generation() && cp.offset() >= r.hi());
  }

  private static long readStart(Checkpoints checkpoints, SourceId s) {
    Checkpoints.FileCheckpoint cp = checkpoints.get(s.fileKey());
    return cp != null && cp.generation() == s.generation() ? cp.offset() : 0;
  }
}
