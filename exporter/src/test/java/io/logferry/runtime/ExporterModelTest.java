package io.logferry.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.Exporter;
import io.logferry.config.ExporterConfig;
import io.logferry.events.ExporterEvents;
import io.logferry.pipeline.Batch;
import io.logferry.pipeline.BatchLimits;
import io.logferry.pipeline.LogEvent;
import io.logferry.sink.ExportResult;
import io.logferry.sink.LogSink;
import io.logferry.sink.cloudwatch.CloudWatchLimits;
import io.logferry.testbed.DeliveryAudit;
import io.logferry.testbed.LineFormat;
import io.logferry.testbed.LogWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole exporter as a model-based test (Vector's file_watcher tests, one level up): random sequences of writes,
 * unterminated writes, rename rotations, copytruncate rotations, deletes of shipped files and run-once runs (some of
 * which find the sink down), checked against the writers' own record: every line written reaches the sink exactly
 * once, in order per file.
 *
 * <p>copytruncate happens only right after a complete run here: lines written between a run and a copytruncate live
 * only in the copy, which no tailer reads without including the copies (see the README's copytruncate window).
 */
class ExporterModelTest {

  @TempDir Path dir;

  /** A sink that keeps what it accepted, and can be down (every batch fails, nothing is kept). */
  static final class CapturingSink implements LogSink {
    final List<String> accepted = Collections.synchronizedList(new ArrayList<>());
    volatile boolean down;

    @Override
    public BatchLimits limits() {
      return CloudWatchLimits.batchLimits();
    }

    @Override
    public CompletableFuture<ExportResult> export(Batch batch) {
      if (down) return CompletableFuture.completedFuture(ExportResult.failed("down", 0, 0));
      for (LogEvent e : batch.events()) accepted.add(e.message());
      return CompletableFuture.completedFuture(ExportResult.delivered(batch.size(), 0, 0, 0));
    }

    @Override
    public String healthcheck() {
      return down ? "down" : null;
    }

    @Override
    public void abortRetries() {}

    @Override
    public void close() {}
  }

  @Test
  void randomWritesRotationsOutagesAndRunsShipEveryLineExactlyOnce() throws Exception {
    for (long seed = 1; seed <= 40; seed++) {
      runModel(seed);
    }
  }

  private void runModel(long seed) throws Exception {
    Random random = new Random(seed);
    Path root = Files.createDirectories(dir.resolve("seed-" + seed));
    Path logs = root.resolve("logs");
    Path state = root.resolve("state");
    CapturingSink sink = new CapturingSink();
    int files = 1 + random.nextInt(3);
    List<LogWriter> writers = new ArrayList<>();
    for (int i = 0; i < files; i++) {
      writers.add(
          LogWriter.open(
              new LogWriter.Settings(
                  logs.resolve("f" + i + ".log"), "f" + i, LineFormat.JSON, LogWriter.Rotation.NONE, Long.MAX_VALUE, 1000, seed)));
    }
    ExporterConfig config =
        ExporterConfig.defaults(List.of(logs + "/f*.log*"), state, "/model")
            .withScanInterval(Duration.ofMillis(1))
            .withStreamTemplate("{filename}");
    StringBuilder trace = new StringBuilder();
    // Per writer: written to since the last complete run (a copytruncate now would strand lines in the copy), and
    // renamed since the last complete run (deleting rotated files now would delete unshipped lines).
    boolean[] dirty = new boolean[files];
    boolean[] renamed = new boolean[files];
    try {
      for (int step = 0; step < 30; step++) {
        int k = random.nextInt(files);
        LogWriter w = writers.get(k);
        int action = random.nextInt(10);
        if (action <= 3) {
          int n = 1 + random.nextInt(50);
          w.write(n);
          dirty[k] = true;
          trace.append(" w").append(k).append('x').append(n);
        } else if (action == 4) {
          w.rotateNow(LogWriter.Rotation.RENAME);
          renamed[k] = true;
          trace.append(" rename").append(k);
        } else if (action == 5 && !dirty[k] && !renamed[k]) {
          w.rotateNow(LogWriter.Rotation.COPYTRUNCATE);
          // The copy holds only shipped lines; logrotate would keep it, here it simply is not included.
          Files.delete(logs.resolve("f" + k + ".log.1"));
          trace.append(" copytruncate").append(k);
        } else if (action == 6 && !renamed[k]) {
          deleteRotated(logs, "f" + k + ".log.");
          trace.append(" delete-rotated").append(k);
        } else if (action == 7) {
          sink.down = random.nextInt(4) == 0;
          trace.append(sink.down ? " run(down)" : " run");
          if (runOnce(config, sink) && !sink.down) {
            java.util.Arrays.fill(dirty, false);
            java.util.Arrays.fill(renamed, false);
          }
        } else if (action == 8) {
          // An unterminated last line: a run ships it as it is, the rest of the line comes in a later event.
          w.writeRaw("partial ".getBytes(java.nio.charset.StandardCharsets.UTF_8));
          dirty[k] = true;
          trace.append(" partial").append(k);
        } else {
          trace.append(" idle");
        }
      }
      sink.down = false;
      trace.append(" final-run");
      assertThat(runOnce(config, sink)).as("seed %d:%s", seed, trace).isTrue();
      DeliveryAudit audit = new DeliveryAudit();
      sink.accepted.forEach(audit::accept);
      Map<String, Long> written = new LinkedHashMap<>();
      for (LogWriter w : writers) written.put(w.settings().writerId(), w.eventsWritten());
      assertThat(audit.results(written).values())
          .as("seed %d:%s -> %s", seed, trace, audit.results(written))
          .allMatch(DeliveryAudit.Result::exactlyOnce);
    } finally {
      for (LogWriter w : writers) w.close();
    }
  }

  private static boolean runOnce(ExporterConfig config, CapturingSink sink) {
    try (Exporter exporter = Exporter.create(config, sink, ExporterEvents.NOOP)) {
      return exporter.runOnce().complete();
    }
  }

  private static void deleteRotated(Path logs, String prefix) throws IOException {
    try (Stream<Path> s = Files.list(logs)) {
      for (Path p : s.toList()) {
        if (p.getFileName().toString().startsWith(prefix)) Files.delete(p);
      }
    }
  }

}
