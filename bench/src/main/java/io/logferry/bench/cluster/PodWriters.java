package io.logferry.bench.cluster;

import io.logferry.testbed.LineFormat;
import io.logferry.testbed.LogWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One process that writes the log files of many simulated pods (the testbed {@link LogWriter}, rename rotation),
 * so that a window with 40 pods costs one JVM of writers instead of 40: the machine's two cores are left to the
 * shippers being measured. Every pod writes at its own steady rate in 10 ms bursts on one thread.
 *
 * <pre>
 * java -cp benchmarks.jar io.logferry.bench.cluster.PodWriters --pods PODS.tsv --duration-ms 60000
 *     [--rotate-bytes 131072] [--format nginx]
 * PODS.tsv: one line per pod: {@code <log file> <writer id> <lines per second>}
 * a file {@code PODS.tsv.stop-<writer id>} next to the pods file stops that pod's writer (its application exited);
 * stdout: {@code {"started":true}} when writing begins; one {@code {"writer":...,"events":N,"bytes":N,"rotations":N,"achievedRate":R}} line per pod when it
 *     stops, then {@code {"done":true}}.
 * </pre>
 */
public final class PodWriters {

  private PodWriters() {}

  record Pod(Path file, String writer, double rate) {}

  public static void main(String[] args) throws Exception {
    Path podsFile = null;
    long durationMillis = 60_000;
    long rotateBytes = 128L << 10;
    LineFormat format = LineFormat.NGINX_COMBINED;
    for (int i = 0; i < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--pods" -> podsFile = Path.of(v);
        case "--duration-ms" -> durationMillis = Long.parseLong(v);
        case "--rotate-bytes" -> rotateBytes = Long.parseLong(v);
        case "--format" -> format = v.equals("json") ? LineFormat.JSON : LineFormat.NGINX_COMBINED;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (podsFile == null) throw new IllegalArgumentException("--pods is required");
    List<Pod> pods = new ArrayList<>();
    for (String line : Files.readAllLines(podsFile)) {
      if (line.isBlank()) continue;
      String[] f = line.trim().split("\\s+");
      pods.add(new Pod(Path.of(f[0]), f[1], Double.parseDouble(f[2])));
    }
    ConcurrentLinkedQueue<String> stops = new ConcurrentLinkedQueue<>();
    // Commands arrive as files: <pods file>.stop-<writer id> (a pipe through GNU time proved unreliable).
    Path controlDir = podsFile.toAbsolutePath().getParent();
    String prefix = podsFile.getFileName() + ".stop-";
    Thread control = new Thread(() -> {
      java.util.Set<String> seen = new java.util.HashSet<>();
      while (true) {
        try (var files = Files.list(controlDir)) {
          files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(prefix))
              .map(n -> n.substring(prefix.length())).filter(seen::add).forEach(stops::add);
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        } catch (Exception e) {
          // the directory is being cleaned up: no more commands
        }
      }
    }, "pod-writers-control");
    control.setDaemon(true);
    control.start();
    run(pods, durationMillis, rotateBytes, format, stops);
  }

  static void run(List<Pod> pods, long durationMillis, long rotateBytes, LineFormat format,
      ConcurrentLinkedQueue<String> stops) throws Exception {
    Map<String, LogWriter> open = new LinkedHashMap<>();
    Map<String, Pod> byWriter = new LinkedHashMap<>();
    long seed = 1;
    for (Pod p : pods) {
      Files.createDirectories(p.file().getParent());
      // Never delete an unshipped file: a lost line must be the shipper's doing, not the application's.
      open.put(p.writer(), LogWriter.open(new LogWriter.Settings(p.file(), p.writer(), format,
          LogWriter.Rotation.RENAME, rotateBytesFor(p.rate(), rotateBytes), 100_000, seed++)));
      byWriter.put(p.writer(), p);
    }
    // The runner's window starts at this line, not at process start: under load the JVM start alone can take
    // longer than a short window.
    System.out.println("{\"started\":true}");
    System.out.flush();
    long start = System.nanoTime();
    List<String> failed = new ArrayList<>();
    while (!open.isEmpty()) {
      long elapsed = System.nanoTime() - start;
      for (String w; (w = stops.poll()) != null; ) {
        LogWriter lw = open.remove(w);
        if (lw != null) report(lw, byWriter.get(w), elapsed);
      }
      if (elapsed >= durationMillis * 1_000_000L) break;
      for (Map.Entry<String, LogWriter> e : open.entrySet()) {
        long n = linesThisPass(byWriter.get(e.getKey()).rate(), elapsed, e.getValue().eventsWritten());
        try {
          if (n > 0) e.getValue().write((int) n);
        } catch (java.io.UncheckedIOException ex) {
          // The pod's directory went away under the writer (a deleted pod): that pod stops, the others go on.
          failed.add(e.getKey());
        }
        if (System.nanoTime() - start >= durationMillis * 1_000_000L) break;
      }
      for (String w : failed) {
        LogWriter lw = open.remove(w);
        if (lw != null) report(lw, byWriter.get(w), System.nanoTime() - start);
      }
      failed.clear();
      Thread.sleep(10);
    }
    long elapsed = System.nanoTime() - start;
    for (Map.Entry<String, LogWriter> e : open.entrySet()) report(e.getValue(), byWriter.get(e.getKey()), elapsed);
    System.out.println("{\"done\":true}");
    System.out.flush();
  }

  /**
   * The lines a pod at {@code rate} lines/s writes in a pass {@code elapsedNanos} into the window, having written
   * {@code written}: what is due, at most 1 s worth. The cap lets a writer starved of CPU catch up gradually and
   * still stop on time (its achievedRate then says it fell short) instead of one pod's backlog blocking all the
   * others. It was 100 ms worth: on a loaded machine a pass (the 10-ms sleep plus the wait for a core) took ~160 ms,
   * so every pod wrote at 62.5 % of its rate however little CPU the writing itself needed.
   */
  static long linesThisPass(double rate, long elapsedNanos, long written) {
    if (rate <= 0) return 0;
    long due = (long) (rate * elapsedNanos / 1e9) + 1;
    return Math.max(0, Math.min(due - written, Math.max(1, (long) rate)));
  }

  /** Lines are ~200 B (nginx combined); a file lives at least this long under its live name before it rotates. */
  static final int MIN_SECONDS_PER_FILE = 10;

  /**
   * The rotation size of a pod: {@code rotateBytes}, or {@link #MIN_SECONDS_PER_FILE} seconds of its writing when
   * that is more. At 2,000 lines/s a 128-KiB rotation renamed the live file every 0.3 s, faster than a shipper that
   * tails only the live name rescans (Fluent Bit, 1 s): files that were never seen under it were lost (26,903 lines in
   * a 65-s quick window). The kubelet rotates container logs at 10 MiB (every ~25 s at that rate); the low-rate pods
   * keep their frequent rotations, so rotation is still exercised in every window.
   */
  static long rotateBytesFor(double rate, long rotateBytes) {
    return Math.max(rotateBytes, (long) (rate * 200 * MIN_SECONDS_PER_FILE));
  }

  private static void report(LogWriter w, Pod pod, long elapsedNanos) {
    double seconds = Math.max(elapsedNanos / 1e9, 1e-9);
    w.close();
    System.out.printf(Locale.ROOT,
        "{\"writer\":\"%s\",\"events\":%d,\"bytes\":%d,\"rotations\":%d,\"achievedRate\":%.2f,\"targetRate\":%.2f}%n",
        pod.writer(), w.eventsWritten(), w.bytesWritten(), w.rotations(), w.eventsWritten() / seconds, pod.rate());
    System.out.flush();
  }
}
