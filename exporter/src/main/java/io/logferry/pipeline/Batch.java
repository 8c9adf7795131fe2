package io.logferry.pipeline;

import io.logferry.events.StreamKey;
import java.util.List;

/**
 * Events for one stream that fit in one request under the sink's {@link BatchLimits}. The list is taken as it is
 * (wrapped read-only, not copied): the caller must not change it afterwards. Events are in the order they
 * were read; a sink that needs them by timestamp sorts them itself (stably, so equal timestamps keep file order).
 *
 * @param bytes the sum of {@code byteLength + perEventOverheadBytes} over the events, as the limits count it
 * @param minTimestamp the smallest event timestamp
 * @param maxTimestamp the largest event timestamp
 */
public record Batch(StreamKey key, List<LogEvent> events, long bytes, long minTimestamp, long maxTimestamp) {
  public Batch {
    // Wrapped, not copied: a batch of 10,000 events is built once and never changed by whoever built it (the batcher
    // hands over a fresh list), and copying it for every request was a measurable share of the hot path.
    events = java.util.Collections.unmodifiableList(events);
    if (events.isEmpty()) throw new IllegalArgumentException("a batch holds at least one event");
  }

  public int size() {
    return events.size();
  }
}
