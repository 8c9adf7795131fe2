package io.logferry.bench.cluster;

import java.util.Map;
import java.util.function.Consumer;

/**
 * The CloudWatch Logs endpoint of a scenario run as the runner sees it: where the shippers send, the faults it
 * injects, and its ground truth (what it accepted, when). The local target runs the strict local endpoint in this
 * process; the kubernetes target drives one through its HTTP control paths.
 */
interface Endpoint extends AutoCloseable {

  /** The URL the shippers are given as {@code --endpoint}. */
  String url();

  /** The certificate (PEM) clients must trust when {@link #url()} is HTTPS; null over plain HTTP. */
  default java.nio.file.Path certificatePem() {
    return null;
  }

  /** Replaces the injected faults. */
  void faults(double throttleRatio, boolean down);

  /**
   * The endpoint down (connection closed unread, as {@code faults(0, true)}) for requests signed with one of
   * {@code accessKeyIds} only; an empty set: up for everyone.
   */
  default void downFor(java.util.Set<String> accessKeyIds) {
    throw new UnsupportedOperationException("this endpoint cannot be down for some clients only");
  }

  /** Forgets groups, streams, events and counters. */
  void reset();

  Stats stats();

  /** Calls {@code sink} for every accepted event, in no particular order. */
  void events(Consumer<Event> sink);

  /** Events accepted into one stream of the bench's group so far; -1 when this endpoint cannot tell. */
  default long acceptedIn(String stream) {
    return -1;
  }

  @Override
  void close();

  /** One accepted event. */
  record Event(String stream, long timestamp, long ingestionTime, String message) {}

  /** The endpoint's counters (see the local endpoint's EndpointStats). */
  record Stats(
      Map<String, Long> requestsByOperation,
      long acceptedEvents,
      long acceptedBytes,
      long acceptedBatches,
      Map<String, Long> rejectedRequestsByReason,
      Map<String, Long> injectedFaults) {

    long requests(String operation) {
      return requestsByOperation.getOrDefault(operation, 0L);
    }

    long totalRequests() {
      return requestsByOperation.values().stream().mapToLong(Long::longValue).sum();
    }
  }
}
