package io.logferry.source;

import io.logferry.checkpoint.OffsetLedger;
import io.logferry.events.ExporterEvents;
import io.logferry.time.Ticker;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * The polling {@link FileTailer} (Vector's {@code FileServer}): owns one {@link FileWatcher} per file identity and
 * serves them: which file reads next, with what share of each poll's byte budget, and when a file read to its end is
 * ended and closed. The other roles have a class each, sharing the watchers (one thread, so sharing is safe):
 * <ul>
 *   <li>{@link FileDiscovery}: which files the globs hold, every {@code scanInterval}; renamed, orphaned and new files,
 *       and where a new (or rediscovered) file starts, from the {@link OffsetLedger};
 *   <li>{@link TruncationDetector}: what a changed size or head means (grown, truncated, a copy in progress);
 *   <li>{@link CopyMatcher}: which new file is the copytruncate copy of a truncated content, and from where it is read.
 * </ul>
 *
 * <h2>Identity and where reading starts</h2>
 * A file is its {@code dev:ino} ({@link FileFingerprint#fileKey()}). Its checkpoint is used only when the file's
 * first {@code headLength} bytes still have the checkpointed CRC32C, and the file is not shorter than the
 * checkpointed offset; otherwise the inode was reused by a new file, or the file was rewritten while nobody watched,
 * and reading starts at 0 in a new generation.
 *
 * <h2>Ending and closing</h2>
 * A file found under no matched path is an orphan (rename/create rotation, or deleted): it is read to its end through
 * its still-open channel, and once it has been read to its end and {@code rotateWait} has passed since it left its
 * path (its writer may still append through an old descriptor), its unterminated last line is handed over,
 * {@link LineConsumer#onSourceEnd} is called and it is ended. A copytruncate copy is ended the same way once read to
 * its end (nothing appends to a copy). An ended file is closed at once when its path is gone (deleted: nothing could
 * re-read it), otherwise once the {@link OffsetLedger} reports its end delivered. Closing forgets the watcher, not the
 * identity: the ledger keeps its entry and generation, so the same file found again resumes at its acknowledged
 * offset.
 *
 * <p>Not thread-safe: one pipeline thread calls every method.
 */
final class PollingFileTailer implements FileTailer {

  /** Minimum shared read buffer; lines longer than this still work, the buffer is sized to maxLineBytes + 2. */
  private static final int MIN_BUFFER_BYTES = 256 * 1024;

  private final TailerSettings settings;
  private final OffsetLedger ledger;
  private final ExporterEvents events;
  private final Ticker ticker;
  private final long scanIntervalNanos;
  private final long rotateWaitNanos;
  private final byte[] buf;

  /** Tailed files by identity, in the order they were added (deterministic). Shared with the roles below. */
  private final LinkedHashMap<String, FileWatcher> watchers = new LinkedHashMap<>();

  private final FileDiscovery discovery;
  private final TruncationDetector truncations;
  private final FairShareReader reader;

  private boolean closed;

  PollingFileTailer(TailerSettings settings, PathsProvider paths, OffsetLedger ledger, ExporterEvents events,
      Ticker ticker) {
    this.settings = settings;
    this.ledger = ledger;
    this.events = events;
    this.ticker = ticker;
    this.scanIntervalNanos = settings.scanInterval().toNanos();
    this.rotateWaitNanos = settings.rotateWait().toNanos();
    this.buf = new byte[Math.max(MIN_BUFFER_BYTES, settings.maxLineBytes() + 2)];
    CopyMatcher copies = new CopyMatcher(paths, ledger, watchers, rotateWaitNanos + Math.max(scanIntervalNanos, 1));
    this.discovery = new FileDiscovery(paths, ledger, events, ticker, copies, scanIntervalNanos, watchers);
    this.truncations = new TruncationDetector(ledger, events, copies, discovery, watchers, this::failed, buf,
        settings.maxLineBytes());
    this.reader = new FairShareReader(buf, settings.maxLineBytes(), this::failed);
    // Acknowledgements go to the ledger, never here: the ledger only says when a file read to its end is delivered.
    ledger.onDelivered(this::release);
  }

  // ------------------------------------------------------------------------------------------------ polling

  @Override
  public long poll(LineConsumer consumer, long maxBytes) {
    ensureOpen();
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes: must be positive, was " + maxBytes);
    }
    long now = ticker.nanoTime();
    boolean scan = discovery.due(now);
    // Truncations are detected before new files are opened: a copytruncate copy found by this scan is then matched
    // to the content it copies (and read from where that content was read to), not read again from 0.
    Set<FileWatcher> known = Collections.newSetFromMap(new IdentityHashMap<>());
    known.addAll(watchers.values());
    for (FileWatcher w : new ArrayList<>(known)) {
      truncations.refresh(w, consumer, now, scan);
    }
    if (scan) {
      discovery.scan(now);
    }
    List<FileWatcher> list = new ArrayList<>(watchers.values());
    for (FileWatcher w : list) {
      if (!known.contains(w)) {
        truncations.refresh(w, consumer, now, false);
      }
    }
    long total = reader.read(list, consumer, maxBytes, now);
    endOrphans(list, consumer, now);
    for (FileWatcher w : list) {
      w.reportTo(events);
    }
    return total;
  }

  private void failed(FileWatcher w, long now, Exception e) {
    // Neither crash nor skip: the watcher keeps its offset and is retried after a scan interval.
    w.failed(now + Math.max(scanIntervalNanos, 1));
    events.fileReadFailed(w.path(), "read failed, retrying later: " + e);
  }

  private void endOrphans(List<FileWatcher> list, LineConsumer consumer, long now) {
    for (FileWatcher w : list) {
      if (!(w.orphan() || w.copy()) || w.ended() || w.failing() || w.frozen()) {
        continue;
      }
      // A copy is never appended to either: once read to its end, its last line is complete.
      if (w.readPosition() >= w.size() && now - w.orphanedAt() >= rotateWaitNanos) {
        w.flushPending(consumer, buf, settings.maxLineBytes());
        consumer.onSourceEnd(w.source(), w.path());
        w.end();
        ledger.ended(w.fileKey(), w.endOffset());
        if (w.deleted() || ledger.delivered(w.fileKey())) {
          close(w);
        }
      }
    }
  }

  // ------------------------------------------------------------------------------------------------ the rest

  @Override
  public void snapshot() {
    ensureOpen();
    discovery.snapshot(ticker.nanoTime(), this::failed);
  }

  @Override
  public boolean caughtUp() {
    ensureOpen();
    if (!discovery.scannedOnce()) {
      return false;
    }
    for (FileWatcher w : watchers.values()) {
      if (w.ended()) {
        continue;
      }
      long size;
      try {
        size = w.sizeNow();
      } catch (IOException e) {
        return false;
      }
      if (size < w.readPosition()) {
        return false; // a truncation a poll would handle
      }
      if (w.readPosition() < w.limit(size)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void flushUnterminated(LineConsumer consumer) {
    ensureOpen();
    for (FileWatcher w : watchers.values()) {
      if (!w.ended()) {
        w.flushPending(consumer, buf, settings.maxLineBytes());
      }
    }
  }

  @Override
  public List<TailedFile> files() {
    List<TailedFile> out = new ArrayList<>(watchers.size());
    for (FileWatcher w : watchers.values()) {
      out.add(new TailedFile(w.source(), w.path(), w.size(), w.readPosition()));
    }
    return out;
  }

  /** The ledger's word that a file read to its end is delivered to that end: it is closed. */
  private void release(String fileKey) {
    FileWatcher w = watchers.get(fileKey);
    if (w != null && w.ended()) {
      close(w);
    }
  }

  private void close(FileWatcher w) {
    w.close();
    watchers.remove(w.fileKey());
    ledger.closed(w.fileKey(), w.deleted());
    events.fileRemoved(w.path(), w.fileKey());
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (FileWatcher w : watchers.values()) {
      w.close();
    }
    watchers.clear();
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the tailer is closed");
    }
  }

  static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // Closing a read-only channel loses nothing.
    }
  }
}
