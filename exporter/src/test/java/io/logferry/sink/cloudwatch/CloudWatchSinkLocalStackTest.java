package io.logferry.sink.cloudwatch;

import static io.logferry.testing.SinkBatches.batch;
import static io.logferry.testing.SinkBatches.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.events.StreamKey;
import io.logferry.pipeline.LogEvent;
import io.logferry.sink.ExportResult;
import io.logferry.sink.LogSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;

/**
 * The real sink against LocalStack's CloudWatch Logs (Vector's integration tests use the same target). Needs a Docker
 * engine: where there is none, the whole class is disabled (reported as skipped) by Testcontainers.
 */
@Testcontainers(disabledWithoutDocker = true)
class CloudWatchSinkLocalStackTest {

  /** Pinned: LocalStack's community image of this line serves CloudWatch Logs without an auth token. */
  @Container
  static final LocalStackContainer LOCALSTACK = new LocalStackContainer("localstack/localstack:4.4").withServices("logs");

  @TempDir Path dir;

  @BeforeAll
  static void credentials() {
    System.setProperty("aws.accessKeyId", LOCALSTACK.getAccessKey());
    System.setProperty("aws.secretAccessKey", LOCALSTACK.getSecretKey());
  }

  @AfterAll
  static void clearCredentials() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  @Test
  void createsGroupAndStreamShipsAndReadsBackInOrder() {
    StreamKey key = new StreamKey("/logferry/localstack", "pod-a/app");
    long now = System.currentTimeMillis();
    List<LogEvent> events = new ArrayList<>();
    for (int i = 0; i < 500; i++) events.add(event(now - 10_000 + (i % 7) * 100, "line " + i));
    CloudWatchSinkConfig config =
        new CloudWatchSinkConfig(
            LOCALSTACK.getRegion(),
            LOCALSTACK.getEndpoint(),
            true,
            true,
            14,
            4,
            Duration.ofSeconds(60),
            Duration.ofSeconds(30),
            dir.resolve("dead-letters.jsonl"));

    try (LogSink sink = CloudWatchSink.create(config, new RecordingEvents());
        CloudWatchLogsClient reader =
            CloudWatchLogsClient.builder()
                .endpointOverride(LOCALSTACK.getEndpoint())
                .region(Region.of(LOCALSTACK.getRegion()))
                .credentialsProvider(
                    StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey())))
                .httpClient(UrlConnectionHttpClient.builder().build())
                .build()) {
      assertThat(sink.healthcheck()).isNull();
      ExportResult result = sink.export(batch(key, events)).join();
      assertThat(result.isDelivered()).isTrue();
      assertThat(result.accepted()).isEqualTo(500);

      List<OutputLogEvent> back =
          reader.getLogEvents(b -> b.logGroupName(key.group()).logStreamName(key.stream()).startFromHead(true)).events();
      List<LogEvent> expected = new ArrayList<>(events);
      expected.sort(java.util.Comparator.comparingLong(LogEvent::timestamp)); // stable: file order within a timestamp
      assertThat(back).extracting(OutputLogEvent::message).containsExactlyElementsOf(expected.stream().map(LogEvent::message).toList());
    }
  }
}
