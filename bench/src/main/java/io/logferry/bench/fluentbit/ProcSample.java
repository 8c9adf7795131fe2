package io.logferry.bench.fluentbit;

import io.logferry.bench.process.ProcFs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One reading of a live process from {@code /proc} (proc(5)): CPU so far, resident set now and at its peak, bytes
 * read so far. The parsers are the process benchmark's ({@link ProcFs}).
 *
 * @param nanos {@link System#nanoTime()} of the reading
 * @param cpuTicks utime + stime of {@code stat}, in clock ticks
 * @param rssKib {@code VmRSS} of {@code status}
 * @param hwmKib {@code VmHWM} of {@code status} (peak RSS)
 * @param readBytes {@code rchar} of {@code io} (every read call, files and sockets), or -1
 */
record ProcSample(long nanos, long cpuTicks, long rssKib, long hwmKib, long readBytes) {

  /** Empty when the process has gone (it may exit between two readings). */
  static Optional<ProcSample> read(long pid) {
    try {
      Path dir = Path.of("/proc", Long.toString(pid));
      long now = System.nanoTime();
      String stat = Files.readString(dir.resolve("stat"), StandardCharsets.ISO_8859_1);
      String status = Files.readString(dir.resolve("status"), StandardCharsets.ISO_8859_1);
      long rchar = -1;
      try {
        rchar = ProcFs.parseIo(Files.readString(dir.resolve("io"), StandardCharsets.ISO_8859_1), "rchar").orElse(-1);
      } catch (IOException e) {
        // io is not readable for every process; rchar is only a progress hint
      }
      return Optional.of(new ProcSample(now, ProcFs.parseStat(stat).self(),
          ProcFs.parseStatusKib(status, "VmRSS").orElse(0), ProcFs.parseStatusKib(status, "VmHWM").orElse(0), rchar));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
