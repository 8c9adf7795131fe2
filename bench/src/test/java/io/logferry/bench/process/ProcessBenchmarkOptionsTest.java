package io.logferry.bench.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessBenchmarkOptionsTest {

  @Test
  void parsesSizesInBinaryUnits() {
    assertThat(ByteSize.parse("64m")).isEqualTo(64L << 20);
    assertThat(ByteSize.parse("1g")).isEqualTo(1L << 30);
    assertThat(ByteSize.parse("1GiB")).isEqualTo(1L << 30);
    assertThat(ByteSize.parse("512k")).isEqualTo(512L << 10);
    assertThat(ByteSize.parse("1000")).isEqualTo(1000);
    assertThatThrownBy(() -> ByteSize.parse("lots")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ByteSize.parse("0")).isInstanceOf(IllegalArgumentException.class);
    assertThat(ByteSize.format(1L << 30)).isEqualTo("1g");
    assertThat(ByteSize.format(64L << 20)).isEqualTo("64m");
  }

  @Test
  void takesTheChildFlagsFromTheShippedDockerfile(@TempDir Path dir) throws Exception {
    Path dockerfile = dir.resolve("Dockerfile.jvm");
    Files.writeString(dockerfile, "FROM x\nENV LANGUAGE='en_US:en'\n"
        + "ENV JAVA_OPTS_APPEND=\"-XX:+UseSerialGC -Xmx96m  -XX:TieredStopAtLevel=1\"\n");
    assertThat(ProcessBenchmark.shippedFlags(dockerfile))
        .containsExactly("-XX:+UseSerialGC", "-Xmx96m", "-XX:TieredStopAtLevel=1");
  }

  @Test
  void judgesEachGoalThatAppliesToTheSink() {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("mibPerSecond", 900.0);
    figures.put("cpuSecondsPerGiB", 1.2);
    figures.put("peakRssMiB", 300.0);
    Map<String, Object> nullGoals = ProcessBenchmark.goals("null", figures);
    assertThat(met(nullGoals, "mibPerSecond")).isFalse(); // below 1 GiB/s
    assertThat(met(nullGoals, "cpuSecondsPerGiB")).isTrue();
    assertThat(met(nullGoals, "peakRssMiB")).isFalse();
    Map<String, Object> endpointGoals = ProcessBenchmark.goals("endpoint", figures);
    assertThat(endpointGoals).doesNotContainKey("cpuSecondsPerGiB");
    assertThat(met(endpointGoals, "mibPerSecond")).isTrue(); // above 300 MiB/s
  }

  @Test
  void rejectsUnknownSinksAndOptions() {
    assertThatThrownBy(() -> ProcessBenchmark.parse(new String[] {"--sinks", "null,kafka"}))
        .hasMessageContaining("kafka");
    assertThatThrownBy(() -> ProcessBenchmark.parse(new String[] {"--fast"})).hasMessageContaining("--fast");
  }

  @Test
  void readsJdkVersionsFromReleaseFiles() {
    String release = "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"25.0.1\"\n";
    assertThat(MachineInfo.releaseValue(release, "JAVA_VERSION")).isEqualTo("25.0.1");
    assertThat(MachineInfo.major("25.0.1")).isEqualTo(25);
    assertThat(MachineInfo.major("17.0.15")).isEqualTo(17);
    assertThat(MachineInfo.major("1.8.0_402")).isEqualTo(8);
    assertThat(MachineInfo.major(null)).isZero();
  }

  private static boolean met(Map<String, Object> goals, String name) {
    return (Boolean) ((Map<?, ?>) goals.get(name)).get("met");
  }
}
