package io.logferry.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.checkpoint.OffsetLedger.FileView;
import io.logferry.events.ExporterEvents;
import io.logferry.testing.FakeTicker;
import io.logferry.time.Ticker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group commit on the checkpoint's own thread: the caller only signals, the writer's thread pays for the fsync. */
class CheckpointWriterTest {

  @TempDir Path dir;

  private static final FileView VIEW = new FileView() {
    @Override
    public String pathString() {
      return "/logs/app.log";
    }

    @Override
    public int headLength() {
      return 0;
    }

    @Override
    public long headChecksum() {
      return 0;
    }
  };

  @Test
  void theFirstAcknowledgementIsWrittenAtOnceByTheWritersThreadAndLaterOnesTogetherAfterTheGap() throws Exception {
    AtomicInteger writes = new AtomicInteger();
    ExporterEvents counting = new ExporterEvents() {
      @Override
      public void checkpointWritten(int files, long nanos) {
        writes.incrementAndGet();
      }
    };
    FakeTicker ticker = new FakeTicker();
    OffsetLedger ledger = new OffsetLedger(Checkpointer.open(dir, counting, ticker), ticker);
    ledger.opened("1:1", ledger.start("1:1", 100, len -> 0, () -> null, () -> {}), VIEW);
    try (CheckpointWriter writer = new CheckpointWriter(ledger, Duration.ofMillis(100), ticker)) {
      ledger.acknowledged("1:1", 0, 10);
      writer.changed();
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> writes.get() == 1);
      assertThat(Checkpointer.open(dir, ExporterEvents.NOOP, ticker).get("1:1").offset()).isEqualTo(10);

      for (int offset = 20; offset <= 50; offset += 10) {
        ledger.acknowledged("1:1", 0, offset);
        writer.changed();
      }
      // The gap has not passed on the ticker: nothing more is written, whatever the real time.
      assertThat(writes.get()).isEqualTo(1);
      ticker.advance(Duration.ofMillis(100));
      // All four waited for the gap, then go to disk in one write.
      Awaitility.await().atMost(Duration.ofSeconds(10))
          .until(() -> Checkpointer.open(dir, ExporterEvents.NOOP, ticker).get("1:1").offset() == 50);
      assertThat(writes.get()).isEqualTo(2);
      assertThat(ledger.store().unwritten()).isFalse();
    }
  }

  @Test
  void closeIsIdempotentAndWritesNothingItself() throws Exception {
    Ticker ticker = Ticker.system();
    OffsetLedger ledger = new OffsetLedger(Checkpointer.open(dir, ExporterEvents.NOOP, ticker), ticker);
    CheckpointWriter writer = new CheckpointWriter(ledger, Duration.ofHours(1), ticker);
    writer.close();
    writer.close();
    ledger.opened("1:1", ledger.start("1:1", 100, len -> 0, () -> null, () -> {}), VIEW);
    ledger.acknowledged("1:1", 0, 10);
    writer.changed(); // after close: nobody writes
    assertThat(ledger.store().unwritten()).isTrue();
    writer.writeNow(); // the final write of a run, on the caller's thread
    assertThat(Checkpointer.open(dir, ExporterEvents.NOOP, ticker).get("1:1").offset()).isEqualTo(10);
  }
}
