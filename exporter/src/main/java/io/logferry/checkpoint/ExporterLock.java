package io.logferry.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The exclusive lock on a checkpoint directory: two exporters reading the same files with the same checkpoints would
 * ship everything twice and overwrite each other's offsets.
 *
 * <p>An OS file lock ({@code fcntl}/{@code flock} via {@link FileChannel#tryLock()}) on {@code logferry.lock}: the
 * kernel releases it when the process dies, so a crash never leaves a stale lock behind. The lock file itself is
 * never deleted (deleting it would let a second process lock a new inode while the first still holds the old one).
 */
public final class ExporterLock implements AutoCloseable {

  /** The lock file's name inside the checkpoint directory. */
  public static final String FILE_NAME = "logferry.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private ExporterLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock without waiting.
   *
   * @throws LockHeldException when another process (or another holder in this JVM) has it
   * @throws CheckpointException when the directory or lock file cannot be created
   */
  public static ExporterLock acquire(Path checkpointDir) {
    Path lockFile = checkpointDir.resolve(FILE_NAME);
    FileChannel ch;
    try {
      Files.createDirectories(checkpointDir);
      ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new CheckpointException("cannot create the lock file " + lockFile + ": " + e.getMessage(), e);
    }
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      // Within one JVM the lock is per process, so a second holder sees this instead of null.
      closeQuietly(ch);
      throw new LockHeldException(lockFile);
    } catch (IOException e) {
      closeQuietly(ch);
      throw new CheckpointException("cannot lock " + lockFile + ": " + e.getMessage(), e);
    }
    if (lock == null) {
      closeQuietly(ch);
      throw new LockHeldException(lockFile);
    }
    try {
      // Who holds it, for an operator looking at the directory; informational only.
      ch.truncate(0);
      ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
    } catch (IOException ignored) {
      // The lock is what matters, not its content.
    }
    return new ExporterLock(ch, lock);
  }

  /** True while this holder has the lock. */
  public boolean isValid() {
    return lock.isValid();
  }

  /** Releases the lock. Idempotent. */
  @Override
  public void close() {
    try {
      if (lock.isValid()) {
        lock.release();
      }
    } catch (IOException ignored) {
      // Closing the channel below releases it too.
    } finally {
      closeQuietly(channel);
    }
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // Nothing to do: the channel is gone either way.
    }
  }
}
