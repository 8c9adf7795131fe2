package io.logferry.bench.cluster;

import io.logferry.study.StudyRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples the machine while a window runs, every 5 s: the 1-minute load average and the {@code cpu} line of
 * /proc/stat. The samples are split into the warm-up (shipper start-up, JIT, first scans) and the measured interval
 * after it ({@link #measuredFrom()} .. {@link #measuredUntil()}), so a window whose start-up burst queued 90 JVMs is
 * not called overloaded for that alone, and one whose measured minutes saturated the machine is.
 *
 * <p>{@link #OVERLOAD_RULE}: the measured interval is overloaded when its median 1-minute load exceeded the cores
 * (processes queued for CPU most of the time), or when the machine's CPUs were busy more than 95 % of the interval
 * (no headroom: every extra tick a shipper needed waited). One 5-s sample at 100 % (a GC, a run-once starting) is
 * recorded ({@code busyCoresMax}) but is not saturation of the interval. The whole-window maximum (start-up included)
 * stays in {@code load.max}: nothing is hidden.
 */
final class LoadWatch {

  static final String OVERLOAD_RULE = "measured interval: median 1-min load > cores, or busy cores (/proc/stat, "
      + "total - idle - iowait) over the interval > 0.95 x cores";
  static final double BUSY_SHARE_LIMIT = 0.95;
  private static final long PERIOD_MILLIS = 5000;
  private static final Path PROC_STAT = Path.of("/proc/stat");

  /** One reading: the phase it fell in, the 1-minute load, cumulative busy and total CPU ticks of all CPUs. */
  record Sample(Phase phase, double load1, long busyTicks, long totalTicks) {}

  enum Phase { WARMUP, MEASURED, AFTER }

  private final List<Sample> samples = new ArrayList<>();
  private double before = Double.NaN;
  private double after = Double.NaN;
  private Phase phase = Phase.WARMUP;
  private boolean measuredMarked;
  private long startNanos;
  private long measuredFromNanos;
  private long measuredUntilNanos;
  private Thread thread;

  synchronized void start() {
    startNanos = System.nanoTime();
    before = Progress.loadAverage();
    sample();
    thread = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        try {
          Thread.sleep(PERIOD_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
        sample();
      }
    }, "load-watch");
    thread.setDaemon(true);
    thread.start();
  }

  /** The warm-up ends: samples from now on belong to the measured interval (a boundary sample is taken). */
  synchronized void measuredFrom() {
    phase = Phase.MEASURED;
    measuredMarked = true;
    measuredFromNanos = System.nanoTime();
    sample();
  }

  /** The measured interval ends (the writers stopped): later samples (tail, last CronJob runs) are not in it. */
  synchronized void measuredUntil() {
    if (phase != Phase.MEASURED) return;
    sample();
    measuredUntilNanos = System.nanoTime();
    phase = Phase.AFTER;
  }

  synchronized void stop() {
    if (thread == null) return;
    thread.interrupt();
    thread = null;
    // A one-shot run (no warm-up marked) is measured as a whole.
    if (!measuredMarked) {
      phase = Phase.MEASURED;
      measuredFromNanos = startNanos;
      for (int i = 0; i < samples.size(); i++) {
        Sample s = samples.get(i);
        samples.set(i, new Sample(Phase.MEASURED, s.load1(), s.busyTicks(), s.totalTicks()));
      }
      measuredMarked = true;
    }
    if (phase == Phase.MEASURED) measuredUntil();
    after = Progress.loadAverage();
    sample();
  }

  private synchronized void sample() {
    long[] cpu = readCpu();
    samples.add(new Sample(phase, Progress.loadAverage(), cpu[0], cpu[1]));
  }

  StudyRun.Load figures(int cores) {
    List<Sample> copy;
    double seconds;
    synchronized (this) {
      copy = List.copyOf(samples);
      seconds = measuredUntilNanos > measuredFromNanos ? (measuredUntilNanos - measuredFromNanos) / 1e9 : 0;
    }
    return figures(copy, before, after, seconds, cores);
  }

  /** The figures of a list of samples (package-private: tested on synthetic samples). */
  static StudyRun.Load figures(List<Sample> samples, double before, double after, double seconds, int cores) {
    double max = Double.isNaN(before) ? Double.NEGATIVE_INFINITY : before;
    for (Sample s : samples) max = Math.max(max, s.load1());
    if (!Double.isNaN(after)) max = Math.max(max, after);
    List<Double> warm = new ArrayList<>();
    List<Double> measured = new ArrayList<>();
    List<Sample> inInterval = new ArrayList<>();
    for (Sample s : samples) {
      if (s.phase() == Phase.WARMUP) warm.add(s.load1());
      if (s.phase() == Phase.MEASURED) {
        measured.add(s.load1());
        inInterval.add(s);
      }
    }
    if (measured.isEmpty()) return new StudyRun.Load(before, after, max, max > cores);
    double busy = Double.NaN;
    double busyMax = Double.NaN;
    if (inInterval.size() >= 2) {
      Sample first = inInterval.get(0);
      Sample last = inInterval.get(inInterval.size() - 1);
      busy = busyCores(first, last, cores);
      for (int i = 1; i < inInterval.size(); i++) {
        double b = busyCores(inInterval.get(i - 1), inInterval.get(i), cores);
        if (!Double.isNaN(b)) busyMax = Double.isNaN(busyMax) ? b : Math.max(busyMax, b);
      }
    }
    double loadMedian = median(measured);
    boolean overloaded = loadMedian > cores || (!Double.isNaN(busy) && busy > BUSY_SHARE_LIMIT * cores);
    StudyRun.Measured m = new StudyRun.Measured(warm.isEmpty() ? null : max(warm), warm.isEmpty() ? null : median(warm),
        max(measured), loadMedian, measured.size(), busy, busyMax, seconds, OVERLOAD_RULE, overloaded);
    return new StudyRun.Load(before, after, max, overloaded, m);
  }

  /** Busy CPUs between two samples, as cores; NaN when no tick passed (or /proc/stat could not be read). */
  static double busyCores(Sample from, Sample to, int cores) {
    long total = to.totalTicks() - from.totalTicks();
    if (total <= 0 || from.totalTicks() < 0 || to.totalTicks() < 0) return Double.NaN;
    return (to.busyTicks() - from.busyTicks()) / (double) total * cores;
  }

  /**
   * Busy and total ticks of the aggregate {@code cpu} line of /proc/stat (proc(5)): user nice system idle iowait irq
   * softirq steal (guest time is already inside user); busy = total - idle - iowait.
   */
  static long[] parseCpuLine(String line) {
    String[] f = line.trim().split("\\s+");
    if (!f[0].equals("cpu")) throw new IllegalArgumentException("not the aggregate cpu line: " + line);
    long total = 0;
    for (int i = 1; i <= 8 && i < f.length; i++) total += Long.parseLong(f[i]);
    long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
    return new long[] {total - idle, total};
  }

  private static long[] readCpu() {
    try (var lines = Files.lines(PROC_STAT, StandardCharsets.US_ASCII)) {
      return parseCpuLine(lines.findFirst().orElseThrow());
    } catch (IOException | RuntimeException e) {
      return new long[] {-1, -1};
    }
  }

  private static double max(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  static double median(List<Double> v) {
    double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
