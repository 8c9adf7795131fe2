package io.logferry.bench.cluster;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/** The progress line on stderr: which run of how many, how far in, what the endpoint accepted, the load. */
final class Progress {

  private final PrintStream out;
  private int index;
  private int total;

  Progress(PrintStream out) {
    this.out = out;
  }

  void starting(int index, int total, Scenario s) {
    this.index = index;
    this.total = total;
    out.printf(Locale.ROOT, "[%d/%d] %s (%s)%n", index, total, s.name(), s.fault().description());
  }

  void update(Scenario s, long elapsedMillis, long durationMillis, long accepted) {
    out.printf(Locale.ROOT, "[%d/%d] %s %3d/%ds accepted %d events, load %.2f%n", index, total, s.name(),
        elapsedMillis / 1000, durationMillis / 1000, accepted, loadAverage());
  }

  void note(String line) {
    out.println(line);
  }

  static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
