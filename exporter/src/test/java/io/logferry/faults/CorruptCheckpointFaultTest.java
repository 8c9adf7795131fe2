package io.logferry.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logferry.Exporter;
import io.logferry.checkpoint.CheckpointException;
import io.logferry.checkpoint.Checkpointer;
import io.logferry.config.ExporterConfig;
import io.logferry.events.ExporterEvents;
import io.logferry.faults.FaultTable.Mode;
import io.logferry.testbed.DeliveryAudit;
import io.logferry.testbed.LogWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A corrupt or truncated checkpoint file: the run refuses with a {@link CheckpointException} that names the file and
 * the recovery, ships nothing, and leaves the file byte for byte as it was. After the documented recovery (here:
 * restoring the file from a backup) the next run ships exactly what was not shipped.
 */
@ExtendWith(FaultTable.class)
class CorruptCheckpointFaultTest {

  @TempDir Path dir;

  enum Damage {
    TRUNCATED,
    GARBAGE
  }

  @ParameterizedTest
  @EnumSource(Damage.class)
  void runOnceRefusesShipsNothingAndLeavesTheFileAsItWas(Damage damage) throws Exception {
    refuse(Mode.RUN_ONCE, damage);
  }

  @ParameterizedTest
  @EnumSource(Damage.class)
  void followRefusesShipsNothingAndLeavesTheFileAsItWas(Damage damage) throws Exception {
    refuse(Mode.FOLLOW, damage);
  }

  private void refuse(Mode mode, Damage damage) throws Exception {
    try (FaultHarness h = new FaultHarness(dir); LogWriter w = h.writer("access.log", "access")) {
      ExporterConfig config = h.config("access.log*");
      w.write(300);
      h.runOnceComplete(config);
      Path file = h.state.resolve(Checkpointer.FILE_NAME);
      byte[] good = Files.readAllBytes(file);
      byte[] bad = damage == Damage.TRUNCATED
          ? Arrays.copyOf(good, good.length / 2)
          : "{\"version\":1,\"files\":{\"1:2\":{\"offset\":\"twelve\"}}}".getBytes();
      Files.write(file, bad);
      w.write(200);

      try (Exporter exporter = h.exporter(config, Duration.ofSeconds(30), ExporterEvents.NOOP)) {
        assertThatThrownBy(mode == Mode.RUN_ONCE ? exporter::runOnce : exporter::follow)
            .isInstanceOf(CheckpointException.class)
            .hasMessageContaining(file.toString())
            .hasMessageContaining("restore the file from a backup")
            .hasMessageContaining("mv " + file);
      }
      assertThat(h.fixture.events()).hasSize(300); // nothing shipped
      assertThat(Files.readAllBytes(file)).isEqualTo(bad); // left as it was

      Files.write(file, good); // the recovery: restore the file from a backup
      h.runOnceComplete(config);
      DeliveryAudit.Result result = h.audit(Map.of("access", w.eventsWritten()));
      EndpointFaults.assertExactlyOnceAndRecord(
          "corrupt checkpoint (" + damage.name().toLowerCase() + "): refused, then restored from a backup", mode,
          result);
    }
  }
}
