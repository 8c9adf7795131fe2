package io.logferry.sink;

import io.logferry.events.StreamKey;
import java.time.Duration;
import java.util.List;

/**
 * Reads a destination stream back, for reconciliation after an unclean stop ({@code io.logferry.reconcile}). Offered by
 * a sink that can answer "is this batch already stored?" ({@link LogSink#streamReader()}); CloudWatch's is
 * {@code GetLogEvents}. Implementations pace themselves under the service's read quota and never retry a throttled
 * read: reconciliation falls back to re-sending instead.
 */
public interface StreamReader {

  /** The longest a whole reconciliation may take; when it is reached, what is not decided is re-sent. */
  Duration timeBound();

  /**
   * The events of {@code key} with {@code fromMillis <= timestamp <= toMillis}, in the order the service returns them
   * (by timestamp; equal timestamps in the order they were stored), at most {@code maxEvents} of them (a caller asks
   * for one more than it can use to see that there were more). Reading stops early, after a page, once
   * {@code enough} says the events read so far answer the caller's question.
   *
   * @param remaining time left for this read (paging and pacing included)
   * @throws Unreadable when the answer cannot be had: throttled, out of time, the stream is gone, or any other error
   */
  List<StoredEvent> read(
      StreamKey key,
      long fromMillis,
      long toMillis,
      int maxEvents,
      java.util.function.Predicate<List<StoredEvent>> enough,
      Duration remaining)
      throws Unreadable;

  /** One stored event as read back. */
  record StoredEvent(long timestamp, String message) {}

  /** Why a read gave no answer; each one makes reconciliation re-send (at-least-once). */
  enum Reason {
    THROTTLED,
    TIMEOUT,
    STREAM_GONE,
    ERROR
  }

  /** A read that gave no answer, with why. */
  final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;
    private final Reason reason;

    public Unreadable(Reason reason, String message) {
      super(message);
      this.reason = reason;
    }

    public Reason reason() {
      return reason;
    }
  }
}
