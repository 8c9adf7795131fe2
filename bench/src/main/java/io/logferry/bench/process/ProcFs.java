package io.logferry.bench.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Reads what Linux reports about a process under {@code /proc}: CPU ticks from {@code stat}, memory high-water mark
 * from {@code status}, bytes read from {@code io}. The parsers take the file's text so they can be tested without a
 * process; the readers return empty when the process is gone (it may exit between two samples).
 */
public final class ProcFs {

  private ProcFs() {}

  /**
   * The CPU fields of {@code /proc/<pid>/stat}, in clock ticks ({@code getconf CLK_TCK}).
   *
   * @param utime user time of the process itself (field 14)
   * @param stime system time of the process itself (field 15)
   * @param cutime user time of its waited-for children (field 16)
   * @param cstime system time of its waited-for children (field 17)
   */
  public record CpuTicks(long utime, long stime, long cutime, long cstime) {

    public long self() {
      return utime + stime;
    }

    public long children() {
      return cutime + cstime;
    }
  }

  /**
   * Parses one {@code /proc/<pid>/stat} line. The second field is the command name in parentheses and may itself
   * contain spaces and parentheses, so the fields are counted from the <em>last</em> {@code ')'} (proc(5)).
   */
  public static CpuTicks parseStat(String stat) {
    int close = stat.lastIndexOf(')');
    if (close < 0) throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + stat);
    String[] f = stat.substring(close + 1).trim().split("\\s+");
    // f[0] is field 3 (state), so field n is f[n - 3].
    if (f.length < 15) throw new IllegalArgumentException("too few fields in /proc/<pid>/stat: " + f.length);
    return new CpuTicks(Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14]));
  }

  /** A {@code "Key:   123 kB"} line of {@code /proc/<pid>/status} in KiB, e.g. {@code VmHWM} (peak RSS). */
  public static OptionalLong parseStatusKib(String status, String key) {
    String prefix = key + ":";
    for (String line : status.split("\n")) {
      if (line.startsWith(prefix)) {
        String value = line.substring(prefix.length()).trim();
        int space = value.indexOf(' ');
        return OptionalLong.of(Long.parseLong(space < 0 ? value : value.substring(0, space)));
      }
    }
    return OptionalLong.empty();
  }

  /** A {@code "key: 123"} line of {@code /proc/<pid>/io}, e.g. {@code rchar} (bytes read by any read call). */
  public static OptionalLong parseIo(String io, String key) {
    String prefix = key + ":";
    for (String line : io.split("\n")) {
      if (line.startsWith(prefix)) return OptionalLong.of(Long.parseLong(line.substring(prefix.length()).trim()));
    }
    return OptionalLong.empty();
  }

  /** The {@code model name} of the first CPU in {@code /proc/cpuinfo}, or {@code "unknown"}. */
  public static String parseCpuModel(String cpuinfo) {
    for (String line : cpuinfo.split("\n")) {
      if (line.startsWith("model name")) {
        int colon = line.indexOf(':');
        if (colon > 0) return line.substring(colon + 1).trim();
      }
    }
    return "unknown";
  }

  public static CpuTicks selfStat() {
    return parseStat(read(Path.of("/proc/self/stat")).orElseThrow());
  }

  public static OptionalLong peakRssKib(long pid) {
    return read(Path.of("/proc", Long.toString(pid), "status"))
        .map(s -> parseStatusKib(s, "VmHWM"))
        .orElse(OptionalLong.empty());
  }

  public static OptionalLong bytesRead(long pid) {
    return read(Path.of("/proc", Long.toString(pid), "io")).map(s -> parseIo(s, "rchar")).orElse(OptionalLong.empty());
  }

  static java.util.Optional<String> read(Path file) {
    try {
      return java.util.Optional.of(Files.readString(file, StandardCharsets.ISO_8859_1));
    } catch (IOException | RuntimeException e) {
      return java.util.Optional.empty(); // the process exited, or /proc is not there (not Linux)
    }
  }

  /** {@code getconf CLK_TCK}, the unit of the CPU fields; 100 on every common Linux when getconf is missing. */
  public static long clockTicksPerSecond() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      if (p.waitFor() == 0) return Long.parseLong(out);
    } catch (IOException | NumberFormatException e) {
      // fall through to the default
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 100;
  }
}
