package io.logferry.source;

import io.logferry.events.ExporterEvents;
import io.logferry.checkpoint.OffsetLedger;
import io.logferry.time.Ticker;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The discovery role of the {@link PollingFileTailer} (Vector's {@code PathsProvider} plus the file server's scan,
 * Fluent Bit's {@code tail_scan.c}): which identities ({@code dev:ino}) the globs hold now, every
 * {@code scanInterval}; a tailed file found under another path (renamed: {@code fileRotated(old, new)}) or under none
 * (an orphan, read to its end through its descriptor); and new files opened where the {@link OffsetLedger} says they
 * start. A file the tailer closed is not remembered here: found again, it is opened again, and the ledger resumes it
 * at its acknowledged offset when its head still matches and it is not shorter (its closed identity and entry are the
 * ledger's).
 *
 * <p>Run-once: {@link #snapshot} scans once and freezes every file at its size then; a frozen tailer scans no more.
 *
 * <p>Owned by one tailer, which shares its watchers with it; not thread-safe.
 */
final class FileDiscovery {

  private final PathsProvider paths;
  private final OffsetLedger ledger;
  private final ExporterEvents events;
  private final Ticker ticker;
  private final CopyMatcher copies;
  private final long scanIntervalNanos;
  /** The tailer's watchers by identity, in the order they were added (deterministic). */
  private final Map<String, FileWatcher> watchers;

  private boolean scanned;
  private long nextScanAt;
  private boolean frozen;
  private boolean snapshotting;

  FileDiscovery(PathsProvider paths, OffsetLedger ledger, ExporterEvents events, Ticker ticker, CopyMatcher copies,
      long scanIntervalNanos, Map<String, FileWatcher> watchers) {
    this.paths = paths;
    this.ledger = ledger;
    this.events = events;
    this.ticker = ticker;
    this.copies = copies;
    this.scanIntervalNanos = scanIntervalNanos;
    this.watchers = watchers;
  }

  /** True when a scan is due at {@code now}: the first poll, then every scan interval, never once frozen. */
  boolean due(long now) {
    return !frozen && (!scanned || now - nextScanAt >= 0);
  }

  /** True once the globs were scanned at least once (or the file set was frozen). */
  boolean scannedOnce() {
    return scanned || frozen;
  }

  /** Run-once: the file set and sizes are fixed; no file is held as a possible copy and no scan happens any more. */
  boolean frozen() {
    return frozen;
  }

  /** Run-once: scans once, then freezes every file at its size now. */
  void snapshot(long now, ReadFailure failure) {
    snapshotting = true;
    scan(now);
    frozen = true;
    for (FileWatcher w : watchers.values()) {
      try {
        w.freeze(Math.max(w.sizeNow(), 0));
      } catch (IOException e) {
        w.freeze(w.size());
        failure.failed(w, now, e);
      }
    }
  }

  void scan(long now) {
    scanned = true;
    nextScanAt = now + scanIntervalNanos;
    Map<String, Path> found = new LinkedHashMap<>();
    boolean complete = list(found);
    for (int i = 0; i < EXTRA_LISTINGS && complete && ledger.wouldForget(found.keySet()); i++) {
      // One listing is not enough to call a file gone: readdir makes no promise for an entry renamed while the
      // directory is read, and logrotate renames every .N at each rotation (on this project's machines, ext4, 294 of
      // 1,434 listings racing 8 shifting rotations missed a file that was there before and after them:
      // bench/readdir-race.py, results/readdir-race/). A run-once scans once, and an entry it
      // never saw is judged by its last update, so one missed listing forgot a fully read rotated file and the next
      // run read it again from its start: a whole-file duplicate (a CronJob over 32 rotating pods, 634 lines in
      // results/study/20261202T061755Z-full). Forgetting is rare; up to two more listings right away cost little,
      // and a file they find is read now, where its entry says.
      complete = list(found);
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

  /** Listings after the first before a file missing from them all is judged gone (only when one would be). */
  static final int EXTRA_LISTINGS = 2;

  /** Adds what the globs match now to {@code found} (by identity); false when some file's identity was unreadable. */
  private boolean list(Map<String, Path> found) {
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
    return complete;
  }

  /** Opens {@code path} as identity {@code key}, starting where the ledger says; a file gone by now is skipped. */
  void open(String key, Path path) {
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
      PollingFileTailer.closeQuietly(ch);
      events.fileReadFailed(path, "cannot open, retrying on the next scan: " + e);
    }
  }
}
