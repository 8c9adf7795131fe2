package io.logferry.sink.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logferry.endpoint.LocalCloudWatchLogs;
import io.logferry.endpoint.Options;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * The control-plane calls, signed and sent like PutLogEvents, against the strict local endpoint (which checks the
 * signature, the JSON and CloudWatch's rules): the answers and errors the provisioner and the healthcheck rely on,
 * without ever building the SDK's service client.
 */
class SignedCloudWatchLogsClientTest {

  private LocalCloudWatchLogs endpoint;
  private SdkHttpClient http;
  private SignedPutLogEventsClient transport;
  private final AtomicInteger sdkClientsBuilt = new AtomicInteger();
  private SignedCloudWatchLogsClient client;

  @BeforeEach
  void start() throws Exception {
    endpoint = LocalCloudWatchLogs.start(Options.defaults());
    http = UrlConnectionHttpClient.builder().build();
    transport =
        new SignedPutLogEventsClient(http, endpoint.endpoint(), "us-east-1",
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDCONTROLTEST", "control/secret")), Duration.ofSeconds(10));
    client = new SignedCloudWatchLogsClient(transport, () -> {
      sdkClientsBuilt.incrementAndGet();
      throw new AssertionError("the SDK's client is not needed for the control plane");
    });
  }

  @AfterEach
  void stop() {
    client.close();
    transport.close();
    http.close();
    endpoint.close();
  }

  @Test
  void createsGroupAndStreamAndSaysAlreadyExistsByType() {
    client.createLogGroup(b -> b.logGroupName("/k8s/app"));
    client.putRetentionPolicy(b -> b.logGroupName("/k8s/app").retentionInDays(7));
    client.createLogStream(b -> b.logGroupName("/k8s/app").logStreamName("pod-1"));

    assertThatThrownBy(() -> client.createLogGroup(b -> b.logGroupName("/k8s/app")))
        .isInstanceOf(ResourceAlreadyExistsException.class);
    assertThatThrownBy(() -> client.createLogStream(b -> b.logGroupName("/k8s/app").logStreamName("pod-1")))
        .isInstanceOf(ResourceAlreadyExistsException.class);
    assertThat(sdkClientsBuilt).hasValue(0);
  }

  @Test
  void aStreamInAMissingGroupIsResourceNotFound() {
    assertThatThrownBy(() -> client.createLogStream(b -> b.logGroupName("/missing").logStreamName("s")))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void theHealthchecksDescribeAnswersAndItsVerdictIsHealthy() {
    client.describeLogGroups(b -> b.limit(1));
    assertThat(new CloudWatchHealthcheck(client, new CloudWatchRetryClassifier(new java.util.Random(1),
        CloudWatchRetryClassifier.DEFAULT_BASE_DELAY, CloudWatchRetryClassifier.DEFAULT_MAX_DELAY)).check()).isNull();
    assertThat(sdkClientsBuilt).hasValue(0);
  }

  @Test
  void otherCallsGoToTheSdksClientBuiltOnce() {
    AtomicInteger built = new AtomicInteger();
    CloudWatchLogsClient real =
        CloudWatchLogsClient.builder()
            .region(software.amazon.awssdk.regions.Region.US_EAST_1)
            .endpointOverride(endpoint.endpoint())
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDCONTROLTEST", "control/secret")))
            .httpClient(http)
            .build();
    try (SignedCloudWatchLogsClient lazy = new SignedCloudWatchLogsClient(transport, () -> {
      built.incrementAndGet();
      return real;
    })) {
      lazy.createLogGroup(b -> b.logGroupName("/g"));
      lazy.createLogStream(b -> b.logGroupName("/g").logStreamName("s"));
      assertThat(built).hasValue(0);
      assertThat(lazy.getLogEvents(b -> b.logGroupName("/g").logStreamName("s")).events()).isEmpty();
      lazy.getLogEvents(b -> b.logGroupName("/g").logStreamName("s"));
      assertThat(built).hasValue(1);
    }
  }
}
