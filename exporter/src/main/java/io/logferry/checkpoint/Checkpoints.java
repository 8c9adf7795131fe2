package io.logferry.checkpoint;

import java.nio.file.Path;
import java.util.Map;

/**
 * The durable record of how far each file has been delivered, keyed by file identity (so a renamed file keeps its
 * offset and a new file at an old path does not inherit one).
 *
 * <p>Built by {@code Checkpointer.open(Path dir, ExporterEvents, Ticker)}. Thread-safe.
 */
public interface Checkpoints {

  /** The most leading bytes a head checksum covers (the reader's fingerprint uses exactly this many at most). */
  int MAX_HEAD_BYTES = 256;

  /** The delivered offset of a file identity, or {@code null} when it has none. */
  FileCheckpoint get(String fileKey);

  /** All entries. */
  Map<String, FileCheckpoint> all();

  /**
   * Records that {@code fileKey} is delivered up to {@code offset} (in memory; durable after {@link #write()}).
   * Offsets only move forward within one generation; a new generation (after copytruncate) starts lower.
   */
  void update(String fileKey, FileCheckpoint checkpoint);

  /** Forgets a file that is gone and fully delivered. */
  void remove(String fileKey);

  /**
   * Writes all entries atomically (temporary file, fsync, rename, fsync of the directory).
   *
   * @throws CheckpointException when it cannot be written; the previous file stays intact
   */
  void write();

  /** The checkpoint file. */
  Path file();

  /**
   * True when the in-memory state holds a change not yet written durably (an update that changes nothing, such as the
   * same offset again, is not a change). The group commit asks this before paying for a write.
   */
  boolean unwritten();

  /**
   * Old contents of truncated files whose copy (copytruncate's {@code app.log.1}) may still be found, keyed by
   * {@link RetiredContent#contentKey()}: a new file whose head matches one is read from its offset, not from 0.
   */
  Map<String, RetiredContent> retired();

  /** Remembers an old content (replacing one with the same head); durable after {@link #write()}. */
  void retire(RetiredContent content);

  /** Forgets an old content: its copy was found (the copy's own entry carries the offset now), or it expired. */
  void forgetRetired(String contentKey);

  /**
   * One file's entry.
   *
   * @param offset bytes delivered from the start of the file's current content
   * @param generation how many times the file was truncated while tailed
   * @param headLength how many leading bytes {@code headChecksum} covers
   * @param headChecksum checksum of the file's first {@code headLength} bytes, to tell a truncated-and-rewritten
   *     or a new file with a reused inode from the file the offset belongs to
   * @param path the path it was last seen at (informational)
   * @param updatedMillis wall time of the last update
   */
  record FileCheckpoint(long offset, long generation, int headLength, long headChecksum, String path, long updatedMillis) {}

  /**
   * The content a truncated file held, identified by its head only (its inode now holds new content): where a copy of
   * it resumes.
   *
   * @param headLength how many leading bytes {@code headChecksum} covers
   * @param headChecksum CRC32C of those bytes
   * @param offset bytes of that content delivered (acknowledged) from its start
   * @param path where the content was last seen (informational)
   * @param updatedMillis wall time of the last update; old entries expire
   */
  record RetiredContent(int headLength, long headChecksum, long offset, String path, long updatedMillis) {

    /** {@code "<headLength>:<headChecksum>"}. */
    public String contentKey() {
      return contentKey(headLength, headChecksum);
    }

    public static String contentKey(int headLength, long headChecksum) {
      return headLength + ":" + Long.toUnsignedString(headChecksum);
    }
  }
}
