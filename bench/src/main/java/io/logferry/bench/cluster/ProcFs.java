package io.logferry.bench.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Reads CPU and memory of a live process from Linux' /proc (proc(5)). Values are those of the moment of reading:
 * a process that exits between two readings loses what it did after the last one, which is why the runner takes
 * the exact totals from wait4's rusage (GNU time) when it can, and uses these readings for sampled RSS.
 */
final class ProcFs {

  /** utime + stime of /proc/pid/stat are in clock ticks; USER_HZ is 100 on every mainstream Linux ABI. */
  static final long CLOCK_TICKS_PER_SECOND = 100;

  private ProcFs() {}

  /** CPU ticks used so far: utime + stime of a /proc/pid/stat line (parsed by the process benchmark's reader). */
  static long cpuTicks(String statLine) {
    return io.logferry.bench.process.ProcFs.parseStat(statLine).self();
  }

  /** The value in kB of a {@code Name:   1234 kB} line of /proc/pid/status, e.g. VmRSS or VmHWM. */
  static OptionalLong statusKb(String status, String name) {
    return io.logferry.bench.process.ProcFs.parseStatusKib(status, name);
  }

  /** One reading of a live process; empty when it has gone. */
  static java.util.Optional<Reading> read(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
      String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.US_ASCII);
      return java.util.Optional.of(
          new Reading(cpuTicks(stat), statusKb(status, "VmRSS").orElse(0), statusKb(status, "VmHWM").orElse(0)));
    } catch (IOException | RuntimeException e) {
      return java.util.Optional.empty();
    }
  }

  /** CPU ticks so far, current RSS and peak RSS (kB). */
  record Reading(long cpuTicks, long rssKb, long hwmKb) {}
}
