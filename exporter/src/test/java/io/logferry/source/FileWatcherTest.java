package io.logferry.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FileWatcherTest {

  @Test
  void wordAtATimeNewlineSearchFindsTheSameNewlineAsAByteLoop() {
    Random random = new Random(7);
    byte[] alphabet = {'\n', '\r', 'a', 0, (byte) 0x0B, (byte) 0x09, (byte) 0x8A, (byte) 0xFF, (byte) (0x0A ^ 0x80)};
    for (int round = 0; round < 20_000; round++) {
      byte[] buf = new byte[random.nextInt(40)];
      for (int i = 0; i < buf.length; i++) {
        buf[i] = random.nextInt(4) == 0 ? alphabet[random.nextInt(alphabet.length)] : (byte) random.nextInt(256);
      }
      int from = buf.length == 0 ? 0 : random.nextInt(buf.length + 1);
      int end = from + random.nextInt(buf.length - from + 1);
      assertThat(FileWatcher.newline(buf, from, end)).as("round %d", round).isEqualTo(naive(buf, from, end));
    }
  }

  private static int naive(byte[] buf, int from, int end) {
    for (int i = from; i < end; i++) {
      if (buf[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  @Test
  void piecesAreCutBeforeAUtf8ContinuationByteButNeverBackOffMoreThanThree() {
    byte[] euro = "ab€cd".getBytes(StandardCharsets.UTF_8); // € = E2 82 AC at 2..4
    assertThat(FileWatcher.utf8Boundary(euro, 0, 3)).isEqualTo(2);
    assertThat(FileWatcher.utf8Boundary(euro, 0, 4)).isEqualTo(2);
    assertThat(FileWatcher.utf8Boundary(euro, 0, 5)).isEqualTo(5);
    byte[] garbage = {'a', (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 'b'};
    assertThat(FileWatcher.utf8Boundary(garbage, 0, 5)).isEqualTo(5); // not UTF-8: cut where the limit is
  }
}
