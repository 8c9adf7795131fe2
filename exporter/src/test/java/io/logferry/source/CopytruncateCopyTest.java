package io.logferry.source;

import io.logferry.checkpoint.OffsetLedger;
import io.logferry.checkpoint.Checkpoints;
import io.logferry.checkpoint.Checkpointer;
import io.logferry.testing.FakeTicker;
import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.checkpoint.Checkpoints.FileCheckpoint;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * copytruncate with the copy matched by the globs ({@code app.log*}): the copy is recognised by the head of the
 * content it copies and read from where that content was read or delivered to, in follow (truncation seen while
 * tailing) and across runs (truncation between two runs), and never mistaken for a file that merely starts alike.
 */
class CopytruncateCopyTest {

  private static final Duration SCAN = Duration.ofSeconds(1);
  private static final long ALL = 1L << 40;

  @TempDir Path dir;
  @TempDir Path state;
  private final FakeTicker ticker = new FakeTicker();
  private final RecordingEvents events = new RecordingEvents();
  private final RecordingConsumer consumer = new RecordingConsumer();
  private Checkpoints checkpoints;
  private OffsetLedger ledger;
  private FileTailer tailer;

  @AfterEach
  void closeTailer() {
    if (tailer != null) {
      tailer.close();
    }
  }

  private FileTailer tailer() {
    if (tailer != null) {
      tailer.close();
    }
    checkpoints = Checkpointer.open(state, events, ticker);
    tailer = FileTailers.create(
        new TailerSettings(List.of(dir + "/app.log*"), List.of(), SCAN, 1024 * 1024, Duration.ZERO),
        ledger = new OffsetLedger(checkpoints, ticker), events, ticker);
    return tailer;
  }

  private long pollAfterScan() {
    ticker.advance(SCAN);
    return tailer.poll(consumer, ALL);
  }

  /** Lines with a timestamp-like prefix, about 40 bytes each, so a few of them fill a 64-byte head. */
  private static String lines(String prefix, int from, int to) {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < to; i++) {
      sb.append(line(prefix, i)).append('\n');
    }
    return sb.toString();
  }

  private static String line(String prefix, int i) {
    return String.format("2026-11-23T21:%02d:%02d.000Z INFO %s-%04d", i / 60 % 60, i % 60, prefix, i);
  }

  private static List<String> expected(String prefix, int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> line(prefix, i)).toList();
  }

  private void acknowledgeAll() {
    for (Map.Entry<SourceId, Long> e : consumer.readUpTo().entrySet()) {
      ledger.acknowledged(e.getKey().fileKey(), e.getKey().generation(), e.getValue());
    }
  }

  private SourceId sourceAt(Path p) {
    return tailer.files().stream().filter(f -> f.path().equals(p)).findFirst().orElseThrow().source();
  }

  private void drainRunOnce() {
    tailer.snapshot();
    while (!tailer.caughtUp()) {
      tailer.poll(consumer, ALL);
    }
    tailer.flushUnterminated(consumer);
  }

  // ------------------------------------------------------------------------------------------------ follow

  @Test
  void aTruncationSeenWhileTailingReadsTheCopyFromWhereTheOldContentWasHandedOver() throws IOException {
    Path f = dir.resolve("app.log");
    LogRotation.append(f, lines("old", 0, 20) + "2026-11-23T21:00:20.000Z INFO half");
    tailer();
    pollAfterScan();
    SourceId old = sourceAt(f);
    assertThat(consumer.lines(old)).containsExactlyElementsOf(expected("old", 0, 20));

    // Written after the last poll, then rotated: these lines exist only in the copy.
    LogRotation.append(f, "-line\n" + lines("old", 21, 30));
    LogRotation.copytruncate(f, 1);
    LogRotation.append(f, lines("new", 0, 3));
    tailer.poll(consumer, ALL);
    tailer.poll(consumer, ALL);

    Path copyPath = dir.resolve("app.log.1");
    SourceId copy = sourceAt(copyPath);
    assertThat(copy.fileKey()).isNotEqualTo(old.fileKey());
    // The half-read line was not handed over in two halves: the copy holds it whole.
    assertThat(consumer.lines(old)).containsExactlyElementsOf(expected("old", 0, 20));
    assertThat(consumer.lines(copy).get(0)).isEqualTo("2026-11-23T21:00:20.000Z INFO half-line");
    assertThat(consumer.lines(copy).subList(1, consumer.lines(copy).size()))
        .containsExactlyElementsOf(expected("old", 21, 30));
    assertThat(consumer.lines(sourceAt(f))).containsExactlyElementsOf(expected("new", 0, 3));
    // Nothing appends to a copy: it is ended once read to its end.
    assertThat(consumer.ended).contains(old, copy);
  }

  @Test
  void theCopysCheckpointWaitsForTheOldContentsBatchesInFlight() throws IOException {
    Path f = dir.resolve("app.log");
    LogRotation.append(f, lines("old", 0, 20));
    tailer();
    pollAfterScan();
    SourceId old = sourceAt(f);
    long handedOver = consumer.readUpTo().get(old);
    ledger.acknowledged(old.fileKey(), old.generation(), handedOver / 2); // half delivered, half in flight

    LogRotation.append(f, lines("old", 20, 25));
    LogRotation.copytruncate(f, 1);
    tailer.poll(consumer, ALL);
    String copyKey = sourceAt(dir.resolve("app.log.1")).fileKey();
    SourceId copy = sourceAt(dir.resolve("app.log.1"));
    long copyEnd = Files.size(dir.resolve("app.log.1"));

    // The copy was read from handedOver, but a crash now must re-read the batches in flight: the checkpoint says so.
    assertThat(consumer.pieces.stream().filter(p -> p.source().equals(copy)).findFirst().orElseThrow().start())
        .isEqualTo(handedOver);
    assertThat(checkpoints.get(copyKey).offset()).isEqualTo(handedOver / 2);
    ledger.acknowledged(copy.fileKey(), copy.generation(), copyEnd); // the copy's own batches may be acknowledged first
    assertThat(checkpoints.get(copyKey).offset()).isEqualTo(handedOver / 2);
    ledger.acknowledged(old.fileKey(), old.generation(), handedOver);
    assertThat(checkpoints.get(copyKey).offset()).isEqualTo(copyEnd);
  }

  @Test
  void aScanBetweenTheCopyAndTheTruncateDoesNotReadTheCopyFromZero() throws IOException {
    Path f = dir.resolve("app.log");
    LogRotation.append(f, lines("old", 0, 20));
    tailer();
    pollAfterScan();
    acknowledgeAll();

    LogRotation.append(f, lines("old", 20, 25));
    Files.copy(f, dir.resolve("app.log.1")); // copied, not truncated yet
    pollAfterScan();
    assertThat(tailer.files()).hasSize(1); // the new file starts like the live one: it waits

    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
      ch.truncate(0);
    }
    LogRotation.append(f, lines("new", 0, 2));
    pollAfterScan();
    pollAfterScan();
    acknowledgeAll();

    assertThat(consumer.lines()).containsExactlyInAnyOrderElementsOf(
        java.util.stream.Stream.concat(expected("old", 0, 25).stream(), expected("new", 0, 2).stream()).toList());
  }

  @Test
  void aFileThatOnlyStartsLikeALiveFileIsOpenedFromZeroOnceTheWaitIsOver() throws IOException {
    Path f = dir.resolve("app.log");
    LogRotation.append(f, lines("old", 0, 20));
    tailer();
    pollAfterScan();
    Files.copy(f, dir.resolve("app.log.bak")); // a plain copy: the original is never truncated
    pollAfterScan();
    assertThat(tailer.files()).hasSize(1);
    pollAfterScan();
    pollAfterScan();
    assertThat(tailer.files()).hasSize(2);
    assertThat(consumer.lines(sourceAt(dir.resolve("app.log.bak")))).containsExactlyElementsOf(expected("old", 0, 20));
  }

  @Test
  void aCopyFoundEmptyIsHeldUnreadAndThenTakenAsTheCopy() throws IOException {
    Path f = dir.resolve("app.log");
    Path copyPath = dir.resolve("app.log.1");
    LogRotation.append(f, lines("old", 0, 20));
    tailer();
    pollAfterScan();
    Files.createFile(copyPath); // the copy has just been created when the scan lists it
    pollAfterScan();
    assertThat(tailer.files()).hasSize(2);
    LogRotation.append(f, lines("old", 20, 24));
    Files.copy(f, copyPath, StandardCopyOption.REPLACE_EXISTING);
    pollAfterScan(); // not truncated yet: the copy starts like app.log, so it is held unread
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
      ch.truncate(0);
    }
    pollAfterScan();
    pollAfterScan();
    assertThat(consumer.lines()).containsExactlyElementsOf(expected("old", 0, 24));
  }

  @Test
  void bytesReadAfterTheContentWasReplacedAreDroppedNotHandedOver() throws IOException {
    Path f = dir.resolve("app.log");
    LogRotation.append(f, lines("old", 0, 10));
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
      FileWatcher w = new FileWatcher("k", ch, f, 0, 0, ch.size(), 0, Fingerprinter.headChecksum(ch, 0));
      w.extendHead();
      w.read(consumer, new byte[4096], 1L << 20, 1024);
      // copytruncate and a fast writer between the refresh (which measured the size) and the next read.
      try (FileChannel wr = FileChannel.open(f, StandardOpenOption.WRITE)) {
        wr.truncate(0);
      }
      LogRotation.append(f, lines("new", 0, 30));
      w.size(ch.size());
      assertThat(w.read(consumer, new byte[4096], 1L << 20, 1024)).isZero();
      assertThat(consumer.lines()).containsExactlyElementsOf(expected("old", 0, 10));
      assertThat(w.readPosition()).isEqualTo(lines("old", 0, 10).length());
    }
  }

  // ------------------------------------------------------------------------------------------------ run-once

  @Test
  void aRunAfterACopytruncateShipsTheCopyFromTheCheckpointedOffset() throws IOException {
    Path f = dir.resolve("app.log");
    LogRotation.append(f, lines("old", 0, 20));
    tailer();
    drainRunOnce();
    acknowledgeAll();
    checkpoints.write();
    tailer.close();

    LogRotation.append(f, lines("old", 20, 30)); // after run N
    LogRotation.copytruncate(f, 1);
    LogRotation.append(f, lines("new", 0, 4));
    consumer.clear();
    tailer();
    drainRunOnce();

    SourceId copy = sourceAt(dir.resolve("app.log.1"));
    assertThat(consumer.lines(copy)).containsExactlyElementsOf(expected("old", 20, 30));
    assertThat(consumer.lines(sourceAt(f))).containsExactlyElementsOf(expected("new", 0, 4));
    acknowledgeAll();
    checkpoints.write();
    assertThat(checkpoints.retired()).isEmpty(); // matched: the copy's own entry carries the offset now
    assertThat(checkpoints.get(copy.fileKey()).offset()).isEqualTo(Files.size(dir.resolve("app.log.1")));

    // Run N+2 reads nothing again.
    tailer.close();
    consumer.clear();
    tailer();
    drainRunOnce();
    assertThat(consumer.lines()).isEmpty();
  }

  @Test
  void aCopyThatAppearsOnlyInALaterRunIsStillReadFromTheOldOffset() throws IOException {
    Path f = dir.resolve("app.log");
    Path elsewhere = state.resolve("parked");
    LogRotation.append(f, lines("old", 0, 20));
    tailer();
    drainRunOnce();
    acknowledgeAll();
    checkpoints.write();
    long shipped = checkpoints.all().values().iterator().next().offset();

    LogRotation.append(f, lines("old", 20, 30));
    LogRotation.copytruncate(f, 1);
    Files.move(dir.resolve("app.log.1"), elsewhere); // not under the globs during run N+1
    consumer.clear();
    tailer();
    drainRunOnce();
    acknowledgeAll();
    checkpoints.write();
    assertThat(consumer.lines()).isEmpty();
    assertThat(Files.readString(checkpoints.file())).contains("\"retired\"");
    assertThat(checkpoints.retired().values()).singleElement()
        .satisfies(r -> assertThat(r.offset()).isEqualTo(shipped));

    Files.move(elsewhere, dir.resolve("app.log.1"));
    consumer.clear();
    tailer(); // reloads the checkpoint file: the retired content survived the restart
    drainRunOnce();
    assertThat(consumer.lines()).containsExactlyElementsOf(expected("old", 20, 30));
  }

  // ------------------------------------------------------------------------------------------------ guards

  @Test
  void aNewFileShorterThanWhatWasDeliveredIsNotACopy() throws IOException {
    Path f = dir.resolve("app.log");
    LogRotation.append(f, lines("old", 0, 20));
    tailer();
    drainRunOnce();
    acknowledgeAll();
    checkpoints.write();

    // Same first lines, but shorter than the delivered offset: whatever it is, it is not a copy of that content.
    Files.writeString(dir.resolve("app.log.1"), lines("old", 0, 5));
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
      ch.truncate(0);
    }
    consumer.clear();
    tailer();
    drainRunOnce();
    assertThat(consumer.lines()).containsExactlyElementsOf(expected("old", 0, 5));
  }

  @Test
  void aHeadShorterThanTheMinimumIsNeverMatched() throws IOException {
    Path f = dir.resolve("app.log");
    LogRotation.append(f, "a0\na1\n"); // 6 bytes: too little to tell a copy from a file that starts alike
    tailer();
    drainRunOnce();
    acknowledgeAll();
    checkpoints.write();

    LogRotation.append(f, "a2\n");
    LogRotation.copytruncate(f, 1);
    consumer.clear();
    tailer();
    drainRunOnce();
    assertThat(consumer.lines()).containsExactly("a0", "a1", "a2");
    assertThat(checkpoints.retired()).isEmpty();
  }

  @Test
  void retiredContentsSurviveARestartAndExpireAfterTheirTtl() throws IOException {
    Checkpoints cps = Checkpointer.open(state, events, ticker);
    Checkpoints.RetiredContent r = new Checkpoints.RetiredContent(256, 0xCAFEL, 4096, "/var/log/app.log",
        ticker.currentTimeMillis());
    cps.retire(r);
    cps.write();
    assertThat(Files.readString(cps.file())).startsWith("{\"version\":1,");
    assertThat(Checkpointer.open(state, events, ticker).retired()).containsExactly(Map.entry("256:51966", r));

    ticker.advance(Duration.ofDays(8));
    Checkpoints later = Checkpointer.open(state, events, ticker);
    later.write();
    assertThat(Checkpointer.open(state, events, ticker).retired()).isEmpty();
  }

  @Test
  void aVersionOneCheckpointWithoutARetiredSectionStillLoads() throws IOException {
    Files.writeString(state.resolve(Checkpointer.FILE_NAME),
        "{\"version\":1,\"files\":{\"1:2\":{\"offset\":10,\"generation\":0,\"headLength\":10,\"headChecksum\":5}}}");
    Checkpoints loaded = Checkpointer.open(state, events, ticker);
    assertThat(loaded.get("1:2")).isEqualTo(new FileCheckpoint(10, 0, 10, 5, null, 0));
    assertThat(loaded.retired()).isEmpty();
  }
}
