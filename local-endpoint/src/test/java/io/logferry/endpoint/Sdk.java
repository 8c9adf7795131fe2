package io.logferry.endpoint;

import java.time.Duration;
import javax.net.ssl.TrustManager;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

/** Builds the real AWS SDK v2 client against a local endpoint, without retries so every fault is visible. */
final class Sdk {

  private Sdk() {}

  static CloudWatchLogsClient client(LocalCloudWatchLogs endpoint) {
    return client(endpoint, (TrustManager[]) null);
  }

  /** A client signing with {@code accessKeyId} (over plain HTTP). */
  static CloudWatchLogsClient signingAs(LocalCloudWatchLogs endpoint, String accessKeyId) {
    return client(endpoint, null, accessKeyId);
  }

  static CloudWatchLogsClient client(LocalCloudWatchLogs endpoint, TrustManager[] trust) {
    return client(endpoint, trust, "AKIDLOCAL");
  }

  private static CloudWatchLogsClient client(LocalCloudWatchLogs endpoint, TrustManager[] trust, String accessKeyId) {
    UrlConnectionHttpClient.Builder http = UrlConnectionHttpClient.builder()
        .connectionTimeout(Duration.ofSeconds(5))
        .socketTimeout(Duration.ofSeconds(30));
    if (trust != null) {
      http.tlsTrustManagersProvider(() -> trust);
    }
    return CloudWatchLogsClient.builder()
        .endpointOverride(endpoint.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, "local")))
        .httpClientBuilder(http)
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }
}
