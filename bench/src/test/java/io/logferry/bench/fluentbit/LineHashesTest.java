package io.logferry.bench.fluentbit;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.endpoint.LocalCloudWatchLogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineHashesTest {

  @TempDir Path dir;

  @Test
  void hashesEveryLineWithoutItsNewline() throws Exception {
    Path f = Files.writeString(dir.resolve("a.log"), "one\ntwo\nthree\n");
    long[] expected = {LocalCloudWatchLogs.messageHash("one"), LocalCloudWatchLogs.messageHash("two"),
        LocalCloudWatchLogs.messageHash("three")};
    Arrays.sort(expected);
    assertThat(LineHashes.ofFile(f)).containsExactly(expected);
  }

  @Test
  void equalMultisetsAreExactlyOnce() {
    assertThat(LineHashes.compare(new long[] {1, 2, 3}, new long[] {1, 2, 3}).exactlyOnce()).isTrue();
  }

  @Test
  void aDuplicateIsExtraAndALossIsMissing() {
    LineHashes.Verdict dup = LineHashes.compare(new long[] {1, 2, 3}, new long[] {1, 2, 2, 3});
    assertThat(dup.extra()).isEqualTo(1);
    assertThat(dup.missing()).isZero();
    assertThat(dup.exactlyOnce()).isFalse();
    LineHashes.Verdict lost = LineHashes.compare(new long[] {-5, 1, 2, 3}, new long[] {1, 3});
    assertThat(lost.missing()).isEqualTo(2);
    assertThat(lost.extra()).isZero();
  }

  @Test
  void aMessageNeverWrittenIsExtraEvenWhenCountsMatch() {
    LineHashes.Verdict v = LineHashes.compare(new long[] {1, 2}, new long[] {1, 7});
    assertThat(v.missing()).isEqualTo(1);
    assertThat(v.extra()).isEqualTo(1);
    assertThat(v.exactlyOnce()).isFalse();
  }
}
