package io.logferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.checkpoint.CheckpointException;
import io.logferry.checkpoint.LockHeldException;
import io.logferry.config.ConfigException;
import io.logferry.runtime.RunSummary;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExitCodesTest {

  static RunSummary summary(long deadLettered, long failedBatches, long undelivered, boolean deadline) {
    return new RunSummary(2, 100, 5000, 100, 100 - undelivered, 4000, 3, 1, 0, deadLettered, failedBatches, undelivered,
        deadline, 0, Duration.ofMillis(1500));
  }

  @Test
  void everythingDeliveredIsZero() {
    assertThat(ExitCodes.from(summary(0, 0, 0, false))).isEqualTo(ExitCodes.OK);
  }

  @Test
  void deadLetteredUndeliveredOrDeadlineIsPartial() {
    assertThat(ExitCodes.from(summary(3, 0, 0, false))).isEqualTo(ExitCodes.PARTIAL);
    assertThat(ExitCodes.from(summary(0, 0, 7, false))).isEqualTo(ExitCodes.PARTIAL);
    assertThat(ExitCodes.from(summary(0, 0, 0, true))).isEqualTo(ExitCodes.PARTIAL);
  }

  @Test
  void batchesTheSinkGaveUpOnAreAFailure() {
    assertThat(ExitCodes.from(summary(0, 2, 20, false))).isEqualTo(ExitCodes.FAILURE);
    assertThat(ExitCodes.from(summary(1, 2, 20, true))).isEqualTo(ExitCodes.FAILURE);
  }

  @Test
  void exceptionsMapToTheirCodes() {
    assertThat(ExitCodes.from(new ConfigException("x"))).isEqualTo(ExitCodes.USAGE);
    assertThat(ExitCodes.from(new LockHeldException(Path.of("/cp/lock")))).isEqualTo(ExitCodes.LOCKED);
    assertThat(ExitCodes.from(new CheckpointException("corrupt"))).isEqualTo(ExitCodes.FAILURE);
    assertThat(ExitCodes.from(new IllegalStateException("boom"))).isEqualTo(ExitCodes.FAILURE);
  }
}
