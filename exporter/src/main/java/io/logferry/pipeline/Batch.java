package io.logferry.pipeline;

import java.util.List;

/**
 * Events for one stream that fit in one request under the sink's {@link BatchLimits}. Events are in the order they
 * were read; a sink that needs them by timestamp sorts them itself (stably, so equal timestamps keep file order).
 *
 * @param bytes the sum of {@code byteLength + perEventOverheadBytes} over the events, as the limits count it
 * @param minTimestamp the smallest event timestamp
 * @param maxTimestamp the largest event timestamp
 */
public record Batch(StreamKey key, List<LogEvent> events, long bytes, long minTimestamp, long maxTimestamp) {
  public Batch {
    events = List.copyOf(events);
    if (events.isEmpty()) throw new IllegalArgumentException("a batch holds at least one event");
  }

  public int size() {
    return events.size();
  }
}
