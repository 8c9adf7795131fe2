package io.logferry.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.pipeline.Batch;
import io.logferry.reconcile.Reconciler.Verdict;
import io.logferry.testing.AwsTestCredentials;
import io.logferry.testing.MotoServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Reconciliation against moto's GetLogEvents (conformance): found, not found, partly found, ambiguous. */
class ReconcileMotoTest {

  @RegisterExtension static final MotoServer MOTO = new MotoServer();

  @TempDir Path dir;
  private ReconcileScenarios s;

  @BeforeEach
  void start() {
    AwsTestCredentials.set();
    s = new ReconcileScenarios(dir, MOTO.endpoint(), MotoServer.REGION);
  }

  @AfterEach
  void stop() {
    s.close();
    AwsTestCredentials.clear();
  }

  @Test
  void partlyFoundInFlightBatchesDropExactlyTheStoredOnes() {
    List<Batch> batches = ReconcileScenarios.batches("moto-partly", 4, 2000);
    s.crashedRun(batches, Set.of(1, 3));
    try (ExactlyOnce restarted = s.restart(Duration.ofSeconds(20))) {
      assertThat(restarted.result().count(Verdict.FOUND)).as(restarted.result().toString()).isEqualTo(2);
      assertThat(restarted.result().count(Verdict.NOT_FOUND)).isEqualTo(2);
      assertThat(ReconcileScenarios.droppedBatches(restarted, batches)).containsExactly(1, 3);
    }
  }

  @Test
  void aStoredBatchLargerThanOnePageIsFound() {
    List<Batch> batches = ReconcileScenarios.batches("moto-large", 1, 10_000);
    s.crashedRun(batches, Set.of(0));
    try (ExactlyOnce restarted = s.restart(Duration.ofSeconds(20))) {
      assertThat(restarted.result().count(Verdict.FOUND)).as(restarted.result().toString()).isEqualTo(1);
      assertThat(restarted.skipped()).isZero();
      assertThat(ReconcileScenarios.droppedBatches(restarted, batches)).containsExactly(0);
    }
  }

  @Test
  void aBatchStoredTwiceIsAmbiguousAndResent() {
    List<Batch> batches = ReconcileScenarios.batches("moto-twice", 1, 50);
    ReconcileScenarios.deliver(s.sink(Duration.ofSeconds(10)), batches.get(0));
    s.crashedRun(batches, Set.of(0));
    try (ExactlyOnce restarted = s.restart(Duration.ofSeconds(20))) {
      assertThat(restarted.result().count(Verdict.AMBIGUOUS)).as(restarted.result().toString()).isEqualTo(1);
      assertThat(ReconcileScenarios.droppedBatches(restarted, batches)).isEmpty();
    }
  }
}
