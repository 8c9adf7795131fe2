package io.logferry.sink.cloudwatch;

import io.logferry.pipeline.BatchLimits;
import java.time.Duration;

/**
 * What CloudWatch Logs accepts in one {@code PutLogEvents} request, as named constants.
 *
 * <p>Sources: <a href="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html">
 * PutLogEvents API reference</a> and the <a
 * href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html">CloudWatch Logs
 * quotas</a>. These are hard service limits, not adjustable quotas: a request over any of them is refused as a whole
 * (size, count, span) or has events refused one by one (timestamps), so the batcher must never exceed them.
 */
public final class CloudWatchLimits {

  /**
   * Bytes AWS adds to each event when it measures a request: "the sum of all event messages in UTF-8, plus 26 bytes
   * for each log event".
   */
  public static final int PER_EVENT_OVERHEAD_BYTES = 26;

  /** Maximum request size, counted as UTF-8 message bytes plus {@link #PER_EVENT_OVERHEAD_BYTES} per event. */
  public static final long MAX_REQUEST_BYTES = 1_048_576;

  /** Maximum number of events in one request. */
  public static final int MAX_EVENTS_PER_REQUEST = 10_000;

  /**
   * Maximum size of one event, its 26 bytes overhead included. AWS raised it from 256 KB to 1 MB in 2025; an event
   * may therefore fill a request on its own.
   */
  public static final int MAX_EVENT_BYTES_WITH_OVERHEAD = 1_048_576;

  /** The largest message one event may carry: {@value} UTF-8 bytes (1,048,576 minus the 26 bytes overhead). */
  public static final int MAX_MESSAGE_BYTES = MAX_EVENT_BYTES_WITH_OVERHEAD - PER_EVENT_OVERHEAD_BYTES;

  /** "The log events in the batch must be in chronological order" and "can't span more than 24 hours". */
  public static final Duration MAX_BATCH_SPAN = Duration.ofHours(24);

  /** Events older than this (relative to the service's clock) are rejected as too old. */
  public static final Duration MAX_EVENT_AGE = Duration.ofDays(14);

  /** Events further in the future than this are rejected as too new. */
  public static final Duration MAX_EVENT_FUTURE = Duration.ofHours(2);

  /**
   * {@code GetLogEvents}: 25 transactions per second per account per Region, a hard quota ("can't be changed"), as
   * listed on the <a href="https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html">
   * CloudWatch Logs quotas</a> page (constant written 2026-12-02 from that page's GetLogEvents row as last read; it
   * could not be re-fetched then, this build has no network beyond loopback: check it when the page changes; AWS's <a href="https://repost.aws/knowledge-center/cloudwatch-logs-throttling">throttling article</a> of
   * 2023-01-09 confirms GetLogEvents has a hard limit that does not qualify for an increase). The quota is shared by
   * everything in the account, the console included.
   */
  public static final int GET_LOG_EVENTS_TPS_QUOTA = 25;

  /**
   * What reconciliation allows itself of {@link #GET_LOG_EVENTS_TPS_QUOTA}: a fifth, so that even five pods restarting
   * at once after a node's OOM kill stay within the account's quota, and a throttled read (which makes reconciliation
   * fall back to re-sending) stays the exception.
   */
  public static final int RECONCILE_GET_LOG_EVENTS_PER_SECOND = GET_LOG_EVENTS_TPS_QUOTA / 5;

  /**
   * The most events one {@code GetLogEvents} page returns ("up to 1 MB, up to 10,000 log events",
   * <a href="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetLogEvents.html">
   * GetLogEvents API reference</a>).
   */
  public static final int GET_LOG_EVENTS_MAX_EVENTS_PER_PAGE = 10_000;

  private static final BatchLimits BATCH_LIMITS =
      new BatchLimits(
          MAX_EVENTS_PER_REQUEST,
          MAX_REQUEST_BYTES,
          PER_EVENT_OVERHEAD_BYTES,
          MAX_MESSAGE_BYTES,
          MAX_BATCH_SPAN.toMillis());

  private CloudWatchLimits() {}

  /** The limits the CloudWatch sink reports to the batcher: one batch is always exactly one valid request. */
  public static BatchLimits batchLimits() {
    return BATCH_LIMITS;
  }

  /** The oldest timestamp (inclusive, epoch millis) CloudWatch accepts when its clock reads {@code nowMillis}. */
  public static long oldestAcceptedTimestamp(long nowMillis) {
    return nowMillis - MAX_EVENT_AGE.toMillis();
  }

  /** The newest timestamp (inclusive, epoch millis) CloudWatch accepts when its clock reads {@code nowMillis}. */
  public static long newestAcceptedTimestamp(long nowMillis) {
    return nowMillis + MAX_EVENT_FUTURE.toMillis();
  }
}
