package io.logferry.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The assembler ships bytes as read when {@link Utf8#isValid} says so, and the JDK's replacement of them otherwise:
 * both must agree with the JDK decoder on every input, or a message would reach CloudWatch differently than decoding
 * and re-encoding it (the former path) sent it.
 */
class Utf8ValidationTest {

  @Test
  void validityMatchesTheJdkDecoderRoundTripOnRandomBytes() {
    Random random = new Random(11);
    // Bytes biased to the interesting lead and continuation ranges, and edge sequences (overlong, surrogate, > U+10FFFF).
    int[] pool = {0x00, 0x0A, 0x22, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0,
        0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF8, 0xFF};
    for (int round = 0; round < 200_000; round++) {
      byte[] b = new byte[random.nextInt(9)];
      for (int i = 0; i < b.length; i++) b[i] = (byte) pool[random.nextInt(pool.length)];
      byte[] roundTrip = new String(b, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
      assertEquals(Arrays.equals(b, roundTrip), Utf8.isValid(b, 0, b.length), () -> "bytes " + Arrays.toString(b));
      assertArrayEquals(roundTrip, Utf8.replaceInvalid(b, 0, b.length));
    }
  }

  @Test
  void prefixNeverCutsACharacter() {
    byte[] b = "aé€😀b".getBytes(StandardCharsets.UTF_8); // 1 + 2 + 3 + 4 + 1 bytes
    assertEquals(1, Utf8.prefix(b, 0, b.length, 2));
    assertEquals(3, Utf8.prefix(b, 0, b.length, 5));
    assertEquals(6, Utf8.prefix(b, 0, b.length, 9));
    assertEquals(10, Utf8.prefix(b, 0, b.length, 10));
    assertEquals(11, Utf8.prefix(b, 0, b.length, 11));
    assertEquals(4, Utf8.prefix(b, 6, 5, 4));
  }
}
