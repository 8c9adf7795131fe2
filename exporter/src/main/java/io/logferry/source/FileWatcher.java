package io.logferry.source;

import io.logferry.checkpoint.OffsetLedger;
import io.logferry.events.ExporterEvents;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * One tailed file (Vector's {@code FileWatcher}): an open channel, how far it is read, the bytes of its unterminated
 * last line, and its head fingerprint. Owned by {@link PollingFileTailer}, which decides when it is read, ended and
 * closed; how far it is acknowledged is the {@link OffsetLedger}'s business, which reads this watcher's path and head
 * (as {@link OffsetLedger.FileView}) when it writes the file's entry. Not thread-safe.
 *
 * <p>The channel stays open for the watcher's whole life, so a file renamed away or deleted is still read to its end
 * through it (the inode lives as long as a descriptor does).
 */
final class FileWatcher implements OffsetLedger.FileView {

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /**
   * Where a watcher is in its life. Only these transitions happen (anything else is a bug, and throws):
   * <pre>
   *   LIVE ⇄ ORPHANED      left every matched path (rotated away, deleted) / moved back before it was ended
   *   LIVE, ORPHANED → ENDED   read to its end, its last line handed over (an orphan, or a copy: nothing appends)
   *   any → CLOSED         its channel closed (delivered to its end, dropped, or the tailer closed)
   * </pre>
   */
  enum Lifecycle {
    /** Under a matched path: read as it grows. */
    LIVE,
    /** Under no matched path: still read to its end through its open descriptor, until rotateWait has passed. */
    ORPHANED,
    /** Read to its end: waits for its delivery (see the ledger), then it is closed. */
    ENDED,
    /** Closed; the tailer forgot it. */
    CLOSED;

    boolean mayBecome(Lifecycle next) {
      return switch (this) {
        case LIVE -> next == ORPHANED || next == ENDED || next == CLOSED;
        case ORPHANED -> next == LIVE || next == ENDED || next == CLOSED;
        case ENDED -> next == CLOSED;
        case CLOSED -> false;
      };
    }
  }

  private final String fileKey;
  private final FileChannel channel;
  private Path path;
  private long generation;
  private SourceId source;
  private Lifecycle state = Lifecycle.LIVE;

  /** File offset of the first byte not yet handed to a consumer (the start of {@link #pending}). */
  private long offset;
  /** Bytes read after {@link #offset} and not handed over yet: the start of an unterminated line. */
  private byte[] pending = new byte[256];
  private int pendingLen;

  /** Size at the last refresh. */
  private long size;
  private int headLength;
  private long headChecksum;

  /**
   * Opened empty and not read yet: until its first bytes show it is not the copy of a live file (a copy in progress
   * when it was found), it is not read. {@link #holdUntil}: when holding it ends (0: not holding).
   */
  private boolean unproven;
  private long holdUntil;

  /** A copytruncate copy: nothing appends to it, so once read to its end its last line is complete and it is ended. */
  private boolean copy;

  /** ORPHANED with nothing left at its path (deleted, or renamed out of the globs with nothing in its place). */
  private boolean deleted;
  /** When it became an orphan (or was opened as a copy): rotateWait counts from here. */
  private long orphanedAt;
  private long endOffset;

  /** Run-once: read no further than this (-1: not frozen). */
  private long snapshotSize = -1;

  /** After a read failure: not read again before this tick. */
  private long retryAt;
  private boolean failing;

  private long linesSinceReport;
  private long bytesSinceReport;

  FileWatcher(String fileKey, FileChannel channel, Path path, long generation, long offset, long size, int headLength,
      long headChecksum) {
    this.fileKey = fileKey;
    this.channel = channel;
    this.path = path;
    this.generation = generation;
    this.source = new SourceId(fileKey, generation);
    this.offset = offset;
    this.size = size;
    this.headLength = headLength;
    this.headChecksum = headChecksum;
  }

  // ------------------------------------------------------------------------------------------------ lifecycle

  Lifecycle state() {
    return state;
  }

  private void become(Lifecycle next) {
    if (!state.mayBecome(next)) {
      throw new IllegalStateException(fileKey + ": " + state + " -> " + next);
    }
    state = next;
  }

  /** Left every matched path at {@code now}; {@code deleted} when nothing is left at its path. */
  void orphaned(long now, boolean deleted) {
    become(Lifecycle.ORPHANED);
    this.orphanedAt = now;
    this.deleted = deleted;
  }

  /** Found under a matched path again before it was ended. */
  void backUnderAPath() {
    become(Lifecycle.LIVE);
    this.deleted = false;
  }

  boolean orphan() {
    return state == Lifecycle.ORPHANED;
  }

  boolean deleted() {
    return deleted;
  }

  long orphanedAt() {
    return orphanedAt;
  }

  /** Read to its end: what was handed over is all there is. */
  void end() {
    become(Lifecycle.ENDED);
    endOffset = offset;
  }

  boolean ended() {
    return state == Lifecycle.ENDED;
  }

  long endOffset() {
    return endOffset;
  }

  /** Closes the channel (idempotent). */
  void close() {
    if (state != Lifecycle.CLOSED) {
      become(Lifecycle.CLOSED);
    }
    PollingFileTailer.closeQuietly(channel);
  }

  /** Opened as a copytruncate copy at {@code now}: ended once read to its end and rotateWait has passed. */
  void openedAsCopy(long now) {
    copy = true;
    orphanedAt = now;
  }

  boolean copy() {
    return copy;
  }

  // ------------------------------------------------------------------------------------------------ holding a possible copy

  /** Held unread from the start: opened empty, and it may be a copy in progress. */
  void holdUnproven() {
    unproven = true;
  }

  boolean unproven() {
    return unproven;
  }

  /** Shown not to be a copy in progress (or taken for what it is): read from now on. */
  void proven() {
    unproven = false;
  }

  long holdUntil() {
    return holdUntil;
  }

  void holdUntil(long tick) {
    holdUntil = tick;
  }

  // ------------------------------------------------------------------------------------------------ read failures

  /** A read failed: not tried again before {@code retryAt}. */
  void failed(long retryAt) {
    failing = true;
    this.retryAt = retryAt;
  }

  void recovered() {
    failing = false;
  }

  boolean failing() {
    return failing;
  }

  /** Failing and its retry time not reached at {@code now}. */
  boolean waitingForRetry(long now) {
    return failing && now - retryAt < 0;
  }

  // ------------------------------------------------------------------------------------------------ position and size

  String fileKey() {
    return fileKey;
  }

  SourceId source() {
    return source;
  }

  Path path() {
    return path;
  }

  void movedTo(Path newPath) {
    path = newPath;
  }

  /** The size now (a system call), not the one last seen. */
  long sizeNow() throws IOException {
    return channel.size();
  }

  /** Size at the last refresh. */
  long size() {
    return size;
  }

  void size(long size) {
    this.size = size;
  }

  /** File offset of the first byte not handed over yet. */
  long handedOver() {
    return offset;
  }

  /** Run-once: read no further than {@code limit}. */
  void freeze(long limit) {
    snapshotSize = limit;
  }

  boolean frozen() {
    return snapshotSize >= 0;
  }

  /** Checksum of the file's first {@code length} bytes now. */
  long headChecksumNow(int length) throws IOException {
    return Fingerprinter.headChecksum(channel, length);
  }

  /** Reports the lines and bytes read since the last report, if any. */
  void reportTo(ExporterEvents events) {
    if (linesSinceReport > 0 || bytesSinceReport > 0) {
      events.linesRead(path, linesSinceReport, bytesSinceReport);
      linesSinceReport = 0;
      bytesSinceReport = 0;
    }
  }

  @Override
  public String pathString() {
    return path.toString();
  }

  @Override
  public int headLength() {
    return headLength;
  }

  @Override
  public long headChecksum() {
    return headChecksum;
  }

  /** How far the file has been read (handed over plus pending). */
  long readPosition() {
    return offset + pendingLen;
  }

  /** Where reading stops for now: the size, or the snapshot size when frozen. */
  long limit() {
    return limit(size);
  }

  /** Where reading stops for a file of {@code size}: the snapshot size when frozen and smaller. */
  long limit(long size) {
    return snapshotSize >= 0 ? Math.min(size, snapshotSize) : size;
  }

  boolean hasUnread() {
    return state != Lifecycle.ENDED && state != Lifecycle.CLOSED && readPosition() < limit();
  }

  /** Starts generation {@code next} at offset 0 (after a truncation), dropping nothing: pending was flushed before. */
  void restartGeneration(long next) {
    generation = next;
    source = new SourceId(fileKey, generation);
    offset = 0;
    pendingLen = 0;
    copy = false;
  }

  /** Takes the current head again and the size after it (a truncation; see the tailer on why in this order). */
  void remeasure() throws IOException {
    resetHead();
    size = channel.size();
    if (snapshotSize >= 0) {
      snapshotSize = size; // run-once: the new content, up to its size now
    }
  }

  /**
   * Checks the head bytes the fingerprint covers against the checksum, then extends the fingerprint to cover up to
   * {@link FileFingerprint#HEAD_BYTES} as the file grows. Both from one read of the head, so a content replaced
   * between the check and the extension cannot lend the old content its head.
   *
   * @return false when the head changed: the content was replaced (truncated and rewritten)
   */
  boolean verifyAndExtendHead() throws IOException {
    byte[] head = new byte[FileFingerprint.HEAD_BYTES];
    int n = readHead(head);
    if (headLength > 0 && (n < headLength || crc(head, headLength) != headChecksum)) {
      return false;
    }
    if (n > headLength) {
      headLength = n;
      headChecksum = crc(head, n);
    }
    return true;
  }

  void extendHead() throws IOException {
    verifyAndExtendHead();
  }

  /** True when the file still starts with the bytes the head checksum covers (always, with no head yet). */
  private boolean headUnchanged() throws IOException {
    return headLength == 0 || Fingerprinter.headChecksum(channel, headLength) == headChecksum;
  }

  /** Takes the head of the file's current content (after a truncation). */
  void resetHead() throws IOException {
    byte[] head = new byte[FileFingerprint.HEAD_BYTES];
    headLength = readHead(head);
    headChecksum = crc(head, headLength);
  }

  /** Reads the first (up to) {@code head.length} bytes; returns how many there are. */
  private int readHead(byte[] head) throws IOException {
    ByteBuffer bb = ByteBuffer.wrap(head);
    long pos = 0;
    while (bb.hasRemaining()) {
      int n = channel.read(bb, pos);
      if (n <= 0) {
        break;
      }
      pos += n;
    }
    return bb.position();
  }

  private static long crc(byte[] bytes, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, length);
    return crc.getValue();
  }

  /**
   * Reads up to {@code budget} bytes (but never past {@link #limit()}) through {@code buf}, handing every complete
   * line, and every {@code maxLineBytes} piece of a longer line, to {@code consumer}.
   *
   * @return bytes read from the file
   */
  long read(LineConsumer consumer, byte[] buf, long budget, int maxLineBytes) throws IOException {
    int have = pendingLen;
    System.arraycopy(pending, 0, buf, 0, have);
    long base = offset;
    long pos = base + have;
    long limit = limit();
    long readBytes = 0;
    try {
      while (readBytes < budget && pos < limit) {
        // buf holds at most maxLineBytes + 1 pending bytes (see the cut below), and buf.length >= maxLineBytes + 2.
        int want = (int) Math.min(buf.length - have, Math.min(limit - pos, budget - readBytes));
        if (headLength < FileFingerprint.HEAD_BYTES && !verifyAndExtendHead()) {
          break; // replaced since the refresh (see below); a short head is first extended, so the check means more
        }
        int n = channel.read(ByteBuffer.wrap(buf, have, want), pos);
        if (n <= 0) {
          break; // shrank since the refresh: the next refresh sees the truncation
        }
        if (!headUnchanged()) {
          // Truncated and rewritten since the refresh (copytruncate while the writer is fast): the bytes just read
          // may be the new content's, at the old content's offsets. They are dropped unread; the next refresh sees
          // the truncation, the old content's rest is read from its copy and the new content from 0. Checked after
          // the read, so a replacement before or during it shows: one pread of at most 256 bytes per chunk.
          break;
        }
        pos += n;
        readBytes += n;
        int end = have + n;
        int lineStart = 0;
        for (int i = newline(buf, have, end); i >= 0; i = newline(buf, lineStart, end)) {
          int contentEnd = i;
          int terminator = 1;
          if (contentEnd > lineStart && buf[contentEnd - 1] == '\r') {
            contentEnd--;
            terminator = 2;
          }
          lineStart = emit(consumer, buf, base, lineStart, contentEnd, maxLineBytes);
          consumer.onLine(source, path, buf, lineStart, contentEnd - lineStart, base + lineStart,
              base + contentEnd + terminator, true);
          linesSinceReport++;
          lineStart = i + 1;
        }
        // The unterminated rest: hand over pieces only while more of the line is certainly behind them. A trailing
        // '\r' may be half of "\r\n", so it does not count as content yet.
        int cutEnd = end;
        if (cutEnd > lineStart && buf[cutEnd - 1] == '\r') {
          cutEnd--;
        }
        lineStart = emit(consumer, buf, base, lineStart, cutEnd, maxLineBytes);
        if (lineStart > 0) {
          System.arraycopy(buf, lineStart, buf, 0, end - lineStart);
          base += lineStart;
        }
        have = end - lineStart;
      }
    } finally {
      // Progress is published even when a read fails midway: what was handed over is never handed over again,
      // what was read but not handed over stays pending, so a failure neither repeats nor skips a line.
      offset = base;
      keepPending(buf, have);
      bytesSinceReport += readBytes;
    }
    return readBytes;
  }

  /**
   * Index of the first {@code '\n'} in {@code buf[from, end)}, or -1. Eight bytes at a time (SWAR): XOR with
   * {@code 0x0A} turns a newline into a zero byte, and {@code (x - 0x01..) & ~x & 0x80..} flags zero bytes; the
   * lowest flag is exact (a borrow only ever flags bytes above a real zero), so the little-endian trailing-zero count
   * gives the first newline.
   */
  static int newline(byte[] buf, int from, int end) {
    int i = from;
    for (; i + Long.BYTES <= end; i += Long.BYTES) {
      long x = (long) LONGS.get(buf, i) ^ 0x0A0A0A0A0A0A0A0AL;
      long zeros = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
      if (zeros != 0) {
        return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
      }
    }
    for (; i < end; i++) {
      if (buf[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /**
   * Hands {@code buf[start, contentEnd)} over in pieces of at most {@code maxLineBytes} while more than
   * {@code maxLineBytes} remain, each cut at a UTF-8 character boundary, all marked incomplete.
   *
   * @return where the remaining (at most maxLineBytes) content starts
   */
  private int emit(LineConsumer consumer, byte[] buf, long base, int start, int contentEnd, int maxLineBytes) {
    while (contentEnd - start > maxLineBytes) {
      int cut = utf8Boundary(buf, start, start + maxLineBytes);
      consumer.onLine(source, path, buf, start, cut - start, base + start, base + cut, false);
      start = cut;
    }
    return start;
  }

  /**
   * The piece end at or before {@code cut} where {@code buf[cut]} does not continue a UTF-8 character: backs off over
   * at most 3 continuation bytes (10xxxxxx), the most a valid character has; invalid input is cut where it is.
   */
  static int utf8Boundary(byte[] buf, int start, int cut) {
    for (int c = cut; c >= cut - 3 && c > start; c--) {
      if ((buf[c] & 0xC0) != 0x80) {
        return c;
      }
    }
    return cut; // not UTF-8: keep the full piece
  }

  /** Hands the pending unterminated bytes over as complete line(s) (end of source, or flushUnterminated). */
  void flushPending(LineConsumer consumer, byte[] buf, int maxLineBytes) {
    if (pendingLen == 0) {
      return;
    }
    int len = pendingLen;
    System.arraycopy(pending, 0, buf, 0, len);
    int start = emit(consumer, buf, offset, 0, len, maxLineBytes);
    consumer.onLine(source, path, buf, start, len - start, offset + start, offset + len, true);
    linesSinceReport++;
    offset += len;
    pendingLen = 0;
  }

  private void keepPending(byte[] buf, int have) {
    if (pending.length < have) {
      pending = Arrays.copyOf(pending, Math.max(have, pending.length * 2));
    }
    System.arraycopy(buf, 0, pending, 0, have);
    pendingLen = have;
  }
}
