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

  @Test
  void aWriterWhosePassesComeEvery160MsStillWritesItsFullRate() {
    // A loaded machine: the 10-ms sleep between passes lasts 160 ms. With a 100-ms cap a pass could write only
    // 2 lines at 20 lines/s and the pod reached 62.5 % of its rate.
    for (double rate : new double[] {20, 2000}) {
      long written = 0;
      for (long t = 0; t <= 10_000; t += 160) written += PodWriters.linesThisPass(rate, t * 1_000_000L, written);
      assertThat(written).as("rate %s", rate).isEqualTo((long) (rate * 9.92) + 1);
    }
  }

  @Test
  void aStarvedWriterCatchesUpAtMostOneSecondOfLinesPerPass() {
    assertThat(PodWriters.linesThisPass(200, 5_000_000_000L, 0)).isEqualTo(200);
    assertThat(PodWriters.linesThisPass(0.5, 5_000_000_000L, 0)).isEqualTo(1);
    assertThat(PodWriters.linesThisPass(200, 1_000_000_000L, 201)).isZero();
    assertThat(PodWriters.linesThisPass(0, 5_000_000_000L, 0)).isZero();
  }
}
