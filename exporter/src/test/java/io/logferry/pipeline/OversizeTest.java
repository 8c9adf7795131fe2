package io.logferry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.config.ExporterConfig.MultilineConfig;
import io.logferry.config.ExporterConfig.OversizePolicy;
import io.logferry.config.ExporterConfig.ParserConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OversizeTest {

  private static final int MIB = 1024 * 1024;

  private static String randomText(Random random, int chars, boolean multibyte) {
    String alphabet = multibyte ? "abcdefghijklmnopqrstuvwxyz é€世😀" : "abcdefghijklmnopqrstuvwxyz0123456789 ";
    StringBuilder sb = new StringBuilder(chars);
    int[] cps = alphabet.codePoints().toArray();
    while (sb.length() < chars) sb.appendCodePoint(cps[random.nextInt(cps.length)]);
    return sb.toString();
  }

  @Test
  void threeMegabyteLineInPiecesIsSplitIntoEventsThatConcatenateToTheLine() {
    AssemblerHarness h = new AssemblerHarness(AssemblerHarness.plain(), AssemblerHarness.CLOUDWATCH_MAX_EVENT_BYTES);
    String line = randomText(new Random(1), 3 * MIB, false);
    byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);

    h.linePieces(bytes, MIB);

    assertThat(h.events).hasSize(4); // 3 MiB / (1 MiB - 26 B) rounds up to 4
    assertThat(String.join("", h.messages())).isEqualTo(line);
    for (LogEvent e : h.events) {
      assertThat(e.byteLength()).isBetween(1, AssemblerHarness.CLOUDWATCH_MAX_EVENT_BYTES);
      assertThat(e.byteLength()).isEqualTo(e.message().length());
    }
    // Earlier pieces point at the line's start, the last at its end (after the newline).
    assertThat(h.commitOffsets()).containsExactly(0L, 0L, 0L, (long) bytes.length + 1);
    assertThat(h.oversized).hasSize(1);
    assertThat(h.oversized.get(0)).containsExactly(bytes.length, 4);
  }

  @Test
  void multibyteLineIsSplitAtCharacterBoundaries() {
    AssemblerHarness h = new AssemblerHarness(AssemblerHarness.plain(), 1000);
    String line = randomText(new Random(7), 20_000, true);
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);

    h.linePieces(bytes, 4096 + 1); // piece ends fall inside characters too

    assertThat(String.join("", h.messages())).isEqualTo(line);
    for (LogEvent e : h.events) {
      assertThat(e.byteLength()).isLessThanOrEqualTo(1000).isPositive();
      assertThat(e.message().getBytes(StandardCharsets.UTF_8)).hasSize(e.byteLength());
      assertThat(Character.isLowSurrogate(e.message().charAt(0))).isFalse();
      assertThat(Character.isHighSurrogate(e.message().charAt(e.message().length() - 1))).isFalse();
    }
  }

  @Test
  void completeLineOverTheLimitIsSplitWithoutPieces() {
    AssemblerHarness h = new AssemblerHarness(AssemblerHarness.plain(), 10);
    h.line("first");
    h.line("0123456789abcdefghijXYZ");
    h.line("next");

    assertThat(h.messages()).containsExactly("first", "0123456789", "abcdefghij", "XYZ", "next");
    assertThat(h.commitOffsets()).containsExactly(6L, 6L, 6L, 30L, 35L);
  }

  @Test
  void lineOfExactlyTheLimitIsOneEvent() {
    AssemblerHarness h = new AssemblerHarness(AssemblerHarness.plain(), 10);
    h.linePieces("0123456789".getBytes(StandardCharsets.US_ASCII), 5);

    assertThat(h.messages()).containsExactly("0123456789");
    assertThat(h.commitOffsets()).containsExactly(11L);
    assertThat(h.oversized).isEmpty();
  }

  @Test
  void truncateKeepsOneEventWithTheMarkerAndCountsTheRest() {
    int limit = 100;
    AssemblerHarness h =
        new AssemblerHarness(
            AssemblerHarness.config(
                OversizePolicy.TRUNCATE, MultilineConfig.NONE, ParserConfig.PLAIN, "app", "{file}"),
            limit);
    String line = "x".repeat(1000);

    h.linePieces(line.getBytes(StandardCharsets.US_ASCII), 300);
    h.line("after");

    assertThat(h.events).hasSize(2);
    LogEvent truncated = h.events.get(0);
    assertThat(truncated.message()).endsWith(OversizePolicy.TRUNCATION_MARKER);
    assertThat(truncated.message()).startsWith("x".repeat(limit - OversizePolicy.TRUNCATION_MARKER.length()));
    assertThat(truncated.byteLength()).isEqualTo(limit);
    assertThat(truncated.commitOffset()).isEqualTo(1001L); // covers the whole line: the rest is deliberately dropped
    assertThat(h.events.get(1).message()).isEqualTo("after");
    assertThat(h.oversized).hasSize(1);
    assertThat(h.oversized.get(0)).containsExactly(1000, 1);
  }

  @Test
  void truncateCutsMultibyteTextAtACharacterBoundary() {
    AssemblerHarness h =
        new AssemblerHarness(
            AssemblerHarness.config(
                OversizePolicy.TRUNCATE, MultilineConfig.NONE, ParserConfig.PLAIN, "app", "{file}"),
            40);
    h.line("😀".repeat(50));

    LogEvent e = h.events.get(0);
    assertThat(e.byteLength()).isLessThanOrEqualTo(40);
    assertThat(e.message().getBytes(StandardCharsets.UTF_8)).hasSize(e.byteLength());
    assertThat(e.message()).isEqualTo("😀".repeat(4) + OversizePolicy.TRUNCATION_MARKER); // 16 + 24 bytes
  }

  @Test
  void oversizedLineClosesTheOpenMultilineEventFirst() {
    AssemblerHarness h =
        new AssemblerHarness(AssemblerHarness.multiline("^\\S", Duration.ofSeconds(5), 100), 20);
    h.line("start");
    h.line("  continued");
    h.line("Z".repeat(45));

    assertThat(h.messages()).containsExactly("start\n  continued", "Z".repeat(20), "Z".repeat(20), "Z".repeat(5));
    assertThat(h.commitOffsets()).containsExactly(18L, 18L, 18L, 64L);
  }

  @Test
  void sourceEndFlushesALineStillInPieces() {
    AssemblerHarness h = new AssemblerHarness(AssemblerHarness.plain(), 100);
    byte[] part = "unterminated".getBytes(StandardCharsets.US_ASCII);
    h.assembler.onLine(AssemblerHarness.SOURCE, AssemblerHarness.PATH, part, 0, part.length, 0, 12, false);

    assertThat(h.events).isEmpty();
    h.assembler.onSourceEnd(AssemblerHarness.SOURCE, AssemblerHarness.PATH);

    assertThat(h.messages()).containsExactly("unterminated");
    assertThat(h.commitOffsets()).containsExactly(12L);
  }
}
