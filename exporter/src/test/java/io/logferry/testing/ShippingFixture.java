package io.logferry.testing;

import io.logferry.config.ExporterConfig;
import io.logferry.endpoint.LocalCloudWatchLogs;
import io.logferry.endpoint.Options;
import io.logferry.endpoint.RecordedEvent;
import io.logferry.events.ExporterEvents;
import io.logferry.sink.LogSink;
import io.logferry.sink.cloudwatch.CloudWatchSink;
import io.logferry.sink.cloudwatch.CloudWatchSinkConfig;
import io.logferry.testbed.DeliveryAudit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A strict local endpoint plus the real CloudWatch sink pointed at it, for end-to-end tests of the runtime. The
 * endpoint is the ground truth: what it accepted is what was delivered.
 */
public final class ShippingFixture implements AutoCloseable {

  public static final String GROUP = "/logferry/test";

  private final LocalCloudWatchLogs endpoint;

  public ShippingFixture(Options options) {
    AwsTestCredentials.set(); // the endpoint checks no signature; the SDK's chain needs something to sign with
    try {
      endpoint = LocalCloudWatchLogs.start(options);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public ShippingFixture() {
    this(Options.defaults());
  }

  public LocalCloudWatchLogs endpoint() {
    return endpoint;
  }

  public CloudWatchSinkConfig sinkConfig(Path deadLetter, Duration maxRetryDuration) {
    return new CloudWatchSinkConfig(
        "us-east-1",
        endpoint.endpoint(),
        true,
        true,
        null,
        4,
        maxRetryDuration,
        Duration.ofSeconds(5),
        deadLetter);
  }

  /** A sink that, after an unclean stop, reconciles within {@code reconcileTimeout} (exactly once across a crash). */
  public LogSink reconcilingSink(Path deadLetter, Duration maxRetryDuration, Duration reconcileTimeout) {
    return CloudWatchSink.create(
        sinkConfig(deadLetter, maxRetryDuration).withReconcileTimeout(reconcileTimeout), ExporterEvents.NOOP);
  }

  public LogSink sink(Path deadLetter, Duration maxRetryDuration) {
    return CloudWatchSink.create(sinkConfig(deadLetter, maxRetryDuration), ExporterEvents.NOOP);
  }

  /** A configuration shipping {@code include} into {@link #GROUP}, one stream per file name. */
  public static ExporterConfig config(List<String> include, Path checkpointDir) {
    ExporterConfig d = ExporterConfig.defaults(include, checkpointDir, GROUP);
    return new ExporterConfig(
        d.include(),
        d.exclude(),
        Duration.ofMillis(50),
        Duration.ofMillis(20),
        d.checkpointDir(),
        d.groupTemplate(),
        "{file}",
        d.lines(),
        d.multiline(),
        d.parser(),
        Duration.ofMillis(100),
        d.bufferBytes(),
        Duration.ofSeconds(10),
        null,
        Duration.ofMillis(200));
  }

  /** Audits every message the endpoint accepted against what the writers wrote. */
  public DeliveryAudit.Result audit(Map<String, Long> written) {
    DeliveryAudit audit = new DeliveryAudit();
    for (RecordedEvent e : endpoint.allEvents()) audit.accept(e.message());
    return audit.total(written);
  }

  /** The verdict per writer, for failure messages. */
  public Map<String, DeliveryAudit.Result> auditPerWriter(Map<String, Long> written) {
    DeliveryAudit audit = new DeliveryAudit();
    for (RecordedEvent e : endpoint.allEvents()) audit.accept(e.message());
    return audit.results(written);
  }

  public List<RecordedEvent> events() {
    return endpoint.allEvents();
  }

  @Override
  public void close() {
    endpoint.close();
    AwsTestCredentials.clear();
  }
}
