package io.logferry.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.Exporter;
import io.logferry.config.ExporterConfig;
import io.logferry.endpoint.Faults;
import io.logferry.endpoint.RecordedEvent;
import io.logferry.events.ExporterEvents;
import io.logferry.faults.FaultTable.Mode;
import io.logferry.runtime.RunSummary;
import io.logferry.testbed.DeliveryAudit;
import io.logferry.testbed.LogWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Faults of the files themselves: a file deleted while it is being read (its open descriptor keeps the inode: read to
 * its end), a symlink loop in the include tree (reported, skipped, the real file shipped once), and a binary file
 * matched by the glob (NUL bytes and invalid UTF-8: shipped with U+FFFD replacements, never crashing, never dropped).
 *
 * <p>Not covered: a file made unreadable mid-read. The tests run as root, which ignores permissions, and an open
 * descriptor keeps reading whatever the mode; {@code FileTailerTest} covers a file that cannot be opened.
 */
@ExtendWith(FaultTable.class)
class FileSystemFaultTest {

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aFileDeletedWhileItIsReadIsReadToItsEnd(Mode mode) throws Exception {
    try (FaultHarness h = new FaultHarness(dir); LogWriter w = h.writer("app.log", "app")) {
      ExporterConfig config = h.config("app.log").withBufferBytes(2L * 1024 * 1024); // reads in small steps
      w.write(40_000);
      h.fixture.endpoint().setFaults(Faults.NONE.withLatencyMs(100));
      try (Exporter exporter = h.exporter(config, Duration.ofSeconds(60), ExporterEvents.NOOP)) {
        CompletableFuture<RunSummary> run =
            CompletableFuture.supplyAsync(mode == Mode.RUN_ONCE ? exporter::runOnce : exporter::follow);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !h.fixture.events().isEmpty());
        Files.delete(h.logs.resolve("app.log"));
        assertThat(h.fixture.events().size()).as("deleted mid-read").isLessThan(40_000);
        if (mode == Mode.FOLLOW) {
          Awaitility.await().atMost(Duration.ofSeconds(60))
              .until(() -> h.audit(Map.of("app", 40_000L)).lost() == 0);
          exporter.stop();
        }
        RunSummary summary = run.get(60, TimeUnit.SECONDS);
        assertThat(summary.complete()).as(summary.toString()).isTrue();
      }
      EndpointFaults.assertExactlyOnceAndRecord("file deleted mid-read", mode, h.audit(Map.of("app", 40_000L)));
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aSymlinkLoopInTheIncludeTreeIsSkippedAndTheRealFileShippedOnce(Mode mode) throws Exception {
    try (FaultHarness h = new FaultHarness(dir); LogWriter w = h.writer("pods/a/app.log", "app")) {
      Files.createSymbolicLink(h.logs.resolve("pods/a/loop"), h.logs.resolve("pods")); // pods/a/loop -> pods
      Files.createSymbolicLink(h.logs.resolve("pods/b"), h.logs.resolve("pods/a")); // a second path to the file
      List<String> failures = new CopyOnWriteArrayList<>();
      ExporterEvents events = new ExporterEvents() {
        @Override
        public void fileReadFailed(Path path, String reason) {
          failures.add(path + ": " + reason);
        }
      };
      ExporterConfig config = h.config("pods/**/*.log");
      w.write(2_000);
      try (Exporter exporter = h.exporter(config, Duration.ofSeconds(30), events)) {
        if (mode == Mode.RUN_ONCE) {
          assertThat(exporter.runOnce().complete()).isTrue();
        } else {
          CompletableFuture<RunSummary> run = CompletableFuture.supplyAsync(exporter::follow);
          w.write(1_000);
          Awaitility.await().atMost(Duration.ofSeconds(30))
              .until(() -> h.audit(Map.of("app", w.eventsWritten())).lost() == 0);
          exporter.stop();
          assertThat(run.get(30, TimeUnit.SECONDS).complete()).isTrue();
        }
      }
      assertThat(failures).anySatisfy(f -> assertThat(f).contains("FileSystemLoopException"));
      EndpointFaults.assertExactlyOnceAndRecord("symlink loop in the include tree", mode,
          h.audit(Map.of("app", w.eventsWritten())));
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aBinaryFileIsShippedWithReplacementsNeverDroppedNeverCrashing(Mode mode) throws Exception {
    try (FaultHarness h = new FaultHarness(dir)) {
      Files.createDirectories(h.logs);
      Path bin = h.logs.resolve("core.log");
      int lines = 2_000;
      Random random = new Random(8);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int i = 0; i < lines; i++) {
        out.write(new byte[] {0, 1, 2, 0x7f, (byte) 0xff, (byte) 0xfe, (byte) 0xc3, 0x28, ' '});
        out.writeBytes(("seq=bin:" + i + " ").getBytes(StandardCharsets.US_ASCII));
        byte[] noise = new byte[random.nextInt(200)];
        random.nextBytes(noise);
        for (int j = 0; j < noise.length; j++) {
          if (noise[j] == '\n' || noise[j] == 's') noise[j] = 0; // keep one line per token, no stray "seq="
        }
        out.writeBytes(noise);
        out.write('\n');
      }
      ExporterConfig config = h.config("*.log");
      try (Exporter exporter = h.exporter(config, Duration.ofSeconds(30), ExporterEvents.NOOP)) {
        if (mode == Mode.RUN_ONCE) {
          Files.write(bin, out.toByteArray());
          assertThat(exporter.runOnce().complete()).isTrue();
        } else {
          CompletableFuture<RunSummary> run = CompletableFuture.supplyAsync(exporter::follow);
          byte[] all = out.toByteArray();
          int half = all.length / 2; // mid-line: the rest of that line arrives with the second write
          Files.write(bin, java.util.Arrays.copyOf(all, half));
          Thread.sleep(200);
          Files.write(bin, java.util.Arrays.copyOfRange(all, half, all.length), StandardOpenOption.APPEND);
          Awaitility.await().atMost(Duration.ofSeconds(30))
              .until(() -> h.audit(Map.of("bin", (long) lines)).lost() == 0);
          exporter.stop();
          assertThat(run.get(30, TimeUnit.SECONDS).complete()).isTrue();
        }
      }
      List<RecordedEvent> events = h.fixture.events();
      assertThat(events).hasSize(lines);
      assertThat(events).allSatisfy(e -> assertThat(e.message()).contains("\uFFFD"));
      EndpointFaults.assertExactlyOnceAndRecord("binary file (NUL bytes, invalid UTF-8)", mode,
          h.audit(Map.of("bin", (long) lines)));
    }
  }
}
