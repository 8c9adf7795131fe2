package io.logferry.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommitCadenceTest {

  @Test
  void theFirstWriteMayHappenAtOnceThenAtMostOnePerGap() {
    CommitCadence cadence = new CommitCadence(Duration.ofMillis(100));
    assertThat(cadence.delayNanos(5)).isZero();
    cadence.wrote(1_000_000_000L);
    assertThat(cadence.delayNanos(1_000_000_000L)).isEqualTo(100_000_000L);
    assertThat(cadence.delayNanos(1_060_000_000L)).isEqualTo(40_000_000L);
    assertThat(cadence.delayNanos(1_100_000_000L)).isZero();
  }

  @Test
  void goneFilesAreForgottenAfterTheRetentionAndPresentOnesNever() {
    GoneFiles gone = new GoneFiles(Duration.ofSeconds(60));
    Set<String> remembered = Set.of("a", "b");
    // b was last updated long ago and is not found: a file deleted between two runs goes at once.
    assertThat(gone.afterScan(remembered, Set.of("a"), k -> 0L, 1_000_000L)).containsExactly("b");
    // a is seen, then absent: kept for the retention, then forgotten.
    assertThat(gone.afterScan(Set.of("a"), Set.of(), k -> 0L, 1_030_000L)).isEmpty();
    assertThat(gone.afterScan(Set.of("a"), Set.of(), k -> 0L, 1_060_000L)).containsExactly("a");
    assertThat(gone.afterScan(Set.of("c"), Set.of("c"), k -> 0L, 9_000_000L)).isEqualTo(List.of());
  }
}
