package io.logferry.bench.cluster;

import io.logferry.testbed.DeliveryAudit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the endpoint accepted, judged against what the writers wrote: freshness (ingestion time minus the write time
 * carried in the line) overall and per writer, and lost/duplicated lines per writer ({@link DeliveryAudit}).
 */
final class GroundTruth {

  private final DeliveryAudit audit = new DeliveryAudit();
  private final Map<String, LongList> lagsByWriter = new TreeMap<>();
  private final LongList lags = new LongList();
  private long events;
  private long withoutWriteTime;

  void accept(Endpoint.Event e) {
    events++;
    audit.accept(e.message());
    long lag = Freshness.lagMillis(e.message(), e.ingestionTime());
    if (lag < 0 && Freshness.writeMillis(e.message()) < 0) {
      withoutWriteTime++;
      return;
    }
    lags.add(lag);
    lagsByWriter.computeIfAbsent(writerOf(e.message()), w -> new LongList()).add(lag);
  }

  /** The writer id of the first {@code seq=<writer>:<n>} token, or "" without one. */
  static String writerOf(String message) {
    int at = message.indexOf("seq=");
    if (at < 0) return "";
    int colon = message.indexOf(':', at + 4);
    return colon < 0 ? "" : message.substring(at + 4, colon);
  }

  long events() {
    return events;
  }

  long eventsWithoutWriteTime() {
    return withoutWriteTime;
  }

  Percentiles freshness() {
    return Percentiles.of(lags.toArray());
  }

  Map<String, Percentiles> freshnessByWriter() {
    Map<String, Percentiles> out = new LinkedHashMap<>();
    lagsByWriter.forEach((w, l) -> out.put(w, Percentiles.of(l.toArray())));
    return out;
  }

  Map<String, DeliveryAudit.Result> delivery(Map<String, Long> written) {
    return audit.results(written);
  }

  DeliveryAudit.Result deliveryTotal(Map<String, Long> written) {
    return audit.total(written);
  }

  /** A growable long[]: a few hundred thousand lags without boxing. */
  static final class LongList {
    private long[] values = new long[1024];
    private int size;

    void add(long v) {
      if (size == values.length) values = Arrays.copyOf(values, size * 2);
      values[size++] = v;
    }

    long[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}
