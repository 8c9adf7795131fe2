package io.logferry.source;

import io.logferry.checkpoint.Checkpointer;
import io.logferry.checkpoint.Checkpoints;
import io.logferry.events.ExporterEvents;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where files found at the first start begin (Vector's {@code read_from} and {@code ignore_older_secs}, Fluent Bit's
 * {@code read_from_head} and {@code ignore_older}). A file to start later than its head gets a checkpoint entry at
 * the end of its last complete line before the tailer opens it, so the tailer resumes there like after a restart:
 * nothing in the tailer changes, and what is appended later (or a partial last line, once completed) is read.
 *
 * <p>Only for the first start: once a checkpoint file exists, a file without an entry is new (a rotation target, a
 * file created while logferry was down) and must be read from its head, or lines would be lost.
 */
public final class StartPositions {

  private static final int SCAN_CHUNK = 64 * 1024;

  private StartPositions() {}

  /** True when {@code checkpoints} has never been written: this is the exporter's first start on its directory. */
  public static boolean firstStart(Checkpoints checkpoints) {
    return checkpoints.all().isEmpty()
        && checkpoints.retired().isEmpty()
        && !Files.exists(checkpoints.file())
        && !Files.exists(checkpoints.file().resolveSibling(Checkpointer.TMP_FILE_NAME));
  }

  /**
   * Records {@code file} as delivered up to the end of its last complete line, unless it already has an entry. A file
   * that cannot be read is left alone (the tailer reports it when it tries).
   *
   * @return the offset the file will be read from, or -1 when it was left alone
   */
  public static long skipExisting(Checkpoints checkpoints, Path file, ExporterEvents events, long nowMillis) {
    try {
      FileFingerprint fp = Fingerprinter.fingerprint(file);
      if (checkpoints.get(fp.fileKey()) != null) return -1;
      long offset;
      try (FileChannel ch = FileChannel.open(file)) {
        offset = endOfLastLine(ch);
      }
      checkpoints.update(
          fp.fileKey(),
          new Checkpoints.FileCheckpoint(offset, 0, fp.headLength(), fp.headChecksum(), file.toString(), nowMillis));
      return offset;
    } catch (IOException e) {
      events.fileReadFailed(file, "could not set its start position: " + e.getMessage());
      return -1;
    }
  }

  /** The offset just past the last {@code '\n'}, or 0: a partial last line is read once it is complete. */
  static long endOfLastLine(FileChannel ch) throws IOException {
    long end = ch.size();
    ByteBuffer buf = ByteBuffer.allocate(SCAN_CHUNK);
    while (end > 0) {
      long start = Math.max(0, end - SCAN_CHUNK);
      buf.clear().limit((int) (end - start));
      long pos = start;
      while (buf.hasRemaining()) {
        int n = ch.read(buf, pos);
        if (n < 0) break;
        pos += n;
      }
      for (int i = buf.position() - 1; i >= 0; i--) {
        if (buf.get(i) == '\n') return start + i + 1;
      }
      end = start;
    }
    return 0;
  }
}
