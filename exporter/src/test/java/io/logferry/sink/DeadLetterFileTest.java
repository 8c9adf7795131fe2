package io.logferry.sink;

import static io.logferry.testing.DeadLetterLines.parse;
import static io.logferry.testing.SinkBatches.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.events.StreamKey;
import io.logferry.pipeline.LogEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadLetterFileTest {

  private static final StreamKey KEY = new StreamKey("/k8s/app", "pod-1");

  @TempDir Path dir;

  @Test
  void writesOneJsonObjectPerLineWithReasonStreamTimestampAndMessage() throws Exception {
    Path file = dir.resolve("sub/dead-letters.jsonl");
    try (DeadLetterFile dlq = DeadLetterFile.open(file)) {
      dlq.append(KEY, "too_old", List.of(event(1000, "first \"quoted\"\nsecond line"), event(1001, "ünïcode ✓")));
      dlq.sync();
      // Durable after sync, before close.
      List<String> lines = Files.readAllLines(file);
      assertThat(lines).hasSize(2);
      assertThat(parse(lines.get(0)))
          .containsExactly(
              Map.entry("reason", "too_old"),
              Map.entry("group", "/k8s/app"),
              Map.entry("stream", "pod-1"),
              Map.entry("timestamp", 1000L),
              Map.entry("message", "first \"quoted\"\nsecond line"));
      assertThat(parse(lines.get(1))).containsEntry("message", "ünïcode ✓").containsEntry("timestamp", 1001L);
    }
  }

  @Test
  void appendsAcrossReopens() throws Exception {
    Path file = dir.resolve("dlq.jsonl");
    try (DeadLetterFile dlq = DeadLetterFile.open(file)) {
      dlq.append(KEY, "too_new", List.of(event(1, "a")));
    }
    try (DeadLetterFile dlq = DeadLetterFile.open(file)) {
      dlq.append(KEY, "expired", List.of(event(2, "b")));
    }
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(2);
    assertThat(parse(lines.get(0))).containsEntry("reason", "too_new");
    assertThat(parse(lines.get(1))).containsEntry("reason", "expired");
  }

  @Test
  void countsByReason() throws Exception {
    try (DeadLetterFile dlq = DeadLetterFile.open(dir.resolve("dlq.jsonl"))) {
      dlq.append(KEY, "too_old", List.of(event(1, "a"), event(2, "b")));
      dlq.append(KEY, "too_new", List.of(event(3, "c")));
      dlq.append(KEY, "too_old", List.of(event(4, "d")));
      assertThat(dlq.count()).isEqualTo(4);
      assertThat(dlq.countsByReason()).containsOnly(Map.entry("too_old", 3L), Map.entry("too_new", 1L));
    }
  }

  @Test
  void concurrentAppendsProduceWholeLines() throws Exception {
    Path file = dir.resolve("dlq.jsonl");
    int threads = 4;
    int perThread = 500;
    try (DeadLetterFile dlq = DeadLetterFile.open(file)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    List<LogEvent> events = List.of(event(i, "thread-" + id + "-" + i + "-" + "x".repeat(i % 50)));
                    dlq.append(KEY, "too_old", events);
                    if (i % 50 == 0) dlq.sync();
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) f.get();
      pool.shutdown();
      dlq.sync();
    }
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(threads * perThread);
    for (String line : lines) assertThat(parse(line)).containsEntry("reason", "too_old").containsKey("message");
  }

  @Test
  void discardingCountsWithoutAFile() throws Exception {
    try (DeadLetterFile dlq = DeadLetterFile.discarding()) {
      dlq.append(KEY, "too_old", List.of(event(1, "a")));
      dlq.sync();
      assertThat(dlq.count()).isEqualTo(1);
      assertThat(dlq.path()).isNull();
    }
  }
}
