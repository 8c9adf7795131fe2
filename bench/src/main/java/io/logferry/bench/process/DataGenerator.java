package io.logferry.bench.process;

import io.logferry.testbed.LineFormat;
import io.logferry.testbed.LogWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Generates log files with the test bed's {@link LogWriter}, so benchmarks measure the same traffic as the demo and
 * the end-to-end tests, and caches them: {@code <dir>/<format>-<size>.log} plus a {@code .lines} file holding the line
 * count, written last, so a half-generated file (interrupted run) is never reused.
 */
public final class DataGenerator {

  /** Lines are written in chunks of this many until the end is near, then one at a time to land just past the target. */
  private static final int CHUNK_LINES = 1024;

  /** Longer than any NGINX_COMBINED or JSON line, so a chunk never overshoots when this much is left. */
  private static final int MAX_LINE_BYTES_ESTIMATE = 512;

  private DataGenerator() {}

  /**
   * @param file the log file
   * @param bytes its size
   * @param lines events written: one line each (JAVA_APP's stack-trace events span several lines)
   */
  public record Generated(Path file, long bytes, long lines) {}

  /**
   * A file of {@code format} lines at least {@code targetBytes} long and shorter than {@code targetBytes} plus one
   * line, generated unless a complete one is cached in {@code dir}.
   */
  public static Generated cached(Path dir, LineFormat format, long targetBytes) {
    String name = format.name().toLowerCase(java.util.Locale.ROOT) + "-" + ByteSize.format(targetBytes);
    Path file = dir.resolve(name + ".log");
    Path count = dir.resolve(name + ".lines");
    try {
      if (Files.exists(file) && Files.exists(count)) {
        String[] meta = Files.readString(count, StandardCharsets.US_ASCII).trim().split(" ");
        long lines = Long.parseLong(meta[0]);
        long bytes = Long.parseLong(meta[1]);
        if (Files.size(file) == bytes) return new Generated(file, bytes, lines);
      }
      Files.createDirectories(dir);
      Files.deleteIfExists(count);
      Path tmp = dir.resolve(name + ".log.tmp");
      Files.deleteIfExists(tmp);
      Generated g = generate(tmp, format, targetBytes);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      Files.writeString(count, g.lines() + " " + g.bytes() + "\n", StandardCharsets.US_ASCII);
      return new Generated(file, g.bytes(), g.lines());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot generate " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes a new file (appending to an existing one would break the count) of at least {@code targetBytes}. */
  public static Generated generate(Path file, LineFormat format, long targetBytes) {
    if (targetBytes <= 0) throw new IllegalArgumentException("targetBytes must be positive: " + targetBytes);
    if (Files.exists(file)) throw new IllegalArgumentException("already exists: " + file);
    long millis = System.currentTimeMillis();
    try (LogWriter writer = LogWriter.open(LogWriter.Settings.of(file, "bench", format))) {
      while (writer.bytesWritten() < targetBytes) {
        long left = targetBytes - writer.bytesWritten();
        writer.write(left > (long) CHUNK_LINES * MAX_LINE_BYTES_ESTIMATE ? CHUNK_LINES : 1, millis);
      }
      return new Generated(file, writer.bytesWritten(), writer.eventsWritten());
    }
  }

  /** Reads {@code file} once to its end so the measured runs find it in the page cache. Returns the bytes read. */
  public static long warmPageCache(Path file) {
    ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
    long total = 0;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      int n;
      while ((n = ch.read(buf)) >= 0) {
        total += n;
        buf.clear();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return total;
  }
}
