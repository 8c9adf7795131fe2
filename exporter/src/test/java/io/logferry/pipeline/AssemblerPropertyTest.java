package io.logferry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.config.ExporterConfig.MultilineConfig;
import io.logferry.config.ExporterConfig.OversizePolicy;
import io.logferry.config.ExporterConfig.ParserConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property tests of the assembler over random files (seeded {@link Random}; the seed is in every failure message):
 * random bytes (ASCII, multi-byte, invalid, NUL, empty lines), random piece sizes and event limits.
 */
class AssemblerPropertyTest {

  private static final String[] FRAGMENTS = {"a", "Z", " ", "\t", "é", "€", "世", "😀", "\0", "at "};
  private static final byte[][] INVALID = {{(byte) 0xFF}, {(byte) 0xC3}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0x80}};

  private static byte[] randomLine(Random random, int maxParts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int parts = random.nextInt(maxParts + 1);
    for (int i = 0; i < parts; i++) {
      if (random.nextInt(20) == 0) {
        out.writeBytes(INVALID[random.nextInt(INVALID.length)]);
      } else {
        out.writeBytes(FRAGMENTS[random.nextInt(FRAGMENTS.length)].getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toByteArray();
  }

  @Test
  void splitEventsReassembleEveryLineWithinTheLimitAndCommitAtLineBoundaries() {
    for (int seed = 0; seed < 200; seed++) {
      Random random = new Random(seed);
      int limit = 4 + random.nextInt(60);
      int pieceSize = 1 + random.nextInt(random.nextBoolean() ? 8 : 200);
      AssemblerHarness h = new AssemblerHarness(AssemblerHarness.plain(), limit);
      List<String> expected = new ArrayList<>();
      List<long[]> bounds = new ArrayList<>();
      int lines = random.nextInt(60);
      for (int i = 0; i < lines; i++) {
        byte[] line = randomLine(random, random.nextInt(4) == 0 ? 150 : 15);
        long start = h.offset;
        h.linePieces(line, pieceSize);
        if (line.length > 0) {
          expected.add(new String(line, StandardCharsets.UTF_8));
          bounds.add(new long[] {start, h.offset});
        }
      }
      String context = "seed " + seed + " limit " + limit + " pieceSize " + pieceSize;

      long previous = 0;
      for (LogEvent e : h.events) {
        assertThat(e.message()).as(context).isNotEmpty();
        assertThat(e.byteLength()).as(context).isLessThanOrEqualTo(limit)
            .isEqualTo(e.message().getBytes(StandardCharsets.UTF_8).length);
        assertThat(e.commitOffset()).as(context).isGreaterThanOrEqualTo(previous);
        previous = e.commitOffset();
      }
      int next = 0;
      for (int i = 0; i < expected.size(); i++) {
        StringBuilder joined = new StringBuilder();
        while (true) {
          assertThat(next).as(context + " line " + i).isLessThan(h.events.size());
          LogEvent e = h.events.get(next++);
          joined.append(e.message());
          if (e.commitOffset() == bounds.get(i)[1]) break;
          assertThat(e.commitOffset()).as(context + " line " + i).isEqualTo(bounds.get(i)[0]);
        }
        assertThat(joined.toString()).as(context + " line " + i).isEqualTo(expected.get(i));
      }
      assertThat(next).as(context).isEqualTo(h.events.size());
    }
  }

  @Test
  void multilineEventsKeepEveryLineOnceInOrderWithinEveryLimit() {
    for (int seed = 0; seed < 200; seed++) {
      Random random = new Random(seed);
      int limit = 40 + random.nextInt(200);
      int maxLines = 1 + random.nextInt(8);
      Duration timeout = Duration.ofMillis(100);
      AssemblerHarness h =
          new AssemblerHarness(
              AssemblerHarness.config(
                  OversizePolicy.SPLIT,
                  new MultilineConfig("^S", timeout, maxLines),
                  ParserConfig.PLAIN,
                  "app",
                  "{file}"),
              limit);
      List<String> lines = new ArrayList<>();
      List<Long> ends = new ArrayList<>();
      int count = random.nextInt(80);
      for (int i = 0; i < count; i++) {
        String line = (random.nextInt(4) == 0 ? "S" : " ") + new String(randomLine(random, 10), StandardCharsets.UTF_8);
        line = line.replace("\uFFFD", "?");
        if (line.getBytes(StandardCharsets.UTF_8).length > limit) line = line.charAt(0) + "x";
        h.line(line);
        lines.add(line);
        ends.add(h.offset);
        int action = random.nextInt(10);
        if (action == 0) {
          h.ticker.advance(Duration.ofMillis(random.nextInt(200)));
          h.assembler.flushExpired();
        } else if (action == 1) {
          h.assembler.flushAll();
        }
      }
      h.assembler.onSourceEnd(AssemblerHarness.SOURCE, AssemblerHarness.PATH);
      String context = "seed " + seed + " limit " + limit + " maxLines " + maxLines;

      List<String> flattened = new ArrayList<>();
      long previous = 0;
      for (LogEvent e : h.events) {
        List<String> parts = Arrays.asList(e.message().split("\n", -1));
        assertThat(parts.size()).as(context).isLessThanOrEqualTo(maxLines);
        for (String continuation : parts.subList(1, parts.size())) {
          assertThat(continuation).as(context).doesNotStartWith("S"); // a start line always begins an event
        }
        assertThat(e.byteLength()).as(context).isLessThanOrEqualTo(limit)
            .isEqualTo(e.message().getBytes(StandardCharsets.UTF_8).length);
        flattened.addAll(parts);
        // The event ends where its last line ends, and never goes back.
        assertThat(e.commitOffset()).as(context).isEqualTo(ends.get(flattened.size() - 1));
        assertThat(e.commitOffset()).as(context).isGreaterThanOrEqualTo(previous);
        previous = e.commitOffset();
      }
      assertThat(flattened).as(context).containsExactlyElementsOf(lines);
    }
  }
}
