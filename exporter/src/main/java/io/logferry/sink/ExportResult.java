package io.logferry.sink;

/**
 * The final answer of a sink for one batch.
 *
 * <p>{@link Status#DELIVERED} means every event of the batch is accounted for durably: accepted by the service, or
 * written to the dead-letter file with its reason. Only then may the checkpoint move past the batch.
 * {@link Status#FAILED} means the sink gave up (retry deadline passed, a non-retryable error such as missing
 * permissions, or an abort at shutdown); nothing of the batch may be marked sent.
 *
 * @param accepted events the service accepted
 * @param deadLettered events written to the dead-letter file instead (rejected by the service, or refused before
 *     sending because the service would reject them)
 * @param retries requests re-sent after a retryable error
 * @param throttles how many of those retries were for throttling
 * @param failure a one-line reason when {@code FAILED}, else {@code null}; never contains a secret
 */
public record ExportResult(Status status, int accepted, int deadLettered, int retries, int throttles, String failure) {

  public enum Status {
    DELIVERED,
    FAILED
  }

  public static ExportResult delivered(int accepted, int deadLettered, int retries, int throttles) {
    return new ExportResult(Status.DELIVERED, accepted, deadLettered, retries, throttles, null);
  }

  public static ExportResult failed(String failure, int retries, int throttles) {
    return new ExportResult(Status.FAILED, 0, 0, retries, throttles, failure);
  }

  public boolean isDelivered() {
    return status == Status.DELIVERED;
  }
}
