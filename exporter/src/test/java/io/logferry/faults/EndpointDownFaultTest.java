package io.logferry.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.Exporter;
import io.logferry.checkpoint.Checkpointer;
import io.logferry.checkpoint.Checkpoints;
import io.logferry.config.ExporterConfig;
import io.logferry.endpoint.Faults;
import io.logferry.events.ExporterEvents;
import io.logferry.faults.FaultTable.Mode;
import io.logferry.runtime.RunSummary;
import io.logferry.testbed.DeliveryAudit;
import io.logferry.testbed.LogWriter;
import io.logferry.time.Ticker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The endpoint down for longer than the drain deadline (follow) or the time budget (run-once): the run gives up at
 * its deadline with the checkpoint exactly at what was acknowledged before the outage (not past it), and the next
 * run, with the endpoint back, delivers the rest exactly once.
 */
@ExtendWith(FaultTable.class)
class EndpointDownFaultTest {

  static final String SCENARIO = "endpoint down longer than the drain deadline / time budget";

  @TempDir Path dir;

  @Test
  void followGivesUpAtTheDrainDeadlineWithTheCheckpointAtTheAcknowledgedDataAndARestartShipsTheRest()
      throws Exception {
    try (FaultHarness h = new FaultHarness(dir); LogWriter w = h.writer("access.log", "access")) {
      ExporterConfig config = h.config("access.log*").withDrainDeadline(Duration.ofSeconds(2));
      try (Exporter exporter = h.exporter(config, Duration.ofMinutes(5), ExporterEvents.NOOP)) {
        CompletableFuture<RunSummary> run = CompletableFuture.supplyAsync(exporter::follow);
        w.write(1000);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> h.fixture.events().size() == 1000);
        long acknowledged = Files.size(h.logs.resolve("access.log"));
        h.fixture.endpoint().setFaults(Faults.NONE.withDown(true));
        w.write(1000);
        Thread.sleep(300); // it reads and tries to send
        exporter.stop();
        RunSummary summary = run.get(30, TimeUnit.SECONDS);
        assertThat(summary.deadlineReached()).isTrue();
        assertThat(summary.complete()).isFalse();
        assertThat(checkpointedOffset(h)).isEqualTo(acknowledged);
      }
      assertRestartShipsTheRestAndRecord(h, config, w, Mode.FOLLOW);
    }
  }

  @Test
  void runOnceGivesUpAtItsBudgetWithTheCheckpointAtTheAcknowledgedDataAndTheNextRunShipsTheRest() throws Exception {
    try (FaultHarness h = new FaultHarness(dir); LogWriter w = h.writer("access.log", "access")) {
      ExporterConfig config = h.config("access.log*");
      w.write(1000);
      h.runOnceComplete(config);
      long acknowledged = Files.size(h.logs.resolve("access.log"));
      w.write(1000);
      h.fixture.endpoint().setFaults(Faults.NONE.withDown(true));
      RunSummary failed = h.runOnce(config.withMaxDuration(Duration.ofSeconds(2)), Duration.ofMinutes(5));
      assertThat(failed.complete()).isFalse();
      assertThat(failed.deadlineReached()).isTrue();
      assertThat(checkpointedOffset(h)).isEqualTo(acknowledged);
      assertRestartShipsTheRestAndRecord(h, config, w, Mode.RUN_ONCE);
    }
  }

  private static long checkpointedOffset(FaultHarness h) throws Exception {
    Checkpoints cps = Checkpointer.open(h.state, ExporterEvents.NOOP, Ticker.system());
    assertThat(cps.all()).hasSize(1);
    return cps.all().values().iterator().next().offset();
  }

  private static void assertRestartShipsTheRestAndRecord(FaultHarness h, ExporterConfig config, LogWriter w, Mode mode) {
    h.fixture.endpoint().setFaults(Faults.NONE);
    RunSummary rest = h.runOnceComplete(config);
    assertThat(rest.eventsDelivered()).isEqualTo(1000);
    DeliveryAudit.Result result = h.audit(Map.of("access", w.eventsWritten()));
    EndpointFaults.assertExactlyOnceAndRecord(SCENARIO, mode, result);
  }
}
