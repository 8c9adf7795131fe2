package io.logferry.runtime;

import java.time.Duration;

/**
 * What a run did; the CLI prints it and maps it to an exit code.
 *
 * @param files files read from (or found up to date)
 * @param linesRead lines read from files
 * @param bytesRead bytes read from files
 * @param events events handed to the sink
 * @param eventsDelivered events the sink accepted
 * @param bytesDelivered message bytes of accepted events
 * @param requests batches the sink completed (accepted or not)
 * @param retries requests re-sent after retryable errors
 * @param throttles of those retries, the ones for throttling
 * @param deadLettered events written to the dead-letter file (rejected or refused)
 * @param failedBatches batches the sink gave up on: their events are not delivered and will be read again
 * @param undeliveredEvents events read but not delivered (in failed batches, or not shipped before a deadline)
 * @param deadlineReached the run stopped reading early: its time budget was nearly used up, or (run-once) a file
 *     could not be read for the stall limit; what it did not read stays before the checkpoint for the next run
 * @param eventsAtRisk events older than 12 days: CloudWatch refuses events older than 14 days
 * @param elapsed wall time of the run
 */
public record RunSummary(
    int files,
    long linesRead,
    long bytesRead,
    long events,
    long eventsDelivered,
    long bytesDelivered,
    long requests,
    long retries,
    long throttles,
    long deadLettered,
    long failedBatches,
    long undeliveredEvents,
    boolean deadlineReached,
    long eventsAtRisk,
    Duration elapsed) {

  /** Everything read was delivered: nothing dead-lettered, nothing left behind. */
  public boolean complete() {
    return deadLettered == 0 && failedBatches == 0 && undeliveredEvents == 0 && !deadlineReached;
  }
}
