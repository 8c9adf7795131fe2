package io.logferry.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogWriterTest {

  @TempDir Path dir;

  private static List<String> lines(Path... files) throws Exception {
    return Stream.of(files)
        .flatMap(
            f -> {
              try {
                return Files.readAllLines(f, StandardCharsets.UTF_8).stream();
              } catch (Exception e) {
                throw new RuntimeException(e);
              }
            })
        .toList();
  }

  @Test
  void nginxLinesAreAboutTheSizeOfARealAccessLogAndCarryTheirSequence() throws Exception {
    Path file = dir.resolve("access.log");
    try (LogWriter w = LogWriter.open(LogWriter.Settings.of(file, "p1", LineFormat.NGINX_COMBINED))) {
      long bytes = w.write(1000, 1_763_900_000_000L);
      assertThat(bytes / 1000.0).isBetween(170.0, 220.0);
    }
    List<String> lines = lines(file);
    assertThat(lines).hasSize(1000);
    assertThat(lines.get(0)).contains("seq=p1:0&").contains("[23/Nov/2025:");
    assertThat(lines.get(999)).contains("seq=p1:999&");
  }

  @Test
  void renameRotationKeepsEveryLineAcrossTheRotatedFiles() throws Exception {
    Path file = dir.resolve("app.log");
    LogWriter.Settings s =
        LogWriter.Settings.of(file, "w", LineFormat.JSON).withRotation(LogWriter.Rotation.RENAME, 10_000, 50);
    try (LogWriter w = LogWriter.open(s)) {
      w.write(1000);
      assertThat(w.rotations()).isGreaterThan(5);
    }
    DeliveryAudit audit = new DeliveryAudit();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) lines(f).forEach(audit::accept);
    }
    assertThat(audit.total(Map.of("w", 1000L)).exactlyOnce()).isTrue();
  }

  @Test
  void renameRotationShiftsOnlyTheFilesThatExistNewestAtOneAndDropsThoseBeyondKeep() throws Exception {
    Path file = dir.resolve("app.log");
    for (int keep : new int[] {100_000, 4}) {
      try (Stream<Path> old = Files.list(dir)) {
        for (Path f : old.toList()) Files.delete(f);
      }
      LogWriter.Settings s =
          LogWriter.Settings.of(file, "w", LineFormat.JSON).withRotation(LogWriter.Rotation.RENAME, 10_000, keep);
      try (LogWriter w = LogWriter.open(s)) {
        for (int i = 0; i < 12; i++) {
          w.write(10);
          w.rotateNow(LogWriter.Rotation.RENAME);
        }
      }
      int expected = Math.min(12, keep);
      for (int n = 1; n <= expected; n++) assertThat(dir.resolve("app.log." + n)).as("keep %d", keep).exists();
      assertThat(dir.resolve("app.log." + (expected + 1))).doesNotExist();
      // .1 holds the newest rotated lines, the highest index the oldest kept.
      assertThat(lines(dir.resolve("app.log.1")).get(0)).contains("seq=w:110 ");
      assertThat(lines(dir.resolve("app.log." + expected)).get(0)).contains("seq=w:" + (12 - expected) * 10 + " ");
    }
  }

  @Test
  void copytruncateRotationLeavesTheOriginalFileInPlaceAndShorter() throws Exception {
    Path file = dir.resolve("app.log");
    LogWriter.Settings s =
        LogWriter.Settings.of(file, "w", LineFormat.JAVA_APP).withRotation(LogWriter.Rotation.COPYTRUNCATE, 5_000, 100);
    Object inode;
    try (LogWriter w = LogWriter.open(s)) {
      inode = Files.readAttributes(file, "unix:ino").get("ino");
      w.write(200);
    }
    assertThat(Files.readAttributes(file, "unix:ino").get("ino")).isEqualTo(inode);
    assertThat(Files.size(file)).isLessThan(5_000 + 600);
    assertThat(Files.exists(dir.resolve("app.log.1"))).isTrue();
  }

  @Test
  void auditCountsLostAndDuplicatedEvents() {
    DeliveryAudit audit = new DeliveryAudit();
    audit.accept("x seq=a:0 t=1");
    audit.accept("x seq=a:1 t=1\n seq=a:2 t=1");
    audit.accept("x seq=a:1 t=1");
    audit.accept("x seq=b:0 t=1");
    DeliveryAudit.Result a = audit.results(Map.of("a", 5L, "b", 1L)).get("a");
    assertThat(a).isEqualTo(new DeliveryAudit.Result(5, 3, 2, 1));
    assertThat(audit.total(Map.of("a", 5L, "b", 1L))).isEqualTo(new DeliveryAudit.Result(6, 4, 2, 1));
  }
}
