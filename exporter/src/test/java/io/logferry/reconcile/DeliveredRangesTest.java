package io.logferry.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.events.StreamKey;
import io.logferry.pipeline.LogEvent;
import io.logferry.source.SourceId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which re-read events the delivered ranges drop, around lines split into pieces that share a commit offset. */
class DeliveredRangesTest {

  private static final SourceId F = new SourceId("k", 0);
  private static final StreamKey KEY = new StreamKey("g", "s");

  // A (ends at 100); a 200-byte line split in three pieces P1, P2 (commit 100: the line's start) and P3 (commit 300);
  // B (ends at 400). Batch 1 = [A, P1], batch 2 = [P2, P3, B].
  private static final LogEvent A = new LogEvent(1, "A", 1, F, 100);
  private static final LogEvent P1 = new LogEvent(2, "P1", 2, F, 100);
  private static final LogEvent P2 = new LogEvent(2, "P2", 2, F, 100);
  private static final LogEvent P3 = new LogEvent(2, "P3", 2, F, 300);
  private static final LogEvent B = new LogEvent(3, "B", 1, F, 400);
  private static final List<LogEvent> READ = List.of(A, P1, P2, P3, B);

  private static JournaledBatch batch(long lo, long hi, int hiCount) {
    return new JournaledBatch(1, KEY, 1, List.of(new SourceRange("k", 0, lo, hi, hiCount)), List.of());
  }

  private static List<LogEvent> dropped(JournaledBatch... delivered) {
    List<SourceRange> ranges = new ArrayList<>();
    for (JournaledBatch b : delivered) ranges.addAll(b.sources());
    DeliveredRanges r = new DeliveredRanges(ranges, s -> 0);
    List<LogEvent> out = new ArrayList<>();
    for (LogEvent e : READ) {
      if (r.delivered(e)) out.add(e);
    }
    assertThat(r.isEmpty()).as("every range is passed after the re-read").isTrue();
    return out;
  }

  @Test
  void dropsTheFirstBatchWithTheSplitLinesPiecesItHeldButNotTheNextPieces() {
    assertThat(dropped(batch(0, 100, 2))).containsExactly(A, P1);
  }

  @Test
  void keepsPiecesAtTheStartOfARangeRatherThanRiskLosingThem() {
    // P2 belongs to batch 2 but shares its commit offset with batch 1's end: kept (one duplicated piece), never lost.
    assertThat(dropped(batch(100, 400, 1))).containsExactly(P3, B);
  }

  @Test
  void dropsBothBatchesWhenBothWereFound() {
    assertThat(dropped(batch(0, 100, 2), batch(100, 400, 1))).containsExactly(A, P1, P3, B);
  }

  @Test
  void dropsNothingOfAFileReReadFromBeforeTheRange() {
    // Reading restarted at 0 but the range starts at 100: A (bytes 0..100) is not inside it.
    assertThat(dropped(batch(100, 100, 1))).isEmpty();
  }
}
