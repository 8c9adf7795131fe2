package io.logferry.reconcile;

import io.logferry.sink.StreamReader;
import io.logferry.sink.StreamReader.StoredEvent;
import io.logferry.sink.StreamReader.Unreadable;
import io.logferry.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Decides, for each journaled batch, whether CloudWatch already holds it, by reading each of its requests' time
 * windows back. One request at a time, in journal order, within one overall time bound.
 *
 * <h2>When a request counts as found</h2>
 * Its window {@code [firstTimestamp, lastTimestamp]} read from the head holds exactly one event with the first
 * event's timestamp and hash, and the event {@code count - 1} places after it has the last event's timestamp and hash.
 * This leans on three facts: a {@code PutLogEvents} request is stored whole or not at all (events refused one by one
 * for their age go to the dead-letter file and were not in the journaled first/last position unless they were first
 * or last, which then reads as not found); the service returns a window by timestamp, equal timestamps in the order
 * stored; and {@code StreamOrder} never has two requests of one stream in flight whose timestamp ranges overlap, so
 * no other request of the same run interleaves with this one's events.
 *
 * <h2>Everything else is re-sent</h2>
 * No event at either end: not found. Two candidates for the first event (the same line was delivered twice before),
 * one end without the other, a window with more events than can be read: ambiguous. A throttled read, the time bound,
 * a stream gone, any error: undecided, and so are all requests not yet read when the bound is reached. A batch is
 * delivered whole when each of its requests was journaled and found. Of a batch StreamOrder cut in two, a found part
 * is skipped on its own offset ranges (journaled with it when its files' events are consecutive in read order, as
 * they are when timestamps do not go backwards within a file); otherwise the batch is re-sent whole.
 */
public final class Reconciler {

  /** The verdict on one request. */
  public enum Verdict {
    FOUND,
    NOT_FOUND,
    AMBIGUOUS,
    THROTTLED,
    TIMEOUT,
    STREAM_GONE,
    ERROR
  }

  /**
   * What reconciliation decided.
   *
   * @param delivered the batches CloudWatch holds whole: their events are skipped on the re-read
   * @param resent the batches that will be re-sent (at-least-once), found partly or not at all or undecided
   * @param verdicts how many requests got each verdict
   * @param elapsed how long it took
   */
  public record Result(
      List<JournaledBatch> delivered,
      List<JournaledBatch> resent,
      List<JournaledPart> deliveredParts,
      Map<Verdict, Integer> verdicts,
      Duration elapsed) {

    public static final Result NONE = new Result(List.of(), List.of(), List.of(), Map.of(), Duration.ZERO);

    /** The offset ranges to skip: those of the batches found whole, and of the found parts of the others. */
    public List<SourceRange> ranges() {
      List<SourceRange> out = new ArrayList<>();
      for (JournaledBatch b : delivered) out.addAll(b.sources());
      for (JournaledPart p : deliveredParts) out.addAll(p.sources());
      return out;
    }

    public int count(Verdict v) {
      return verdicts.getOrDefault(v, 0);
    }

    /** Events the re-read will skip. */
    public long eventsSkipped() {
      long n = 0;
      for (JournaledBatch b : delivered) n += b.count();
      for (JournaledPart p : deliveredParts) n += p.count();
      return n;
    }

    @Override
    public String toString() {
      return "reconciled " + (delivered.size() + resent.size()) + " batches in " + elapsed.toMillis() + " ms: "
          + delivered.size() + " found whole, " + resent.size() + " re-sent (" + deliveredParts.size()
          + " of their parts found and skipped), " + eventsSkipped() + " events skipped; requests " + verdicts;
    }
  }

  /**
   * How many events besides the request's own a window may hold before it is ambiguous: neighbours at the boundary
   * timestamps. With read-time timestamps a whole read chunk can share one millisecond, so this is generous; reading
   * stops as soon as the request's span is in hand, and the time bound caps the rest.
   */
  static final int WINDOW_SLACK = 50_000;

  private final StreamReader reader;
  private final Ticker ticker;

  public Reconciler(StreamReader reader, Ticker ticker) {
    this.reader = reader;
    this.ticker = ticker;
  }

  /** Decides each batch within {@link StreamReader#timeBound()}. */
  public Result reconcile(List<JournaledBatch> batches) {
    long start = ticker.nanoTime();
    long deadline = start + reader.timeBound().toNanos();
    Map<Verdict, Integer> verdicts = new EnumMap<>(Verdict.class);
    List<JournaledBatch> delivered = new ArrayList<>();
    List<JournaledBatch> resent = new ArrayList<>();
    List<JournaledPart> parts = new ArrayList<>();
    for (JournaledBatch b : batches) {
      boolean found = b.fullySent() && !b.parts().isEmpty();
      List<JournaledPart> foundParts = new ArrayList<>();
      for (JournaledPart p : b.parts()) {
        // A part is worth reading when it can be skipped: as part of a batch sent whole, or on its own ranges.
        boolean useful = b.fullySent() || !p.sources().isEmpty();
        Verdict v = useful ? verdict(b, p, deadline) : Verdict.NOT_FOUND;
        verdicts.merge(v, 1, Integer::sum);
        if (v != Verdict.FOUND) {
          found = false;
        } else if (!p.sources().isEmpty()) {
          foundParts.add(p);
        }
      }
      if (!b.fullySent()) verdicts.merge(Verdict.NOT_FOUND, 1, Integer::sum); // a part never sent
      if (found) {
        delivered.add(b);
      } else {
        resent.add(b);
        parts.addAll(foundParts);
      }
    }
    return new Result(List.copyOf(delivered), List.copyOf(resent), List.copyOf(parts), Map.copyOf(verdicts),
        Duration.ofNanos(ticker.nanoTime() - start));
  }

  private Verdict verdict(JournaledBatch b, JournaledPart p, long deadline) {
    long left = deadline - ticker.nanoTime();
    if (left <= 0) return Verdict.TIMEOUT;
    List<StoredEvent> window;
    int max = p.count() + WINDOW_SLACK;
    try {
      window = reader.read(b.key(), p.firstTimestamp(), p.lastTimestamp(), max + 1, w -> spanInHand(w, p),
          Duration.ofNanos(left));
    } catch (Unreadable e) {
      return switch (e.reason()) {
        case THROTTLED -> Verdict.THROTTLED;
        case TIMEOUT -> Verdict.TIMEOUT;
        case STREAM_GONE -> Verdict.STREAM_GONE;
        case ERROR -> Verdict.ERROR;
      };
    }
    return match(window, p, max);
  }

  /** True once the window holds the request's first event and the {@code count - 1} events after it. */
  static boolean spanInHand(List<StoredEvent> window, JournaledPart p) {
    for (int i = 0; i < window.size(); i++) {
      StoredEvent e = window.get(i);
      if (e.timestamp() > p.firstTimestamp()) return false;
      if (e.timestamp() == p.firstTimestamp() && JournaledPart.hash(e.message()).equals(p.firstHash())) {
        return window.size() >= i + p.count();
      }
    }
    return false;
  }

  /** The matching rule of the class comment, on one window. */
  static Verdict match(List<StoredEvent> window, JournaledPart p, int max) {
    if (window.size() > max) return Verdict.AMBIGUOUS;
    int first = -1;
    int firsts = 0;
    boolean anyLast = false;
    for (int i = 0; i < window.size(); i++) {
      StoredEvent e = window.get(i);
      if (e.timestamp() == p.firstTimestamp() && JournaledPart.hash(e.message()).equals(p.firstHash())) {
        if (firsts++ == 0) first = i;
      }
      if (e.timestamp() == p.lastTimestamp() && JournaledPart.hash(e.message()).equals(p.lastHash())) anyLast = true;
    }
    if (firsts == 0) return anyLast ? Verdict.AMBIGUOUS : Verdict.NOT_FOUND;
    if (firsts > 1) return Verdict.AMBIGUOUS;
    int last = first + p.count() - 1;
    if (last >= window.size()) return Verdict.AMBIGUOUS;
    StoredEvent e = window.get(last);
    boolean lastMatches =
        e.timestamp() == p.lastTimestamp() && JournaledPart.hash(e.message()).equals(p.lastHash());
    return lastMatches ? Verdict.FOUND : Verdict.AMBIGUOUS;
  }
}
