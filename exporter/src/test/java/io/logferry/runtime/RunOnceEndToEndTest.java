package io.logferry.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logferry.Exporter;
import io.logferry.checkpoint.LockHeldException;
import io.logferry.config.ExporterConfig;
import io.logferry.endpoint.Faults;
import io.logferry.endpoint.RecordedEvent;
import io.logferry.events.ExporterEvents;
import io.logferry.sink.LogSink;
import io.logferry.testbed.DeliveryAudit;
import io.logferry.testbed.LineFormat;
import io.logferry.testbed.LogWriter;
import io.logferry.testing.ShippingFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run-once against the strict local endpoint over real HTTP, with the real CloudWatch sink. */
class RunOnceEndToEndTest {

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

  private RunSummary runOnce(ExporterConfig config, Duration maxRetry) {
    LogSink sink = fixture.sink(state.resolve("dead-letter.jsonl"), maxRetry);
    try (Exporter exporter = Exporter.create(config, sink, ExporterEvents.NOOP)) {
      return exporter.runOnce();
    }
  }

  private ExporterConfig config() {
    return ShippingFixture.config(List.of(logs + "/access.log*", logs + "/error.log"), state)
        .withMultiline(
            new ExporterConfig.MultilineConfig(
                ExporterConfig.MultilineConfig.JAVA_STACK_TRACE_START, Duration.ofSeconds(1), 1000));
  }

  @Test
  void everyLineArrivesExactlyOnceAcrossRunsThroughRenameAndCopytruncateRotations() throws Exception {
    try (LogWriter access =
            LogWriter.open(
                LogWriter.Settings.of(logs.resolve("access.log"), "access", LineFormat.NGINX_COMBINED)
                    .withRotation(LogWriter.Rotation.RENAME, 64 * 1024, 100));
        LogWriter errors =
            LogWriter.open(
                LogWriter.Settings.of(logs.resolve("error.log"), "error", LineFormat.JAVA_APP))) {
      for (int round = 0; round < 6; round++) {
        access.write(700);
        errors.write(150);
        RunSummary summary = runOnce(config(), Duration.ofSeconds(30));
        assertThat(summary.complete()).as("round %d: %s", round, summary).isTrue();
        if (round == 2) errors.rotateNow(); // copytruncate is safe right after a run: everything was shipped
      }
      Map<String, Long> written = Map.of("access", access.eventsWritten(), "error", errors.eventsWritten());
      DeliveryAudit.Result result = fixture.audit(written);
      assertThat(result).as("%s", fixture.auditPerWriter(written)).isEqualTo(new DeliveryAudit.Result(result.written(), result.written(), 0, 0));
      assertThat(result.lost()).isZero();
      assertThat(result.duplicated()).isZero();
      assertThat(access.rotations()).isGreaterThan(3);
    }
  }

  @Test
  void stackTracesArriveAsOneEventWithTheirFirstLine() throws Exception {
    try (LogWriter errors =
        LogWriter.open(LogWriter.Settings.of(logs.resolve("error.log"), "error", LineFormat.JAVA_APP))) {
      errors.write(20);
    }
    assertThat(runOnce(config(), Duration.ofSeconds(30)).complete()).isTrue();
    List<RecordedEvent> events = fixture.events();
    assertThat(events).hasSize(20);
    RecordedEvent trace = events.get(7);
    assertThat(trace.message())
        .matches("(?s)^\\d{4}-\\d{2}-\\d{2}T.*")
        .contains("ERROR", "\njava.lang.IllegalStateException", "\nCaused by:", "\t... 12 more");
  }

  @Test
  void aThreeMegabyteLineAndInvalidUtf8ArriveWholeAndReplacedNotDropped() throws Exception {
    // 16-byte blocks "<15-digit offset>|", so every piece of the split line says where it came from.
    byte[] big = new byte[3 * 1024 * 1024];
    for (int i = 0; i < big.length; i += 16) {
      System.arraycopy(String.format("%015d|", i).getBytes(StandardCharsets.US_ASCII), 0, big, i, 16);
    }
    try (LogWriter w =
        LogWriter.open(LogWriter.Settings.of(logs.resolve("access.log"), "access", LineFormat.NGINX_COMBINED))) {
      w.write(3);
      w.writeRaw(big);
      w.writeRaw("\n".getBytes(StandardCharsets.UTF_8));
      w.writeRaw(new byte[] {'b', 'a', 'd', ' ', (byte) 0xC3, (byte) 0x28, ' ', (byte) 0xFF, '\n'});
      w.write(2);
    }
    RunSummary summary = runOnce(config(), Duration.ofSeconds(30));
    assertThat(summary.complete()).as(summary.toString()).isTrue();
    List<RecordedEvent> events = fixture.events();
    // Pieces are separate requests in flight at once, and CloudWatch orders events with equal timestamps by arrival:
    // put them back in line order by the offsets they carry before comparing.
    java.util.TreeMap<Integer, String> pieces = new java.util.TreeMap<>();
    for (RecordedEvent e : events) {
      String m = e.message();
      if (m.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '|')) {
        assertThat(m.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1_048_550);
        int bar = m.indexOf('|');
        int start = Integer.parseInt(m.substring(bar + 1, bar + 16)) - (bar + 1);
        pieces.put(start, m);
      }
    }
    assertThat(pieces).hasSize(4);
    assertThat(String.join("", pieces.values()).equals(new String(big, StandardCharsets.US_ASCII)))
        .as("the pieces concatenate to the line")
        .isTrue();
    assertThat(events).anySatisfy(e -> assertThat(e.message()).isEqualTo("bad \uFFFD( \uFFFD"));
    assertThat(fixture.audit(Map.of("access", 5L))).isEqualTo(new DeliveryAudit.Result(5, 5, 0, 0));
  }

  @Test
  void throttlingAndServerErrorsLoseNothingAndDuplicateNothing() throws Exception {
    fixture.endpoint().setFaults(Faults.NONE.withThrottleRatio(0.3).withErrorRatio(0.1));
    try (LogWriter access =
        LogWriter.open(
            LogWriter.Settings.of(logs.resolve("access.log"), "access", LineFormat.NGINX_COMBINED)
                .withRotation(LogWriter.Rotation.RENAME, 256 * 1024, 100))) {
      access.write(20_000);
      RunSummary summary = runOnce(config(), Duration.ofSeconds(60));
      assertThat(summary.complete()).as(summary.toString()).isTrue();
      assertThat(summary.retries()).isPositive();
      assertThat(summary.throttles()).isPositive();
      assertThat(fixture.audit(Map.of("access", access.eventsWritten())).exactlyOnce()).isTrue();
    }
  }

  @Test
  void aDeadEndpointLeavesTheCheckpointWhereItWasAndTheNextRunShipsEverything() throws Exception {
    try (LogWriter access =
        LogWriter.open(LogWriter.Settings.of(logs.resolve("access.log"), "access", LineFormat.NGINX_COMBINED))) {
      access.write(500);
      assertThat(runOnce(config(), Duration.ofSeconds(30)).complete()).isTrue();
      access.write(500);
      fixture.endpoint().setFaults(Faults.NONE.withDown(true));
      RunSummary failed = runOnce(config(), Duration.ofMillis(800));
      assertThat(failed.complete()).isFalse();
      assertThat(failed.failedBatches()).isPositive();
      assertThat(failed.undeliveredEvents()).isEqualTo(500);

      fixture.endpoint().setFaults(Faults.NONE);
      RunSummary retried = runOnce(config(), Duration.ofSeconds(30));
      assertThat(retried.complete()).as(retried.toString()).isTrue();
      assertThat(retried.eventsDelivered()).isEqualTo(500);
      assertThat(fixture.audit(Map.of("access", 1000L)).exactlyOnce()).isTrue();
    }
  }

  @Test
  void aRunCutByItsTimeBudgetStopsEarlyAndTheNextRunFinishesTheWork() throws Exception {
    fixture.endpoint().setFaults(Faults.NONE.withLatencyMs(600));
    try (LogWriter access =
        LogWriter.open(LogWriter.Settings.of(logs.resolve("access.log"), "access", LineFormat.NGINX_COMBINED))) {
      access.write(200_000);
    }
    ExporterConfig tight =
        config().withMaxDuration(Duration.ofSeconds(3)).withBufferBytes(2L * 1024 * 1024);
    RunSummary cut = runOnce(tight, Duration.ofSeconds(30));
    assertThat(cut.deadlineReached()).isTrue();
    assertThat(cut.eventsDelivered()).isLessThan(200_000);
    fixture.endpoint().setFaults(Faults.NONE);
    RunSummary rest = runOnce(config(), Duration.ofSeconds(30));
    assertThat(rest.complete()).as(rest.toString()).isTrue();
    assertThat(fixture.audit(Map.of("access", 200_000L)).exactlyOnce()).isTrue();
  }

  @Test
  void aSecondExporterOnTheSameCheckpointDirectoryIsRefused() throws Exception {
    fixture.endpoint().setFaults(Faults.NONE.withLatencyMs(300));
    try (LogWriter access =
        LogWriter.open(LogWriter.Settings.of(logs.resolve("access.log"), "access", LineFormat.NGINX_COMBINED))) {
      access.write(50_000);
    }
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch started = new CountDownLatch(1);
      Future<RunSummary> first =
          pool.submit(
              () -> {
                started.countDown();
                return runOnce(config(), Duration.ofSeconds(30));
              });
      started.await();
      // Wait until the first run holds the lock (it has sent something), then start the second.
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> fixture.endpoint().stats().requests("PutLogEvents") > 0);
      assertThatThrownBy(() -> runOnce(config(), Duration.ofSeconds(30))).isInstanceOf(LockHeldException.class);
      assertThat(first.get(60, TimeUnit.SECONDS).complete()).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }
}
