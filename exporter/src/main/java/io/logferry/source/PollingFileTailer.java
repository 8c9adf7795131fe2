package io.logferry.source;

import io.logferry.checkpoint.Checkpoints;
import io.logferry.ExporterEvents;
import io.logferry.checkpoint.GoneFiles;
import io.logferry.checkpoint.Checkpoints.FileCheckpoint;
import io.logferry.checkpoint.Checkpoints.RetiredContent;
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
import java.util.HashMap;
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
 *       (deleted: nothing could re-read it), otherwise once {@link #acknowledged} covers its end. The new file at
 *       the path is a new identity, read from 0.
 *   <li><b>copytruncate</b>: the size dropping below what was seen (or below the read offset) is a truncation:
 *       {@code fileTruncated}, {@code onSourceEnd} for the old generation, and generation + 1 is read from 0. The
 *       old content is remembered by its head (length + CRC32C) and how far it was handed over and acknowledged
 *       ({@link Checkpoints#retire}, persisted in the checkpoint's {@code retired} section), and the globs are
 *       searched at once for its copy. See below.
 * </ul>
 *
 * <h2>copytruncate: reading the copy (Vector-style content identity)</h2>
 * copytruncate copies {@code app.log} to {@code app.log.1} (a new inode) and then truncates {@code app.log} in place.
 * Lines appended after the last poll and before the truncate are in the copy only. When the include globs also match
 * the copy, a new file is recognised as the copy of a truncated content when it has no checkpoint of its own, its
 * first {@code headLength} bytes have that content's head checksum, {@code headLength} is at least
 * {@link #CopyMatcher.MIN_COPY_HEAD_BYTES} (64) and the copy is at least as long as what was delivered of that content. It is
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
  private final Checkpoints checkpoints;
  private final ExporterEvents events;
  private final Ticker ticker;
  private final long scanIntervalNanos;
  private final long rotateWaitNanos;
  private final byte[] buf;

  /** Tailed files by identity, in the order they were added (deterministic). */
  private final LinkedHashMap<String, FileWatcher> watchers = new LinkedHashMap<>();
  private final Map<String, Retired> retired = new HashMap<>();

  /** copytruncate: truncated contents of this session and the matching of their copies. */
  private final CopyMatcher copies;
  private final GoneFiles gone = new GoneFiles(GoneFiles.DEFAULT_RETENTION);

  private boolean scanned;
  private long nextScanAt;
  private boolean frozen;
  private boolean snapshotting;
  private boolean closed;
  private int cursor;

  /**
   * A closed identity. Kept for the session (a few dozen bytes per closed file): a later file with the same
   * {@code dev:ino} (a reused inode) must get a later generation, or a late acknowledgement of the old file would
   * move the new file's checkpoint.
   */
  private record Retired(long generation, long endOffset, boolean awaitingRemoval) {}

  PollingFileTailer(TailerSettings settings, PathsProvider paths, Checkpoints checkpoints, ExporterEvents events,
      Ticker ticker) {
    this.settings = settings;
    this.paths = paths;
    this.checkpoints = checkpoints;
    this.events = events;
    this.ticker = ticker;
    this.scanIntervalNanos = settings.scanInterval().toNanos();
    this.rotateWaitNanos = settings.rotateWait().toNanos();
    this.buf = new byte[Math.max(MIN_BUFFER_BYTES, settings.maxLineBytes() + 2)];
    this.copies = new CopyMatcher(paths, checkpoints, watchers, rotateWaitNanos + Math.max(scanIntervalNanos, 1));
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
      if (w.linesSinceReport > 0 || w.bytesSinceReport > 0) {
        events.linesRead(w.path, w.linesSinceReport, w.bytesSinceReport);
        w.linesSinceReport = 0;
        w.bytesSinceReport = 0;
      }
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
          w.failing = false;
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
    return w.hasUnread() && !(w.failing && now - w.retryAt < 0) && !(w.unproven && w.size > 0);
  }

  private void failed(FileWatcher w, long now, Exception e) {
    // Neither crash nor skip: the watcher keeps its offset and is retried after a scan interval.
    w.failing = true;
    w.retryAt = now + Math.max(scanIntervalNanos, 1);
    events.fileReadFailed(w.path, "read failed, retrying later: " + e);
  }

  /**
   * Updates a watcher's size and detects a truncation: by size (below what was seen), or, when the size changed or
   * on a scan, by a changed head checksum (truncated and regrown between two polls).
   */
  private void refresh(FileWatcher w, LineConsumer consumer, long now, boolean scan) {
    if (w.ended || (w.failing && now - w.retryAt < 0)) {
      return;
    }
    try {
      long size = w.channel.size();
      // Shorter than what was read: truncated. Otherwise the head decides, also when the size dropped below the last
      // one seen: that size may have been taken just before a replacement, of content this watcher never read (a
      // size-only rule would then restart a content it is reading and read it twice).
      boolean truncated = size < w.readPosition();
      if (!truncated && (size != w.size || scan)) {
        w.size = size;
        truncated = !w.verifyAndExtendHead();
      }
      if (truncated) {
        truncate(w, consumer, size);
      } else {
        w.size = size;
        holdIfACopyInProgress(w, now);
      }
      w.failing = false;
    } catch (IOException e) {
      failed(w, now, e);
    }
  }

  /** A file opened empty that now starts like a live file: held unread while it may be a copy in progress. */
  private void holdIfACopyInProgress(FileWatcher w, long now) throws IOException {
    if (!w.unproven) {
      return;
    }
    if (w.readPosition() > 0 || frozen) {
      w.unproven = false;
    } else if (w.holdUntil == 0 && w.size > 0) {
      if (copies.startsLikeALiveFile(w.channel, w.size, w)) {
        w.holdUntil = now + copies.copyWaitNanos();
      } else {
        w.unproven = false;
      }
    } else if (w.holdUntil != 0 && now - w.holdUntil >= 0) {
      w.unproven = false; // no truncation matched it: a file of its own, read from 0
    }
  }

  private void truncate(FileWatcher w, LineConsumer consumer, long size) throws IOException {
    events.fileTruncated(w.path, w.fileKey, w.readPosition());
    SourceId old = w.source;
    Path oldPath = w.path;
    int oldHeadLength = w.headLength;
    long oldHeadChecksum = w.headChecksum;
    boolean copyable = oldHeadLength >= CopyMatcher.MIN_COPY_HEAD_BYTES;
    // copytruncate copies before it truncates, so a copy under a matched path exists by now. It holds the pending
    // unterminated line whole: it is read from that line's start instead of handing over the half read so far.
    Path copy = copyable ? copies.findCopy(oldHeadLength, oldHeadChecksum, w.readPosition()) : null;
    if (copy == null) {
      // No copy: the old generation is over, what was read of its last line is handed over rather than dropped.
      w.flushPending(consumer, buf, settings.maxLineBytes());
    }
    long handedOver = w.offset;
    long acked = w.acked;
    consumer.onSourceEnd(old, oldPath);
    w.restartGeneration();
    // Head first, size after: if the content is replaced again in between, the size may be the next content's, but
    // every read checks the head and drops what does not belong to it, and the next refresh sees the change. The
    // other order could pair this content's head with a larger, older size, and later take the size dropping to
    // this content's own for another truncation.
    w.resetHead();
    w.size = w.channel.size();
    if (frozen) {
      w.snapshotSize = w.size; // run-once: the new content, up to its size now
    }
    // Acknowledgements of the old generation can no longer move this file's checkpoint (SourceId differs), and a
    // restart must not resume the new content at the old offset.
    checkpoints.update(w.fileKey, checkpointOf(w, 0));
    if (copyable) {
      // The old content lives on only in its copy: remember it by content, durably, so the copy is read from where
      // this content was delivered to, now (the copy found above) or later (by a later scan, or a later run).
      RetiredContent rc = new RetiredContent(oldHeadLength, oldHeadChecksum, acked, oldPath.toString(),
          ticker.currentTimeMillis());
      checkpoints.retire(rc);
      CopyMatcher.TruncatedContent t = new CopyMatcher.TruncatedContent(old, rc.contentKey(), handedOver, acked);
      copies.truncated.put(t.contentKey, t);
      copies.truncatedBySource.put(old, t);
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
      if (!(w.orphan || w.copy) || w.ended || w.failing || w.snapshotSize >= 0) {
        continue;
      }
      // A copy is never appended to either: once read to its end, its last line is complete.
      if (w.readPosition() >= w.size && now - w.orphanedAt >= rotateWaitNanos) {
        w.flushPending(consumer, buf, settings.maxLineBytes());
        consumer.onSourceEnd(w.source, w.path);
        w.ended = true;
        w.endOffset = w.offset;
        if (w.deleted || w.committed() >= w.endOffset) {
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
      if (w.ended) {
        continue; // waits for its acknowledgement; if it reappears it is added again after it closed
      }
      Path now_ = found.get(w.fileKey);
      if (now_ != null) {
        if (w.orphan) {
          w.orphan = false; // moved back under a matched path before it was ended
          w.deleted = false;
        }
        if (!now_.equals(w.path)) {
          events.fileRotated(w.path, now_, w.fileKey);
          w.path = now_;
        }
      } else if (!w.orphan) {
        w.orphan = true;
        w.orphanedAt = now;
        // Its path now holds another file (rename/create rotation) or nothing. A file renamed out of the globs
        // with nothing in its place looks deleted; either way no restart could find it again.
        w.deleted = !Files.exists(w.path, LinkOption.NOFOLLOW_LINKS);
        if (!w.deleted) {
          events.fileRotated(w.path, null, w.fileKey);
        }
      }
    }
    // Files with a checkpoint first: one whose content was replaced (truncated while nobody watched) retires its old
    // content, which a copy among the new files then matches whatever the order of their paths.
    for (int pass = 0; pass < 2; pass++) {
      for (Map.Entry<String, Path> e : found.entrySet()) {
        if (!watchers.containsKey(e.getKey()) && (checkpoints.get(e.getKey()) != null) == (pass == 0)) {
          if (pass == 1 && copies.deferAsCopyInProgress(e.getKey(), e.getValue(), now, snapshotting)) {
            continue;
          }
          open(e.getKey(), e.getValue());
        }
      }
    }
    copies.deferredUntil.keySet().retainAll(found.keySet());
    if (complete) {
      forgetGone(found.keySet());
    }
  }

  /**
   * Bounded state: entries of files no complete scan found for the retention are forgotten (see {@link GoneFiles}),
   * and so are closed identities and truncated contents nothing can ask about any more.
   */
  private void forgetGone(Set<String> found) {
    Map<String, FileCheckpoint> entries = checkpoints.all();
    Set<String> remembered = new java.util.HashSet<>(entries.keySet());
    remembered.addAll(retired.keySet());
    Set<String> present = new java.util.HashSet<>(found);
    present.addAll(watchers.keySet());
    for (String key : gone.afterScan(remembered, present,
        k -> {
          FileCheckpoint cp = entries.get(k);
          return cp == null ? ticker.currentTimeMillis() : cp.updatedMillis();
        },
        ticker.currentTimeMillis())) {
      checkpoints.remove(key);
      Retired r = retired.get(key);
      // A closed identity whose last batches may still be acknowledged keeps its generation (a reused inode must get
      // a later one); a fully delivered one can never be acknowledged again.
      if (r != null && !r.awaitingRemoval()) {
        retired.remove(key);
      }
    }
    // A truncated content whose copy was never found and whose memory expired from the checkpoint: nothing matches it.
    Map<String, RetiredContent> live = checkpoints.retired();
    copies.truncated.values().removeIf(t -> !live.containsKey(t.contentKey));
    copies.truncatedBySource.values().removeIf(t -> !live.containsKey(t.contentKey));
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
      FileCheckpoint cp = checkpoints.get(key);
      long generation = 0;
      long start = 0;
      boolean newGeneration = false;
      RetiredContent copyOf = null;
      if (cp != null) {
        generation = cp.generation();
        boolean sameHead = cp.headLength() <= size && Fingerprinter.headChecksum(ch, cp.headLength()) == cp.headChecksum();
        if (!sameHead) {
          generation++; // a reused inode or rewritten content: not the bytes the offset counts
          newGeneration = true;
        } else if (cp.offset() > size) {
          generation++;
          newGeneration = true;
          events.fileTruncated(path, key, cp.offset());
        } else {
          start = cp.offset();
        }
        if (newGeneration && cp.headLength() >= CopyMatcher.MIN_COPY_HEAD_BYTES && cp.offset() > 0) {
          // Truncated (copytruncate between two runs) or replaced: the checkpointed content may live on in a copy.
          checkpoints.retire(new RetiredContent(cp.headLength(), cp.headChecksum(), cp.offset(), cp.path(),
              ticker.currentTimeMillis()));
        }
        if (!sameHead) {
          // A reused inode: logrotate's shift deletes the oldest file and copytruncate's copy, created right after,
          // often gets its inode while the deleted file's entry is still remembered. The new content may be the
          // copy of a truncated content: matched like any new file, or it would be read again from 0 (the soak
          // re-sent 34 copies that way).
          copyOf = copies.matchRetired(ch, size);
        }
      } else {
        copyOf = copies.matchRetired(ch, size);
      }
      CopyMatcher.TruncatedContent predecessor = null;
      if (copyOf != null) {
        // The copy of a truncated content: its first bytes were delivered (or handed over) as that content.
        predecessor = copies.truncated.remove(copyOf.contentKey());
        if (predecessor != null) {
          copies.truncatedBySource.remove(predecessor.source);
        }
        start = predecessor != null ? predecessor.handedOver : copyOf.offset();
        newGeneration = true;
        checkpoints.forgetRetired(copyOf.contentKey());
      }
      Retired r = retired.remove(key);
      if (r != null && r.generation() >= generation) {
        generation = r.generation() + 1;
        newGeneration = cp == null || generation != cp.generation();
      }
      FileWatcher w = new FileWatcher(key, ch, path, generation, start, size, 0, Fingerprinter.headChecksum(ch, 0));
      w.extendHead();
      if (frozen) {
        w.snapshotSize = size;
      }
      w.unproven = copyOf == null && size == 0 && !frozen && !snapshotting;
      if (copyOf != null) {
        w.copy = true;
        w.orphanedAt = ticker.nanoTime();
        if (predecessor != null && predecessor.acked < predecessor.handedOver) {
          w.predecessor = predecessor.source;
          w.predecessorEnd = predecessor.handedOver;
          w.predecessorAcked = predecessor.acked;
          copies.copiesByPredecessor.put(predecessor.source, w);
        }
      }
      watchers.put(key, w);
      copies.deferredUntil.remove(key);
      if (newGeneration) {
        checkpoints.update(key, checkpointOf(w, w.committed()));
      }
      events.fileAdded(path, key, start);
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
        w.snapshotSize = Math.max(w.channel.size(), 0);
      } catch (IOException e) {
        w.snapshotSize = w.size;
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
      if (w.ended) {
        continue;
      }
      long size;
      try {
        size = w.channel.size();
      } catch (IOException e) {
        return false;
      }
      if (size < w.readPosition()) {
        return false; // a truncation a poll would handle
      }
      long limit = w.snapshotSize >= 0 ? Math.min(size, w.snapshotSize) : size;
      if (w.readPosition() < limit) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void flushUnterminated(LineConsumer consumer) {
    ensureOpen();
    for (FileWatcher w : watchers.values()) {
      if (!w.ended) {
        w.flushPending(consumer, buf, settings.maxLineBytes());
      }
    }
  }

  @Override
  public List<TailedFile> files() {
    List<TailedFile> out = new ArrayList<>(watchers.size());
    for (FileWatcher w : watchers.values()) {
      out.add(new TailedFile(w.source, w.path, w.size, w.readPosition()));
    }
    return out;
  }

  @Override
  public void acknowledged(SourceId source, long offset) {
    FileWatcher w = watchers.get(source.fileKey());
    if (w != null && w.generation == source.generation()) {
      if (offset > w.acked) {
        w.acked = offset;
        checkpoints.update(w.fileKey, checkpointOf(w, w.committed()));
      }
      if (w.ended && w.committed() >= w.endOffset) {
        close(w);
      }
      return;
    }
    FileWatcher copy = copies.copiesByPredecessor.get(source);
    if (copy != null) {
      // A truncated generation whose copy is being read: its acknowledgements cover the copy's first bytes.
      if (offset > copy.predecessorAcked) {
        copy.predecessorAcked = offset;
        if (watchers.get(copy.fileKey) == copy) {
          checkpoints.update(copy.fileKey, checkpointOf(copy, copy.committed()));
        }
      }
      if (copy.predecessorAcked >= copy.predecessorEnd) {
        copies.copiesByPredecessor.remove(source);
      }
      if (copy.ended && copy.committed() >= copy.endOffset && watchers.get(copy.fileKey) == copy) {
        close(copy);
      }
      return;
    }
    CopyMatcher.TruncatedContent t = copies.truncatedBySource.get(source);
    if (t != null) {
      // A truncated generation whose copy was not found yet: a copy found later (or by a later run) starts here.
      if (offset > t.acked) {
        t.acked = offset;
        RetiredContent rc = checkpoints.retired().get(t.contentKey);
        if (rc != null) {
          checkpoints.retire(new RetiredContent(rc.headLength(), rc.headChecksum(), Math.max(rc.offset(), offset),
              rc.path(), ticker.currentTimeMillis()));
        }
      }
      return;
    }
    Retired r = retired.get(source.fileKey());
    if (w == null && r != null && r.generation() == source.generation() && offset >= r.endOffset()
        && r.awaitingRemoval()) {
      // Gone and fully delivered: nothing can read it again, so its entry would only grow the file. The retired
      // generation is remembered, so a new file reusing the inode gets a later one.
      checkpoints.remove(source.fileKey());
      retired.put(source.fileKey(), new Retired(r.generation(), r.endOffset(), false));
    }
    // Otherwise an acknowledgement of an older generation: the file was truncated since, its offset means nothing.
  }

  private FileCheckpoint checkpointOf(FileWatcher w, long offset) {
    return new FileCheckpoint(offset, w.generation, w.headLength, w.headChecksum, w.path.toString(),
        ticker.currentTimeMillis());
  }

  private void close(FileWatcher w) {
    closeQuietly(w.channel);
    watchers.remove(w.fileKey);
    boolean delivered = w.committed() >= w.endOffset;
    if (w.deleted && delivered) {
      checkpoints.remove(w.fileKey);
    }
    retired.put(w.fileKey, new Retired(w.generation, w.endOffset, w.deleted && !delivered));
    events.fileRemoved(w.path, w.fileKey);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (FileWatcher w : watchers.values()) {
      closeQuietly(w.channel);
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
