package io.logferry.sink.cloudwatch;

import io.logferry.events.StreamKey;
import io.logferry.pipeline.Batch;
import io.logferry.pipeline.LogEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides what one {@link Batch} sends as one {@code PutLogEvents} request (Vector's {@code request_builder.rs} plus the sort of
 * its {@code service.rs}).
 *
 * <p>CloudWatch wants the events of a request in chronological order, so they are sorted by timestamp; the sort is
 * stable, so lines with equal timestamps keep their file order (and read back in that order). Events whose timestamp
 * lies outside the range CloudWatch accepts are not sent blindly: they are returned as refused, with the reason, for
 * the dead-letter file. No sequence token is set: AWS ignores it since January 2023.
 */
final class CloudWatchRequestBuilder {

  static final String REASON_TOO_OLD = "too_old";
  static final String REASON_TOO_NEW = "too_new";
  static final String REASON_EXPIRED = "expired";

  private static final Comparator<LogEvent> BY_TIMESTAMP = Comparator.comparingLong(LogEvent::timestamp);

  /**
   * One request ready to send.
   *
   * <p>The request body is written from {@code sent} into a reused buffer ({@link PutLogEventsBody}) right before each
   * attempt, so that a batch waiting for its retry holds its events but no second copy of them.
   *
   * @param key the log group and stream
   * @param sent the events to send, in the order sent (chronological); empty when every event was refused. AWS's
   *     rejected-event indexes point into this list.
   * @param refused events not sent, by reason, in the order sent otherwise
   */
  record PreparedRequest(StreamKey key, List<LogEvent> sent, Map<String, List<LogEvent>> refused) {

    /** Whether there is anything to send. */
    boolean hasEvents() {
      return !sent.isEmpty();
    }

    int refusedCount() {
      int n = 0;
      for (List<LogEvent> events : refused.values()) n += events.size();
      return n;
    }
  }

  /**
   * Builds the request for {@code batch} as CloudWatch would judge it at {@code nowMillis} (wall clock).
   *
   * @throws IllegalArgumentException when the batch breaks a request limit (a batcher bug: such a request would be
   *     refused as a whole, forever)
   */
  PreparedRequest build(Batch batch, long nowMillis) {
    checkLimits(batch);
    List<LogEvent> sorted = new ArrayList<>(batch.events());
    sorted.sort(BY_TIMESTAMP); // List.sort is a stable merge sort: equal timestamps keep file order

    long oldest = CloudWatchLimits.oldestAcceptedTimestamp(nowMillis);
    long newest = CloudWatchLimits.newestAcceptedTimestamp(nowMillis);
    // Sorted, so the refused events are a prefix (too old) and a suffix (too new).
    int from = 0;
    while (from < sorted.size() && sorted.get(from).timestamp() < oldest) from++;
    int to = sorted.size();
    while (to > from && sorted.get(to - 1).timestamp() > newest) to--;

    Map<String, List<LogEvent>> refused = new LinkedHashMap<>();
    if (from > 0) refused.put(REASON_TOO_OLD, List.copyOf(sorted.subList(0, from)));
    if (to < sorted.size()) refused.put(REASON_TOO_NEW, List.copyOf(sorted.subList(to, sorted.size())));
    List<LogEvent> sent = (from == 0 && to == sorted.size()) ? sorted : List.copyOf(sorted.subList(from, to));
    return new PreparedRequest(batch.key(), sent, refused);
  }

  /**
   * Splits the events AWS rejected (its {@code rejectedLogEventsInfo}) off {@code sent}, by reason. AWS's indexes:
   * {@code tooNewLogEventStartIndex} is the first too-new event (inclusive); {@code tooOldLogEventEndIndex} and
   * {@code expiredLogEventEndIndex} are one past the last too-old / expired event (exclusive). An event that is both
   * too old and expired is counted once, as too old.
   */
  static Map<String, List<LogEvent>> rejected(List<LogEvent> sent, PutLogEventsOutcome outcome) {
    if (!outcome.rejectedAny()) return Map.of();
    return rejected(
        sent, outcome.tooNewLogEventStartIndex(), outcome.tooOldLogEventEndIndex(), outcome.expiredLogEventEndIndex());
  }

  static Map<String, List<LogEvent>> rejected(
      List<LogEvent> sent, Integer tooNewStartIndex, Integer tooOldEndIndex, Integer expiredEndIndex) {
    int n = sent.size();
    int tooOldEnd = clamp(tooOldEndIndex, 0, n);
    int expiredEnd = clamp(expiredEndIndex, 0, n);
    int tooNewStart = tooNewStartIndex == null ? n : clamp(tooNewStartIndex, 0, n);
    Map<String, List<LogEvent>> out = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      String reason;
      if (i < tooOldEnd) reason = REASON_TOO_OLD;
      else if (i < expiredEnd) reason = REASON_EXPIRED;
      else if (i >= tooNewStart) reason = REASON_TOO_NEW;
      else continue;
      out.computeIfAbsent(reason, r -> new ArrayList<>()).add(sent.get(i));
    }
    return out;
  }

  private static int clamp(Integer value, int defaultValue, int max) {
    if (value == null) return defaultValue;
    return Math.max(0, Math.min(max, value));
  }

  private static void checkLimits(Batch batch) {
    if (batch.size() > CloudWatchLimits.MAX_EVENTS_PER_REQUEST) {
      throw new IllegalArgumentException(
          "batch of " + batch.size() + " events exceeds " + CloudWatchLimits.MAX_EVENTS_PER_REQUEST);
    }
    if (batch.bytes() > CloudWatchLimits.MAX_REQUEST_BYTES) {
      throw new IllegalArgumentException(
          "batch of " + batch.bytes() + " bytes exceeds " + CloudWatchLimits.MAX_REQUEST_BYTES);
    }
    if (batch.maxTimestamp() - batch.minTimestamp() > CloudWatchLimits.MAX_BATCH_SPAN.toMillis()) {
      throw new IllegalArgumentException("batch spans more than " + CloudWatchLimits.MAX_BATCH_SPAN);
    }
  }
}
