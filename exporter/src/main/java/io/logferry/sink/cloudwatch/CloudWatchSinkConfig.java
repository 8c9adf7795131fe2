package io.logferry.sink.cloudwatch;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Settings of the CloudWatch Logs sink. Credentials are not here: the AWS SDK's default chain finds them (environment,
 * profile, web identity/IRSA, Pod Identity, instance), so no secret ever passes through logferry's configuration.
 *
 * @param region AWS region, e.g. {@code eu-west-1}
 * @param endpoint endpoint override (a local endpoint, moto, LocalStack), or {@code null} for AWS
 * @param createGroup create the log group when it is missing
 * @param createStream create the log stream when it is missing
 * @param retentionDays retention to set on groups this sink creates, or {@code null} to leave it
 * @param maxConcurrency PutLogEvents requests in flight at once, across and within streams
 * @param maxRetryDuration how long one batch is retried before the sink gives up on it
 * @param requestTimeout timeout of one HTTP attempt
 * @param deadLetterFile where events the service rejects (or would reject) are written, as JSON lines with the reason
 * @param groups settings of log groups this sink creates (KMS key, class, tags)
 * @param reconcileTimeout exactly-once across a crash: how long a restart after an unclean stop may spend reading the
 *     streams back ({@code GetLogEvents}) to skip batches CloudWatch already holds; {@link Duration#ZERO} (the
 *     default) turns reconciliation and its in-flight journal off (at-least-once)
 */
public record CloudWatchSinkConfig(
    String region,
    URI endpoint,
    boolean createGroup,
    boolean createStream,
    Integer retentionDays,
    int maxConcurrency,
    Duration maxRetryDuration,
    Duration requestTimeout,
    Path deadLetterFile,
    GroupSettings groups,
    Duration reconcileTimeout) {

  public CloudWatchSinkConfig {
    groups = groups == null ? GroupSettings.NONE : groups;
    reconcileTimeout = reconcileTimeout == null ? Duration.ZERO : reconcileTimeout;
  }

  /** Without reconciliation (at-least-once). */
  public CloudWatchSinkConfig(
      String region,
      URI endpoint,
      boolean createGroup,
      boolean createStream,
      Integer retentionDays,
      int maxConcurrency,
      Duration maxRetryDuration,
      Duration requestTimeout,
      Path deadLetterFile,
      GroupSettings groups) {
    this(region, endpoint, createGroup, createStream, retentionDays, maxConcurrency, maxRetryDuration, requestTimeout,
        deadLetterFile, groups, Duration.ZERO);
  }

  /** This configuration with reconciliation bounded by {@code value} ({@link Duration#ZERO}: off). */
  public CloudWatchSinkConfig withReconcileTimeout(Duration value) {
    return new CloudWatchSinkConfig(region, endpoint, createGroup, createStream, retentionDays, maxConcurrency,
        maxRetryDuration, requestTimeout, deadLetterFile, groups, value);
  }

  /** Without settings for created groups. */
  public CloudWatchSinkConfig(
      String region,
      URI endpoint,
      boolean createGroup,
      boolean createStream,
      Integer retentionDays,
      int maxConcurrency,
      Duration maxRetryDuration,
      Duration requestTimeout,
      Path deadLetterFile) {
    this(region, endpoint, createGroup, createStream, retentionDays, maxConcurrency, maxRetryDuration, requestTimeout,
        deadLetterFile, GroupSettings.NONE, Duration.ZERO);
  }

  /**
   * What a log group this sink creates gets besides its retention.
   *
   * @param kmsKeyId ARN of the KMS key that encrypts the group, or {@code null}
   * @param logGroupClass {@code STANDARD} or {@code INFREQUENT_ACCESS}, or {@code null} for CloudWatch's default
   * @param tags tags of the group (at most 50)
   * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html">CreateLogGroup</a>
   */
  public record GroupSettings(String kmsKeyId, String logGroupClass, Map<String, String> tags) {
    public static final GroupSettings NONE = new GroupSettings(null, null, Map.of());

    public GroupSettings {
      tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
  }

  /**
   * The shape of an AWS region name (<a href="https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html">
   * AWS Regions</a>): a two-letter area, one or more words, a number: {@code us-east-1}, {@code eu-central-2},
   * {@code us-gov-west-1}, {@code cn-northwest-1}, {@code us-isob-east-1}. A name of another shape cannot name a
   * region, and would otherwise surface only as an unknown host (or a signature refused) at the first request.
   */
  public static final Pattern REGION_NAME = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");

  /** Whether {@code region} has the shape of an AWS region name ({@link #REGION_NAME}). */
  public static boolean isValidRegion(String region) {
    return region != null && REGION_NAME.matcher(region).matches();
  }

  public static final int DEFAULT_MAX_CONCURRENCY = 4;
  public static final Duration DEFAULT_MAX_RETRY_DURATION = Duration.ofMinutes(5);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /**
   * The bound the CLI's {@code --reconcile-timeout} defaults to: at the quota logferry allows itself
   * ({@link CloudWatchLimits#RECONCILE_GET_LOG_EVENTS_PER_SECOND}) 30 s read back ~150 pages, more than the in-flight
   * batches of a sidecar hold, and a pod that restarts is not held back longer than a readiness probe tolerates.
   */
  public static final Duration SUGGESTED_RECONCILE_TIMEOUT = Duration.ofSeconds(30);
}
