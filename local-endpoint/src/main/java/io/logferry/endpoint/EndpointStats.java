package io.logferry.endpoint;

import java.util.Map;

/**
 * A snapshot of the endpoint's counters.
 *
 * @param requestsByOperation every API request received, faulted or not, by operation name
 * @param acceptedEvents events stored by PutLogEvents
 * @param acceptedBytes UTF-8 bytes of the messages stored (without the 26-byte per-event overhead)
 * @param acceptedBatches PutLogEvents requests answered 200
 * @param rejectedRequestsByReason requests answered with an error, by reason (e.g. {@code batchTooLarge})
 * @param rejectedEventsByReason events of accepted batches that were not stored ({@code tooOld}, {@code tooNew},
 *     {@code expired})
 * @param injectedFaults faults injected, by kind ({@code throttle}, {@code serverError}, {@code drop}, {@code down},
 *     {@code latency})
 */
public record EndpointStats(
    Map<String, Long> requestsByOperation,
    long acceptedEvents,
    long acceptedBytes,
    long acceptedBatches,
    Map<String, Long> rejectedRequestsByReason,
    Map<String, Long> rejectedEventsByReason,
    Map<String, Long> injectedFaults) {

  public EndpointStats {
    requestsByOperation = Map.copyOf(requestsByOperation);
    rejectedRequestsByReason = Map.copyOf(rejectedRequestsByReason);
    rejectedEventsByReason = Map.copyOf(rejectedEventsByReason);
    injectedFaults = Map.copyOf(injectedFaults);
  }

  public long requests(String operation) {
    return requestsByOperation.getOrDefault(operation, 0L);
  }

  public long rejectedRequests(String reason) {
    return rejectedRequestsByReason.getOrDefault(reason, 0L);
  }

  public long rejectedEvents(String reason) {
    return rejectedEventsByReason.getOrDefault(reason, 0L);
  }

  public long injected(String kind) {
    return injectedFaults.getOrDefault(kind, 0L);
  }
}
