package io.logferry.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyJsonTest {

  static StudyRun sample(String id) {
    return new StudyRun(StudyRun.SCHEMA_VERSION, "e2e", id, "quick", "w1", 2,
        new StudyRun.Provenance("2026-12-01T22:00:00Z", "abc123", "17.0.15", List.of("-XX:+UseSerialGC"),
            new StudyRun.Machine("Xeon", 2, 24000, "Linux 6.8"), new StudyRun.Load(1.0, 2.5, 3.1, true)),
        new StudyRun.Setup("cronjob", "logferry", "none", 8, 20, 201.5, 120, 0, 60, null, null),
        new StudyRun.Outcome(
            new StudyRun.Cost(3, "wait4", 7.5, null, null, null, 112.5, 140.2, 30.1),
            new StudyRun.Freshness(100, 30_000, 54_000, 57_000, 59_000, 60_100, 30_500.5, List.of(1L, 2L)),
            new StudyRun.Delivery(100, 100, 0, 0),
            List.of(new StudyRun.CronRun(0, "scheduled", 60.0, 2.1, 2.4, 140.2, 8, 20_000, 100, 0)),
            0, null, List.of()));
  }

  @Test
  void roundTripsEveryField(@TempDir Path dir) throws IOException {
    StudyRun run = sample("e2e-x");
    StudyJson.writeAtomically(dir.resolve("e2e-x.json"), run);
    assertThat(StudyJson.read(dir.resolve("e2e-x.json"))).isEqualTo(run);
    assertThat(StudyJson.readRunSet(dir)).containsExactly(run);
  }

  @Test
  void roundTripsTheMeasuredIntervalsLoadAndReadsFilesWrittenBeforeIt(@TempDir Path dir) throws IOException {
    StudyRun old = sample("old");
    String oldJson = StudyJson.write(old);
    assertThat(oldJson).contains("\"measured\" : null");
    // A file of an older run set has no "measured" field at all.
    Files.writeString(dir.resolve("old.json"), oldJson.replace(",\n      \"measured\" : null", ""));
    assertThat(Files.readString(dir.resolve("old.json"))).doesNotContain("measured");
    assertThat(StudyJson.read(dir.resolve("old.json"))).isEqualTo(old);
    StudyRun.Measured m = new StudyRun.Measured(14.2, 9.5, 1.7, 1.2, 96, 1.31, 1.88, 480.0, "rule", false);
    StudyRun fresh = new StudyRun(old.schemaVersion(), old.kind(), "new", old.profile(), old.window(),
        old.repetition(), new StudyRun.Provenance(old.provenance().date(), old.provenance().commit(),
            old.provenance().jdk(), old.provenance().jvmFlags(), old.provenance().machine(),
            new StudyRun.Load(1.0, 2.5, 14.2, false, m)), old.setup(), old.outcome());
    StudyJson.writeAtomically(dir.resolve("new.json"), fresh);
    assertThat(StudyJson.read(dir.resolve("new.json"))).isEqualTo(fresh);
  }

  @Test
  void refusesAFieldTheSchemaDoesNotHave(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("x.json");
    Files.writeString(f, StudyJson.write(sample("x")).replace("\"kind\"", "\"kindOf\""));
    assertThatThrownBy(() -> StudyJson.read(f)).hasMessageContaining("kindOf");
  }

  @Test
  void refusesAnotherSchemaVersion(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("x.json");
    Files.writeString(f, StudyJson.write(sample("x")).replace("\"schemaVersion\" : 1", "\"schemaVersion\" : 9"));
    assertThatThrownBy(() -> StudyJson.read(f)).hasMessageContaining("schemaVersion 9");
  }
}
