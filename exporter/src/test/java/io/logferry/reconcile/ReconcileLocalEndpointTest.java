package io.logferry.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.endpoint.Faults;
import io.logferry.pipeline.Batch;
import io.logferry.reconcile.Reconciler.Verdict;
import io.logferry.testing.ShippingFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reconciliation against the strict local endpoint (GetLogEvents with forward tokens and page limits, faults on every
 * operation): found, not found, partly found, and each way of not deciding, which falls back to re-sending.
 */
class ReconcileLocalEndpointTest {

  @TempDir Path dir;
  private ShippingFixture fixture;
  private ReconcileScenarios s;

  @BeforeEach
  void start() {
    fixture = new ShippingFixture();
    s = new ReconcileScenarios(dir, fixture.endpoint().endpoint(), "us-east-1");
  }

  @AfterEach
  void stop() {
    s.close();
    fixture.close();
  }

  @Test
  void aStoredBatchIsFoundAndItsEventsAreDroppedOnTheReRead() {
    List<Batch> batches = ReconcileScenarios.batches("found", 1, 500);
    s.crashedRun(batches, Set.of(0));
    try (ExactlyOnce restarted = s.restart(Duration.ofSeconds(10))) {
      assertThat(restarted.result().delivered()).hasSize(1);
      assertThat(restarted.result().count(Verdict.FOUND)).isEqualTo(1);
      assertThat(ReconcileScenarios.droppedBatches(restarted, batches)).containsExactly(0);
      assertThat(restarted.skipped()).isEqualTo(500);
    }
  }

  @Test
  void aBatchThatNeverArrivedIsNotFoundAndResent() {
    List<Batch> batches = ReconcileScenarios.batches("notfound", 2, 100);
    s.crashedRun(batches, Set.of(0));
    try (ExactlyOnce restarted = s.restart(Duration.ofSeconds(10))) {
      assertThat(restarted.result().count(Verdict.NOT_FOUND)).isEqualTo(1);
      assertThat(restarted.result().resent()).extracting(JournaledBatch::count).containsExactly(100);
      assertThat(ReconcileScenarios.droppedBatches(restarted, batches)).containsExactly(0);
    }
  }

  /** Acknowledgements complete out of order: k+1 stored, k not. Only k+1's events are dropped on the re-read. */
  @Test
  void partlyFoundInFlightBatchesDropExactlyTheStoredOnes() {
    List<Batch> batches = ReconcileScenarios.batches("partly", 4, 3000);
    s.crashedRun(batches, Set.of(0, 2));
    try (ExactlyOnce restarted = s.restart(Duration.ofSeconds(10))) {
      assertThat(restarted.result().count(Verdict.FOUND)).isEqualTo(2);
      assertThat(restarted.result().count(Verdict.NOT_FOUND)).isEqualTo(2);
      assertThat(ReconcileScenarios.droppedBatches(restarted, batches)).containsExactly(0, 2);
    }
  }

  /**
   * StreamOrder cut a batch in two by timestamp and only the newer part went out (the older was held behind a request
   * in flight): the newer part is found and skipped on its own ranges, the older part is re-sent.
   */
  @Test
  void aSplitBatchWithOnePartStoredSkipsExactlyThatPart() {
    Batch whole = ReconcileScenarios.batches("split", 1, 200).get(0);
    Batch older = new Batch(whole.key(), new ArrayList<>(whole.events().subList(0, 80)), 1, whole.minTimestamp(),
        whole.events().get(79).timestamp());
    Batch newer = new Batch(whole.key(), new ArrayList<>(whole.events().subList(80, 200)), 1,
        whole.events().get(80).timestamp(), whole.maxTimestamp());
    var sink = s.sink(Duration.ofSeconds(10));
    var checkpoints = io.logferry.checkpoint.Checkpointer.open(dir, io.logferry.events.ExporterEvents.NOOP, io.logferry.time.Ticker.system());
    try (ExactlyOnce run = ExactlyOnce.start(dir, checkpoints, ReconcileScenarios.reader(sink),
        io.logferry.events.ExporterEvents.NOOP, io.logferry.time.Ticker.system())) {
      run.dispatched(whole);
      run.send(newer, () -> ReconcileScenarios.deliver(sink, newer)); // the older part was held when the crash came
    }
    try (ExactlyOnce restarted = s.restart(Duration.ofSeconds(10))) {
      assertThat(restarted.result().count(Verdict.FOUND)).isEqualTo(1);
      assertThat(restarted.result().resent()).hasSize(1);
      List<Integer> dropped = new ArrayList<>();
      for (int i = 0; i < whole.size(); i++) {
        if (restarted.skipping() && restarted.delivered(whole.events().get(i))) dropped.add(i);
      }
      assertThat(dropped).hasSize(120).startsWith(80).endsWith(199);
      assertThat(older.size()).isEqualTo(80);
    }
  }

  @Test
  void aThrottledReadFallsBackToResending() {
    List<Batch> batches = ReconcileScenarios.batches("throttled", 2, 100);
    s.crashedRun(batches, Set.of(0, 1));
    fixture.endpoint().setFaults(Faults.NONE.withThrottleRatio(1.0).withAllOperations(true));
    try (ExactlyOnce restarted = s.restart(Duration.ofSeconds(10))) {
      assertThat(restarted.result().count(Verdict.THROTTLED)).isEqualTo(2);
      assertThat(restarted.result().delivered()).isEmpty();
      assertThat(ReconcileScenarios.droppedBatches(restarted, batches)).isEmpty();
    }
  }

  @Test
  void reachingTheTimeBoundFallsBackToResendingWhatIsUndecided() {
    List<Batch> batches = ReconcileScenarios.batches("slow", 3, 100);
    s.crashedRun(batches, Set.of(0, 1, 2));
    fixture.endpoint().setFaults(Faults.NONE.withLatencyMs(400).withAllOperations(true));
    try (ExactlyOnce restarted = s.restart(Duration.ofMillis(600))) {
      assertThat(restarted.result().elapsed()).isLessThan(Duration.ofSeconds(3));
      assertThat(restarted.result().count(Verdict.TIMEOUT)).isGreaterThanOrEqualTo(2);
      assertThat(restarted.result().resent().size()).isGreaterThanOrEqualTo(2);
      assertThat(ReconcileScenarios.droppedBatches(restarted, batches))
          .hasSize(restarted.result().delivered().size());
    }
  }

  @Test
  void aStreamThatIsGoneFallsBackToResending() {
    List<Batch> batches = ReconcileScenarios.batches("never-created", 1, 10);
    s.crashedRun(batches, Set.of());
    try (ExactlyOnce restarted = s.restart(Duration.ofSeconds(10))) {
      assertThat(restarted.result().count(Verdict.NOT_FOUND) + restarted.result().count(Verdict.STREAM_GONE))
          .isEqualTo(1);
      assertThat(restarted.result().resent()).hasSize(1);
    }
  }

  /** The same lines stored twice before (an earlier at-least-once re-send): two candidates, so it cannot decide. */
  @Test
  void aBatchStoredTwiceIsAmbiguousAndResent() {
    List<Batch> batches = ReconcileScenarios.batches("twice", 1, 50);
    var sink = s.sink(Duration.ofSeconds(10));
    ReconcileScenarios.deliver(sink, batches.get(0));
    s.crashedRun(batches, Set.of(0));
    try (ExactlyOnce restarted = s.restart(Duration.ofSeconds(10))) {
      assertThat(restarted.result().count(Verdict.AMBIGUOUS)).isEqualTo(1);
      assertThat(ReconcileScenarios.droppedBatches(restarted, batches)).isEmpty();
    }
  }

  /** After a clean stop the checkpoint covers every journaled batch: nothing is read back. */
  @Test
  void batchesTheCheckpointCoversAreNotReadBack() {
    List<Batch> batches = ReconcileScenarios.batches("covered", 1, 10);
    s.crashedRun(batches, Set.of(0));
    var checkpoints = io.logferry.checkpoint.Checkpointer.open(dir, io.logferry.events.ExporterEvents.NOOP, io.logferry.time.Ticker.system());
    long end = batches.get(0).events().get(9).commitOffset();
    checkpoints.update(ReconcileScenarios.FILE.fileKey(),
        new io.logferry.checkpoint.Checkpoints.FileCheckpoint(end, 0, 0, 0, "f", 0));
    checkpoints.write();
    fixture.endpoint().setFaults(Faults.NONE.withThrottleRatio(1.0).withAllOperations(true)); // a read would fail
    try (ExactlyOnce restarted = s.restart(Duration.ofSeconds(10))) {
      assertThat(restarted.result()).isSameAs(Reconciler.Result.NONE);
    }
  }
}
