package io.logferry.sink.cloudwatch;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

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
    GroupSettings groups) {

  public CloudWatchSinkConfig {
    groups = groups == null ? GroupSettings.NONE : groups;
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
        deadLetterFile, GroupSettings.NONE);
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

  public static final int DEFAULT_MAX_CONCURRENCY = 4;
  public static final Duration DEFAULT_MAX_RETRY_DURATION = Duration.ofMinutes(5);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
}
