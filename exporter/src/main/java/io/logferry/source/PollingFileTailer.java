package io.logferry.source;

import io.logferry.checkpoint.OffsetLedger;
import io.logferry.events.ExporterEvents;
import io.logferry.time.Ticker;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The polling {@link FileTailer} (Vector's {@code FileServer}): owns one {@link FileWatcher} per file identity,
 * rescans the globs every {@code scanInterval}, and shares each poll's byte budget round-robin across files.
 *
 * <h2>Identity and where reading starts</h2>
 * A file is its {@code dev:ino} ({@link FileFingerprint#fileKey()}). Its checkpoint is used only when the file's
 * first {@code headLength} bytes still have the checkpointed CRC32C, and the file is not shorter than the
 * checkpointed offset; otherwise the inode was reused by a new file, or the file was rewritten while nobody watched,
 * and reading starts at 0 in a new generation.
 *
 * <h2>Rotation</h2>
 * <ul>
 *   <li><b>rename/create</b>: the file found under another matched path keeps being read under its new path
 *       ({@code fileRotated(old, new)}). A file found under no matched path is an orphan: it is read to its end
 *       through its still-open channel, and once it has been read to its end and {@code rotateWait} has passed since
 *       it left its path (its writer may still append through an old descriptor), its unterminated last line is
 *       handed over, {@link LineConsumer#onSourceEnd} is called and it is closed: at once when its path is gone
 *       (deleted: nothing could re-read it), otherwise once the {@link OffsetLedger} reports its end delivered. The new file at
 *       the path is a new identity, read from 0.
 *   <li><b>copytruncate</b>: the size dropping below what was seen (or below the read offset) is a truncation:
 *       {@code fileTruncated}, {@code onSourceEnd} for the old generation, and generation + 1 is read from 0. The
 *       old content is remembered by its head (length + CRC32C) and how far it was handed over and acknowledged
 *       (by the {@link OffsetLedger}, persisted in the checkpoint's {@code retired} section), and the globs are
 *       searched at once for its copy. See below.
 * </ul>
 *
 * <h2>copytruncate: reading the copy (Vector-style content identity)</h2>
 * copytruncate copies {@code app.log} to {@code app.log.1} (a new inode) and then truncates {@code app.log} in place.
 * Lines appended after the last poll and before the truncate are in the copy only. When the include globs also match
 * the copy, a new file is recognised as the copy of a truncated content when it has no checkpoint of its own, its
 * first {@code headLength} bytes have that content's head checksum, {@code headLength} is at least
 * {@link CopyMatcher#MIN_COPY_HEAD_BYTES} (64) and the copy is at least as long as what was delivered of that content. It is
 * then read from there, not from 0, under its own {@link SourceId}, and ended once read to its end (its last line is
 * complete: nothing appends to a copy):
 * <ul>
 *   <li>truncation seen while tailing: reading of the copy starts where the old generation was handed over (the
 *       start of its unterminated last line, which the copy holds whole, so that line is not split); the copy's
 *       checkpoint stays at the old generation's acknowledged offset until that generation's in-flight batches are
 *       acknowledged, so a crash re-reads them from the copy rather than losing them;
 *   <li>truncation that happened between two runs (the CronJob case): the file's checkpointed content no longer
 *       matches, so it is retired with its checkpointed offset, and a copy found in the same scan (files with a
 *       checkpoint are opened first) or in any later run within {@code RETIRED_TTL} is read from that offset;
 *   <li>a scan that lands between the copy and the truncate finds a new file starting like a live tailed file and
 *       not longer than it: it is not opened before one {@code rotateWait} plus one scan interval, by which time the
 *       truncation is seen and the copy matched (follow mode only; a run-once scans once and opens it from 0). A
 *       file found empty is opened but held unread the same way once its first bytes show up.
 * </ul>
 * With a writer that rotates faster than the poll interval, the content can also be replaced between the refresh
 * that measured a file and the read: every chunk is read only after the head was extended to its full length, and
 * handed over only if the head still matches after the read, so bytes of the next content are never taken for the
 * old content's; and a size smaller than the last one seen is a truncation only if it is below what was read or the
 * head changed (the size may have been measured just before a replacement).
 *
 * <h2>The copytruncate window no tailer can close</h2>
 * The writer keeps appending to the same inode while the rotation tool copies it: lines appended between the end of
 * the copy and the truncate are in neither the copy nor the truncated file. The rotation tool itself loses them,
 * whatever reads the file (logrotate documents this). Everything else is delivered exactly once when the copy's name
 * matches the include globs; when it does not, the lines after the last poll before the truncate are lost (there is
 * nothing left to read them from). Remaining false-match risks: a new file (not a copy) with no checkpoint whose first
 * 64..256 bytes are identical to a content truncated within the TTL and at least as long as what was delivered of
 * it is read from that offset (its first bytes are skipped); and content rewritten in place whose first
 * {@code headLength} bytes equal the old content's and that has grown past the old offset before the next poll is
 * not seen as a truncation (this tailer re-checks the head CRC32C whenever the size changes and on every scan; only
 * identical heads escape). Heads carrying timestamps, as log lines do, make both practically impossible; a fixed
 * banner longer than 256 bytes does not.
 *
 * <p>Not thread-safe: one pipeline thread calls every method.
 */
final class PollingFileTailer implements FileTailer {

  /** Minimum shared read buffer; lines longer than this still work, the buffer is sized to maxLineBytes + 2. */
  private static final int MIN_BUFFER_BYTES = 256 * 1024;

  private final TailerSettings settings;
  private final PathsProvider paths;
  private final OffsetLedger ledger;
  private final ExporterEvents events;
  private final Ticker ticker;
  private final long scanIntervalNanos;
  private final long rotateWaitNanos;
  private final byte[] buf;

  /** Tailed files by identity, in the order they were added (deterministic). */
  private final LinkedHashMap<String, FileWatcher> watchers = new LinkedHashMap<>();

  /** copytruncate: truncated contents of this session and the matching of their copies. */
  private final CopyMatcher copies;

  private boolean scanned;
  private long nextScanAt;
  private boolean frozen;
  private boolean snapshotting;
  private boolean closed;
  private int cursor;

  PollingFileTailer(TailerSettings settings, PathsProvider paths, OffsetLedger ledger, ExporterEvents events,
      Ticker ticker) {
    this.settings = settings;
    this.paths = paths;
    this.ledger = ledger;
    this.events = events;
    this.ticker = ticker;
    this.scanIntervalNanos = settings.scanInterval().toNanos();
    this.rotateWaitNanos = settings.rotateWait().toNanos();
    this.buf = new byte[Math.max(MIN_BUFFER_BYTES, settings.maxLineBytes() + 2)];
    this.copies = new CopyMatcher(paths, ledger, watchers, rotateWaitNanos + Math.max(scanIntervalNanos, 1));
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
    boolean scan = !frozen && (!scanned || now - nextScanAt >= 0);
    // Truncations are detected before new files are opened: a copytruncate copy found by this scan is then matched
    // to the content it copies (and read from where that content was read to), not read again from 0.
    Set<FileWatcher> known = Collections.newSetFromMap(new IdentityHashMap<>());
    known.addAll(watchers.values());
    for (FileWatcher w : new ArrayList<>(known)) {
      refresh(w, consumer, now, scan);
    }
    if (scan) {
      scan(now);
    }
    List<FileWatcher> list = new ArrayList<>(watchers.values());
    for (FileWatcher w : list) {
      if (!known.contains(w)) {
        refresh(w, consumer, now, false);
      }
    }
    long total = readFairly(list, consumer, maxBytes, now);
    endOrphans(list, consumer, now);
    for (FileWatcher w : list) {
      w.reportTo(events);
    }
    return total;
  }

  /**
   * Round-robin: each round gives every file with unread bytes an equal share of what is left of the budget, so a
   * busy file gets at most its share while others have data, and the rest when they do not. The starting file moves
   * on by one every poll.
   */
  private long readFairly(List<FileWatcher> list, LineConsumer consumer, long maxBytes, long now) {
    int n = list.size();
    if (n == 0) {
      return 0;
    }
    int start = Math.floorMod(cursor++, n);
    long total = 0;
    while (total < maxBytes) {
      int active = 0;
      for (FileWatcher w : list) {
        if (readable(w, now)) {
          active++;
        }
      }
      if (active == 0) {
        break;
      }
      long share = Math.max(1, (maxBytes - total) / active);
      long roundBytes = 0;
      for (int i = 0; i < n && total < maxBytes; i++) {
        FileWatcher w = list.get((start + i) % n);
        if (!readable(w, now)) {
          continue;
        }
        try {
          long r = w.read(consumer, buf, Math.min(share, maxBytes - total), settings.maxLineBytes());
          total += r;
          roundBytes += r;
          w.recovered();
        } catch (IOException e) {
          failed(w, now, e); // a consumer's exception is not the file's failure: it propagates
        }
      }
      if (roundBytes == 0) {
        break;
      }
    }
    return total;
  }

  private boolean readable(FileWatcher w, long now) {
    return w.hasUnread() && !w.waitingForRetry(now) && !(w.unproven() && w.size() > 0);
  }

  private void failed(FileWatcher w, long now, Exception e) {
    // Neither crash nor skip: the watcher keeps its offset and is retried after a scan interval.
    w.failed(now + Math.max(scanIntervalNanos, 1));
    events.fileReadFailed(w.path(), "read failed, retrying later: " + e);
  }

  /**
   * Updates a watcher's size and detects a truncation: by size (below what was seen), or, when the size changed or
   * on a scan, by a changed head checksum (truncated and regrown between two polls).
   */
  private void refresh(FileWatcher w, LineConsumer consumer, long now, boolean scan) {
    if (w.ended() || w.waitingForRetry(now)) {
      return;
    }
    try {
      long size = w.sizeNow();
      // Shorter than what was read: truncated. Otherwise the head decides, also when the size dropped below the last
      // one seen: that size may have been taken just before a replacement, of content this watcher never read (a
      // size-only rule would then restart a content it is reading and read it twice).
      boolean truncated = size < w.readPosition();
      if (!truncated && (size != w.size() || scan)) {
        w.size(size);
        truncated = !w.verifyAndExtendHead();
      }
      if (truncated) {
        truncate(w, consumer, size);
      } else {
        w.size(size);
        holdIfACopyInProgress(w, now);
      }
      w.recovered();
    } catch (IOException e) {
      failed(w, now, e);
    }
  }

  /** A file opened empty that now starts like a live file: held unread while it may be a copy in progress. */
  private void holdIfACopyInProgress(FileWatcher w, long now) throws IOException {
    if (!w.unproven()) {
      return;
    }
    if (w.readPosition() > 0 || frozen) {
      w.proven();
    } else if (w.holdUntil() == 0 && w.size() > 0) {
      if (copies.startsLikeALiveFile(w, w.size())) {
        w.holdUntil(now + copies.copyWaitNanos());
      } else {
        w.proven();
      }
    } else if (w.holdUntil() != 0 && now - w.holdUntil() >= 0) {
      w.proven(); // no truncation matched it: a file of its own, read from 0
    }
  }

  private void truncate(FileWatcher w, LineConsumer consumer, long size) throws IOException {
    events.fileTruncated(w.path(), w.fileKey(), w.readPosition());
    SourceId old = w.source();
    Path oldPath = w.path();
    int oldHeadLength = w.headLength();
    long oldHeadChecksum = w.headChecksum();
    boolean copyable = oldHeadLength >= CopyMatcher.MIN_COPY_HEAD_BYTES;
    // copytruncate copies before it truncates, so a copy under a matched path exists by now. It holds the pending
    // unterminated line whole: it is read from that line's start instead of handing over the half read so far.
    Path copy = copyable ? copies.findCopy(oldHeadLength, oldHeadChecksum, w.readPosition()) : null;
    if (copy == null) {
      // No copy: the old generation is over, what was read of its last line is handed over rather than dropped.
      w.flushPending(consumer, buf, settings.maxLineBytes());
    }
    long handedOver = w.handedOver();
    consumer.onSourceEnd(old, oldPath);
    // Head first, size after: if the content is replaced again in between, the size may be the next content's, but
    // every read checks the head and drops what does not belong to it, and the next refresh sees the change. The
    // other order could pair this content's head with a larger, older size, and later take the size dropping to
    // this content's own for another truncation.
    w.remeasure(); // run-once: the new content is read up to its size now
    // The ledger starts the new generation at 0 (acknowledgements of the old one can no longer move this file's
    // entry, and a restart must not resume the new content at the old offset). The old content lives on only in its
    // copy: the ledger remembers it by content, durably, so the copy is read from where this content was delivered
    // to, now (the copy found above) or later (by a later scan, or a later run).
    w.restartGeneration(ledger.truncated(w.fileKey(), oldHeadLength, oldHeadChecksum, oldPath.toString(), handedOver,
        copyable));
    if (copyable) {
      if (copy != null) {
        try {
          String key = Fingerprinter.fileKey(copy);
          if (!watchers.containsKey(key)) {
            open(key, copy);
          }
        } catch (IOException e) {
          events.fileReadFailed(copy, "cannot read file identity: " + e); // the next scan matches it
        }
      }
    }
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

  // ------------------------------------------------------------------------------------------------ discovery

  private void scan(long now) {
    scanned = true;
    nextScanAt = now + scanIntervalNanos;
    Map<String, Path> found = new LinkedHashMap<>();
    boolean complete = true;
    for (Path p : paths.paths()) {
      try {
        found.putIfAbsent(Fingerprinter.fileKey(p), p);
      } catch (NoSuchFileException e) {
        // Deleted since it was listed: the next scan knows.
      } catch (IOException e) {
        complete = false;
        events.fileReadFailed(p, "cannot read file identity: " + e);
      }
    }
    for (FileWatcher w : new ArrayList<>(watchers.values())) {
      if (w.ended()) {
        continue; // waits for its acknowledgement; if it reappears it is added again after it closed
      }
      Path now_ = found.get(w.fileKey());
      if (now_ != null) {
        if (w.orphan()) {
          w.backUnderAPath(); // moved back under a matched path before it was ended
        }
        if (!now_.equals(w.path())) {
          events.fileRotated(w.path(), now_, w.fileKey());
          w.movedTo(now_);
        }
      } else if (!w.orphan()) {
        // Its path now holds another file (rename/create rotation) or nothing. A file renamed out of the globs
        // with nothing in its place looks deleted; either way no restart could find it again.
        w.orphaned(now, !Files.exists(w.path(), LinkOption.NOFOLLOW_LINKS));
        if (!w.deleted()) {
          events.fileRotated(w.path(), null, w.fileKey());
        }
      }
    }
    // Files with a checkpoint first: one whose content was replaced (truncated while nobody watched) retires its old
    // content, which a copy among the new files then matches whatever the order of their paths.
    for (int pass = 0; pass < 2; pass++) {
      for (Map.Entry<String, Path> e : found.entrySet()) {
        if (!watchers.containsKey(e.getKey()) && (ledger.checkpoint(e.getKey()) != null) == (pass == 0)) {
          if (pass == 1 && copies.deferAsCopyInProgress(e.getKey(), e.getValue(), now, snapshotting)) {
            continue;
          }
          open(e.getKey(), e.getValue());
        }
      }
    }
    copies.deferredUntil.keySet().retainAll(found.keySet());
    if (complete) {
      ledger.scanned(found.keySet()); // bounded state: forgets entries of files gone for the retention
    }
  }

  private void open(String key, Path path) {
    FileChannel ch;
    try {
      ch = FileChannel.open(path, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException | SecurityException e) {
      events.fileReadFailed(path, "cannot open, retrying on the next scan: " + e);
      return;
    }
    try {
      // The path may have been replaced between listing and opening: only keep the channel when it is the file
      // the key names (its descriptor pins the inode from now on).
      if (!key.equals(Fingerprinter.fileKey(path))) {
        ch.close();
        return;
      }
      long size = ch.size();
      FileChannel probe = ch;
      OffsetLedger.Start start = ledger.start(key, size, len -> Fingerprinter.headChecksum(probe, len),
          () -> copies.matchRetired(probe, size), () -> events.fileTruncated(path, key, ledger.checkpoint(key).offset()));
      FileWatcher w = new FileWatcher(key, ch, path, start.generation(), start.offset(), size, 0,
          Fingerprinter.headChecksum(ch, 0));
      w.extendHead();
      if (frozen) {
        w.freeze(size);
      }
      if (!start.copy() && size == 0 && !frozen && !snapshotting) {
        w.holdUnproven();
      }
      if (start.copy()) {
        w.openedAsCopy(ticker.nanoTime());
      }
      watchers.put(key, w);
      copies.deferredUntil.remove(key);
      ledger.opened(key, start, w);
      events.fileAdded(path, key, start.offset());
    } catch (IOException e) {
      closeQuietly(ch);
      events.fileReadFailed(path, "cannot open, retrying on the next scan: " + e);
    }
  }

  // ------------------------------------------------------------------------------------------------ the rest

  @Override
  public void snapshot() {
    ensureOpen();
    long now = ticker.nanoTime();
    snapshotting = true;
    scan(now);
    frozen = true;
    for (FileWatcher w : watchers.values()) {
      try {
        w.freeze(Math.max(w.sizeNow(), 0));
      } catch (IOException e) {
        w.freeze(w.size());
        failed(w, now, e);
      }
    }
  }

  @Override
  public boolean caughtUp() {
    ensureOpen();
    if (!frozen && !scanned) {
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
