package io.logferry.sink.cloudwatch;

import io.logferry.sink.cloudwatch.CloudWatchRetryClassifier.Classification;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/**
 * Readiness probe (Vector's {@code healthcheck.rs}): one {@code DescribeLogGroups} asking for a single group. It
 * proves the endpoint answers, the credentials are valid and the caller may read CloudWatch Logs, at the cost of one
 * tiny request. It cannot prove the PutLogEvents permission (there is no dry run); the first batch does that.
 */
final class CloudWatchHealthcheck {

  private final CloudWatchLogsClient client;
  private final CloudWatchRetryClassifier classifier;

  CloudWatchHealthcheck(CloudWatchLogsClient client, CloudWatchRetryClassifier classifier) {
    this.client = client;
    this.classifier = classifier;
  }

  /** {@code null} when healthy, else a one-line reason. Never throws. */
  String check() {
    try {
      client.describeLogGroups(b -> b.limit(1));
      return null;
    } catch (RuntimeException e) {
      Classification c = classifier.classify(e);
      switch (c.kind()) {
        case THROTTLED:
          return "throttled (reachable, retry later): " + c.reason();
        case TRANSIENT:
          return "unreachable or unavailable: " + c.reason();
        default:
          return "refused: " + c.reason();
      }
    }
  }
}
