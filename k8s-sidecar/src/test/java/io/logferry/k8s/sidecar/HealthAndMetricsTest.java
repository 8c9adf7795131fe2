package io.logferry.k8s.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.logferry.Exporter;
import io.logferry.cli.ServeOptions;
import io.logferry.config.ExporterConfig;
import io.logferry.endpoint.LocalCloudWatchLogs;
import io.logferry.endpoint.Options;
import io.logferry.sink.LogSink;
import io.logferry.sink.cloudwatch.CloudWatchSink;
import io.logferry.sink.cloudwatch.CloudWatchSinkConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sidecar's HTTP face while a real exporter follows real files: health goes up as the pipeline runs and the sink
 * answers, metrics count what was read and sent, and both report the end after a drain.
 */
class HealthAndMetricsTest {

  final SidecarMain.Sidecar sidecar = SidecarMain.Sidecar.create(new FollowSession(code -> {}, code -> {}));
  final FollowSession session = sidecar.session;
  final SidecarEvents events = sidecar.events;
  final HealthServer server = sidecar.server;
  final ExporterReadiness readiness = sidecar.readiness;

  URI live;
  URI ready;
  URI metrics;

  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void serve() {
    int port = server.start(0);
    live = URI.create("http://127.0.0.1:" + port + "/q/health/live");
    ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
    metrics = URI.create("http://127.0.0.1:" + port + "/q/metrics");
  }

  @AfterEach
  void stopServing() {
    server.stop();
  }

  HttpResponse<String> get(URI uri) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthAndMetricsFollowThePipeline() throws Exception {
    assertThat(get(ready).statusCode()).as("not ready before following").isEqualTo(503);
    readiness.follow(ServeOptions.ReadinessMode.SINK);

    Path tmp = Files.createTempDirectory("logferry-health");
    Path logs = Files.createDirectories(tmp.resolve("logs"));
    Files.writeString(logs.resolve("app.log"), "one\ntwo\nthree\n");
    ExporterConfig config =
        ExporterConfig.defaults(List.of(logs + "/*.log"), tmp.resolve("cp"), "g")
            .withPollInterval(Duration.ofMillis(20))
            .withFlushInterval(Duration.ofMillis(20))
            .withDrainDeadline(Duration.ofSeconds(5));
    // The AWS SDK signs requests even for a local endpoint; these are the SDK's system-property credentials.
    System.setProperty("aws.accessKeyId", "local");
    System.setProperty("aws.secretAccessKey", "local");
    try (LocalCloudWatchLogs cw = LocalCloudWatchLogs.start(Options.defaults())) {
      LogSink sink =
          CloudWatchSink.create(
              new CloudWatchSinkConfig("us-east-1", cw.endpoint(), true, true, null, 2, Duration.ofSeconds(5),
                  Duration.ofSeconds(5), null),
              events);
      session.start(Exporter.create(config, sink, events), sink, config.drainDeadline(), e -> 1);
      await().atMost(Duration.ofSeconds(10)).until(() -> cw.allEvents().size() == 3);
      healthAndMetricsWhileFollowing();
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }

  private void healthAndMetricsWhileFollowing() throws Exception {
    await().atMost(Duration.ofSeconds(10)).until(() -> get(ready).statusCode() == 200);
    HttpResponse<String> liveness = get(live);
    assertThat(liveness.statusCode()).isEqualTo(200);
    assertThat(liveness.body()).contains("logferry-pipeline").contains("\"UP\"");

    // Prometheus text format 0.0.4 as the client writes it ({outcome="ok",}); compared without the optional comma.
    String scrape = get(metrics).body().replace(",}", "}");
    assertThat(scrape)
        .contains("logferry_lines_read_total 3.0")
        .contains("logferry_bytes_read_total 14.0")
        .contains("logferry_events_sent_total 3.0")
        // CloudWatch counts 26 bytes per event on top of the message: 11 + 3 * 26.
        .contains("logferry_bytes_sent_total 89.0")
        .contains("logferry_requests_total{outcome=\"delivered\"}")
        // The first request found no log group: the sink created it and sent again.
        .contains("logferry_retries_total 1.0")
        .contains("logferry_throttles_total 0.0")
        .contains("logferry_backlog_bytes")
        .contains("logferry_last_checkpoint_timestamp_seconds")
        .contains("logferry_newest_delivered_event_timestamp_seconds")
        .contains("logferry_last_batch_sent_timestamp_seconds")
        .contains("logferry_read_paused 0.0")
        .contains("logferry_files_tailed 1.0")
        .contains("logferry_rotations_total{kind=\"rename\"} 0.0")
        .contains("logferry_rotations_total{kind=\"copytruncate\"} 0.0")
        .containsPattern("logferry_build_info\\{java=\"[^\"]+\",version=\"[^\"]+\"} 1.0")
        // Two PutLogEvents requests: the one that found no log group, and the one after creating it.
        .contains("logferry_put_log_events_seconds_count{outcome=\"ok\"} 1.0")
        .contains("logferry_put_log_events_seconds_count{outcome=\"error\"} 1.0")
        .contains("logferry_put_log_events_seconds_bucket{outcome=\"ok\",le=\"30.0\"} 1.0")
        .doesNotContain("freshness_lag")
        .doesNotContain("checkpoint_age");
    assertThat(scrape.lines().filter(l -> l.startsWith("logferry_newest_delivered_event_timestamp_seconds ")))
        .singleElement()
        .satisfies(l -> assertThat(Double.parseDouble(l.substring(l.indexOf(' ') + 1)))
            .isCloseTo(System.currentTimeMillis() / 1000.0, org.assertj.core.data.Offset.offset(120.0)));

    assertThat(session.stopAndAwait()).isZero();
    HttpResponse<String> after = get(live);
    assertThat(after.statusCode()).isEqualTo(503);
    assertThat(after.body()).contains("the exporter has ended");
    assertThat(get(ready).statusCode()).isEqualTo(503);
  }
}
