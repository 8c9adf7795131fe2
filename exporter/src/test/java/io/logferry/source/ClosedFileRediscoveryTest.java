package io.logferry.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.checkpoint.Checkpointer;
import io.logferry.checkpoint.Checkpoints;
import io.logferry.checkpoint.OffsetLedger;
import io.logferry.testing.FakeTicker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file the tailer read to its end, saw delivered and closed, and that is still under a matched path (a
 * copytruncate copy, a rotated file kept by logrotate) is found again by the next scan. It is the same identity with
 * the same content: it resumes at its acknowledged offset and nothing of it is read again. The soak of 2026-12-02
 * (results/soak/20261202T002126Z-soak.json) re-sent 24 of 176 copies from 0 that way.
 */
class ClosedFileRediscoveryTest {

  private static final Duration SCAN = Duration.ofSeconds(1);
  private static final long ALL = 1L << 40;
  private static final int KEEP = 5;

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

  private void tailer(String glob) {
    checkpoints = Checkpointer.open(state, events, ticker);
    tailer = FileTailers.create(
        new TailerSettings(List.of(dir + "/" + glob), List.of(), SCAN, 1024 * 1024, Duration.ZERO),
        ledger = new OffsetLedger(checkpoints, ticker), events, ticker);
  }

  private void pollAfterScan() {
    ticker.advance(SCAN);
    tailer.poll(consumer, ALL);
  }

  private void acknowledgeAll() {
    for (Map.Entry<SourceId, Long> e : consumer.readUpTo().entrySet()) {
      ledger.acknowledged(e.getKey().fileKey(), e.getKey().generation(), e.getValue());
    }
  }

  private static String line(String prefix, int i) {
    return String.format("2026-12-02T00:%02d:%02d.%03dZ INFO %s-%05d", i / 60 % 60, i % 60, i % 1000, prefix, i);
  }

  private static String lines(String prefix, int from, int to) {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < to; i++) {
      sb.append(line(prefix, i)).append('\n');
    }
    return sb.toString();
  }

  private static List<String> expected(String prefix, int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> line(prefix, i)).toList();
  }

  private static Map<String, Integer> duplicates(List<String> lines) {
    Map<String, Integer> seen = new HashMap<>();
    for (String l : lines) {
      seen.merge(l, 1, Integer::sum);
    }
    seen.values().removeIf(n -> n == 1);
    return seen;
  }

  @Test
  void aCopyClosedAfterDeliveryAndRescannedWhileStillAtItsPathResumesAtItsOffsetAndResendsNothing()
      throws IOException {
    Path f = dir.resolve("copy.log");
    LogRotation.append(f, lines("a", 0, 40));
    tailer("copy.log*");
    pollAfterScan();
    acknowledgeAll();

    LogRotation.append(f, lines("a", 40, 50)); // only in the copy: written after the last poll
    LogRotation.copytruncate(f, KEEP);
    LogRotation.append(f, lines("b", 0, 5));
    long handedOverA = consumer.readUpTo().values().stream().mapToLong(Long::longValue).max().orElseThrow();
    tailer.poll(consumer, ALL); // the truncation is seen, the copy matched and read from where "a" was handed over
    Path copyPath = LogRotation.rotated(f, 1);
    String copyKey = Fingerprinter.fileKey(copyPath);
    long copySize = Files.size(copyPath);
    acknowledgeAll(); // delivered to the copy's end: the copy is closed while it is still at its path
    tailer.poll(consumer, ALL);
    assertThat(tailer.files()).extracting(TailedFile::path).doesNotContain(copyPath);
    assertThat(checkpoints.get(copyKey).offset()).isEqualTo(copySize);
    int before = consumer.pieces.size();

    pollAfterScan(); // the scan finds the copy again: same inode, same head, size == its acknowledged offset
    pollAfterScan();

    assertThat(consumer.pieces.subList(before, consumer.pieces.size())).isEmpty();
    assertThat(events.starting("truncated")).containsExactly("truncated copy.log @" + handedOverA);
    assertThat(events.starting("added copy.log.1")).last().isEqualTo("added copy.log.1 @" + copySize);
    assertThat(consumer.lines()).containsExactlyInAnyOrderElementsOf(
        concat(expected("a", 0, 50), expected("b", 0, 5)));
  }

  @Test
  void aRenamedFileClosedAfterDeliveryAndFoundAgainUnderAMatchedPathResumesAtItsOffsetAndResendsNothing()
      throws IOException {
    Path f = dir.resolve("app.log");
    LogRotation.append(f, lines("r", 0, 40));
    tailer("*.log");
    pollAfterScan();
    Path away = dir.resolve("app.log.1"); // rename/create rotation out of the globs
    LogRotation.append(f, lines("r", 40, 45));
    Files.move(f, away, StandardCopyOption.ATOMIC_MOVE);
    Files.createFile(f);
    String key = Fingerprinter.fileKey(away);
    long size = Files.size(away);
    pollAfterScan(); // an orphan: read to its end through its descriptor, ended (rotateWait is 0)
    acknowledgeAll();
    tailer.poll(consumer, ALL);
    assertThat(tailer.files()).extracting(t -> t.source().fileKey()).doesNotContain(key);
    assertThat(checkpoints.get(key).offset()).isEqualTo(size);
    int before = consumer.pieces.size();

    Path back = dir.resolve("app-1.log"); // moved under a matched path again: the same inode, unchanged
    Files.move(away, back, StandardCopyOption.ATOMIC_MOVE);
    pollAfterScan();
    pollAfterScan();

    assertThat(consumer.pieces.subList(before, consumer.pieces.size())).isEmpty();
    assertThat(events.starting("truncated")).isEmpty();
    assertThat(events.starting("added app-1.log")).containsExactly("added app-1.log @" + size);
    assertThat(consumer.lines()).containsExactlyInAnyOrderElementsOf(expected("r", 0, 45));
  }

  @Test
  void aRenamedFileClosedAfterDeliveryThatGrewWhileClosedIsReadFromItsOffset() throws IOException {
    Path f = dir.resolve("app.log");
    LogRotation.append(f, lines("g", 0, 40));
    tailer("*.log");
    pollAfterScan();
    Path away = dir.resolve("app.log.1");
    Files.move(f, away, StandardCopyOption.ATOMIC_MOVE);
    Files.createFile(f); // rename/create: not deleted, so its entry is kept once it is closed
    pollAfterScan();
    acknowledgeAll();
    tailer.poll(consumer, ALL); // delivered to its end: closed
    LogRotation.append(away, lines("g", 40, 43)); // a writer still holding it appended after it was closed

    Files.move(away, dir.resolve("app-1.log"), StandardCopyOption.ATOMIC_MOVE);
    pollAfterScan();

    assertThat(events.starting("truncated")).isEmpty();
    assertThat(consumer.lines()).containsExactlyElementsOf(expected("g", 0, 43));
  }

  /**
   * The soak's copytruncate writer in small: a 1 s poll, the default 10 s scan and 5 s rotateWait, acknowledgements
   * one poll behind the reads, and copytruncate with logrotate's shift (keep 5) every 12 s.
   */
  @Test
  void copytruncateRotationsWithAShiftReadEveryLineOnce() throws IOException {
    Path f = dir.resolve("copy.log");
    checkpoints = Checkpointer.open(state, events, ticker);
    tailer = FileTailers.create(
        new TailerSettings(List.of(dir + "/copy.log*"), List.of(), Duration.ofSeconds(10), 1024 * 1024,
            Duration.ofSeconds(5)),
        ledger = new OffsetLedger(checkpoints, ticker), events, ticker);
    int written = 0;
    Map<SourceId, Long> lastRead = Map.of();
    for (int second = 0; second < 12 * 30; second++) {
      LogRotation.append(f, lines("c", written, written + 7));
      written += 7;
      if (second % 12 == 11) {
        LogRotation.copytruncate(f, KEEP);
      }
      ticker.advance(Duration.ofSeconds(1));
      tailer.poll(consumer, ALL);
      for (Map.Entry<SourceId, Long> e : lastRead.entrySet()) {
        ledger.acknowledged(e.getKey().fileKey(), e.getKey().generation(), e.getValue());
      }
      lastRead = consumer.readUpTo();
    }
    for (int i = 0; i < 30; i++) {
      ticker.advance(Duration.ofSeconds(1));
      tailer.poll(consumer, ALL);
      acknowledgeAll();
    }

    assertThat(duplicates(consumer.lines())).isEmpty();
    assertThat(consumer.lines()).containsExactlyInAnyOrderElementsOf(expected("c", 0, written));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
