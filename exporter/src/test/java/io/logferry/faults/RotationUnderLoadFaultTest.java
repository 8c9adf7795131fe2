package io.logferry.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.faults.FaultTable.Mode;
import io.logferry.testbed.DeliveryAudit;
import io.logferry.testbed.LogWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotation while a writer appends fast and follow tails {@code access.log*}: rename/create, and copytruncate (the
 * copies {@code access.log.1}, {@code .2}... are matched too: each is recognised as the copy of the content it copies
 * and read from where that content was read to, so the lines written after the last poll before a truncate are
 * shipped once, neither lost nor re-shipped with the whole copy).
 */
@ExtendWith(FaultTable.class)
class RotationUnderLoadFaultTest {

  @TempDir Path dir;

  @Test
  void renameRotationWhileWritingFastLosesNothingAndDuplicatesNothing() throws Exception {
    DeliveryAudit.Result result = followWhileRotating(LogWriter.Rotation.RENAME);
    assertThat(result.lost()).isZero();
    assertThat(result.duplicated()).isZero();
    FaultTable.record("rename/create rotation while writing fast", Mode.FOLLOW, result, "lost 0, duplicated 0");
  }

  @Test
  void copytruncateRotationWhileWritingFastLosesNothingAndDuplicatesNothing() throws Exception {
    DeliveryAudit.Result result = followWhileRotating(LogWriter.Rotation.COPYTRUNCATE);
    assertThat(result.lost()).isZero();
    assertThat(result.duplicated()).isZero();
    FaultTable.record("copytruncate rotation while writing fast (copies matched by the glob)", Mode.FOLLOW, result,
        "lost 0, duplicated 0");
  }

  private DeliveryAudit.Result followWhileRotating(LogWriter.Rotation rotation) throws Exception {
    try (FaultHarness h = new FaultHarness(dir);
        LogWriter w = h.writer("access.log", "access", rotation, 48 * 1024)) {
      AtomicReference<Throwable> failure = new AtomicReference<>();
      AtomicBoolean done = new AtomicBoolean();
      h.follow(
          h.config("access.log*"),
          () -> {
            Thread writer = new Thread(() -> {
              try {
                for (int i = 0; i < 300; i++) {
                  w.write(40);
                  if (i % 10 == 0) Thread.sleep(1);
                }
              } catch (Throwable t) {
                failure.set(t);
              } finally {
                done.set(true);
              }
            }, "writer");
            writer.start();
            writer.join();
          },
          () -> Map.of("access", w.eventsWritten()));
      assertThat(failure.get()).isNull();
      assertThat(w.rotations()).isGreaterThan(10);
      return h.audit(Map.of("access", w.eventsWritten()));
    }
  }
}
