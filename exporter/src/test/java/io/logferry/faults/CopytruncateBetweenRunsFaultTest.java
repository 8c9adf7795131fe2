package io.logferry.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.faults.FaultTable.Mode;
import io.logferry.testbed.DeliveryAudit;
import io.logferry.testbed.LogWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CronJob case of copytruncate: run N ships {@code app.log} to X; lines are appended; logrotate copies it to
 * {@code app.log.1} and truncates it; run N+1 finds {@code app.log} small and {@code app.log.1} (a new inode whose head
 * is the old head) and ships {@code app.log.1} from X, not from 0. With {@code app.log*} matching the copies, every
 * line arrives exactly once across runs and rotations (including rotations by size in the middle of a write).
 */
@ExtendWith(FaultTable.class)
class CopytruncateBetweenRunsFaultTest {

  @TempDir Path dir;

  @Test
  void runsBetweenWritesAndCopytruncateRotationsShipEveryLineExactlyOnce() throws Exception {
    try (FaultHarness h = new FaultHarness(dir);
        LogWriter w = h.writer("app.log", "app", LogWriter.Rotation.COPYTRUNCATE, 96 * 1024)) {
      for (int round = 0; round < 8; round++) {
        w.write(300);
        h.runOnceComplete(h.config("app.log*"));
        w.write(150); // after the run: only in the copy once rotated
        w.rotateNow();
        w.write(100 + round * 37); // sometimes also crosses rotateBytes: a second copy before the next run
      }
      h.runOnceComplete(h.config("app.log*"));
      DeliveryAudit.Result result = h.audit(Map.of("app", w.eventsWritten()));
      assertThat(w.rotations()).isGreaterThan(8);
      assertThat(result.lost()).isZero();
      assertThat(result.duplicated()).isZero();
      FaultTable.record("copytruncate between runs (CronJob), copies matched by the glob", Mode.RUN_ONCE, result,
          "lost 0, duplicated 0");
    }
  }
}
