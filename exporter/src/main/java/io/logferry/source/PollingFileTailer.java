package io.logferry.source;

import io.logferry.ExporterEvents;
import io.logferry.delivery.SourceId;
import io.logferry.source.Checkpoints.FileCheckpoint;
import io.logferry.time.Ticker;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 *       {@code fileTruncated}, the pending unterminated line is handed over, {@code onSourceEnd} for the old
 *       generation, and generation + 1 is read from 0.
 * </ul>
 *
 * <h2>The copytruncate window no tailer can close</h2>
 * copytruncate copies the file and then truncates it in place, and the writer keeps appending to the same inode.
 * Lines appended between the copy and the truncate are in neither the copy nor the truncated file: the rotation
 * tool itself loses them, whatever reads the file. Lines appended after the last poll and before the truncate are in
 * the copy only: they are lost unless the copy's name also matches the include globs (then the copy is a new file
 * and is read from 0, duplicating what was already read from the original). If the file is truncated and grows back
 * past the old offset between two polls, its size alone shows no truncation; this tailer then re-checks the CRC32C
 * of the file's first {@code headLength} (up to 256) bytes whenever the size changes, and also on every scan, and
 * treats a changed head as a truncation. What remains undetectable: new content whose first {@code headLength}
 * bytes are identical to the old content's (for example a fixed banner line longer than 256 bytes) that has grown
 * past the old offset before the next poll; reading then resumes at the old offset inside the new content, so its
 * first bytes up to that offset are skipped and the first line read may start mid-line.
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

  private boolean scanned;
  private long nextScanAt;
  private boolean frozen;
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
    if (scan) {
      scan(now);
    }
    List<FileWatcher> list = new ArrayList<>(watchers.values());
    for (FileWatcher w : list) {
      refresh(w, consumer, now, scan);
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
    return w.hasUnread() && !(w.failing && now - w.retryAt < 0);
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
      boolean truncated = size < w.size || size < w.readPosition();
      if (!truncated && (size != w.size || scan)) {
        w.size = size;
        truncated = !w.verifyAndExtendHead();
      }
      if (truncated) {
        truncate(w, consumer, size);
      }
      w.size = size;
      w.failing = false;
    } catch (IOException e) {
      failed(w, now, e);
    }
  }

  private void truncate(FileWatcher w, LineConsumer consumer, long size) throws IOException {
    events.fileTruncated(w.path, w.fileKey, w.readPosition());
    // The old generation is over: what was read of its unterminated last line is handed over rather than dropped.
    w.flushPending(consumer, buf, settings.maxLineBytes());
    consumer.onSourceEnd(w.source, w.path);
    w.restartGeneration();
    w.size = size;
    w.resetHead();
    if (frozen) {
      w.snapshotSize = size; // run-once: the new content, up to its size now
    }
    // Acknowledgements of the old generation can no longer move this file's checkpoint (SourceId differs), and a
    // restart must not resume the new content at the old offset.
    checkpoints.update(w.fileKey, checkpointOf(w, 0));
  }

  private void endOrphans(List<FileWatcher> list, LineConsumer consumer, long now) {
    for (FileWatcher w : list) {
      if (!w.orphan || w.ended || w.failing || w.snapshotSize >= 0) {
        continue;
      }
      if (w.readPosition() >= w.size && now - w.orphanedAt >= rotateWaitNanos) {
        w.flushPending(consumer, buf, settings.maxLineBytes());
        consumer.onSourceEnd(w.source, w.path);
        w.ended = true;
        w.endOffset = w.offset;
        if (w.deleted || w.acked >= w.endOffset) {
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
    for (Path p : paths.paths()) {
      try {
        found.putIfAbsent(Fingerprinter.fileKey(p), p);
      } catch (NoSuchFileException e) {
        // Deleted since it was listed: the next scan knows.
      } catch (IOException e) {
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
    for (Map.Entry<String, Path> e : found.entrySet()) {
      if (!watchers.containsKey(e.getKey())) {
        open(e.getKey(), e.getValue());
      }
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
      FileCheckpoint cp = checkpoints.get(key);
      long generation = 0;
      long start = 0;
      boolean newGeneration = false;
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
      watchers.put(key, w);
      if (newGeneration) {
        checkpoints.update(key, checkpointOf(w, start));
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
        checkpoints.update(w.fileKey, checkpointOf(w, offset));
      }
      if (w.ended && w.acked >= w.endOffset) {
        close(w);
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
    boolean delivered = w.acked >= w.endOffset;
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

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // Closing a read-only channel loses nothing.
    }
  }
}
