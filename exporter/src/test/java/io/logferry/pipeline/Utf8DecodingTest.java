package io.logferry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8DecodingTest {

  private final AssemblerHarness h = new AssemblerHarness(AssemblerHarness.plain(), 1000);

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) b[i] = (byte) values[i];
    return b;
  }

  @Test
  void invalidBytesAreReplacedNotDropped() {
    h.line(bytes('a', 0xFF, 'b', 0xC3, 'c')); // 0xFF never valid; 0xC3 is a lead byte followed by no continuation

    LogEvent e = h.events.get(0);
    assertThat(e.message()).isEqualTo("a\uFFFDb\uFFFDc");
    assertThat(e.byteLength()).isEqualTo(3 + 2 * 3); // each U+FFFD is 3 bytes: longer than the 5 input bytes
    assertThat(e.byteLength()).isEqualTo(e.message().getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void truncatedSequenceAtEndOfLineBecomesReplacement() {
    h.line(bytes('x', 0xE2, 0x82)); // the first two bytes of € (E2 82 AC)

    assertThat(h.events.get(0).message()).isEqualTo("x\uFFFD");
    assertThat(h.events.get(0).byteLength()).isEqualTo(4);
  }

  @Test
  void characterCutBetweenPiecesIsRejoined() {
    byte[] line = "price: 12€ and 😀!".getBytes(StandardCharsets.UTF_8);
    // Every piece size cuts some character in the middle at least once.
    for (int pieceSize = 1; pieceSize <= 5; pieceSize++) {
      AssemblerHarness fresh = new AssemblerHarness(AssemblerHarness.plain(), 1000);
      fresh.linePieces(line, pieceSize);

      assertThat(fresh.messages()).as("piece size %d", pieceSize).containsExactly("price: 12€ and 😀!");
      assertThat(fresh.events.get(0).byteLength()).isEqualTo(line.length);
      assertThat(fresh.events.get(0).commitOffset()).isEqualTo(line.length + 1);
    }
  }

  @Test
  void nulBytesAreKept() {
    h.line(bytes('a', 0, 'b', 0));

    assertThat(h.events.get(0).message()).isEqualTo("a\0b\0");
    assertThat(h.events.get(0).byteLength()).isEqualTo(4);
  }

  @Test
  void validMultibyteTextKeepsItsByteLength() {
    String text = "Grüße, 世界, 𝄞 " + "ascii tail".repeat(20);
    h.line(text);

    assertThat(h.events.get(0).message()).isEqualTo(text);
    assertThat(h.events.get(0).byteLength()).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void byteLengthMatchesTheEncodedMessageForRandomBytes() {
    for (int seed = 0; seed < 200; seed++) {
      Random random = new Random(seed);
      byte[] raw = new byte[random.nextInt(200)];
      random.nextBytes(raw);
      for (int i = 0; i < raw.length; i++) if (raw[i] == '\n') raw[i] = 'n';
      AssemblerHarness fresh = new AssemblerHarness(AssemblerHarness.plain(), 1000);
      fresh.line(raw);
      if (raw.length == 0) {
        assertThat(fresh.events).as("seed %d", seed).isEmpty();
        continue;
      }
      LogEvent e = fresh.events.get(0);
      assertThat(e.message()).as("seed %d", seed).isEqualTo(new String(raw, StandardCharsets.UTF_8));
      assertThat(e.byteLength()).as("seed %d", seed).isEqualTo(e.message().getBytes(StandardCharsets.UTF_8).length);
    }
  }

  @Test
  void asciiCheckFindsAHighByteAtAnyPosition() {
    for (int len = 0; len < 150; len++) {
      byte[] b = new byte[len + 3];
      java.util.Arrays.fill(b, (byte) 'a');
      assertThat(Utf8.isAscii(b, 3, len)).isTrue();
      for (int pos = 0; pos < len; pos++) {
        b[3 + pos] = (byte) 0x80;
        assertThat(Utf8.isAscii(b, 3, len)).as("len %d pos %d", len, pos).isFalse();
        b[3 + pos] = 'a';
      }
      b[0] = (byte) 0xFF; // outside the range: must not count
      assertThat(Utf8.isAscii(b, 3, len)).isTrue();
    }
  }

  @Test
  void cutNeverSplitsASurrogatePair() {
    String s = "a😀😀"; // 1 + 4 + 4 bytes
    long cut = Utf8.cut(s, 0, s.length(), 6);

    assertThat(Utf8.cutEnd(cut)).isEqualTo(3); // "a" and one emoji (two chars)
    assertThat(Utf8.cutBytes(cut)).isEqualTo(5);
    assertThat(Utf8.cutEnd(Utf8.cut(s, 0, s.length(), 4))).isEqualTo(1);
  }
}
