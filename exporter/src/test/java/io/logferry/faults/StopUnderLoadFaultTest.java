package io.logferry.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.Exporter;
import io.logferry.config.ExporterConfig;
import io.logferry.events.ExporterEvents;
import io.logferry.faults.FaultTable.Mode;
import io.logferry.runtime.RunSummary;
import io.logferry.testbed.DeliveryAudit;
import io.logferry.testbed.LogWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SIGTERM-style stop ({@code exporter.stop()}, what the sidecar's shutdown hook calls) at random moments while a
 * writer appends fast and rotates, twenty times in a row, each stop followed by a restart: the drain of every stop
 * ships what was read and checkpoints exactly there, so nothing is lost and nothing is sent twice.
 */
@ExtendWith(FaultTable.class)
class StopUnderLoadFaultTest {

  static final int STOPS = 20;

  @TempDir Path dir;

  @Test
  void twentyStopsAtRandomMomentsUnderLoadLoseNothingAndDuplicateNothing() throws Exception {
    try (FaultHarness h = new FaultHarness(dir);
        LogWriter w = h.writer("access.log", "access", LogWriter.Rotation.RENAME, 128 * 1024)) {
      ExporterConfig config = h.config("access.log*");
      AtomicBoolean writing = new AtomicBoolean(true);
      AtomicReference<Throwable> writerFailure = new AtomicReference<>();
      Thread writer = new Thread(() -> {
        try {
          while (writing.get()) {
            w.write(20);
            Thread.sleep(2);
          }
        } catch (Throwable t) {
          writerFailure.set(t);
        }
      }, "writer");
      writer.start();
      Random random = new Random(20261123);
      try {
        for (int i = 0; i < STOPS; i++) {
          try (Exporter exporter = h.exporter(config, Duration.ofSeconds(60), ExporterEvents.NOOP)) {
            CompletableFuture<RunSummary> run = CompletableFuture.supplyAsync(exporter::follow);
            Thread.sleep(random.nextInt(150)); // sometimes before the first poll, sometimes mid-batch
            exporter.stop();
            RunSummary summary = run.get(60, TimeUnit.SECONDS);
            assertThat(summary.complete()).as("stop %d: %s", i, summary).isTrue();
          }
        }
      } finally {
        writing.set(false);
        writer.join();
      }
      assertThat(writerFailure.get()).isNull();
      h.runOnceComplete(config); // the last restart drains what was written after the last stop

      DeliveryAudit.Result result = h.audit(Map.of("access", w.eventsWritten()));
      assertThat(w.rotations()).isPositive();
      assertThat(result.lost()).isZero();
      assertThat(result.duplicated()).isZero();
      FaultTable.record("stop (SIGTERM-style) at random moments under load, 20 times, rename rotation", Mode.FOLLOW,
          result, "lost 0, duplicated 0");
    }
  }
}
