package io.logferry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logferry.config.ConfigException;
import io.logferry.config.ExporterConfig.MultilineConfig;
import io.logferry.config.ExporterConfig.OversizePolicy;
import io.logferry.config.ExporterConfig.ParserConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultilineTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private static AssemblerHarness javaTraces(int maxLines, int maxEventBytes) {
    return new AssemblerHarness(
        AssemblerHarness.multiline(MultilineConfig.JAVA_STACK_TRACE_START, TIMEOUT, maxLines), maxEventBytes);
  }

  private static final List<String> TRACE =
      List.of(
          "2024-05-01 12:00:00 ERROR request failed",
          "java.lang.IllegalStateException: boom",
          "\tat com.example.Service.handle(Service.java:42)",
          "\tat com.example.Controller.get(Controller.java:17)",
          "Caused by: java.io.IOException: connection reset",
          "\tat java.base/sun.nio.ch.NioSocketImpl.read(NioSocketImpl.java:313)",
          "\t... 12 more",
          "\tSuppressed: java.lang.RuntimeException: cleanup",
          "\t\tat com.example.Cleanup.run(Cleanup.java:9)");

  @Test
  void javaStackTraceJoinsItsFirstLine() {
    AssemblerHarness h = javaTraces(1000, 100_000);
    h.line("2024-05-01 11:59:59 INFO started");
    for (String l : TRACE) h.line(l);
    h.line("2024-05-01 12:00:01 INFO next");

    assertThat(h.messages())
        .containsExactly("2024-05-01 11:59:59 INFO started", String.join("\n", TRACE));
    LogEvent trace = h.events.get(1);
    assertThat(trace.byteLength()).isEqualTo(trace.message().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
  }

  @Test
  void javaTraceWithoutAHeaderLineJoinsTheExceptionLine() {
    AssemblerHarness h = javaTraces(1000, 100_000);
    for (String l : TRACE.subList(1, TRACE.size())) h.line(l);
    h.assembler.flushAll();

    assertThat(h.messages()).containsExactly(String.join("\n", TRACE.subList(1, TRACE.size())));
  }

  @Test
  void anUnqualifiedWordEndingInErrorStillStartsAnEvent() {
    AssemblerHarness h = javaTraces(1000, 100_000);
    h.line("Error: disk full");
    h.line("\tat somewhere");
    h.line("RuntimeError: not a java class name");
    h.assembler.flushAll();

    assertThat(h.messages()).containsExactly("Error: disk full\n\tat somewhere", "RuntimeError: not a java class name");
  }

  @Test
  void multilineCommitOffsetIsTheEndOfItsLastLine() {
    AssemblerHarness h = javaTraces(1000, 100_000);
    h.line("Start one"); // 0..10
    h.line("  a"); // 10..14
    h.line("  b"); // 14..18
    h.line("Start two"); // 18..28

    assertThat(h.commitOffsets()).containsExactly(18L);
    h.assembler.flushAll();
    assertThat(h.commitOffsets()).containsExactly(18L, 28L);
  }

  @Test
  void openEventIsFlushedAfterTheTimeoutWithoutNewLines() {
    AssemblerHarness h = javaTraces(1000, 100_000);
    h.line("Start");
    h.ticker.advance(Duration.ofMillis(1500));
    h.line("  more"); // restarts the wait
    h.ticker.advance(Duration.ofMillis(1500));
    h.assembler.flushExpired();
    assertThat(h.events).isEmpty();

    h.ticker.advance(Duration.ofMillis(500));
    h.assembler.flushExpired();

    assertThat(h.messages()).containsExactly("Start\n  more");
  }

  @Test
  void continuationAfterATimeoutFlushKeepsJoiningInANewEvent() {
    AssemblerHarness h = javaTraces(1000, 100_000);
    h.line("Start");
    h.ticker.advance(TIMEOUT);
    h.assembler.flushExpired();
    h.line("  late 1");
    h.line("  late 2");
    h.assembler.flushAll();

    assertThat(h.messages()).containsExactly("Start", "  late 1\n  late 2");
  }

  @Test
  void flushAllEmitsEveryOpenEventOfEverySource() {
    AssemblerHarness h = javaTraces(1000, 100_000);
    h.line("Start A");
    byte[] other = "Start B".getBytes();
    h.assembler.onLine(new io.logferry.source.SourceId("other", 0), AssemblerHarness.PATH, other, 0, 7, 0, 8, true);
    assertThat(h.events).isEmpty();

    h.assembler.flushAll();

    assertThat(h.messages()).containsExactlyInAnyOrder("Start A", "Start B");
    h.assembler.flushAll();
    assertThat(h.events).hasSize(2);
  }

  @Test
  void sourceEndEmitsTheOpenEvent() {
    AssemblerHarness h = javaTraces(1000, 100_000);
    h.line("Start");
    h.line("  tail");

    h.assembler.onSourceEnd(AssemblerHarness.SOURCE, AssemblerHarness.PATH);

    assertThat(h.messages()).containsExactly("Start\n  tail");
    assertThat(h.commitOffsets()).containsExactly(13L);
  }

  @Test
  void eventIsClosedAtMaxLines() {
    AssemblerHarness h = javaTraces(3, 100_000);
    h.line("Start");
    h.line("  1");
    h.line("  2");
    assertThat(h.messages()).containsExactly("Start\n  1\n  2");
    h.line("  3");
    h.line("  4");
    h.assembler.flushAll();

    assertThat(h.messages()).containsExactly("Start\n  1\n  2", "  3\n  4");
  }

  @Test
  void continuationLinesAtTheTopOfAFileFormOneEvent() {
    AssemblerHarness h = javaTraces(1000, 100_000);
    h.line("  orphan 1");
    h.line("  orphan 2");
    h.line("Start");
    h.line("  joined");
    h.assembler.flushAll();

    assertThat(h.messages()).containsExactly("  orphan 1\n  orphan 2", "Start\n  joined");
    assertThat(h.commitOffsets()).containsExactly(22L, 37L);
  }

  @Test
  void joiningThatWouldExceedTheEventLimitEmitsWhatItHas() {
    AssemblerHarness h = javaTraces(1000, 20);
    h.line("Start 0123"); // 10 bytes
    h.line("  456789"); // +1 +8 = 19
    h.line("  abc"); // +1 +5 = 25 > 20
    h.assembler.flushAll();

    assertThat(h.messages()).containsExactly("Start 0123\n  456789", "  abc");
    for (LogEvent e : h.events) assertThat(e.byteLength()).isLessThanOrEqualTo(20);
  }

  @Test
  void startPatternIsMatchedAtTheLineStart() {
    AssemblerHarness h = new AssemblerHarness(AssemblerHarness.multiline("\\d{4}-", TIMEOUT, 100), 1000);
    h.line("2024-01-01 a");
    h.line("  value 2024-02-02 not a start");
    h.line("2024-01-02 b");
    h.assembler.flushAll();

    assertThat(h.messages()).containsExactly("2024-01-01 a\n  value 2024-02-02 not a start", "2024-01-02 b");
  }

  @Test
  void lineArrivingInPiecesJoinsTheOpenEventAsOneLine() {
    AssemblerHarness h = javaTraces(1000, 100_000);
    h.line("Start");
    h.linePieces("\tat com.example.Deep.call(Deep.java:1)".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 7);
    h.assembler.flushAll();

    assertThat(h.messages()).containsExactly("Start\n\tat com.example.Deep.call(Deep.java:1)");
    assertThat(h.commitOffsets()).containsExactly(h.offset);
  }

  @Test
  void invalidStartPatternIsAConfigError() {
    assertThatThrownBy(
            () ->
                new AssemblerHarness(
                    AssemblerHarness.config(
                        OversizePolicy.SPLIT,
                        new MultilineConfig("(unclosed", TIMEOUT, 10),
                        ParserConfig.PLAIN,
                        "app",
                        "{file}"),
                    100))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("multiline.startPattern");
  }
}
