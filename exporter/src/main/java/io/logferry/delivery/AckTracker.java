package io.logferry.delivery;

import io.logferry.pipeline.Batch;
import io.logferry.pipeline.LogEvent;
import io.logferry.source.SourceId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides how far each source may be checkpointed: only up to the end of the longest prefix of its batches that the
 * sink has acknowledged (Vector's {@code OrderedFinalizer}). Batches complete out of order (several are in flight,
 * across and within streams); a source's offset moves only when every earlier batch of that source is done.
 *
 * <p>A batch that failed (the sink gave up) blocks its sources for the rest of the run: nothing after it may be marked
 * delivered, because a restart must re-read it. Later batches of the same source that were already in flight may
 * still be accepted; after a restart they are sent again. That is the only way logferry duplicates, and it needs a
 * failed batch first.
 *
 * <p>Thread-safe: {@link #register} is called by the pipeline thread, {@link #complete} by sink threads.
 */
public final class AckTracker {

  /** One batch's claim on one source: the offset the source may move to once this and all earlier claims are done. */
  private static final class Mark {
    final long commitOffset;
    State state = State.PENDING;

    Mark(long commitOffset) {
      this.commitOffset = commitOffset;
    }
  }

  private enum State {
    PENDING,
    DONE,
    FAILED
  }

  /** What {@link #register} hands back: the marks of one batch, to be completed together. */
  public static final class Ticket {
    private final List<SourceId> sources;
    private final List<Mark> marks;

    private Ticket(List<SourceId> sources, List<Mark> marks) {
      this.sources = sources;
      this.marks = marks;
    }
  }

  private final Map<SourceId, ArrayDeque<Mark>> pending = new HashMap<>();
  private final Map<SourceId, Long> committed = new HashMap<>();
  private Map<SourceId, Long> undrained = new HashMap<>();
  private int inFlight;

  /** Registers a batch in the order it was cut; call before handing it to the sink. */
  public synchronized Ticket register(Batch batch) {
    // Events of one source are in read order inside a batch and their commit offsets never decrease, so the last
    // event of each source carries the batch's claim for it.
    // A source's events are consecutive runs in a batch (one stream is mostly one file), so the map is touched once
    // per run rather than once per event: this loop is on the hot path of every batch.
    Map<SourceId, Long> last = new HashMap<>(4);
    SourceId run = null;
    long runOffset = 0;
    for (LogEvent e : batch.events()) {
      SourceId source = e.source();
      if (source != run) {
        if (run != null) last.put(run, runOffset);
        run = source;
      }
      runOffset = e.commitOffset();
    }
    if (run != null) last.put(run, runOffset);
    List<SourceId> sources = new ArrayList<>(last.size());
    List<Mark> marks = new ArrayList<>(last.size());
    for (Map.Entry<SourceId, Long> entry : last.entrySet()) {
      Mark mark = new Mark(entry.getValue());
      pending.computeIfAbsent(entry.getKey(), k -> new ArrayDeque<>()).addLast(mark);
      sources.add(entry.getKey());
      marks.add(mark);
    }
    inFlight++;
    return new Ticket(sources, marks);
  }

  /**
   * Records the sink's final answer for a batch.
   *
   * @return the sources whose committed offset moved, with their new offset (empty when none moved)
   */
  public synchronized Map<SourceId, Long> complete(Ticket ticket, boolean delivered) {
    inFlight--;
    Map<SourceId, Long> moved = Map.of();
    for (int i = 0; i < ticket.marks.size(); i++) {
      ticket.marks.get(i).state = delivered ? State.DONE : State.FAILED;
      SourceId source = ticket.sources.get(i);
      ArrayDeque<Mark> queue = pending.get(source);
      long offset = -1;
      while (queue != null && !queue.isEmpty() && queue.peekFirst().state == State.DONE) {
        offset = queue.pollFirst().commitOffset;
      }
      if (offset >= 0) {
        committed.merge(source, offset, Math::max);
        if (moved.isEmpty()) moved = new HashMap<>(4);
        moved.put(source, committed.get(source));
        undrained.put(source, committed.get(source));
      }
      if (queue != null && queue.isEmpty()) pending.remove(source);
    }
    notifyAll();
    return moved;
  }

  /**
   * The offsets that moved since the last call, and forgets them. Recorded under the same lock that counts batches
   * in flight, so once {@link #awaitIdle} has returned true every acknowledgement is in what this returns.
   */
  public synchronized Map<SourceId, Long> drainMoved() {
    if (undrained.isEmpty()) return Map.of();
    Map<SourceId, Long> out = undrained;
    undrained = new HashMap<>();
    // Bounded state: a source handed over with nothing pending is forgotten here, so a follow that runs for weeks
    // through rotations keeps one entry per source in flight, not one per file generation it ever read. Safe because a
    // source's later claims come from later batches, whose offsets never go below this one (events of a source are
    // registered in read order), so the max that committed.merge keeps needs no memory of it.
    for (SourceId source : out.keySet()) {
      if (!pending.containsKey(source)) committed.remove(source);
    }
    return out;
  }

  /**
   * The offset each source may be checkpointed at, for sources that moved during this run and were not yet handed
   * over by {@link #drainMoved} or still have batches in flight.
   */
  public synchronized Map<SourceId, Long> committed() {
    return Map.copyOf(committed);
  }

  /** Batches registered and not yet completed. */
  public synchronized int inFlight() {
    return inFlight;
  }

  /**
   * Waits at most {@code timeoutMillis} of real time for no batch to be in flight. Callers loop on it against their
   * own (ticker) deadline, so a fake ticker in tests still decides when to give up.
   *
   * @return true when nothing is in flight
   */
  public synchronized boolean awaitIdle(long timeoutMillis) throws InterruptedException {
    long end = System.nanoTime() + timeoutMillis * 1_000_000L;
    while (inFlight > 0) {
      long left = end - System.nanoTime();
      if (left <= 0) return false;
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  /** True when a failed batch blocks {@code source}: its offset will not move again in this run. */
  public synchronized boolean blocked(SourceId source) {
    ArrayDeque<Mark> queue = pending.get(source);
    return queue != null && !queue.isEmpty() && queue.peekFirst().state == State.FAILED;
  }
}
