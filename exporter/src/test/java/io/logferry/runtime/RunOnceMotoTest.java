package io.logferry.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.Exporter;
import io.logferry.config.ExporterConfig;
import io.logferry.events.ExporterEvents;
import io.logferry.sink.cloudwatch.CloudWatchSink;
import io.logferry.sink.cloudwatch.CloudWatchSinkConfig;
import io.logferry.testbed.DeliveryAudit;
import io.logferry.testbed.LineFormat;
import io.logferry.testbed.LogWriter;
import io.logferry.testing.MotoServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;

/**
 * The whole run-once, from files to moto (the engine behind LocalStack's Logs) and back with GetLogEvents: what a real
 * CloudWatch-compatible service stored is every line exactly once, split lines included.
 */
@org.junit.jupiter.api.extension.ExtendWith(io.logferry.testing.AwsTestCredentials.class)
class RunOnceMotoTest {

  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  @TempDir Path dir;



  @Test
  void rotatedAccessLogAndAThreeMegabyteLineArriveInMotoExactlyOnce() throws Exception {
    Path logs = dir.resolve("logs");
    Path state = dir.resolve("state");
    try (LogWriter w =
        LogWriter.open(
            LogWriter.Settings.of(logs.resolve("access.log"), "access", LineFormat.NGINX_COMBINED)
                .withRotation(LogWriter.Rotation.RENAME, 256 * 1024, 100))) {
      w.write(6000);
      byte[] big = new byte[3 * 1024 * 1024];
      java.util.Arrays.fill(big, (byte) 'x');
      w.writeRaw(big);
      w.writeRaw("\n".getBytes(StandardCharsets.US_ASCII));
      w.write(500);

      String group = "/logferry/moto-run-once";
      ExporterConfig config =
          ExporterConfig.defaults(List.of(logs + "/access.log*"), state, group).withStreamTemplate("pod-a/{file}");
      CloudWatchSinkConfig sinkConfig =
          new CloudWatchSinkConfig(
              MotoServer.REGION, MOTO.endpoint(), true, true, 7, 4, Duration.ofSeconds(30), Duration.ofSeconds(10),
              state.resolve("dead-letter.jsonl"));
      try (Exporter exporter =
          Exporter.create(config, CloudWatchSink.create(sinkConfig, ExporterEvents.NOOP), ExporterEvents.NOOP)) {
        RunSummary summary = exporter.runOnce();
        assertThat(summary.complete()).as(summary.toString()).isTrue();
        assertThat(summary.requests()).isGreaterThan(1);
      }

      DeliveryAudit audit = new DeliveryAudit();
      long bigBytes = 0;
      try (CloudWatchLogsClient client = MOTO.client()) {
        String token = null;
        while (true) {
          GetLogEventsResponse page =
              client.getLogEvents(
                  GetLogEventsRequest.builder()
                      .logGroupName(group)
                      .logStreamName("pod-a/access.log")
                      .startFromHead(true)
                      .nextToken(token)
                      .build());
          for (OutputLogEvent e : page.events()) {
            audit.accept(e.message());
            if (e.message().chars().allMatch(c -> c == 'x')) bigBytes += e.message().length();
          }
          if (page.events().isEmpty() || page.nextForwardToken().equals(token)) break;
          token = page.nextForwardToken();
        }
      }
      assertThat(audit.total(Map.of("access", w.eventsWritten()))).isEqualTo(new DeliveryAudit.Result(6500, 6500, 0, 0));
      assertThat(bigBytes).isEqualTo(3 * 1024 * 1024);
    }
  }
}
