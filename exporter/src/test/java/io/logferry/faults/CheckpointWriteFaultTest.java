package io.logferry.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logferry.Exporter;
import io.logferry.checkpoint.CheckpointException;
import io.logferry.checkpoint.Checkpointer;
import io.logferry.config.ExporterConfig;
import io.logferry.events.ExporterEvents;
import io.logferry.faults.FaultTable.Mode;
import io.logferry.runtime.RunSummary;
import io.logferry.testbed.DeliveryAudit;
import io.logferry.testbed.LogWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint cannot be written (a full or read-only volume). The tests run as root, which ignores permissions,
 * so the write is made to fail the way a full or read-only directory makes it fail, without any hook in production
 * code: the temporary file {@code checkpoints.json.tmp} the write goes through is a directory. Expected: a clear
 * {@link CheckpointException} (and {@code checkpointWriteFailed} events), the previous checkpoint file intact (nothing
 * marked sent that was not, nor anything that was), and the next run re-sending exactly what the failed run delivered
 * but could not record: at-least-once, the one unavoidable duplicate of this fault.
 */
@ExtendWith(FaultTable.class)
class CheckpointWriteFaultTest {

  static final String SCENARIO = "checkpoint directory unwritable (full / read-only)";
  static final String PROMISE = "CheckpointException, checkpoint unchanged, lost 0; the next run re-sends exactly "
      + "what the failed run delivered";

  @TempDir Path dir;

  private static final class FailureEvents implements ExporterEvents {
    final List<String> failures = new CopyOnWriteArrayList<>();

    @Override
    public void checkpointWriteFailed(String reason) {
      failures.add(reason);
    }
  }

  private static void blockCheckpointWrites(FaultHarness h) throws Exception {
    Path tmp = h.state.resolve(Checkpointer.TMP_FILE_NAME);
    Files.createDirectories(tmp);
    Files.writeString(tmp.resolve("occupied"), "x"); // a non-empty directory: not even a rename could replace it
  }

  private static void unblock(FaultHarness h) throws Exception {
    Path tmp = h.state.resolve(Checkpointer.TMP_FILE_NAME);
    Files.delete(tmp.resolve("occupied"));
    Files.delete(tmp);
  }

  @Test
  void runOnceFailsClearlyKeepsThePreviousCheckpointAndTheNextRunResendsOnlyThatRun() throws Exception {
    try (FaultHarness h = new FaultHarness(dir); LogWriter w = h.writer("access.log", "access")) {
      ExporterConfig config = h.config("access.log*");
      w.write(500);
      h.runOnceComplete(config);
      Path file = h.state.resolve(Checkpointer.FILE_NAME);
      byte[] before = Files.readAllBytes(file);

      w.write(300);
      blockCheckpointWrites(h);
      FailureEvents events = new FailureEvents();
      try (Exporter exporter = h.exporter(config, Duration.ofSeconds(30), events)) {
        assertThatThrownBy(exporter::runOnce)
            .isInstanceOf(CheckpointException.class)
            .hasMessageContaining("cannot write " + file)
            .hasMessageContaining("the previous checkpoint file is intact");
      }
      assertThat(events.failures).isNotEmpty();
      assertThat(Files.readAllBytes(file)).isEqualTo(before);
      assertThat(h.audit(Map.of("access", w.eventsWritten())).lost()).isZero(); // it did ship them

      unblock(h);
      h.runOnceComplete(config);
      DeliveryAudit.Result result = h.audit(Map.of("access", w.eventsWritten()));
      assertThat(result.lost()).isZero();
      assertThat(result.duplicated()).isEqualTo(300);
      FaultTable.record(SCENARIO, Mode.RUN_ONCE, result, PROMISE);
    }
  }

  @Test
  void followKeepsShippingReportsEveryFailedWriteAndFailsClearlyAtTheEndOfItsDrain() throws Exception {
    try (FaultHarness h = new FaultHarness(dir); LogWriter w = h.writer("access.log", "access")) {
      ExporterConfig config = h.config("access.log*");
      w.write(200);
      h.runOnceComplete(config);
      Path file = h.state.resolve(Checkpointer.FILE_NAME);
      byte[] before = Files.readAllBytes(file);

      blockCheckpointWrites(h);
      FailureEvents events = new FailureEvents();
      try (Exporter exporter = h.exporter(config, Duration.ofSeconds(30), events)) {
        CompletableFuture<RunSummary> run = CompletableFuture.supplyAsync(exporter::follow);
        w.write(400);
        Awaitility.await().atMost(Duration.ofSeconds(30))
            .until(() -> h.audit(Map.of("access", w.eventsWritten())).lost() == 0);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !events.failures.isEmpty()); // periodic writes
        exporter.stop();
        assertThatThrownBy(() -> run.get(30, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(CheckpointException.class)
            .cause().hasMessageContaining("cannot write " + file);
      }
      assertThat(Files.readAllBytes(file)).isEqualTo(before);

      unblock(h);
      h.runOnceComplete(config);
      DeliveryAudit.Result result = h.audit(Map.of("access", w.eventsWritten()));
      assertThat(result.lost()).isZero();
      assertThat(result.duplicated()).isEqualTo(400);
      FaultTable.record(SCENARIO, Mode.FOLLOW, result, PROMISE);
    }
  }
}
