package io.logferry.sink.cloudwatch;

/**
 * A successful {@code PutLogEvents} answer: the indexes of its {@code rejectedLogEventsInfo}, each {@code null} when
 * absent (see {@link CloudWatchRequestBuilder#rejected} for their meaning).
 */
record PutLogEventsOutcome(Integer tooNewLogEventStartIndex, Integer tooOldLogEventEndIndex, Integer expiredLogEventEndIndex) {

  /** Every event was stored. */
  static final PutLogEventsOutcome ALL_STORED = new PutLogEventsOutcome(null, null, null);

  boolean rejectedAny() {
    return tooNewLogEventStartIndex != null || tooOldLogEventEndIndex != null || expiredLogEventEndIndex != null;
  }
}
