package io.logferry.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.Exporter;
import io.logferry.config.ExporterConfig;
import io.logferry.endpoint.Faults;
import io.logferry.events.ExporterEvents;
import io.logferry.testbed.LineFormat;
import io.logferry.testbed.LogWriter;
import io.logferry.testing.ShippingFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** follow mode against the strict local endpoint: drain on stop, deadline with the endpoint down, backpressure. */
class FollowModeEndToEndTest {

  @TempDir Path dir;
  private ShippingFixture fixture;
  private Path logs;
  private Path state;

  @BeforeEach
  void start() {
    fixture = new ShippingFixture();
    logs = dir.resolve("logs");
    state = dir.resolve("state");
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private ExporterConfig config() {
    return ShippingFixture.config(List.of(logs + "/access.log*"), state);
  }

  private static CompletableFuture<RunSummary> follow(Exporter exporter) {
    return CompletableFuture.supplyAsync(exporter::follow);
  }

  private LogWriter writer(long rotateBytes) {
    return LogWriter.open(
        LogWriter.Settings.of(logs.resolve("access.log"), "access", LineFormat.NGINX_COMBINED)
            .withRotation(LogWriter.Rotation.RENAME, rotateBytes, 1000));
  }

  @Test
  void stopDrainsEverythingWrittenWhileRotatingAndExitsComplete() throws Exception {
    try (LogWriter w = writer(128 * 1024);
        Exporter exporter =
            Exporter.create(config(), fixture.sink(state.resolve("dl.jsonl"), Duration.ofSeconds(30)), ExporterEvents.NOOP)) {
      CompletableFuture<RunSummary> run = follow(exporter);
      for (int i = 0; i < 40; i++) {
        w.write(250);
        Thread.sleep(10);
      }
      // The last lines are written right before the stop: the drain must still read and ship them.
      w.write(333);
      exporter.stop();
      RunSummary summary = run.get(30, TimeUnit.SECONDS);
      assertThat(summary.complete()).as(summary.toString()).isTrue();
      assertThat(w.rotations()).isPositive();
      assertThat(fixture.audit(Map.of("access", w.eventsWritten())).exactlyOnce()).isTrue();
    }
  }

  @Test
  void endpointDownAtStopGivesUpAtTheDeadlineAndARestartShipsTheRestExactlyOnce() throws Exception {
    ExporterConfig config = config().withDrainDeadline(Duration.ofSeconds(2));
    try (LogWriter w = writer(Long.MAX_VALUE)) {
      try (Exporter exporter =
          Exporter.create(config, fixture.sink(state.resolve("dl.jsonl"), Duration.ofMinutes(5)), ExporterEvents.NOOP)) {
        CompletableFuture<RunSummary> run = follow(exporter);
        w.write(1000);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> fixture.events().size() == 1000);
        fixture.endpoint().setFaults(Faults.NONE.withDown(true));
        w.write(1000);
        Thread.sleep(300); // let it read and try to send
        exporter.stop();
        // It gives up at its deadline rather than hanging in Terminating: the drain returns (the wait below is only a
        // guard against a hung test), says the deadline was reached, and leaves the rest unacknowledged.
        RunSummary summary = run.get(60, TimeUnit.SECONDS);
        assertThat(summary.deadlineReached()).isTrue();
        assertThat(summary.complete()).isFalse();
      }
      fixture.endpoint().setFaults(Faults.NONE);
      try (Exporter again =
          Exporter.create(config, fixture.sink(state.resolve("dl.jsonl"), Duration.ofSeconds(30)), ExporterEvents.NOOP)) {
        RunSummary rest = again.runOnce();
        assertThat(rest.complete()).as(rest.toString()).isTrue();
        assertThat(rest.eventsDelivered()).isEqualTo(1000);
      }
      assertThat(fixture.audit(Map.of("access", 2000L)).exactlyOnce()).isTrue();
    }
  }

  @Test
  void memoryStaysBoundedWhileTheEndpointIsDownAndShippingResumesWhenItReturns() throws Exception {
    long budget = 4L * 1024 * 1024;
    fixture.endpoint().setFaults(Faults.NONE.withDown(true));
    try (LogWriter w = writer(Long.MAX_VALUE);
        Exporter exporter =
            Exporter.create(
                config().withBufferBytes(budget),
                fixture.sink(state.resolve("dl.jsonl"), Duration.ofMinutes(5)),
                ExporterEvents.NOOP)) {
      w.write(100_000); // about 19 MiB, far above the budget
      CompletableFuture<RunSummary> run = follow(exporter);
      AtomicLong peak = new AtomicLong();
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> exporter.status().readPaused());
      for (int i = 0; i < 20; i++) {
        peak.accumulateAndGet(exporter.status().bufferedBytes(), Math::max);
        Thread.sleep(50);
      }
      // The budget, plus at most one read chunk of overshoot (a quarter of the budget here: the pipeline checks the
      // budget between chunks), each line counted with its 26 bytes of request overhead.
      assertThat(peak.get()).isPositive().isLessThanOrEqualTo(budget + budget / 4 * 2);
      assertThat(exporter.status().readPaused()).isTrue();

      fixture.endpoint().setFaults(Faults.NONE);
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> fixture.events().size() == 100_000);
      exporter.stop();
      assertThat(run.get(30, TimeUnit.SECONDS).complete()).isTrue();
      assertThat(fixture.audit(Map.of("access", 100_000L)).exactlyOnce()).isTrue();
    }
  }
}
