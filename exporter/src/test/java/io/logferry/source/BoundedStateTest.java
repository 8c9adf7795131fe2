package io.logferry.source;

import io.logferry.checkpoint.OffsetLedger;
import io.logferry.checkpoint.Checkpoints;
import io.logferry.checkpoint.Checkpointer;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.checkpoint.GoneFiles;
import io.logferry.testing.FakeTicker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint tracks the files present: entries of files that are gone (deleted, rotated out of the globs, or
 * deleted by logrotate's shift, where {@code .5} is deleted and {@code .4} renamed over it) are forgotten once
 * they were absent for the retention, in follow mode and across run-once runs.
 */
class BoundedStateTest {

  private static final Duration SCAN = Duration.ofSeconds(1);
  private static final long ALL = 1L << 40;
  private static final int KEEP = 5;

  @TempDir Path dir;
  @TempDir Path state;
  private final FakeTicker ticker = new FakeTicker();
  private final RecordingEvents events = new RecordingEvents();

  @Test
  void logrotateShiftOfThreeHundredRotationsKeepsOnlyThePresentFilesInTheCheckpoint() throws IOException {
    Checkpoints checkpoints = Checkpointer.open(state, events, ticker);
    OffsetLedger ledger = new OffsetLedger(checkpoints, ticker);
    Path log = dir.resolve("app.log");
    int lines = 0;
    try (FileTailer tailer = FileTailers.create(
        new TailerSettings(List.of(dir + "/app.log*"), List.of(), SCAN, 1024 * 1024, Duration.ZERO),
        ledger, events, ticker)) {
      Acker acker = new Acker(ledger);
      for (int rotation = 0; rotation < 300; rotation++) {
        Files.writeString(log, "rotation " + rotation + " line " + lines++ + "\n", UTF_8, StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
        pollAndAck(tailer, acker);
        LogRotation.renameCreate(log, KEEP);
        pollAndAck(tailer, acker);
        checkpoints.write();
        // At most the files present plus those gone within the retention (one rotation per scan here).
        long retentionScans = GoneFiles.DEFAULT_RETENTION.dividedBy(SCAN) + 2;
        assertThat(checkpoints.all().size()).as("rotation %d", rotation).isLessThanOrEqualTo((int) (KEEP + 1 + retentionScans));
      }
      assertThat(acker.lines).isEqualTo(lines);
      ticker.advance(GoneFiles.DEFAULT_RETENTION.plusSeconds(1));
      pollAndAck(tailer, acker);
      checkpoints.write();
    }
    long present;
    try (Stream<Path> files = Files.list(dir)) {
      present = files.count();
    }
    assertThat(present).isEqualTo(KEEP + 1);
    assertThat(Checkpointer.open(state, events, ticker).all()).hasSize(KEEP + 1);
  }

  @Test
  void runOnceSeriesWithDeletionsBetweenRunsForgetsTheDeletedFiles() throws IOException {
    Map<String, Integer> written = new HashMap<>();
    int next = 0;
    for (int run = 0; run < 20; run++) {
      // Each run: five new files appear, files older than three runs are deleted.
      for (int i = 0; i < 5; i++) {
        Path p = dir.resolve("pod-" + next + ".log");
        Files.writeString(p, "line of pod " + next + "\n", UTF_8);
        written.put(p.toString(), run);
        next++;
      }
      for (Map.Entry<String, Integer> e : written.entrySet()) {
        if (e.getValue() == run - 3) Files.deleteIfExists(Path.of(e.getKey()));
      }
      Checkpoints checkpoints = Checkpointer.open(state, events, ticker);
      OffsetLedger ledger = new OffsetLedger(checkpoints, ticker);
      try (FileTailer tailer = FileTailers.create(
          new TailerSettings(List.of(dir + "/*.log"), List.of(), SCAN, 1024 * 1024, Duration.ZERO),
          ledger, events, ticker)) {
        Acker acker = new Acker(ledger);
        tailer.snapshot();
        while (!tailer.caughtUp()) tailer.poll(acker, ALL);
        tailer.flushUnterminated(acker);
        acker.ackAll();
        checkpoints.write();
      }
      long present;
      try (Stream<Path> files = Files.list(dir)) {
        present = files.count();
      }
      assertThat(Checkpointer.open(state, events, ticker).all()).as("run %d", run).hasSize((int) present);
      ticker.advance(GoneFiles.DEFAULT_RETENTION.plusSeconds(1)); // the next CronJob run comes minutes later
    }
  }

  @Test
  void aRunOnceWhoseFirstListingsMissAFullyReadFileKeepsItsEntryAndNeverReadsItAgain() throws IOException {
    Path a = dir.resolve("a.log");
    Path b = dir.resolve("b.log");
    Files.writeString(a, "a 1\na 2\na 3\n", UTF_8);
    Files.writeString(b, "b 1\n", UTF_8);
    assertThat(runOnce(0)).isEqualTo(4);
    // Minutes later (a's entry was last updated well over the retention ago), listings miss a.log, as readdir may for
    // a file renamed while it reads the directory (all but the last of the scan's listings here); b has grown.
    ticker.advance(GoneFiles.DEFAULT_RETENTION.multipliedBy(3));
    Files.writeString(b, "b 2\n", UTF_8, StandardOpenOption.APPEND);
    assertThat(runOnce(FileDiscovery.EXTRA_LISTINGS)).as("only b's new line").isEqualTo(1);
    assertThat(Checkpointer.open(state, events, ticker).all()).hasSize(2);
    ticker.advance(GoneFiles.DEFAULT_RETENTION.multipliedBy(3));
    assertThat(runOnce(0)).as("nothing read twice").isZero();
  }

  /** One run-once over dir/*.log whose first {@code missed} listings leave out a.log; the lines it read. */
  private int runOnce(int missed) throws IOException {
    GlobPathsProvider globs = new GlobPathsProvider(List.of(dir + "/*.log"), List.of(), events);
    int[] left = {missed};
    PathsProvider flaky = () -> left[0]-- > 0
        ? globs.paths().stream().filter(p -> !p.getFileName().toString().equals("a.log")).toList()
        : globs.paths();
    Checkpoints checkpoints = Checkpointer.open(state, events, ticker);
    OffsetLedger ledger = new OffsetLedger(checkpoints, ticker);
    Acker acker = new Acker(ledger);
    try (FileTailer tailer = FileTailers.create(
        new TailerSettings(List.of(dir + "/*.log"), List.of(), SCAN, 1024 * 1024, Duration.ZERO), flaky, ledger,
        events, ticker)) {
      tailer.snapshot();
      while (!tailer.caughtUp()) tailer.poll(acker, ALL);
      tailer.flushUnterminated(acker);
      acker.ackAll();
      checkpoints.write();
    }
    return acker.lines;
  }

  @Test
  void copytruncateWithAShiftReadsEveryCopyFromWhereItsContentWasDeliveredEvenOnAReusedInode() throws IOException {
    Checkpoints checkpoints = Checkpointer.open(state, events, ticker);
    OffsetLedger ledger = new OffsetLedger(checkpoints, ticker);
    Path log = dir.resolve("app.log");
    Map<String, Integer> seen = new HashMap<>();
    int written = 0;
    try (FileTailer tailer = FileTailers.create(
        new TailerSettings(List.of(dir + "/app.log*"), List.of(), SCAN, 1024 * 1024, Duration.ZERO),
        ledger, events, ticker)) {
      Acker acker = new Acker(ledger) {
        @Override
        public void onLine(SourceId source, Path path, byte[] buf, int off, int len, long startOffset, long endOffset,
            boolean complete) {
          super.onLine(source, path, buf, off, len, startOffset, endOffset, complete);
          if (complete) seen.merge(new String(buf, off, len, UTF_8), 1, Integer::sum);
        }
      };
      for (int rotation = 0; rotation < 60; rotation++) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) {
          sb.append(String.format("%s line %06d of rotation %03d, long enough to give the head 64 bytes and more%n",
              "2026-12-01T22:00:00Z", written++, rotation));
        }
        Files.writeString(log, sb, UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        pollAndAck(tailer, acker);
        // logrotate rotate 5 + copytruncate: the oldest copy is deleted right before the new copy is created, so the
        // new copy often gets its inode while the deleted file's entry is still remembered.
        Files.deleteIfExists(Path.of(log + "." + KEEP));
        for (int i = KEEP - 1; i >= 1; i--) {
          Path from = Path.of(log + "." + i);
          if (Files.exists(from)) Files.move(from, Path.of(log + "." + (i + 1)));
        }
        Files.copy(log, Path.of(log + ".1"));
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(log, StandardOpenOption.WRITE)) {
          ch.truncate(0);
        }
        pollAndAck(tailer, acker);
        pollAndAck(tailer, acker);
      }
    }
    assertThat(seen).hasSize(written);
    assertThat(seen.values()).as("every line read exactly once").allMatch(n -> n == 1);
  }

  private void pollAndAck(FileTailer tailer, Acker acker) {
    ticker.advance(SCAN);
    tailer.poll(acker, ALL);
    acker.ackAll();
  }

  /** Acknowledges every complete line at once, as a sink that accepts everything would. */
  private static class Acker implements LineConsumer {
    final OffsetLedger ledger;
    final Map<SourceId, Long> ends = new HashMap<>();
    int lines;

    Acker(OffsetLedger ledger) {
      this.ledger = ledger;
    }

    @Override
    public void onLine(SourceId source, Path path, byte[] buf, int off, int len, long startOffset, long endOffset,
        boolean complete) {
      if (complete) {
        lines++;
        ends.put(source, endOffset);
      }
    }

    void ackAll() {
      ends.forEach((s, o) -> ledger.acknowledged(s.fileKey(), s.generation(), o));
      ends.clear();
    }
  }
}
