package io.logferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationsAndSizesTest {

  @Test
  void durationsParseInIsoAndShortForm() {
    assertThat(Durations.parse("PT30S")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("pt1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
    assertThat(Durations.parse("45")).isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void badDurationsSayWhatIsExpected() {
    assertThatThrownBy(() -> Durations.parse("5 minutes"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("'5 minutes' is not a duration")
        .hasMessageContaining("30s");
  }

  @Test
  void sizesAcceptBinaryUnits() {
    assertThat(ByteSizes.parse("1048576")).isEqualTo(1 << 20);
    assertThat(ByteSizes.parse("512k")).isEqualTo(512 * 1024);
    assertThat(ByteSizes.parse("32MiB")).isEqualTo(32L << 20);
    assertThat(ByteSizes.parse("2 GB")).isEqualTo(2L << 30);
    assertThatThrownBy(() -> ByteSizes.parse("lots")).hasMessageContaining("not a size in bytes");
    assertThatThrownBy(() -> new ByteSizes.Int().convert("3g")).hasMessageContaining("too large");
  }
}
