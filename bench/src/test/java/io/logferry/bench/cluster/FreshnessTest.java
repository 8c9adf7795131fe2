package io.logferry.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.testbed.LineFormat;
import io.logferry.testbed.LogWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class FreshnessTest {

  @TempDir Path dir;

  /** The lines the benchmark's writers really write, in every format, carry the time they were stamped with. */
  @ParameterizedTest
  @EnumSource(LineFormat.class)
  void readsTheWriteTimeOfEveryTestbedFormat(LineFormat format) throws Exception {
    Path file = dir.resolve(format + ".log");
    long millis = 1_763_900_000_123L;
    try (LogWriter w = LogWriter.open(LogWriter.Settings.of(file, "pod-7", format))) {
      w.write(20, millis);
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    long stamped = lines.stream().filter(l -> l.contains("seq=")).count();
    assertThat(stamped).isEqualTo(20);
    for (String line : lines) {
      if (!line.contains("seq=")) continue; // stack-trace continuation lines of JAVA_APP
      assertThat(Freshness.writeMillis(line)).as(line).isEqualTo(millis);
      assertThat(Freshness.lagMillis(line, millis + 850)).isEqualTo(850);
      assertThat(GroundTruth.writerOf(line)).isEqualTo("pod-7");
    }
  }

  @Test
  void ignoresTEqualsInsideOtherWords() {
    assertThat(Freshness.writeMillis("GET /?seq=p:1&format=x&t=42 HTTP")).isEqualTo(42);
    assertThat(Freshness.writeMillis("seq=p:1 limit=5 t=9")).isEqualTo(9);
  }

  @Test
  void aMessageWithoutTokensHasNoWriteTime() {
    assertThat(Freshness.writeMillis("plain line t=5")).isEqualTo(-1); // no seq= token before it
    assertThat(Freshness.writeMillis("seq=p:1 and nothing else")).isEqualTo(-1);
    assertThat(Freshness.lagMillis("nothing", 100)).isEqualTo(-1);
  }

  @Test
  void aMultilineEventTakesTheTimeOfItsFirstLine() {
    String event = "2026-01-01T00:00:00Z ERROR request failed seq=a:7 t=1000\njava.lang.X: seq=a:8 t=2000";
    assertThat(Freshness.writeMillis(event)).isEqualTo(1000);
  }

  @Test
  void groundTruthCountsLossDuplicatesAndFreshnessPerWriter() {
    GroundTruth truth = new GroundTruth();
    truth.accept(new Endpoint.Event("pod-1/app.log", 0, 1_500, "x seq=pod-1:0 t=1000"));
    truth.accept(new Endpoint.Event("pod-1/app.log", 0, 1_900, "x seq=pod-1:0 t=1000")); // re-sent
    truth.accept(new Endpoint.Event("pod-1/app.log", 0, 2_100, "x seq=pod-1:2 t=2000"));
    truth.accept(new Endpoint.Event("pod-2/app.log", 0, 3_000, "x seq=pod-2:0 t=1000"));
    truth.accept(new Endpoint.Event("other", 0, 3_000, "no tokens at all"));
    var d = truth.delivery(java.util.Map.of("pod-1", 3L, "pod-2", 1L));
    assertThat(d.get("pod-1").lost()).isEqualTo(1); // seq 1 never arrived
    assertThat(d.get("pod-1").duplicated()).isEqualTo(1);
    assertThat(d.get("pod-2").exactlyOnce()).isTrue();
    assertThat(truth.freshnessByWriter().get("pod-1").max()).isEqualTo(900);
    assertThat(truth.freshnessByWriter().get("pod-2").p50()).isEqualTo(2000);
    assertThat(truth.freshness().count()).isEqualTo(4);
    assertThat(truth.eventsWithoutWriteTime()).isEqualTo(1);
  }
}
