package io.logferry.reconcile;

import io.logferry.pipeline.LogEvent;
import io.logferry.source.SourceId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The offset ranges per file that reconciliation found delivered, as a filter on the events the restarted reader
 * produces again from the checkpoint. Acknowledgements complete out of order, so batch {@code k+1} may be found and
 * batch {@code k} not: the reader re-reads both, and only {@code k+1}'s events are dropped.
 *
 * <h2>Which events are dropped</h2>
 * An event covers the bytes after the previous event of its file (its predecessor's commit offset {@code p}) up to
 * its own commit offset {@code c}. It is dropped when a delivered range {@code (lo, hi]} of its file contains that
 * span: {@code lo <= p} and {@code lo < c} and either {@code c < hi}, or {@code c == hi} and fewer than
 * {@code hiCount} events with commit offset {@code hi} were dropped for this range so far. The last clause tells the
 * batch's pieces of a split line (read first) from the pieces that followed in the next batch. Events whose commit
 * offset equals {@code lo} (pieces continuing a line split across the batch boundary) are kept: they might belong to
 * the batch before, and keeping one that was delivered is a duplicate, dropping one that was not would be a loss.
 *
 * <p>Not thread-safe: the pipeline thread asks it, once per event, until every range is passed; then
 * {@link #isEmpty()} and the pipeline stops asking.
 */
public final class DeliveredRanges {

  private static final class Range {
    final long lo;
    final long hi;
    int hiLeft;

    Range(long lo, long hi, int hiCount) {
      this.lo = lo;
      this.hi = hi;
      this.hiLeft = hiCount;
    }
  }

  private static final class FileState {
    final List<Range> ranges = new ArrayList<>(4);
    /** Commit offset of the file's previous event; where the file's reading started before the first one. */
    long previous = -1;
  }

  private final Map<SourceId, FileState> files = new HashMap<>();
  private final ToLongFunction<SourceId> readStart;
  private long dropped;

  /**
   * @param readStart where reading of a file starts after the restart (its checkpoint offset when the generation
   *     matches, else 0); asked once per file with ranges, at its first event
   */
  DeliveredRanges(List<SourceRange> delivered, ToLongFunction<SourceId> readStart) {
    this.readStart = readStart;
    for (SourceRange r : delivered) {
      files.computeIfAbsent(r.source(), k -> new FileState()).ranges.add(new Range(r.lo(), r.hi(), r.hiCount()));
    }
  }

  public static DeliveredRanges none() {
    return new DeliveredRanges(List.of(), s -> 0);
  }

  /** True once no range is left: the pipeline need not ask any more. */
  public boolean isEmpty() {
    return files.isEmpty();
  }

  /** Events dropped so far. */
  public long dropped() {
    return dropped;
  }

  /** Whether {@code e} was delivered before the crash (then the caller drops it); call for every event, in order. */
  public boolean delivered(LogEvent e) {
    SourceId s = e.source();
    if (s == null) return false;
    FileState f = files.get(s);
    if (f == null) return false;
    long p = f.previous >= 0 ? f.previous : readStart.applyAsLong(s);
    long c = e.commitOffset();
    f.previous = c;
    boolean drop = false;
    for (Range r : f.ranges) {
      if (r.lo <= p && r.lo < c && (c < r.hi || (c == r.hi && r.hiLeft > 0))) {
        if (c == r.hi) r.hiLeft--;
        drop = true;
        break;
      }
    }
    // A range is passed once an event ends beyond it, or once its last counted event was dropped.
    f.ranges.removeIf(r -> c > r.hi || (c == r.hi && r.hiLeft == 0));
    if (f.ranges.isEmpty()) files.remove(s);
    if (drop) dropped++;
    return drop;
  }
}
