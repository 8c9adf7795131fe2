package io.logferry.testbed;

import java.nio.file.Path;
import java.util.Locale;

/**
 * A log-writing application for the manifests' demo pod and the sidecar-vs-CronJob benchmark: writes numbered lines
 * at a steady rate into one file, rotating it, until its duration is over or it is terminated. On exit it prints one
 * JSON line to stdout: {@code {"writer":...,"events":N,"bytes":N,"rotations":N,"maxWriteLatencyMicros":N,
 * "achievedRate":R}} so the benchmark knows exactly what was written.
 *
 * <pre>
 * java -cp logferry-local-endpoint-all.jar io.logferry.testbed.LogWriterMain \
 *   --file /logs/app.log --writer pod-1 [--format nginx|java|json] [--rate 100] [--duration 60s|0 for ever]
 *   [--rotate rename|copytruncate|none] [--rotate-bytes 10485760] [--keep 5] [--seed 1]
 *   [--error-file /logs/error.log]   (also an application log with Java stack traces at a tenth of the rate)
 * </pre>
 */
public final class LogWriterMain {

  private LogWriterMain() {}

  public static void main(String[] args) throws Exception {
    Path file = null;
    String writer = null;
    LineFormat format = LineFormat.NGINX_COMBINED;
    double rate = 100;
    long durationMillis = 0;
    LogWriter.Rotation rotation = LogWriter.Rotation.NONE;
    long rotateBytes = 10L * 1024 * 1024;
    int keep = 5;
    long seed = 1;
    Path errorFile = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String v = i + 1 < args.length ? args[i + 1] : null;
      switch (a) {
        case "--file" -> file = Path.of(need(a, v));
        case "--writer" -> writer = need(a, v);
        case "--format" -> format = format(need(a, v));
        case "--rate" -> rate = Double.parseDouble(need(a, v));
        case "--duration" -> durationMillis = millis(need(a, v));
        case "--rotate" -> rotation = LogWriter.Rotation.valueOf(need(a, v).toUpperCase(Locale.ROOT));
        case "--rotate-bytes" -> rotateBytes = Long.parseLong(need(a, v));
        case "--keep" -> keep = Integer.parseInt(need(a, v));
        case "--seed" -> seed = Long.parseLong(need(a, v));
        case "--error-file" -> errorFile = Path.of(need(a, v));
        case "--help", "-h" -> {
          System.out.println("usage: LogWriterMain --file F --writer ID [--format nginx|java|json] [--rate N/s]"
              + " [--duration 60s] [--rotate rename|copytruncate|none] [--rotate-bytes N] [--keep N] [--seed N]"
              + " [--error-file F]");
          return;
        }
        default -> usage("unknown option " + a);
      }
      i++;
    }
    if (file == null || writer == null) usage("--file and --writer are required");
    if (rate <= 0) usage("--rate must be positive");
    LogWriter.Settings settings =
        new LogWriter.Settings(file, writer, format, rotation, rotation == LogWriter.Rotation.NONE ? Long.MAX_VALUE : rotateBytes, keep, seed);
    RateLoop loop = new RateLoop(settings, rate, durationMillis);
    RateLoop errors = null;
    if (errorFile != null) {
      LogWriter.Settings errorSettings = new LogWriter.Settings(errorFile, writer + "-error", LineFormat.JAVA_APP,
          settings.rotation(), settings.rotateBytes(), keep, seed + 1);
      errors = new RateLoop(errorSettings, rate / 10, durationMillis);
    }
    RateLoop second = errors;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      loop.stop();
      if (second != null) second.stop();
    }, "log-writer-stop"));
    Thread errorThread = null;
    if (second != null) {
      errorThread = new Thread(() -> {
        try {
          second.run();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "error-log-writer");
      errorThread.start();
    }
    loop.run();
    if (errorThread != null) errorThread.join();
  }

  private static String need(String option, String value) {
    if (value == null) usage(option + " needs a value");
    return value;
  }

  private static LineFormat format(String name) {
    return switch (name) {
      case "nginx" -> LineFormat.NGINX_COMBINED;
      case "java" -> LineFormat.JAVA_APP;
      case "json" -> LineFormat.JSON;
      default -> throw usage("--format must be nginx, java or json");
    };
  }

  static long millis(String d) {
    String s = d.trim().toLowerCase(Locale.ROOT);
    if (s.endsWith("ms")) return Long.parseLong(s.substring(0, s.length() - 2));
    if (s.endsWith("s")) return Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1000);
    if (s.endsWith("m")) return Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 60_000);
    return Long.parseLong(s) * 1000;
  }

  private static IllegalArgumentException usage(String message) {
    System.err.println("log-writer: " + message);
    System.exit(2);
    return new IllegalArgumentException(message);
  }

  /** Writes at a steady rate in small bursts (every 10 ms), so the rate holds without a thread per line. */
  static final class RateLoop {
    private final LogWriter.Settings settings;
    private final double rate;
    private final long durationMillis;
    private volatile boolean stopped;
    private final Object done = new Object();
    private boolean finished;

    RateLoop(LogWriter.Settings settings, double rate, long durationMillis) {
      this.settings = settings;
      this.rate = rate;
      this.durationMillis = durationMillis;
    }

    void stop() {
      stopped = true;
      synchronized (done) {
        while (!finished) {
          try {
            done.wait(2000);
            return;
          } catch (InterruptedException e) {
            return;
          }
        }
      }
    }

    void run() throws InterruptedException {
      long start = System.nanoTime();
      long maxLatencyNanos = 0;
      try (LogWriter w = LogWriter.open(settings)) {
        while (!stopped) {
          long elapsed = System.nanoTime() - start;
          if (durationMillis > 0 && elapsed >= durationMillis * 1_000_000L) break;
          long due = (long) (rate * elapsed / 1e9) + 1;
          long n = due - w.eventsWritten();
          if (n > 0) {
            long t0 = System.nanoTime();
            w.write((int) Math.min(n, Integer.MAX_VALUE));
            maxLatencyNanos = Math.max(maxLatencyNanos, (System.nanoTime() - t0) / n);
          }
          Thread.sleep(10);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
            Locale.ROOT,
            "{\"writer\":\"%s\",\"events\":%d,\"bytes\":%d,\"rotations\":%d,\"maxWriteLatencyMicros\":%d,\"achievedRate\":%.2f}%n",
            settings.writerId(), w.eventsWritten(), w.bytesWritten(), w.rotations(), maxLatencyNanos / 1000,
            w.eventsWritten() / Math.max(seconds, 1e-9));
        System.out.flush();
      } finally {
        synchronized (done) {
          finished = true;
          done.notifyAll();
        }
      }
    }
  }
}
