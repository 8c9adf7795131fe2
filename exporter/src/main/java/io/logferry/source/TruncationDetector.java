package io.logferry.source;

import io.logferry.events.ExporterEvents;
import io.logferry.checkpoint.OffsetLedger;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The truncation role of the {@link PollingFileTailer}: what a change in a tailed file's size or head means.
 * <ul>
 *   <li><b>grown</b>: more to read, nothing else;
 *   <li><b>truncated</b> (copytruncate, or rewritten in place): the size below what was read, or the head no longer
 *       the one read. {@code fileTruncated}, {@code onSourceEnd} for the old generation, generation + 1 read from 0.
 *       The old content is remembered by its head (length + CRC32C) and how far it was handed over and acknowledged
 *       (by the {@link OffsetLedger}, persisted in the checkpoint's {@code retired} section), and its copy is looked
 *       for at once ({@link CopyMatcher});
 *   <li><b>a copy in progress</b>: a file opened empty whose first bytes turn out to be a live file's is held unread
 *       until the truncation of that file can be seen (see {@link CopyMatcher#deferAsCopyInProgress}).
 * </ul>
 *
 * <p>With a writer that rotates faster than the poll interval, the content can also be replaced between the refresh
 * that measured a file and the read: every chunk is read only after the head was extended to its full length, and
 * handed over only if the head still matches after the read ({@link FileWatcher#read}), so bytes of the next content
 * are never taken for the old content's; and a size smaller than the last one seen is a truncation only if it is below
 * what was read or the head changed (the size may have been measured just before a replacement).
 *
 * <p>Owned by one tailer, which shares its watchers with it; not thread-safe.
 */
final class TruncationDetector {

  private final OffsetLedger ledger;
  private final ExporterEvents events;
  private final CopyMatcher copies;
  private final FileDiscovery discovery;
  private final Map<String, FileWatcher> watchers;
  private final ReadFailure failure;
  private final byte[] buf;
  private final int maxLineBytes;

  TruncationDetector(OffsetLedger ledger, ExporterEvents events, CopyMatcher copies, FileDiscovery discovery,
      Map<String, FileWatcher> watchers, ReadFailure failure, byte[] buf, int maxLineBytes) {
    this.ledger = ledger;
    this.events = events;
    this.copies = copies;
    this.discovery = discovery;
    this.watchers = watchers;
    this.failure = failure;
    this.buf = buf;
    this.maxLineBytes = maxLineBytes;
  }

  /**
   * Updates a watcher's size and detects a truncation: by size (below what was read), or, when the size changed or
   * on a scan, by a changed head checksum (truncated and regrown between two polls).
   */
  void refresh(FileWatcher w, LineConsumer consumer, long now, boolean scan) {
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
        truncate(w, consumer);
      } else {
        w.size(size);
        holdIfACopyInProgress(w, now);
      }
      w.recovered();
    } catch (IOException e) {
      failure.failed(w, now, e);
    }
  }

  /** A file opened empty that now starts like a live file: held unread while it may be a copy in progress. */
  private void holdIfACopyInProgress(FileWatcher w, long now) throws IOException {
    if (!w.unproven()) {
      return;
    }
    if (w.readPosition() > 0 || discovery.frozen()) {
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

  private void truncate(FileWatcher w, LineConsumer consumer) throws IOException {
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
      w.flushPending(consumer, buf, maxLineBytes);
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
    if (copy != null) {
      try {
        String key = Fingerprinter.fileKey(copy);
        if (!watchers.containsKey(key)) {
          discovery.open(key, copy);
        }
      } catch (IOException e) {
        events.fileReadFailed(copy, "cannot read file identity: " + e); // the next scan matches it
      }
    }
  }
}
