package io.logferry.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.checkpoint.OffsetLedger.FileView;
import io.logferry.checkpoint.OffsetLedger.Start;
import io.logferry.events.ExporterEvents;
import io.logferry.testing.FakeTicker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger alone: acknowledgements in, checkpoint entries out, with no reader and no file I/O. */
class OffsetLedgerTest {

  @TempDir Path dir;

  private final FakeTicker ticker = new FakeTicker();

  /** A reader's view with a fixed 100-byte head. */
  private static final FileView VIEW = new FileView() {
    @Override
    public String pathString() {
      return "/logs/app.log";
    }

    @Override
    public int headLength() {
      return 100;
    }

    @Override
    public long headChecksum() {
      return 42;
    }
  };

  private OffsetLedger ledger() {
    return new OffsetLedger(Checkpointer.open(dir, ExporterEvents.NOOP, ticker), ticker);
  }

  private static Start fresh(OffsetLedger ledger, String key) throws Exception {
    return ledger.start(key, 1000, len -> 42, () -> null, () -> {});
  }

  @Test
  void anAcknowledgementMovesTheEntryAndOneOfAnOlderGenerationMovesNothing() throws Exception {
    OffsetLedger ledger = ledger();
    ledger.opened("1:1", fresh(ledger, "1:1"), VIEW);
    ledger.acknowledged("1:1", 0, 300);
    assertThat(ledger.checkpoint("1:1").offset()).isEqualTo(300);
    assertThat(ledger.checkpoint("1:1").path()).isEqualTo("/logs/app.log");

    long next = ledger.truncated("1:1", 100, 42, "/logs/app.log", 400, true);
    assertThat(next).isEqualTo(1);
    assertThat(ledger.checkpoint("1:1").offset()).isZero();
    ledger.acknowledged("1:1", 0, 400); // the old content's last batch: it moves the retired content, not the file
    assertThat(ledger.checkpoint("1:1").offset()).isZero();
    assertThat(ledger.retiredContents().values()).singleElement()
        .satisfies(r -> assertThat(r.offset()).isEqualTo(400));
  }

  @Test
  void aCopyFoundWhileItsOriginalIsInFlightIsCheckpointedAtTheOriginalsAcknowledgementsUntilAllAreIn()
      throws Exception {
    OffsetLedger ledger = ledger();
    ledger.opened("1:1", fresh(ledger, "1:1"), VIEW);
    ledger.acknowledged("1:1", 0, 100);
    ledger.truncated("1:1", 100, 42, "/logs/app.log", 500, true);
    Start copy = ledger.start("1:2", 600, len -> 42, () -> ledger.retiredContents().values().iterator().next(),
        () -> {});
    assertThat(copy.offset()).as("read from where the original was handed over").isEqualTo(500);
    ledger.opened("1:2", copy, VIEW);
    assertThat(ledger.checkpoint("1:2").offset()).isEqualTo(100);
    ledger.acknowledged("1:2", copy.generation(), 600);
    assertThat(ledger.checkpoint("1:2").offset()).as("the original's batches are still in flight").isEqualTo(100);
    ledger.acknowledged("1:1", 0, 500);
    assertThat(ledger.checkpoint("1:2").offset()).isEqualTo(600);
  }

  @Test
  void aFileReadToItsEndIsReleasedOnceDeliveredAndADeletedOneIsForgotten() throws Exception {
    OffsetLedger ledger = ledger();
    List<String> released = new ArrayList<>();
    ledger.onDelivered(released::add);
    ledger.opened("1:1", fresh(ledger, "1:1"), VIEW);
    ledger.ended("1:1", 700);
    ledger.acknowledged("1:1", 0, 600);
    assertThat(released).isEmpty();
    ledger.acknowledged("1:1", 0, 700);
    assertThat(released).containsExactly("1:1");
    ledger.closed("1:1", true);
    assertThat(ledger.checkpoint("1:1")).isNull();
    // The inode comes back as a new file: a later generation, so a late acknowledgement cannot move it.
    assertThat(fresh(ledger, "1:1").generation()).isEqualTo(1);
  }

  @Test
  void entriesOfFilesGoneForTheRetentionAreForgotten() throws Exception {
    OffsetLedger ledger = ledger();
    ledger.opened("1:1", fresh(ledger, "1:1"), VIEW);
    ledger.acknowledged("1:1", 0, 10);
    ledger.ended("1:1", 10);
    ledger.closed("1:1", false);
    ledger.scanned(Set.of());
    assertThat(ledger.checkpoint("1:1")).isNotNull();
    ticker.advance(GoneFiles.DEFAULT_RETENTION);
    ledger.scanned(Set.of());
    assertThat(ledger.checkpoint("1:1")).isNull();
  }

  @Test
  void aReusedInodeNeverGetsAGenerationAFileOfThisProcessHadEvenAfterTheOldFileWasForgotten() throws Exception {
    OffsetLedger ledger = ledger();
    ledger.opened("1:1", fresh(ledger, "1:1"), VIEW);
    ledger.ended("1:1", 700);
    ledger.acknowledged("1:1", 0, 700);
    ledger.closed("1:1", true); // deleted (logrotate's shift) and delivered
    ledger.scanned(Set.of());
    ticker.advance(GoneFiles.DEFAULT_RETENTION);
    ledger.scanned(Set.of()); // gone for the retention: the closed identity is forgotten

    // A new file (a copytruncate copy) gets the freed inode. The acknowledgement tracker still holds 700 for
    // ("1:1", 0) for the rest of the run: the new file must be another pair, or that 700 would become its offset.
    Start start = fresh(ledger, "1:1");
    assertThat(start.generation()).isGreaterThan(0);
    ledger.opened("1:1", start, VIEW);
    ledger.ended("1:1", 500);
    List<String> released = new ArrayList<>();
    ledger.onDelivered(released::add);
    ledger.acknowledged("1:1", 0, 700); // the old file's offset, reported again
    assertThat(ledger.checkpoint("1:1").offset()).isZero();
    assertThat(released).isEmpty();
    ledger.acknowledged("1:1", start.generation(), 500);
    assertThat(ledger.checkpoint("1:1").offset()).isEqualTo(500);
    assertThat(released).containsExactly("1:1");
  }
}
