package io.logferry.testbed;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Random;

/**
 * A stand-in for an application writing its log file: appends numbered lines in one {@link LineFormat} and rotates
 * the file the way logrotate does, by rename/create or by copytruncate. Used by the demo, the end-to-end tests, the
 * demo app of the manifests and the benchmarks, so they all measure the same traffic.
 *
 * <p>Rotated files are named {@code <file>.1}, {@code <file>.2}, ... up to {@code keep}; older ones are deleted,
 * as logrotate does (a shipper that falls further behind than {@code keep} rotations loses data by design of the
 * application, not of the shipper: keep it large in tests).
 */
public final class LogWriter implements Closeable {

  /** How the file is rotated when it reaches {@link Settings#rotateBytes()}. */
  public enum Rotation {
    NONE,
    /** Rename the file to {@code .1} and create a new one (logrotate's default). */
    RENAME,
    /** Copy the file to {@code .1} and truncate it in place (logrotate's {@code copytruncate}). */
    COPYTRUNCATE
  }

  /**
   * @param file the log file
   * @param writerId written into every line as {@code seq=<writerId>:<n>}
   * @param format the line shape
   * @param rotation how to rotate
   * @param rotateBytes rotate when the file reaches this size
   * @param keep how many rotated files to keep
   * @param seed seeds the random parts of lines (sizes, latencies)
   */
  public record Settings(
      Path file, String writerId, LineFormat format, Rotation rotation, long rotateBytes, int keep, long seed) {
    public Settings {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(writerId, "writerId");
      Objects.requireNonNull(format, "format");
      Objects.requireNonNull(rotation, "rotation");
      if (rotation != Rotation.NONE && rotateBytes <= 0) throw new IllegalArgumentException("rotateBytes must be positive");
      if (keep < 1) throw new IllegalArgumentException("keep must be at least 1");
    }

    public static Settings of(Path file, String writerId, LineFormat format) {
      return new Settings(file, writerId, format, Rotation.NONE, Long.MAX_VALUE, 1, 1);
    }

    public Settings withRotation(Rotation rotation, long rotateBytes, int keep) {
      return new Settings(file, writerId, format, rotation, rotateBytes, keep, seed);
    }
  }

  private final Settings settings;
  private final Random random;
  private OutputStream out;
  private long size;
  private long nextSeq;
  private long bytesWritten;
  private long rotations;

  private LogWriter(Settings settings) throws IOException {
    this.settings = settings;
    this.random = new Random(settings.seed());
    Files.createDirectories(settings.file().toAbsolutePath().getParent());
    open();
  }

  public static LogWriter open(Settings settings) {
    try {
      return new LogWriter(settings);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + settings.file() + ": " + e.getMessage(), e);
    }
  }

  private void open() throws IOException {
    out =
        Files.newOutputStream(
            settings.file(), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    size = Files.size(settings.file());
  }

  /** Writes {@code events} events stamped with {@code millis}; returns the bytes written. */
  public long write(int events, long millis) {
    long bytes = 0;
    try {
      for (int i = 0; i < events; i++) {
        byte[] line = settings.format().bytes(settings.writerId(), nextSeq++, millis, random);
        out.write(line);
        size += line.length;
        bytes += line.length;
        if (settings.rotation() != Rotation.NONE && size >= settings.rotateBytes()) rotateNow();
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + settings.file() + ": " + e.getMessage(), e);
    }
    bytesWritten += bytes;
    return bytes;
  }

  /** Writes {@code events} events stamped with the current time. */
  public long write(int events) {
    return write(events, System.currentTimeMillis());
  }

  /** Writes raw bytes as they are (odd input for tests and the demo: huge lines, invalid UTF-8, no newline). */
  public void writeRaw(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
      size += bytes.length;
      bytesWritten += bytes.length;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + settings.file() + ": " + e.getMessage(), e);
    }
  }

  /** Rotates now, by the configured rotation (RENAME when NONE is configured). */
  public void rotateNow() throws IOException {
    rotateNow(settings.rotation());
  }

  /** Rotates now, by {@code rotation} (RENAME when NONE is given). */
  public void rotateNow(Rotation rotation) throws IOException {
    out.close();
    shiftRotated();
    Path first = rotated(1);
    if (rotation == Rotation.COPYTRUNCATE) {
      // What logrotate's copytruncate does: lines written between the copy and the truncate would be lost; this
      // writer is the only appender and it is paused here, so nothing is.
      Files.copy(settings.file(), first, StandardCopyOption.REPLACE_EXISTING);
      try (FileChannel ch = FileChannel.open(settings.file(), StandardOpenOption.WRITE)) {
        ch.truncate(0);
      }
    } else {
      Files.move(settings.file(), first, StandardCopyOption.ATOMIC_MOVE);
    }
    rotations++;
    open();
  }

  /**
   * Shifts {@code .1 .. .k} to {@code .2 .. .k+1}, deleting {@code .keep}. Only the names that exist are touched: the
   * study's writers keep up to 100,000 rotated files (never deleting an unshipped one), and a shift that stat()ed every
   * possible name cost 100,000 system calls per rotation, which slowed the one writers process of a study window to
   * 5 % of its target rates (results/study/20261202T035624Z-full: 1.06 lines/s per pod written for 20).
   */
  private void shiftRotated() throws IOException {
    if (highestRotated < 0) {
      highestRotated = 0;
      while (highestRotated < settings.keep() && Files.exists(rotated(highestRotated + 1))) highestRotated++;
    }
    if (highestRotated >= settings.keep()) {
      Files.deleteIfExists(rotated(settings.keep()));
      highestRotated = settings.keep() - 1;
    }
    for (int i = highestRotated; i >= 1; i--) {
      Path from = rotated(i);
      if (Files.exists(from)) Files.move(from, rotated(i + 1), StandardCopyOption.ATOMIC_MOVE);
    }
    highestRotated++; // the caller puts the current content at .1
  }

  /** Highest rotated index present ({@code .N}), -1 until the first rotation looks. */
  private int highestRotated = -1;

  private Path rotated(int n) {
    return settings.file().resolveSibling(settings.file().getFileName() + "." + n);
  }

  /** Events written so far (sequence numbers 0 to {@code eventsWritten() - 1}). */
  public long eventsWritten() {
    return nextSeq;
  }

  public long bytesWritten() {
    return bytesWritten;
  }

  public long rotations() {
    return rotations;
  }

  public Settings settings() {
    return settings;
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
