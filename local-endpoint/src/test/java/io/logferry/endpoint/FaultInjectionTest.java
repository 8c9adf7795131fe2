package io.logferry.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ServiceUnavailableException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ThrottlingException;

/** Each fault as the real SDK client (retries off) observes it; a faulted request never stores anything. */
class FaultInjectionTest {

  private LocalCloudWatchLogs endpoint;
  private CloudWatchLogsClient client;

  @BeforeEach
  void start() throws Exception {
    endpoint = LocalCloudWatchLogs.start(Options.defaults());
    client = Sdk.client(endpoint);
    endpoint.createLogStream("g", "s");
  }

  @AfterEach
  void stop() {
    client.close();
    endpoint.close();
  }

  private void put(String message) {
    client.putLogEvents(b -> b.logGroupName("g").logStreamName("s")
        .logEvents(InputLogEvent.builder().timestamp(System.currentTimeMillis()).message(message).build()));
  }

  @Test
  void throttlingSurfacesAsThrottlingExceptionAndStoresNothing() {
    endpoint.setFaults(Faults.NONE.withThrottleRatio(1.0));

    assertThatThrownBy(() -> put("x")).isInstanceOfSatisfying(ThrottlingException.class,
        e -> assertThat(e.statusCode()).isEqualTo(400));
    assertThat(endpoint.events("g", "s")).isEmpty();
    assertThat(endpoint.stats().injected("throttle")).isEqualTo(1);
    // Only PutLogEvents is targeted by default.
    client.createLogStream(b -> b.logGroupName("g").logStreamName("other"));
  }

  @Test
  void serverErrorsSurfaceAsServiceUnavailableWith5xx() {
    endpoint.setFaults(Faults.NONE.withErrorRatio(1.0));

    for (int i = 0; i < 6; i++) {
      assertThatThrownBy(() -> put("x")).isInstanceOfSatisfying(ServiceUnavailableException.class,
          e -> assertThat(e.statusCode()).isIn(500, 503));
    }
    assertThat(endpoint.events("g", "s")).isEmpty();
    assertThat(endpoint.stats().injected("serverError")).isEqualTo(6);
  }

  @Test
  void droppedConnectionSurfacesAsClientException() {
    endpoint.setFaults(Faults.NONE.withDropRatio(1.0));

    assertThatThrownBy(() -> put("x")).isInstanceOf(SdkClientException.class);
    assertThat(endpoint.events("g", "s")).isEmpty();
    // HttpURLConnection may silently resend a POST once after an unanswered request, so at least one drop.
    assertThat(endpoint.stats().injected("drop")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void downRefusesEveryOperationUntilBackUp() {
    endpoint.setFaults(Faults.NONE.withDown(true));

    assertThatThrownBy(() -> put("x")).isInstanceOf(SdkClientException.class);
    assertThatThrownBy(() -> client.describeLogGroups()).isInstanceOf(SdkClientException.class);
    assertThat(endpoint.stats().injected("down")).isGreaterThanOrEqualTo(2);

    endpoint.setFaults(Faults.NONE);
    put("after");
    assertThat(endpoint.events("g", "s")).extracting(RecordedEvent::message).containsExactly("after");
  }

  @Test
  void downForOneAccessKeyRefusesOnlyThatClientUntilBackUp() {
    endpoint.setDownFor(java.util.Set.of("AKIDPARTITIONED"));
    try (CloudWatchLogsClient partitioned = Sdk.signingAs(endpoint, "AKIDPARTITIONED")) {
      assertThatThrownBy(() -> partitioned.putLogEvents(b -> b.logGroupName("g").logStreamName("s")
          .logEvents(InputLogEvent.builder().timestamp(System.currentTimeMillis()).message("cut").build())))
          .isInstanceOf(SdkClientException.class);
      put("served");
      assertThat(endpoint.stats().injected("down")).isEqualTo(1);

      endpoint.setDownFor(java.util.Set.of());
      partitioned.putLogEvents(b -> b.logGroupName("g").logStreamName("s")
          .logEvents(InputLogEvent.builder().timestamp(System.currentTimeMillis()).message("after").build()));
    }
    assertThat(endpoint.events("g", "s")).extracting(RecordedEvent::message).containsExactly("served", "after");
  }

  @Test
  void theAccessKeyIdIsReadFromTheSigV4CredentialScope() {
    assertThat(FaultInjector.accessKeyId(
        "AWS4-HMAC-SHA256 Credential=AKIDX/20261202/us-east-1/logs/aws4_request, SignedHeaders=host, Signature=ab"))
        .isEqualTo("AKIDX");
    assertThat(FaultInjector.accessKeyId(null)).isNull();
    assertThat(FaultInjector.accessKeyId("Bearer token")).isNull();
  }

  @Test
  void addedLatencyStillDeliversAndIsCounted() {
    endpoint.setFaults(Faults.NONE.withLatencyMs(20));

    put("slow");
    assertThat(endpoint.events("g", "s")).hasSize(1);
    assertThat(endpoint.stats().injected("latency")).isEqualTo(1);
  }

  @Test
  void allOperationsOptionFaultsOtherOperationsToo() {
    endpoint.setFaults(Faults.NONE.withThrottleRatio(1.0).withAllOperations(true));

    assertThatThrownBy(() -> client.describeLogGroups()).isInstanceOf(ThrottlingException.class);
    assertThatThrownBy(() -> client.createLogGroup(b -> b.logGroupName("new"))).isInstanceOf(ThrottlingException.class);
    endpoint.setFaults(Faults.NONE);
    assertThat(client.describeLogGroups().logGroups()).extracting(g -> g.logGroupName()).containsExactly("g");
  }

  @Test
  void sameSeedGivesSameFaultSequence() throws Exception {
    List<String> first = outcomes(7L);
    List<String> second = outcomes(7L);

    assertThat(first).isEqualTo(second).contains("ok", "throttle", "error");
  }

  private List<String> outcomes(long seed) throws Exception {
    try (LocalCloudWatchLogs seeded = LocalCloudWatchLogs.start(Options.defaults().withSeed(seed)
            .withFaults(Faults.NONE.withThrottleRatio(0.3).withErrorRatio(0.3)));
        CloudWatchLogsClient c = Sdk.client(seeded)) {
      seeded.createLogStream("g", "s");
      List<String> out = new ArrayList<>();
      int ok = 0;
      for (int i = 0; i < 40; i++) {
        try {
          c.putLogEvents(b -> b.logGroupName("g").logStreamName("s")
              .logEvents(InputLogEvent.builder().timestamp(System.currentTimeMillis()).message("m").build()));
          out.add("ok");
          ok++;
        } catch (ThrottlingException e) {
          out.add("throttle");
        } catch (ServiceUnavailableException e) {
          out.add("error");
        }
      }
      assertThat(seeded.events("g", "s")).hasSize(ok);
      return out;
    }
  }
}
