package io.logferry.endpoint;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Thread-safe counters behind {@link EndpointStats}; LongAdders so request threads do not contend. */
final class Counters {

  private final ConcurrentHashMap<String, LongAdder> requests = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, LongAdder> rejectedRequests = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, LongAdder> rejectedEvents = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, LongAdder> faults = new ConcurrentHashMap<>();
  private final LongAdder acceptedEvents = new LongAdder();
  private final LongAdder acceptedBytes = new LongAdder();
  private final LongAdder acceptedBatches = new LongAdder();

  void request(String operation) {
    add(requests, operation, 1);
  }

  void rejectedRequest(String reason) {
    add(rejectedRequests, reason, 1);
  }

  void rejectedEvents(String reason, long n) {
    if (n > 0) {
      add(rejectedEvents, reason, n);
    }
  }

  void fault(String kind) {
    add(faults, kind, 1);
  }

  void accepted(long events, long bytes) {
    acceptedBatches.increment();
    acceptedEvents.add(events);
    acceptedBytes.add(bytes);
  }

  void reset() {
    requests.clear();
    rejectedRequests.clear();
    rejectedEvents.clear();
    faults.clear();
    acceptedEvents.reset();
    acceptedBytes.reset();
    acceptedBatches.reset();
  }

  EndpointStats snapshot() {
    return new EndpointStats(
        copy(requests),
        acceptedEvents.sum(),
        acceptedBytes.sum(),
        acceptedBatches.sum(),
        copy(rejectedRequests),
        copy(rejectedEvents),
        copy(faults));
  }

  private static void add(ConcurrentHashMap<String, LongAdder> map, String key, long n) {
    map.computeIfAbsent(key, k -> new LongAdder()).add(n);
  }

  private static Map<String, Long> copy(ConcurrentHashMap<String, LongAdder> map) {
    Map<String, Long> out = new TreeMap<>();
    map.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }
}
