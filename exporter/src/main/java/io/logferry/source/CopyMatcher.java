package io.logferry.source;

import io.logferry.checkpoint.Checkpoints;
import io.logferry.checkpoint.Checkpoints.RetiredContent;
import io.logferry.checkpoint.OffsetLedger;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The copytruncate role of the tailer (Vector-style content identity): recognises a new file as the copy of a
 * truncated content (by its head, over at least {@link #MIN_COPY_HEAD_BYTES}), and holds back a file that may be a
 * copy still in progress. Which contents were truncated, and how far they were handed over and acknowledged, is the
 * {@link OffsetLedger}'s; what a truncation is, {@link TruncationDetector}'s.
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
 * <p>Owned by one {@link PollingFileTailer}, which shares its watchers with it; not thread-safe.
 */
final class CopyMatcher {

  /**
   * A truncated content is matched to a copy only when its head checksum covers at least this many bytes: fewer
   * (a one-line file) could too easily equal the head of an unrelated file that starts alike.
   */
  static final int MIN_COPY_HEAD_BYTES = OffsetLedger.MIN_COPY_HEAD_BYTES;

  private final PathsProvider paths;
  private final OffsetLedger ledger;
  /** The tailer's watchers by identity (shared, read only here except when a held empty file is taken as a copy). */
  private final Map<String, FileWatcher> watchers;
  private final long copyWaitNanos;

  /** New files that look like a copy of a live file not yet seen truncated: not opened before this tick. */
  final Map<String, Long> deferredUntil = new HashMap<>();

  CopyMatcher(PathsProvider paths, OffsetLedger ledger, Map<String, FileWatcher> watchers, long copyWaitNanos) {
    this.paths = paths;
    this.ledger = ledger;
    this.watchers = watchers;
    this.copyWaitNanos = copyWaitNanos;
  }

  /**
   * copytruncate copies, then truncates: a scan between the two finds the copy while the original still holds the
   * same content. Reading the copy from 0 then would duplicate everything; so a new file that starts like a live
   * tailed file (same head) waits, up to one {@code rotateWait} and one scan interval, for the original's
   * truncation, after which it is matched and read from the right offset. If no truncation comes (a plain copy, or a
   * file that merely starts alike) it is opened from 0 when the wait is over: at worst duplicates, never a loss. A
   * file found empty is opened (so it is not lost if renamed away before the next scan) but held unread the same way
   * when its first bytes turn out to be a live file's ({@link TruncationDetector#refresh}); {@link #findCopy} can still take it as the
   * copy then, since nothing of it was read.
   */
  boolean deferAsCopyInProgress(String key, Path path, long now, boolean snapshotting) {
    if (snapshotting) {
      return false; // run-once scans once: a deferred file would never be read
    }
    Long until = deferredUntil.get(key);
    if (until != null) {
      return now - until < 0;
    }
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size == 0) {
        return false; // opened, but held unread if its first bytes turn out to be a live file's (see refresh)
      }
      if (startsLikeALiveFile(ch, size, null)) {
        deferredUntil.put(key, now + copyWaitNanos());
        return true;
      }
    } catch (IOException | SecurityException e) {
      return false; // open() reports it
    }
    return false;
  }

  /** How long a file that may be a copy in progress is held: one {@code rotateWait} plus one scan interval. */
  long copyWaitNanos() {
    return copyWaitNanos;
  }

  /**
   * True when the first bytes of {@code ch} (of {@code size}) are the head another tailed file was last seen with,
   * or a prefix of it (a copy still being written). Compared with the head the watcher last saw, not with the file
   * now: the truncation may already have happened since this poll's refresh, and then the copy is the only place
   * that head still is.
   */
  boolean startsLikeALiveFile(FileChannel ch, long size, FileWatcher self) throws IOException {
    HeadSource head = len -> Fingerprinter.headChecksum(ch, len);
    return startsLikeALiveFile(head, size, self);
  }

  /** Same, for a tailed (held) watcher. */
  boolean startsLikeALiveFile(FileWatcher held, long size) throws IOException {
    return startsLikeALiveFile(held::headChecksumNow, size, held);
  }

  private interface HeadSource {
    long checksum(int length) throws IOException;
  }

  private boolean startsLikeALiveFile(HeadSource candidate, long size, FileWatcher self) throws IOException {
    for (FileWatcher w : watchers.values()) {
      if (w == self || w.ended() || w.headLength() < MIN_COPY_HEAD_BYTES) {
        continue;
      }
      int len = (int) Math.min(size, w.headLength());
      long crc = len == w.headLength() ? w.headChecksum() : w.headChecksumNow(len);
      if (crc >= 0 && candidate.checksum(len) == crc) {
        return true;
      }
    }
    return false;
  }

  /**
   * A file under a matched path that is not tailed, has no checkpoint, is at least {@code minSize} long and starts
   * with the given head: the copy of a content being truncated. Null when there is none.
   */
  Path findCopy(int headLength, long headChecksum, long minSize) {
    for (Path p : paths.paths()) {
      try {
        String key = Fingerprinter.fileKey(p);
        FileWatcher held = watchers.get(key);
        if (held != null && !(held.unproven() && held.readPosition() == 0)) {
          continue;
        }
        Checkpoints.FileCheckpoint cp = ledger.checkpoint(key);
        if (cp != null && !reusedInode(p, cp)) {
          continue; // a file with its own checkpoint is not a new copy
        }
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
          if (ch.size() >= minSize && Fingerprinter.headChecksum(ch, headLength) == headChecksum) {
            if (held != null) {
              // Opened empty and held unread: nothing of it was handed over, so it is reopened as the copy.
              held.close();
              watchers.remove(key);
              ledger.dropped(key);
            }
            return p;
          }
        }
      } catch (IOException | SecurityException e) {
        // Gone or unreadable: not a copy this tailer could read.
      }
    }
    return null;
  }

  /**
   * True when the file at {@code p} no longer starts with the head its entry counted: its inode was reused by a new
   * file (typically the copy itself, created right after logrotate deleted the oldest file).
   */
  private static boolean reusedInode(Path p, Checkpoints.FileCheckpoint cp) {
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
      return cp.headLength() > ch.size() || Fingerprinter.headChecksum(ch, cp.headLength()) != cp.headChecksum();
    } catch (IOException | SecurityException e) {
      return false;
    }
  }

  /**
   * The retired content whose copy the file behind {@code ch} is: its head matches (over at least
   * {@link #MIN_COPY_HEAD_BYTES}) and it holds at least what was delivered of that content. The longest matching head
   * wins. Null when none matches.
   */
  RetiredContent matchRetired(FileChannel ch, long size) throws IOException {
    Map<String, RetiredContent> all = ledger.retiredContents();
    if (all.isEmpty()) {
      return null;
    }
    Map<Integer, Long> crcByLength = new HashMap<>();
    RetiredContent best = null;
    for (RetiredContent r : all.values()) {
      long needed = Math.max(r.offset(), ledger.handedOver(r.contentKey()));
      if (r.headLength() < MIN_COPY_HEAD_BYTES || r.headLength() > size || needed > size) {
        continue;
      }
      long crc = crcByLength.computeIfAbsent(r.headLength(), len -> {
        try {
          return Fingerprinter.headChecksum(ch, len);
        } catch (IOException e) {
          return -1L;
        }
      });
      if (crc == r.headChecksum() && (best == null || r.headLength() > best.headLength())) {
        best = r;
      }
    }
    return best;
  }
}
