package io.logferry.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.Exporter;
import io.logferry.config.ExporterConfig;
import io.logferry.events.ExporterEvents;
import io.logferry.runtime.RunSummary;
import io.logferry.testbed.DeliveryAudit;
import io.logferry.testbed.LineFormat;
import io.logferry.testbed.LogWriter;
import io.logferry.testing.ShippingFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * One scenario's world: a strict local endpoint with the real CloudWatch sink, a log directory, a checkpoint
 * directory, and the two ways to run (run-once; follow, stopped once everything written has arrived).
 */
final class FaultHarness implements AutoCloseable {

  /** How long follow mode is given to deliver everything written (the faults slow it; the promise is the audit). */
  static final Duration DELIVERY_WAIT = Duration.ofSeconds(90);

  final Path logs;
  final Path state;
  final ShippingFixture fixture = new ShippingFixture();

  FaultHarness(Path dir) {
    this.logs = dir.resolve("logs");
    this.state = dir.resolve("state");
  }

  /** Ships the given globs (relative to the log directory). */
  ExporterConfig config(String... globs) {
    return ShippingFixture.config(Arrays.stream(globs).map(g -> logs + "/" + g).toList(), state);
  }

  LogWriter writer(String file, String id) {
    return LogWriter.open(LogWriter.Settings.of(logs.resolve(file), id, LineFormat.NGINX_COMBINED));
  }

  LogWriter writer(String file, String id, LogWriter.Rotation rotation, long rotateBytes) {
    return LogWriter.open(
        LogWriter.Settings.of(logs.resolve(file), id, LineFormat.NGINX_COMBINED).withRotation(rotation, rotateBytes, 1000));
  }

  Exporter exporter(ExporterConfig config, Duration maxRetry, ExporterEvents events) {
    return Exporter.create(config, fixture.sink(state.resolve("dead-letter.jsonl"), maxRetry), events);
  }

  RunSummary runOnce(ExporterConfig config, Duration maxRetry) {
    try (Exporter exporter = exporter(config, maxRetry, ExporterEvents.NOOP)) {
      return exporter.runOnce();
    }
  }

  /** Runs once and asserts the run completed (everything read was acknowledged). */
  RunSummary runOnceComplete(ExporterConfig config) {
    RunSummary summary = runOnce(config, Duration.ofSeconds(60));
    assertThat(summary.complete()).as(summary.toString()).isTrue();
    return summary;
  }

  /** Runs once with reconciliation on (exactly once across the previous run's crash) and asserts it completed. */
  RunSummary runOnceReconcilingComplete(ExporterConfig config, ExporterEvents events) {
    try (Exporter exporter = Exporter.create(config,
        fixture.reconcilingSink(state.resolve("dead-letter.jsonl"), Duration.ofSeconds(60), Duration.ofSeconds(30)),
        events)) {
      RunSummary summary = exporter.runOnce();
      assertThat(summary.complete()).as(summary.toString()).isTrue();
      return summary;
    }
  }

  /** Something to do while follow runs. */
  interface Action {
    void run() throws Exception;
  }

  /**
   * Follows while {@code during} writes, waits until every one of {@code written()} lines has arrived, stops, and
   * asserts the drain completed.
   */
  RunSummary follow(ExporterConfig config, Action during, java.util.function.Supplier<Map<String, Long>> written)
      throws Exception {
    try (Exporter exporter = exporter(config, Duration.ofSeconds(60), ExporterEvents.NOOP)) {
      CompletableFuture<RunSummary> run = CompletableFuture.supplyAsync(exporter::follow);
      during.run();
      Map<String, Long> total = written.get();
      Awaitility.await()
          .atMost(DELIVERY_WAIT)
          .pollInterval(Duration.ofMillis(100))
          .until(() -> run.isDone() || audit(total).lost() == 0);
      exporter.stop();
      RunSummary summary = run.get(60, TimeUnit.SECONDS);
      assertThat(summary.complete()).as(summary.toString()).isTrue();
      return summary;
    }
  }

  DeliveryAudit.Result audit(Map<String, Long> written) {
    return fixture.audit(written);
  }

  @Override
  public void close() {
    fixture.close();
  }
}
