package io.logferry.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logferry.config.ExporterConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TailerSettingsTest {

  @Test
  void takesGlobsScanIntervalAndLineLimitFromTheExporterConfig() {
    ExporterConfig config = ExporterConfig.defaults(List.of("/var/log/*.log"), Path.of("/tmp/cp"), "group");
    TailerSettings settings = TailerSettings.from(config);
    assertThat(settings.include()).containsExactly("/var/log/*.log");
    assertThat(settings.exclude()).isEmpty();
    assertThat(settings.scanInterval()).isEqualTo(config.scanInterval());
    assertThat(settings.maxLineBytes()).isEqualTo(config.lines().maxLineBytes());
    assertThat(settings.rotateWait()).isEqualTo(TailerSettings.DEFAULT_ROTATE_WAIT);
  }

  @Test
  void rejectsSettingsThatCannotWorkNamingTheField() {
    assertThatThrownBy(() -> new TailerSettings(List.of(), List.of(), Duration.ZERO, 1024, Duration.ZERO))
        .hasMessageStartingWith("include");
    assertThatThrownBy(() -> new TailerSettings(List.of("/a"), List.of(), Duration.ofSeconds(-1), 1024, Duration.ZERO))
        .hasMessageStartingWith("scanInterval");
    assertThatThrownBy(() -> new TailerSettings(List.of("/a"), List.of(), Duration.ZERO, 3, Duration.ZERO))
        .hasMessageStartingWith("maxLineBytes");
    assertThatThrownBy(() -> new TailerSettings(List.of("/a"), null, Duration.ZERO, 1024, Duration.ofMillis(-1)))
        .hasMessageStartingWith("rotateWait");
  }
}
