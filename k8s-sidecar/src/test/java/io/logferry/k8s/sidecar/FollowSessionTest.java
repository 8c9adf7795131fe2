package io.logferry.k8s.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.logferry.Exporter;
import io.logferry.checkpoint.ExporterLock;
import io.logferry.cli.ExitCodes;
import io.logferry.config.ExporterConfig;
import io.logferry.events.ExporterEvents;
import io.logferry.pipeline.Batch;
import io.logferry.pipeline.BatchLimits;
import io.logferry.runtime.RunSummary;
import io.logferry.sink.ExportResult;
import io.logferry.sink.LogSink;
import io.logferry.sink.NullSink;
import io.logferry.sink.cloudwatch.CloudWatchLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The follow thread, its drain on SIGTERM and its exit code, with the real exporter over real files. */
class FollowSessionTest {

  @TempDir Path tmp;
  Path logs;
  final List<Integer> exitRequests = new CopyOnWriteArrayList<>();
  final List<Integer> halts = new CopyOnWriteArrayList<>();
  FollowSession session;

  @BeforeEach
  void setUp() throws Exception {
    logs = Files.createDirectories(tmp.resolve("logs"));
    Files.writeString(logs.resolve("app.log"), "one\ntwo\nthree\n");
    session = new FollowSession(exitRequests::add, halts::add);
  }

  ExporterConfig config(Duration drainDeadline) {
    return ExporterConfig.defaults(List.of(logs + "/*.log"), tmp.resolve("cp"), "g")
        .withPollInterval(Duration.ofMillis(20))
        .withFlushInterval(Duration.ofMillis(20))
        .withDrainDeadline(drainDeadline);
  }

  @Test
  void sigtermDrainsEverythingAndExitsZero() throws Exception {
    NullSink sink = NullSink.create(CloudWatchLimits.batchLimits());
    ExporterConfig config = config(Duration.ofSeconds(5));
    session.start(Exporter.create(config, sink, ExporterEvents.NOOP), sink, config.drainDeadline(), e -> 99);
    await().atMost(Duration.ofSeconds(10)).until(() -> sink.events() == 3);
    Files.writeString(logs.resolve("app.log"), "four\n", java.nio.file.StandardOpenOption.APPEND);

    session.shutdown(false);

    assertThat(sink.events()).isEqualTo(4);
    assertThat(halts).containsExactly(ExitCodes.OK);
    assertThat(exitRequests).as("a stop we asked for does not ask Quarkus to exit again").isEmpty();
    assertThat(session.exitCode()).isZero();
    assertThat(session.ended()).isTrue();
  }

  @Test
  void aDrainCutShortByItsDeadlineExitsThree() throws Exception {
    StuckSink sink = new StuckSink();
    ExporterConfig config = config(Duration.ofMillis(500));
    session.start(Exporter.create(config, sink, ExporterEvents.NOOP), sink, config.drainDeadline(), e -> 99);
    await().atMost(Duration.ofSeconds(10)).until(() -> sink.exports.get() != null);

    int code = session.stopAndAwait();

    assertThat(code).isEqualTo(ExitCodes.PARTIAL);
    assertThat(sink.aborted).isTrue();
  }

  @Test
  void anExporterThatCannotStartAsksQuarkusToExitWithItsCode() {
    Path cp = tmp.resolve("cp");
    try (ExporterLock held = ExporterLock.acquire(cp)) {
      NullSink sink = NullSink.create(CloudWatchLimits.batchLimits());
      ExporterConfig config = config(Duration.ofSeconds(5));
      AtomicReference<Throwable> reported = new AtomicReference<>();
      session.start(Exporter.create(config, sink, ExporterEvents.NOOP), sink, config.drainDeadline(), e -> {
        reported.set(e);
        return ExitCodes.from(e);
      });
      await().atMost(Duration.ofSeconds(10)).until(() -> !exitRequests.isEmpty());
      assertThat(exitRequests).containsExactly(ExitCodes.LOCKED);
      assertThat(session.exitCode()).isEqualTo(ExitCodes.LOCKED);
      assertThat(reported.get()).isInstanceOf(io.logferry.checkpoint.LockHeldException.class);
    }
    // Shutdown after the exporter ended on its own neither drains nor halts.
    session.shutdown(true);
    assertThat(halts).isEmpty();
  }

  @Test
  void exitCodeOfADrain() {
    assertThat(FollowSession.drainExitCode(summary(0, 0, false))).isEqualTo(ExitCodes.OK);
    assertThat(FollowSession.drainExitCode(summary(0, 5, true))).isEqualTo(ExitCodes.PARTIAL);
    assertThat(FollowSession.drainExitCode(summary(2, 5, true))).isEqualTo(ExitCodes.PARTIAL);
    assertThat(FollowSession.drainExitCode(summary(2, 5, false))).isEqualTo(ExitCodes.FAILURE);
  }

  static RunSummary summary(long failedBatches, long undelivered, boolean deadline) {
    return new RunSummary(1, 10, 100, 10, 10 - undelivered, 90, 1, 0, 0, 0, failedBatches, undelivered, deadline, 0,
        Duration.ofSeconds(1));
  }

  /** A sink whose requests never come back until it is told to stop retrying: a CloudWatch outage. */
  static final class StuckSink implements LogSink {
    final AtomicReference<CompletableFuture<ExportResult>> exports = new AtomicReference<>();
    final List<CompletableFuture<ExportResult>> pending = new CopyOnWriteArrayList<>();
    volatile boolean aborted;

    @Override
    public BatchLimits limits() {
      return CloudWatchLimits.batchLimits();
    }

    @Override
    public CompletableFuture<ExportResult> export(Batch batch) {
      CompletableFuture<ExportResult> f = new CompletableFuture<>();
      if (aborted) f.complete(ExportResult.failed("aborted", 0, 0));
      else pending.add(f);
      exports.set(f);
      return f;
    }

    final java.util.concurrent.atomic.AtomicInteger healthchecks = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public String healthcheck() {
      healthchecks.incrementAndGet();
      return "unreachable: aws_secret_access_key=abc123";
    }

    @Override
    public void abortRetries() {
      aborted = true;
      pending.forEach(f -> f.complete(ExportResult.failed("aborted at the drain deadline", 3, 0)));
    }

    @Override
    public void close() {
      abortRetries();
    }
  }
}
