package io.logferry.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PodWritersTest {

  private static final long ROTATE = 128L << 10;

  @Test
  void aFastPodRotatesNoMoreOftenThanEveryTenSecondsOfItsWriting() {
    // 2,000 lines/s of ~200 B: 4 MB per file, one rotation every ~10 s instead of every 0.3 s.
    assertThat(PodWriters.rotateBytesFor(2000, ROTATE)).isEqualTo(4_000_000L);
    assertThat(PodWriters.rotateBytesFor(200, ROTATE)).isEqualTo(400_000L);
  }

  @Test
  void aSlowPodKeepsTheConfiguredRotationSoRotationIsStillExercised() {
    assertThat(PodWriters.rotateBytesFor(20, ROTATE)).isEqualTo(ROTATE);
    assertThat(PodWriters.rotateBytesFor(50, ROTATE)).isEqualTo(ROTATE);
    assertThat(PodWriters.rotateBytesFor(0, ROTATE)).isEqualTo(ROTATE);
  }
}
