package io.logferry.bench.cluster;

import io.logferry.study.StudyRun;

/** Samples the 1-minute load average every 5 s while a window runs: before, after and the largest value. */
final class LoadWatch {

  private static final long PERIOD_MILLIS = 5000;
  private volatile double max;
  private double before = Double.NaN;
  private double after = Double.NaN;
  private Thread thread;

  synchronized void start() {
    before = Progress.loadAverage();
    max = before;
    thread = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        max = Math.max(max, Progress.loadAverage());
        try {
          Thread.sleep(PERIOD_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "load-watch");
    thread.setDaemon(true);
    thread.start();
  }

  synchronized void stop() {
    if (thread == null) return;
    thread.interrupt();
    thread = null;
    after = Progress.loadAverage();
    max = Math.max(max, after);
  }

  /** {@code overloaded} when the largest load exceeded the cores: the measured processes waited for CPU. */
  StudyRun.Load figures(int cores) {
    return new StudyRun.Load(before, after, max, max > cores);
  }
}
