package io.logferry.endpoint;

/**
 * The limits CloudWatch Logs enforces on PutLogEvents, as documented in
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html
 * and for names in
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html and
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogStream.html
 */
final class PutLogEventsLimits {

  /**
   * "The maximum batch size is 1,048,576 bytes. This size is calculated as the sum of all event messages in UTF-8,
   * plus 26 bytes for each log event." (API_PutLogEvents.html)
   */
  static final int MAX_BATCH_BYTES = 1_048_576;

  /** The per-event overhead counted into the batch size (API_PutLogEvents.html). */
  static final int EVENT_OVERHEAD_BYTES = 26;

  /**
   * The largest single event, its 26-byte overhead included ("Each log event can be no larger than 1 MB",
   * API_PutLogEvents.html); so the largest message is 1,048,550 UTF-8 bytes.
   */
  static final int MAX_EVENT_BYTES = 1_048_576;

  /** "The maximum number of log events in a batch is 10,000." (API_PutLogEvents.html) */
  static final int MAX_EVENTS = 10_000;

  /** "A batch of log events in a single request cannot span more than 24 hours." (API_PutLogEvents.html) */
  static final long MAX_SPAN_MILLIS = 24L * 60 * 60 * 1000;

  /** "None of the log events in the batch can be older than 14 days" (API_PutLogEvents.html). */
  static final long MAX_AGE_MILLIS = 14L * 24 * 60 * 60 * 1000;

  /** "None of the log events in the batch can be more than 2 hours in the future." (API_PutLogEvents.html) */
  static final long MAX_FUTURE_MILLIS = 2L * 60 * 60 * 1000;

  /** Log group and stream names are 1 to 512 characters (API_CreateLogGroup.html, API_CreateLogStream.html). */
  static final int MAX_NAME_LENGTH = 512;

  /** The values PutRetentionPolicy accepts for retentionInDays (API_PutRetentionPolicy.html). */
  static final int[] RETENTION_DAYS = {
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653
  };

  private PutLogEventsLimits() {}

  /** Group names: 1-512 characters of {@code [\.\-_/#A-Za-z0-9]}; checked by a loop, not a regex (hot path). */
  static boolean isValidGroupName(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '-' || c == '_' || c == '/' || c == '#';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Stream names: 1-512 characters, no {@code :} and no {@code *} (API_CreateLogStream.html). */
  static boolean isValidStreamName(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      return false;
    }
    return name.indexOf(':') < 0 && name.indexOf('*') < 0;
  }

  static boolean isValidRetention(long days) {
    for (int d : RETENTION_DAYS) {
      if (d == days) {
        return true;
      }
    }
    return false;
  }
}
