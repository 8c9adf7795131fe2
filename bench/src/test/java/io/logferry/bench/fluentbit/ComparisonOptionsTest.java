package io.logferry.bench.fluentbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonOptionsTest {

  @TempDir Path dir;

  @Test
  void durationsReadSecondsMinutesAndMillis() {
    assertThat(ComparisonOptions.duration("--duration", "90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(ComparisonOptions.duration("--duration", "10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(ComparisonOptions.duration("--duration", "500ms")).isEqualTo(Duration.ofMillis(500));
    assertThatThrownBy(() -> ComparisonOptions.duration("--warmup", "ten")).hasMessageContaining("--warmup");
  }

  @Test
  void aMissingFluentBitBinaryIsAUsageErrorNamingTheOption() {
    assertThatThrownBy(() -> ComparisonOptions.parse(new String[] {"--fluent-bit", dir.resolve("nope").toString()}, null))
        .hasMessageContaining("--fluent-bit");
  }

  @Test
  void warmupMustBeShorterThanTheWindow() {
    assertThatThrownBy(() -> ComparisonOptions.parse(new String[] {"--duration", "60s", "--warmup", "60s"}, null))
        .hasMessageContaining("--warmup");
  }

  @Test
  void theImageJdkFollowsTheLastFromLine() throws Exception {
    Path f = Files.writeString(dir.resolve("Dockerfile"), "FROM eclipse-temurin:25-jre AS build\nRUN x\nFROM eclipse-temurin:25-jre\n");
    assertThat(ComparisonOptions.imageJdk(f)).isEqualTo(ComparisonOptions.TEMURIN_25);
    Path g = Files.writeString(dir.resolve("Dockerfile17"), "FROM registry.access.redhat.com/ubi9/openjdk-17-runtime:1.23\n");
    assertThat(ComparisonOptions.imageJdk(g)).isEqualTo(ComparisonOptions.OPENJDK_17);
  }

  @Test
  void helpReturnsNoOptions() {
    assertThat(ComparisonOptions.parse(new String[] {"--help"}, null)).isNull();
  }

  @Test
  void anAotCacheIsUsedWhereTheImageUsesOne() throws Exception {
    Path with = Files.writeString(dir.resolve("a"), "ENTRYPOINT [ \"sh\", \"-c\", \"exec java -XX:AOTCache=/deployments/app.aot -jar x\" ]\n");
    Path without = Files.writeString(dir.resolve("b"), "ENTRYPOINT [ \"sh\", \"-c\", \"exec java -jar x\" ]\n");
    assertThat(ComparisonOptions.usesAotCache(with)).isTrue();
    assertThat(ComparisonOptions.usesAotCache(without)).isFalse();
  }
}
