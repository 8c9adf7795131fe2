package io.logferry.bench.fluentbit;

import io.logferry.testbed.LineFormat;
import io.logferry.testbed.LogWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The application of a sidecar run: writes nginx lines into several files, each at {@code rate} lines per second,
 * one line per {@code write} call at evenly spaced times (as an application logging each request does, so a
 * shipper woken by inotify is woken once per line), with the files' phases spread over one interval. One thread
 * writes every file, so the load generator costs one thread of this process, not a JVM per file.
 */
final class PacedWriters implements AutoCloseable {

  private final List<LogWriter> writers = new ArrayList<>();
  private final long intervalNanos;
  private final Thread thread;
  private volatile boolean stopped;

  /** @param files file paths, each written by its own writer id (the file's index) */
  PacedWriters(List<Path> files, List<String> writerIds, double rate) {
    if (rate <= 0) throw new IllegalArgumentException("rate must be positive: " + rate);
    for (int i = 0; i < files.size(); i++) {
      writers.add(LogWriter.open(LogWriter.Settings.of(files.get(i), writerIds.get(i), LineFormat.NGINX_COMBINED)));
    }
    intervalNanos = Math.round(1e9 / rate);
    thread = new Thread(this::loop, "paced-writers");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void loop() {
    int n = writers.size();
    long start = System.nanoTime();
    long[] due = new long[n];
    for (int i = 0; i < n; i++) due[i] = start + intervalNanos * i / n;
    while (!stopped) {
      long next = Long.MAX_VALUE;
      long now = System.nanoTime();
      for (int i = 0; i < n; i++) {
        if (due[i] <= now) {
          writers.get(i).write(1);
          due[i] += intervalNanos;
        }
        next = Math.min(next, due[i]);
      }
      long wait = next - System.nanoTime();
      if (wait > 0) LockSupport.parkNanos(wait);
    }
  }

  /** Stops writing and closes the files; returns the lines written per file. */
  List<Long> stop() throws InterruptedException {
    stopped = true;
    LockSupport.unpark(thread);
    thread.join();
    List<Long> written = new ArrayList<>();
    for (LogWriter w : writers) {
      written.add(w.eventsWritten());
      w.close();
    }
    return written;
  }

  @Override
  public void close() throws InterruptedException {
    if (!stopped || thread.isAlive()) stop();
  }
}
