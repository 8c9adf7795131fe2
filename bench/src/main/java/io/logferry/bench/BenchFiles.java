package io.logferry.bench;

import io.logferry.bench.process.DataGenerator;
import io.logferry.testbed.LineFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Input files and scratch directories shared by the benchmarks. */
final class BenchFiles {

  private BenchFiles() {}

  /** A new scratch directory under {@code java.io.tmpdir} (on this machine the same ext4 disk as the repository). */
  static Path scratch(String prefix) {
    try {
      return Files.createTempDirectory("logferry-bench-" + prefix + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) return;
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The lines (without terminators) of about {@code bytes} of {@code format}, as UTF-8. */
  static List<byte[]> lines(LineFormat format, long bytes) {
    Path dir = scratch("lines");
    try {
      DataGenerator.generate(dir.resolve("lines.log"), format, bytes);
      byte[] all = Files.readAllBytes(dir.resolve("lines.log"));
      List<byte[]> lines = new ArrayList<>();
      int start = 0;
      for (int i = 0; i < all.length; i++) {
        if (all[i] == '\n') {
          lines.add(java.util.Arrays.copyOfRange(all, start, i));
          start = i + 1;
        }
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteTree(dir);
    }
  }

  /**
   * Writes {@code totalBytes / lineBytes} lines of exactly {@code lineBytes} bytes each (newline included), cut from
   * nginx combined lines joined by spaces, so line length is the only thing that varies between sweeps.
   */
  static long fixedWidthLines(Path file, int lineBytes, long totalBytes) {
    byte[] text = String.join(" ", lines(LineFormat.NGINX_COMBINED, 256 * 1024).stream()
        .map(b -> new String(b, StandardCharsets.UTF_8)).toList()).getBytes(StandardCharsets.UTF_8);
    long count = totalBytes / lineBytes;
    int pos = 0;
    try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      ByteArrayOutputStream line = new ByteArrayOutputStream(lineBytes);
      for (long i = 0; i < count; i++) {
        line.reset();
        while (line.size() < lineBytes - 1) {
          int n = Math.min(lineBytes - 1 - line.size(), text.length - pos);
          line.write(text, pos, n);
          pos = (pos + n) % text.length;
        }
        line.write('\n');
        line.writeTo(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return count * lineBytes;
  }
}
