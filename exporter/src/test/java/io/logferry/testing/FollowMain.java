package io.logferry.testing;

import io.logferry.Exporter;
import io.logferry.config.ExporterConfig;
import io.logferry.events.ExporterEvents;
import io.logferry.sink.cloudwatch.CloudWatchSink;
import io.logferry.sink.cloudwatch.CloudWatchSinkConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * follow mode in its own JVM, so a test can {@code kill -9} it while it ships. Arguments: endpoint URI, include glob,
 * checkpoint directory, and optionally {@code exactly-once} (reconciliation on, 30 s bound). Runs until killed.
 */
public final class FollowMain {
  private FollowMain() {}

  public static void main(String[] args) {
    URI endpoint = URI.create(args[0]);
    Path state = Path.of(args[2]);
    ExporterConfig config = ShippingFixture.config(List.of(args[1]), state).withBufferBytes(4L * 1024 * 1024)
        .withCheckpointInterval(ExporterConfig.DEFAULT_CHECKPOINT_INTERVAL); // the crash bound at the default cadence
    CloudWatchSinkConfig sinkConfig =
        new CloudWatchSinkConfig(
            "us-east-1", endpoint, true, true, null, 4, Duration.ofSeconds(30), Duration.ofSeconds(5),
            state.resolve("dead-letter.jsonl"));
    if (args.length > 3 && args[3].equals("exactly-once")) sinkConfig = sinkConfig.withReconcileTimeout(Duration.ofSeconds(30));
    try (Exporter exporter =
        Exporter.create(config, CloudWatchSink.create(sinkConfig, ExporterEvents.NOOP), ExporterEvents.NOOP)) {
      System.out.println(exporter.follow());
    }
  }
}
