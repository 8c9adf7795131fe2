package io.logferry.source;

import io.logferry.checkpoint.OffsetLedger;
import io.logferry.checkpoint.Checkpoints;
import io.logferry.checkpoint.Checkpointer;
import io.logferry.testing.FakeTicker;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.checkpoint.Checkpoints.FileCheckpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTailerTest {

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

  private FileTailer tailer(int maxLineBytes, Duration rotateWait) {
    if (checkpoints == null) {
      checkpoints = Checkpointer.open(state, events, ticker);
    }
    tailer = FileTailers.create(new TailerSettings(List.of(dir + "/*.log"), List.of(), SCAN, maxLineBytes, rotateWait),
        ledger = new OffsetLedger(checkpoints, ticker), events, ticker);
    return tailer;
  }

  private FileTailer tailer() {
    return tailer(1024 * 1024, Duration.ZERO);
  }

  /** A poll after the scan interval, so it rescans. */
  private long pollAfterScan() {
    ticker.advance(SCAN);
    return tailer.poll(consumer, ALL);
  }

  private static void truncate(Path p) throws IOException {
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
      ch.truncate(0);
    }
  }

  private static String lines(String prefix, int from, int to) {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < to; i++) {
      sb.append(prefix).append(i).append('\n');
    }
    return sb.toString();
  }

  private static List<String> expected(String prefix, int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> prefix + i).toList();
  }

  /** Acknowledges everything handed over so far, as a pipeline that delivered it would. */
  private void acknowledgeAll() {
    for (Map.Entry<SourceId, Long> e : consumer.readUpTo().entrySet()) {
      ledger.acknowledged(e.getKey().fileKey(), e.getKey().generation(), e.getValue());
    }
  }

  // ------------------------------------------------------------------------------------------------ reading

  @Test
  void readsLinesWithOffsetsAndStripsCarriageReturns() throws IOException {
    Path f = dir.resolve("a.log");
    LogRotation.append(f, "one\r\ntwo\n\nthree\r\n");
    tailer();
    long read = tailer.poll(consumer, ALL);

    assertThat(read).isEqualTo(Files.size(f));
    assertThat(consumer.lines()).containsExactly("one", "two", "", "three");
    assertThat(consumer.pieces).extracting(RecordingConsumer.Piece::start).containsExactly(0L, 5L, 9L, 10L);
    assertThat(consumer.pieces).extracting(RecordingConsumer.Piece::end).containsExactly(5L, 9L, 10L, 17L);
    assertThat(events.linesRead).isEqualTo(4);
    assertThat(events.bytesRead).isEqualTo(17);
    assertThat(tailer.caughtUp()).isTrue();
  }

  @Test
  void holdsAnUnterminatedLineUntilItsNewlineArrives() throws IOException {
    Path f = dir.resolve("a.log");
    LogRotation.append(f, "first\nhalf");
    tailer();
    tailer.poll(consumer, ALL);
    assertThat(consumer.lines()).containsExactly("first");
    assertThat(tailer.caughtUp()).isTrue(); // nothing more to read, the rest waits for its newline

    LogRotation.append(f, " and rest\r");
    tailer.poll(consumer, ALL);
    assertThat(consumer.lines()).containsExactly("first");

    LogRotation.append(f, "\n");
    tailer.poll(consumer, ALL);
    assertThat(consumer.lines()).containsExactly("first", "half and rest");
    assertThat(consumer.pieces.get(1).start()).isEqualTo(6);
    assertThat(consumer.pieces.get(1).end()).isEqualTo(Files.size(f));
  }

  @Test
  void flushUnterminatedHandsOverTheLastLineAsComplete() throws IOException {
    Path f = dir.resolve("a.log");
    LogRotation.append(f, "done\nno newline");
    tailer();
    tailer.poll(consumer, ALL);
    tailer.flushUnterminated(consumer);
    assertThat(consumer.lines()).containsExactly("done", "no newline");
    assertThat(consumer.pieces.get(1).end()).isEqualTo(Files.size(f));

    tailer.flushUnterminated(consumer); // nothing twice
    assertThat(consumer.pieces).hasSize(2);
  }

  @Test
  void splitsAThreeMegabyteLineIntoPiecesCutAtUtf8Boundaries() throws IOException {
    Random random = new Random(42);
    StringBuilder sb = new StringBuilder();
    String[] chars = {"a", "é", "€", "😀"}; // 1, 2, 3 and 4 bytes in UTF-8
    while (sb.length() < 1_600_000) {
      sb.append(chars[random.nextInt(chars.length)]);
    }
    String line = sb.toString();
    byte[] lineBytes = line.getBytes(UTF_8);
    assertThat(lineBytes.length).isGreaterThan(3_000_000);
    Path f = dir.resolve("a.log");
    LogRotation.append(f, "before\n" + line + "\nafter\n");
    int max = 1024 * 1024;
    tailer(max, Duration.ZERO);
    while (tailer.poll(consumer, 100_000) > 0) {
      // small budgets: the line spans many polls
    }

    List<RecordingConsumer.Piece> pieces = consumer.pieces.subList(1, consumer.pieces.size() - 1);
    assertThat(pieces).hasSizeGreaterThanOrEqualTo(3);
    StringBuilder joined = new StringBuilder();
    long expectedStart = 7;
    for (int i = 0; i < pieces.size(); i++) {
      RecordingConsumer.Piece p = pieces.get(i);
      assertThat(p.bytes().length).isLessThanOrEqualTo(max);
      if (i < pieces.size() - 1) {
        assertThat(p.bytes().length).isGreaterThan(max - 4); // backed off at most 3 bytes
      }
      assertThat(p.complete()).isEqualTo(i == pieces.size() - 1);
      assertThat(p.start()).isEqualTo(expectedStart);
      expectedStart = p.end();
      joined.append(strictUtf8(p.bytes()));
    }
    assertThat(joined.toString()).isEqualTo(line);
    assertThat(pieces.get(pieces.size() - 1).end()).isEqualTo(7 + lineBytes.length + 1);
    assertThat(consumer.lines()).containsExactly("before", line, "after");
  }

  private static String strictUtf8(byte[] bytes) throws CharacterCodingException {
    return UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
  }

  @Test
  void aLineOfExactlyMaxBytesIsOnePieceEvenWithCrlf() throws IOException {
    String line = "x".repeat(16);
    LogRotation.append(dir.resolve("a.log"), line + "\r\n" + line + "y\n");
    tailer(16, Duration.ZERO);
    tailer.poll(consumer, ALL);
    assertThat(consumer.pieces).extracting(RecordingConsumer.Piece::text).containsExactly(line, line, "y");
    assertThat(consumer.pieces).extracting(RecordingConsumer.Piece::complete).containsExactly(true, false, true);
  }

  @Test
  void sharesTheBudgetFairlySoABusyFileDoesNotStarveOthers() throws IOException {
    Path busy = dir.resolve("busy.log");
    Path quiet = dir.resolve("quiet.log");
    LogRotation.append(busy, lines("b", 0, 100_000));
    LogRotation.append(quiet, lines("q", 0, 10));
    tailer();
    tailer.poll(consumer, 64 * 1024);

    assertThat(consumer.lines()).contains("q9");
    long busyBytes = consumer.pieces.stream().filter(p -> p.path().equals(busy)).mapToLong(p -> p.bytes().length + 1).sum();
    assertThat(busyBytes).isLessThanOrEqualTo(64 * 1024);
    assertThat(tailer.caughtUp()).isFalse();
  }

  // ------------------------------------------------------------------------------------------------ rotation

  @Test
  void renameRotationReadsTheOldFileToItsEndAndTheNewOneFromZero() throws IOException {
    Path f = dir.resolve("app.log");
    LogRotation.append(f, lines("old", 0, 3));
    tailer();
    pollAfterScan();
    SourceId oldSource = tailer.files().get(0).source();

    LogRotation.append(f, lines("old", 3, 6)); // unread when it is rotated
    Files.move(f, dir.resolve("app.log.1"));
    LogRotation.append(f, lines("new", 0, 4));
    LogRotation.append(dir.resolve("app.log.1"), "old6\n"); // the writer still holds the old descriptor
    pollAfterScan();

    assertThat(consumer.lines(oldSource)).containsExactlyElementsOf(expected("old", 0, 7));
    SourceId newSource = tailer.files().stream().map(TailedFile::source).filter(s -> !s.equals(oldSource)).findFirst().orElseThrow();
    assertThat(consumer.lines(newSource)).containsExactlyElementsOf(expected("new", 0, 4));
    assertThat(consumer.ended).containsExactly(oldSource);
    assertThat(events.starting("rotated")).containsExactly("rotated app.log -> ?");

    // The rotated file stays open until its end is acknowledged.
    assertThat(tailer.files()).hasSize(2);
    acknowledgeAll();
    assertThat(tailer.files()).extracting(TailedFile::source).containsExactly(newSource);
    assertThat(events.starting("removed")).containsExactly("removed app.log");
  }

  @Test
  void aRotatedFileIsWatchedForLateWritesUntilRotateWaitPasses() throws IOException {
    Path f = dir.resolve("app.log");
    LogRotation.append(f, "a\n");
    tailer(1024, Duration.ofSeconds(5));
    pollAfterScan();
    SourceId old = tailer.files().get(0).source();
    Files.move(f, dir.resolve("app.log.1"));
    pollAfterScan(); // orphaned now, 1 s ago at most
    LogRotation.append(dir.resolve("app.log.1"), "late\n");
    ticker.advance(Duration.ofSeconds(1));
    tailer.poll(consumer, ALL);
    assertThat(consumer.ended).isEmpty();
    ticker.advance(Duration.ofSeconds(5));
    tailer.poll(consumer, ALL);
    assertThat(consumer.lines(old)).containsExactly("a", "late");
    assertThat(consumer.ended).containsExactly(old);
  }

  @Test
  void renameWithinTheGlobsKeepsReadingTheSameSource() throws IOException {
    Path f = dir.resolve("app.log");
    LogRotation.append(f, "a\n");
    tailer();
    pollAfterScan();
    SourceId source = tailer.files().get(0).source();
    Files.move(f, dir.resolve("app-1.log"));
    LogRotation.append(dir.resolve("app-1.log"), "b\n");
    pollAfterScan();

    assertThat(consumer.lines()).containsExactly("a", "b");
    assertThat(consumer.pieces.get(1).source()).isEqualTo(source);
    assertThat(consumer.pieces.get(1).path()).isEqualTo(dir.resolve("app-1.log"));
    assertThat(events.starting("rotated")).containsExactly("rotated app.log -> app-1.log");
    assertThat(consumer.ended).isEmpty();
  }

  @Test
  void copytruncateRestartsAtZeroWithTheNextGeneration() throws IOException {
    Path f = dir.resolve("app.log");
    LogRotation.append(f, lines("a", 0, 5) + "partial");
    tailer();
    pollAfterScan();
    SourceId first = tailer.files().get(0).source();

    Files.copy(f, dir.resolve("app.log.1")); // not matched by *.log
    truncate(f);
    LogRotation.append(f, "b0\n");
    tailer.poll(consumer, ALL);

    SourceId second = tailer.files().get(0).source();
    assertThat(second).isEqualTo(new SourceId(first.fileKey(), first.generation() + 1));
    assertThat(consumer.lines(first)).containsExactly("a0", "a1", "a2", "a3", "a4", "partial");
    assertThat(consumer.lines(second)).containsExactly("b0");
    assertThat(consumer.ended).containsExactly(first);
    assertThat(events.starting("truncated")).containsExactly("truncated app.log @22");
    assertThat(checkpoints.get(first.fileKey()).generation()).isEqualTo(second.generation());

    // A late acknowledgement of the old generation cannot move the new generation's checkpoint.
    ledger.acknowledged(first.fileKey(), first.generation(), 22);
    assertThat(checkpoints.get(first.fileKey()).offset()).isZero();
    ledger.acknowledged(second.fileKey(), second.generation(), 3);
    assertThat(checkpoints.get(first.fileKey()).offset()).isEqualTo(3);
  }

  @Test
  void detectsATruncationWhoseFileRegrewPastTheOldOffsetByItsHead() throws IOException {
    Path f = dir.resolve("app.log");
    LogRotation.append(f, lines("old", 0, 3)); // 15 bytes
    tailer();
    tailer.poll(consumer, ALL);
    SourceId first = tailer.files().get(0).source();

    truncate(f);
    LogRotation.append(f, lines("new", 0, 10)); // 50 bytes > 15: the size alone shows growth
    tailer.poll(consumer, ALL);

    assertThat(consumer.lines(first)).containsExactlyElementsOf(expected("old", 0, 3));
    SourceId second = tailer.files().get(0).source();
    assertThat(second.generation()).isEqualTo(first.generation() + 1);
    assertThat(consumer.lines(second)).containsExactlyElementsOf(expected("new", 0, 10));
  }

  @Test
  void detectsATruncationThatRegrewToTheSameSizeOnTheNextScan() throws IOException {
    Path f = dir.resolve("app.log");
    LogRotation.append(f, "aaaa\n");
    tailer();
    pollAfterScan();
    truncate(f);
    LogRotation.append(f, "bbbb\n"); // same size: no poll sees a size change
    tailer.poll(consumer, ALL);
    assertThat(consumer.lines()).containsExactly("aaaa");
    pollAfterScan();
    assertThat(consumer.lines()).containsExactly("aaaa", "bbbb");
  }

  @Test
  void aDeletedFileWithUnreadDataIsReadToItsEndThenClosed() throws IOException {
    Path f = dir.resolve("app.log");
    LogRotation.append(f, "a\n");
    tailer();
    pollAfterScan();
    SourceId source = tailer.files().get(0).source();
    LogRotation.append(f, lines("unread", 0, 1000));
    Files.delete(f);
    pollAfterScan();

    assertThat(consumer.lines(source)).hasSize(1001).endsWith("unread999");
    assertThat(consumer.ended).containsExactly(source);
    assertThat(tailer.files()).isEmpty(); // deleted: closed once read to its end, not waiting for the ack
    assertThat(events.starting("removed")).containsExactly("removed app.log");
    assertThat(events.starting("rotated")).isEmpty();
  }

  @Test
  void aDeletedFileFullyAcknowledgedLosesItsCheckpoint() throws IOException {
    Path f = dir.resolve("app.log");
    LogRotation.append(f, "a\n");
    tailer();
    pollAfterScan();
    acknowledgeAll();
    String key = tailer.files().get(0).source().fileKey();
    assertThat(checkpoints.get(key)).isNotNull();
    Files.delete(f);
    pollAfterScan();
    assertThat(checkpoints.get(key)).isNull();
  }

  @Test
  void aFileThatCannotBeReadIsReportedAndRetriedWithoutStoppingTheOthers() throws IOException {
    // A directory opens as a channel on Linux but every read of it fails: it stands for a file that cannot be read.
    Path broken = Files.createDirectories(dir.resolve("broken"));
    Path good = dir.resolve("good.log");
    LogRotation.append(good, "a\n");
    PathsProvider provider = () -> List.of(broken, good);
    checkpoints = Checkpointer.open(state, events, ticker);
    tailer = FileTailers.create(new TailerSettings(List.of(dir + "/*"), List.of(), SCAN, 1024, Duration.ZERO),
        provider, ledger = new OffsetLedger(checkpoints, ticker), events, ticker);

    tailer.poll(consumer, ALL);
    assertThat(consumer.lines()).containsExactly("a");
    assertThat(events.starting("failed broken")).hasSize(1);

    LogRotation.append(good, "b\n");
    tailer.poll(consumer, ALL); // no scan yet: not tried again
    assertThat(events.starting("failed broken")).hasSize(1);
    assertThat(consumer.lines()).containsExactly("a", "b");

    LogRotation.append(good, "c\n");
    pollAfterScan(); // retried on the next scan, fails again, reported again, the others go on
    assertThat(events.starting("failed broken")).hasSize(2);
    assertThat(consumer.lines()).containsExactly("a", "b", "c");
  }

  // ------------------------------------------------------------------------------------------------ restart

  @Test
  void resumesExactlyFromTheCheckpointAfterARestart() throws IOException {
    Path f = dir.resolve("app.log");
    LogRotation.append(f, lines("l", 0, 10) + "half");
    tailer();
    tailer.poll(consumer, ALL);
    acknowledgeAll();
    checkpoints.write();
    tailer.close();

    LogRotation.append(f, "-done\n" + lines("l", 10, 12));
    checkpoints = Checkpointer.open(state, events, ticker);
    consumer.clear();
    tailer();
    tailer.poll(consumer, ALL);

    assertThat(consumer.lines()).containsExactly("half-done", "l10", "l11");
    assertThat(events.events).contains("added app.log @" + lines("l", 0, 10).length());
  }

  @Test
  void aFileRenamedWhileStoppedIsNotReadAgain() throws IOException {
    Path f = dir.resolve("app.log");
    LogRotation.append(f, lines("l", 0, 5));
    tailer();
    tailer.poll(consumer, ALL);
    acknowledgeAll();
    checkpoints.write();
    tailer.close();

    Files.move(f, dir.resolve("renamed.log"));
    LogRotation.append(dir.resolve("renamed.log"), "l5\n");
    LogRotation.append(f, "fresh\n");
    checkpoints = Checkpointer.open(state, events, ticker);
    consumer.clear();
    tailer();
    tailer.poll(consumer, ALL);

    assertThat(consumer.lines()).containsExactlyInAnyOrder("l5", "fresh");
  }

  @Test
  void aReusedInodeWhoseHeadDiffersFromItsCheckpointIsReadFromZero() throws IOException {
    Path f = dir.resolve("app.log");
    LogRotation.append(f, lines("new", 0, 20));
    String key = Fingerprinter.fileKey(f);
    // What a deleted file with the same inode left behind: an offset inside this file, another head.
    checkpoints = Checkpointer.open(state, events, ticker);
    checkpoints.update(key, new FileCheckpoint(40, 3, 10, 12345L, "/gone.log", 0));
    tailer();
    tailer.poll(consumer, ALL);

    assertThat(consumer.lines()).containsExactlyElementsOf(expected("new", 0, 20));
    assertThat(tailer.files().get(0).source()).isEqualTo(new SourceId(key, 4));
  }

  @Test
  void aFileTruncatedWhileStoppedIsReadFromZero() throws IOException {
    Path f = dir.resolve("app.log");
    LogRotation.append(f, lines("old", 0, 10));
    tailer();
    tailer.poll(consumer, ALL);
    acknowledgeAll();
    checkpoints.write();
    tailer.close();

    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
      ch.truncate(12); // same head bytes, shorter than the checkpoint
    }
    checkpoints = Checkpointer.open(state, events, ticker);
    consumer.clear();
    tailer();
    tailer.poll(consumer, ALL);
    tailer.flushUnterminated(consumer);
    assertThat(consumer.lines()).containsExactly("old0", "old1", "ol");
  }

  // ------------------------------------------------------------------------------------------------ run-once

  @Test
  void snapshotFreezesTheFileSetAndSizes() throws IOException {
    Path a = dir.resolve("a.log");
    LogRotation.append(a, lines("a", 0, 3));
    tailer();
    tailer.snapshot();
    LogRotation.append(a, lines("a", 3, 6));
    LogRotation.append(dir.resolve("b.log"), "b0\n");
    while (!tailer.caughtUp()) {
      pollAfterScan();
    }
    assertThat(consumer.lines()).containsExactlyElementsOf(expected("a", 0, 3));
    assertThat(tailer.files()).hasSize(1);
  }

  @Test
  void aFileTruncatedAfterTheSnapshotIsReadFromZeroUpToItsNewSize() throws IOException {
    Path a = dir.resolve("a.log");
    LogRotation.append(a, lines("old", 0, 3));
    tailer();
    tailer.snapshot();
    tailer.poll(consumer, 4); // reads a little of the old content
    truncate(a);
    LogRotation.append(a, "new0\n");
    while (!tailer.caughtUp()) {
      tailer.poll(consumer, ALL);
    }
    LogRotation.append(a, "new1\n"); // after the truncation was seen: beyond the new snapshot size
    tailer.poll(consumer, ALL);
    tailer.flushUnterminated(consumer);
    assertThat(consumer.lines()).containsExactly("old0", "new0"); // the 4 bytes read of the old line are handed over
    assertThat(events.starting("truncated")).hasSize(1);
  }

  @Test
  void caughtUpIsFalseBeforeTheFirstPollAndWhileDataIsUnread() throws IOException {
    LogRotation.append(dir.resolve("a.log"), lines("a", 0, 100));
    tailer();
    assertThat(tailer.caughtUp()).isFalse();
    tailer.poll(consumer, 10);
    assertThat(tailer.caughtUp()).isFalse();
    while (tailer.poll(consumer, 10) > 0) {
      // drain in small steps
    }
    assertThat(tailer.caughtUp()).isTrue();
    assertThat(consumer.lines()).containsExactlyElementsOf(expected("a", 0, 100));
  }

  @Test
  void aNewFileIsPickedUpOnlyAfterTheScanInterval() throws IOException {
    LogRotation.append(dir.resolve("a.log"), "a\n");
    tailer();
    tailer.poll(consumer, ALL);
    LogRotation.append(dir.resolve("b.log"), "b\n");
    tailer.poll(consumer, ALL);
    assertThat(consumer.lines()).containsExactly("a");
    ticker.advance(SCAN);
    tailer.poll(consumer, ALL);
    assertThat(consumer.lines()).containsExactly("a", "b");
    List<String> added = new ArrayList<>(events.starting("added"));
    assertThat(added).containsExactly("added a.log @0", "added b.log @0");
  }
}
