package io.logferry.pipeline;

import io.logferry.events.StreamKey;
import io.logferry.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The {@link Batcher}. Every limit is checked before an event is added, so no batch handed over is ever over a
 * limit, and a batch is created only to take an event, so none is ever empty. A batch that no further event could
 * join (count reached, or not even a one-byte event fits) is handed over at once instead of waiting for the next
 * event. Streams are kept in the order they first appeared, so {@link #flushAll()} and {@link #flushExpired()} hand
 * batches over in a stable order.
 */
final class DefaultBatcher implements Batcher {

  private final int maxEvents;
  private final long maxBytes;
  private final int overhead;
  private final long maxSpanMillis;
  private final long flushIntervalNanos;
  private final Ticker ticker;
  private final Consumer<Batch> output;

  private final Map<StreamKey, OpenBatch> open = new LinkedHashMap<>();
  /** The stream of the previous add: events come in runs per source, so this skips most map lookups. */
  private OpenBatch last;
  private int pending;

  DefaultBatcher(BatchLimits limits, Duration flushInterval, Ticker ticker, Consumer<Batch> output) {
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(flushInterval, "flushInterval");
    if (flushInterval.isNegative()) throw new IllegalArgumentException("flushInterval must not be negative");
    this.maxEvents = limits.maxEvents();
    this.maxBytes = limits.maxBytes();
    this.overhead = limits.perEventOverheadBytes();
    this.maxSpanMillis = limits.maxSpanMillis();
    this.flushIntervalNanos = flushInterval.toNanos();
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.output = Objects.requireNonNull(output, "output");
  }

  /**
   * @throws IllegalArgumentException when the event alone, with its overhead, is larger than a request may be (the
   *     assembler never builds such an event: it splits or truncates at {@code maxEventBytes})
   */
  @Override
  public void add(StreamKey key, LogEvent event) {
    long eventBytes = (long) event.byteLength() + overhead;
    if (eventBytes > maxBytes) {
      throw new IllegalArgumentException(
          "event of " + event.byteLength() + " bytes does not fit one request of " + maxBytes + " bytes");
    }
    OpenBatch b = last;
    if (b == null || !b.key.equals(key)) {
      b = open.get(key);
      if (b == null) {
        b = new OpenBatch(key);
        open.put(key, b);
      }
      last = b;
    }
    long ts = event.timestamp();
    int size = b.events.size();
    if (size > 0) {
      long min = Math.min(b.min, ts);
      long max = Math.max(b.max, ts);
      long span = max - min; // max >= min, so a negative difference can only be an overflow: a huge span
      if (size + 1 > maxEvents || b.bytes + eventBytes > maxBytes || span > maxSpanMillis || span < 0) {
        handOver(b);
        size = 0;
      }
    }
    if (size == 0) {
      b.firstAddedNanos = ticker.nanoTime();
      b.min = ts;
      b.max = ts;
    } else {
      if (ts < b.min) b.min = ts;
      if (ts > b.max) b.max = ts;
    }
    b.events.add(event);
    b.bytes += eventBytes;
    pending++;
    // Full: no further event could join, so waiting would only add latency.
    if (b.events.size() == maxEvents || b.bytes + overhead + 1 > maxBytes) handOver(b);
  }

  @Override
  public void flushExpired() {
    if (pending == 0) return;
    long now = ticker.nanoTime();
    Iterator<OpenBatch> it = open.values().iterator();
    while (it.hasNext()) {
      OpenBatch b = it.next();
      if (b.events.isEmpty()) {
        it.remove(); // a stream that went quiet: forget it, so the map does not grow with every file ever seen
        if (b == last) last = null;
      } else if (now - b.firstAddedNanos >= flushIntervalNanos) {
        it.remove();
        if (b == last) last = null;
        handOver(b);
      }
    }
  }

  @Override
  public void flushAll() {
    if (open.isEmpty()) return;
    // Detach first: output may be slow or throw; either way the batcher is left empty and consistent.
    List<OpenBatch> batches = new ArrayList<>(open.values());
    open.clear();
    last = null;
    for (OpenBatch b : batches) {
      if (!b.events.isEmpty()) handOver(b);
    }
  }

  @Override
  public int pendingEvents() {
    return pending;
  }

  @Override
  public Consumer<Batch> output() {
    return output;
  }

  private void handOver(OpenBatch b) {
    // The batch takes the list as it is (no copy); the open batch starts a new one, sized like the last.
    int size = b.events.size();
    Batch batch = new Batch(b.key, b.events, b.bytes, b.min, b.max);
    pending -= size;
    b.events = new ArrayList<>(size);
    b.bytes = 0;
    output.accept(batch);
  }

  /** The batch being filled for one stream. */
  private static final class OpenBatch {
    final StreamKey key;
    ArrayList<LogEvent> events = new ArrayList<>();
    long bytes;
    long min;
    long max;
    long firstAddedNanos;

    OpenBatch(StreamKey key) {
      this.key = key;
    }
  }
}
