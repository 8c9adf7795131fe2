package io.logferry.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.endpoint.LocalCloudWatchLogs;
import io.logferry.endpoint.Options;
import org.junit.jupiter.api.Test;

/** The kubernetes target's view of an endpoint: its control paths, here those of a real local endpoint. */
class HttpEndpointTest {

  @Test
  void drivesFaultsAndReadsCountersThroughTheControlPaths() throws Exception {
    try (LocalCloudWatchLogs cw = LocalCloudWatchLogs.start(Options.defaults())) {
      HttpEndpoint http = new HttpEndpoint("http://in-cluster:4566", cw.endpoint());
      assertThat(http.url()).isEqualTo("http://in-cluster:4566");

      http.faults(0.3, true);
      assertThat(cw.faults().throttleRatio()).isEqualTo(0.3);
      assertThat(cw.faults().down()).isTrue();
      http.faults(0, false);
      assertThat(cw.faults().down()).isFalse();

      cw.createLogStream("/g", "pod-1/app.log");
      http.reset();
      Endpoint.Stats stats = http.stats();
      assertThat(stats.acceptedEvents()).isZero();
      assertThat(stats.totalRequests()).isZero();
      int[] events = {0};
      http.events(e -> events[0]++);
      assertThat(events[0]).isZero();
    }
  }

  @Test
  void parsesAnEventLine() throws Exception {
    Endpoint.Event e = HttpEndpoint.parseEvent("{\"group\":\"/g\",\"stream\":\"pod-1/app.log\",\"timestamp\":1000,"
        + "\"ingestionTime\":1800,\"message\":\"GET /?seq=pod-1:3&t=990 \\\"x\\\"\"}");
    assertThat(e).isEqualTo(new Endpoint.Event("pod-1/app.log", 1000, 1800, "GET /?seq=pod-1:3&t=990 \"x\""));
    assertThat(Freshness.lagMillis(e.message(), e.ingestionTime())).isEqualTo(810);
  }

  @Test
  void parsesStatsIgnoringMembersItDoesNotUse() throws Exception {
    String json = "{\"requestsByOperation\":{\"PutLogEvents\":12,\"CreateLogStream\":2},\"acceptedEvents\":900,"
        + "\"acceptedBytes\":180000,\"acceptedBatches\":10,\"rejectedRequestsByReason\":{\"throttled\":2},"
        + "\"rejectedEventsByReason\":{},\"injectedFaults\":{\"throttle\":2},\"future\":[1,2]}";
    try (var p = new com.fasterxml.jackson.core.JsonFactory().createParser(json)) {
      Endpoint.Stats s = HttpEndpoint.parseStats(p);
      assertThat(s.requests("PutLogEvents")).isEqualTo(12);
      assertThat(s.totalRequests()).isEqualTo(14);
      assertThat(s.acceptedEvents()).isEqualTo(900);
      assertThat(s.acceptedBytes()).isEqualTo(180_000);
      assertThat(s.injectedFaults()).containsEntry("throttle", 2L);
    }
  }
}
