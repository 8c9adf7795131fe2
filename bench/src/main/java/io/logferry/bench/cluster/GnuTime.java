package io.logferry.bench.cluster;

import java.util.Locale;

/**
 * The exact totals of one child process, from GNU time's report of wait4(2)'s rusage: the kernel's own accounting of
 * the whole life of the process, children it waited for included, taken when the process is reaped, so nothing a
 * short-lived run-once does just before it exits is missed. Format: {@value #FORMAT}.
 *
 * @param wallSeconds elapsed real time, process start to exit
 * @param userSeconds user CPU
 * @param systemSeconds system CPU
 * @param maxRssKb peak resident set (ru_maxrss, the VmHWM at exit)
 * @param exitCode exit status (128 + n when killed by signal n)
 */
record GnuTime(double wallSeconds, double userSeconds, double systemSeconds, long maxRssKb, int exitCode) {

  /** {@code %e %U %S %M %x}; GNU time prefixes "Command exited with non-zero status" or "Command terminated by
   * signal" lines, so the last line is the one parsed. */
  static final String FORMAT = "%e %U %S %M %x";

  double cpuSeconds() {
    return userSeconds + systemSeconds;
  }

  static GnuTime parse(String report) {
    String[] lines = report.strip().split("\n");
    String[] f = lines[lines.length - 1].trim().split("\\s+");
    if (f.length != 5) throw new IllegalArgumentException("not a GNU time report (" + FORMAT + "): " + report);
    int exit = Integer.parseInt(f[4]);
    for (String line : lines) {
      String l = line.toLowerCase(Locale.ROOT);
      // "%x" is 0 for a process killed by a signal; the signal is only in this line.
      if (l.startsWith("command terminated by signal")) exit = 128 + Integer.parseInt(l.replaceAll("\\D+", ""));
    }
    return new GnuTime(
        Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]), Long.parseLong(f[3]), exit);
  }
}
