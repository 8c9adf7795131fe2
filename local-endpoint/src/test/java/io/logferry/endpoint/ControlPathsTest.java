package io.logferry.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidOperationException;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ThrottlingException;

/** The {@code /_logferry/} control paths another process uses to drive faults and read the ground truth. */
class ControlPathsTest {

  private static InputLogEvent event(String message) {
    return InputLogEvent.builder().timestamp(System.currentTimeMillis()).message(message).build();
  }

  @Test
  void faultsSetOverHttpReachTheClientAndCanBeCleared() throws Exception {
    try (LocalCloudWatchLogs endpoint = LocalCloudWatchLogs.start(Options.defaults());
        CloudWatchLogsClient client = Sdk.client(endpoint)) {
      endpoint.createLogStream("g", "s");
      Http http = new Http(endpoint.endpoint(), null);

      HttpResponse<String> set = http.post("/_logferry/faults", "{\"throttleRatio\":1.0,\"latencyMs\":1}");
      assertThat(set.statusCode()).isEqualTo(200);
      assertThat(endpoint.faults()).isEqualTo(Faults.NONE.withThrottleRatio(1.0).withLatencyMs(1));
      assertThat(Http.object(http.get("/_logferry/faults").body()))
          .containsEntry("throttleRatio", 1.0).containsEntry("latencyMs", 1L).containsEntry("down", false);
      assertThatThrownBy(() -> client.putLogEvents(b -> b.logGroupName("g").logStreamName("s")
          .logEvents(event("x")))).isInstanceOf(ThrottlingException.class);

      assertThat(http.post("/_logferry/faults", "{}").statusCode()).isEqualTo(200);
      client.putLogEvents(b -> b.logGroupName("g").logStreamName("s").logEvents(event("x")));
      assertThat(endpoint.events("g", "s")).hasSize(1);
    }
  }

  @Test
  void invalidFaultsAreRefusedWithAMessage() throws Exception {
    try (LocalCloudWatchLogs endpoint = LocalCloudWatchLogs.start(Options.defaults())) {
      Http http = new Http(endpoint.endpoint(), null);

      HttpResponse<String> tooMuch = http.post("/_logferry/faults", "{\"throttleRatio\":0.6,\"dropRatio\":0.6}");
      assertThat(tooMuch.statusCode()).isEqualTo(400);
      assertThat(tooMuch.body()).contains("must be <= 1");
      assertThat(http.post("/_logferry/faults", "{not json").statusCode()).isEqualTo(400);
      assertThat(http.get("/_logferry/nothing").statusCode()).isEqualTo(404);
      assertThat(endpoint.faults()).isEqualTo(Faults.NONE);
    }
  }

  @Test
  void statsAndEventsAreReadableOverHttp() throws Exception {
    try (LocalCloudWatchLogs endpoint = LocalCloudWatchLogs.start(Options.defaults());
        CloudWatchLogsClient client = Sdk.client(endpoint)) {
      endpoint.createLogStream("g", "s");
      client.putLogEvents(b -> b.logGroupName("g").logStreamName("s").logEvents(event("one"), event("two \"q\"")));
      assertThatThrownBy(() -> client.putLogEvents(b -> b.logGroupName("g").logStreamName("s")
          .logEvents(List.of()))).isInstanceOf(InvalidParameterException.class);
      Http http = new Http(endpoint.endpoint(), null);

      Map<String, Object> stats = Http.object(http.get("/_logferry/stats").body());
      assertThat(stats).containsEntry("acceptedEvents", 2L).containsEntry("acceptedBatches", 1L)
          .containsEntry("acceptedBytes", 10L); // "one" + "two \"q\""
      assertThat(stats.get("requestsByOperation")).isEqualTo(Map.of("PutLogEvents", 2L));
      assertThat(stats.get("rejectedRequestsByReason")).isEqualTo(Map.of("emptyBatch", 1L));

      HttpResponse<String> events = http.get("/_logferry/events");
      assertThat(events.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
      List<Map<String, Object>> lines = Http.lines(events.body());
      assertThat(lines).extracting(l -> l.get("message")).containsExactly("one", "two \"q\"");
      assertThat(lines.get(0)).containsEntry("group", "g").containsEntry("stream", "s")
          .containsKeys("timestamp", "ingestionTime");

      assertThat(http.post("/_logferry/reset", "").statusCode()).isEqualTo(200);
      assertThat(Http.lines(http.get("/_logferry/events").body())).isEmpty();
      assertThat(endpoint.stats().acceptedEvents()).isZero();
    }
  }

  @Test
  void countsModeKeepsHashesNotMessages() throws Exception {
    try (LocalCloudWatchLogs endpoint = LocalCloudWatchLogs.start(Options.defaults()
            .withRecording(RecordingMode.COUNTS));
        CloudWatchLogsClient client = Sdk.client(endpoint)) {
      endpoint.createLogStream("g", "s");
      client.putLogEvents(b -> b.logGroupName("g").logStreamName("s").logEvents(event("alpha"), event("bëta 😀")));

      assertThat(endpoint.messageHashes("g", "s")).containsExactly(
          LocalCloudWatchLogs.messageHash("alpha"), LocalCloudWatchLogs.messageHash("bëta 😀"));
      assertThat(endpoint.stats().acceptedBytes()).isEqualTo(5 + "bëta 😀".getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
      assertThatThrownBy(() -> endpoint.events("g", "s")).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> client.getLogEvents(b -> b.logGroupName("g").logStreamName("s")))
          .isInstanceOf(InvalidOperationException.class);

      List<Map<String, Object>> lines = Http.lines(new Http(endpoint.endpoint(), null).get("/_logferry/events").body());
      assertThat(lines).extracting(l -> l.get("messageHash"))
          .containsExactly(Long.toHexString(LocalCloudWatchLogs.messageHash("alpha")),
              Long.toHexString(LocalCloudWatchLogs.messageHash("bëta 😀")));
    }
  }
}
