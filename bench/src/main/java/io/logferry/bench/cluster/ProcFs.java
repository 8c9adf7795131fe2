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

  /**
   * CPU ticks used so far: utime (field 14) + stime (field 15) of a /proc/pid/stat line. The command name (field
   * 2) is in parentheses and may itself contain spaces and parentheses, so fields are counted after the last ')'.
   */
  static long cpuTicks(String statLine) {
    int close = statLine.lastIndexOf(')');
    if (close < 0) throw new IllegalArgumentException("not a /proc/pid/stat line: " + statLine);
    String[] f = statLine.substring(close + 2).trim().split(" ");
    // f[0] is field 3 (state), so field n is f[n - 3].
    return Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3]);
  }

  /** The value in kB of a {@code Name:   1234 kB} line of /proc/pid/status, e.g. VmRSS or VmHWM. */
  static OptionalLong statusKb(String status, String name) {
    int at = 0;
    while (true) {
      int i = status.indexOf(name + ":", at);
      if (i < 0) return OptionalLong.empty();
      if (i == 0 || status.charAt(i - 1) == '\n') {
        int end = status.indexOf('\n', i);
        String value = status.substring(i + name.length() + 1, end < 0 ? status.length() : end).trim();
        int space = value.indexOf(' ');
        return OptionalLong.of(Long.parseLong(space < 0 ? value : value.substring(0, space)));
      }
      at = i + 1;
    }
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
