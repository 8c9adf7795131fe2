package io.logferry.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.Exporter;
import io.logferry.config.ExporterConfig;
import io.logferry.events.ExporterEvents;
import io.logferry.sink.cloudwatch.CloudWatchSink;
import io.logferry.sink.cloudwatch.CloudWatchSinkConfig;
import io.logferry.testing.AwsTestCredentials;
import io.logferry.testing.MotoServer;
import io.logferry.testing.ShippingFixture;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;

/**
 * Events of one stream read back in the order they were written, with the default concurrency (4 requests in
 * flight): a 5 MB line split into 1 MiB pieces that share one timestamp, and 40,000 short lines read in bursts that
 * share read-time timestamps across batch boundaries. Read back with GetLogEvents from the strict local endpoint and
 * from moto.
 */
@ExtendWith(AwsTestCredentials.class)
class StreamOrderEndToEndTest {

  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  static final int LINES = 40_000;
  static final int BIG_LINE_BYTES = 5 * 1024 * 1024;

  @TempDir Path dir;

  @Test
  void aFiveMegabyteLineAndSameTimestampBurstsReadBackInOrderFromTheLocalEndpoint() throws Exception {
    try (ShippingFixture fixture = new ShippingFixture()) {
      URI endpoint = fixture.endpoint().endpoint();
      shipAndCheck(endpoint, "us-east-1", client(endpoint, "us-east-1"));
    }
  }

  @Test
  void aFiveMegabyteLineAndSameTimestampBurstsReadBackInOrderFromMoto() throws Exception {
    shipAndCheck(MOTO.endpoint(), MotoServer.REGION, MOTO.client());
  }

  private void shipAndCheck(URI endpoint, String region, CloudWatchLogsClient client) throws Exception {
    AwsTestCredentials.set(); // a ShippingFixture closed by an earlier test of this class clears them
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Path state = dir.resolve("state");
    byte[] big = bigLine();
    try (OutputStream out = Files.newOutputStream(logs.resolve("app.log"))) {
      writeLines(out, 0, LINES / 2);
      out.write(big);
      out.write('\n');
      writeLines(out, LINES / 2, LINES);
    }
    String group = "/logferry/order";
    ExporterConfig config = ExporterConfig.defaults(List.of(logs + "/app.log"), state, group);
    CloudWatchSinkConfig sinkConfig =
        new CloudWatchSinkConfig(region, endpoint, true, true, null, 4, Duration.ofSeconds(60), Duration.ofSeconds(30),
            state.resolve("dead-letter.jsonl"));
    List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    ExporterEvents events = new ExporterEvents() {
      @Override
      public void batchFailed(io.logferry.events.StreamKey key, int n, String reason) {
        failures.add(reason);
      }
    };
    try (Exporter exporter = Exporter.create(config, CloudWatchSink.create(sinkConfig, events), events)) {
      RunSummary summary = exporter.runOnce();
      assertThat(summary.complete()).as(summary + " " + failures).isTrue();
    }

    List<String> messages = new ArrayList<>();
    try (client) {
      String stream = client.describeLogStreams(b -> b.logGroupName(group)).logStreams().get(0).logStreamName();
      String token = null;
      while (true) {
        String t = token;
        GetLogEventsResponse page =
            client.getLogEvents(GetLogEventsRequest.builder().logGroupName(group).logStreamName(stream)
                .startFromHead(true).nextToken(t).build());
        for (OutputLogEvent e : page.events()) messages.add(e.message());
        if (page.events().isEmpty() || page.nextForwardToken().equals(token)) break;
        token = page.nextForwardToken();
      }
    }
    // Every short line, in written order; the pieces of the big line, in order, between the two halves.
    StringBuilder bigBack = new StringBuilder();
    List<Integer> seqs = new ArrayList<>();
    int bigStartsAfter = -1;
    for (String m : messages) {
      if (m.startsWith("seq=")) {
        seqs.add(Integer.parseInt(m.substring(4, 12)));
      } else {
        if (bigStartsAfter < 0) bigStartsAfter = seqs.size();
        assertThat(seqs.size()).as("the big line's pieces are contiguous").isEqualTo(bigStartsAfter);
        bigBack.append(m);
      }
    }
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < LINES; i++) expected.add(i);
    assertThat(seqs).as("short lines in written order").isEqualTo(expected);
    assertThat(bigStartsAfter).isEqualTo(LINES / 2);
    assertThat(bigBack.toString()).as("the big line's pieces in order").isEqualTo(new String(big, StandardCharsets.US_ASCII));
  }

  private static void writeLines(OutputStream out, int from, int to) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < to; i++) {
      sb.append(String.format("seq=%08d burst line, padded to look like a short log line of a busy app%n", i));
    }
    out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
  }

  /** 5 MiB where every 16-byte slot names its own position, so any reordering of pieces changes the text. */
  private static byte[] bigLine() {
    byte[] b = new byte[BIG_LINE_BYTES];
    for (int slot = 0; slot < BIG_LINE_BYTES / 16; slot++) {
      byte[] s = String.format("<%014x>", slot).getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(s, 0, b, slot * 16, 16);
    }
    return b;
  }

  private static CloudWatchLogsClient client(URI endpoint, String region) {
    return CloudWatchLogsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.of(region))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .httpClient(UrlConnectionHttpClient.builder().build())
        .build();
  }
}
