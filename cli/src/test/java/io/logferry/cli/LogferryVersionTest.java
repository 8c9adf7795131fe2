package io.logferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogferryVersionTest {

  @Test
  void theVersionIsTheBuilds() {
    String build = System.getProperty("logferry.buildVersion");
    assertThat(build).as("surefire passes ${project.version}").isNotBlank().doesNotContain("${");
    assertThat(LogferryVersion.version()).isEqualTo(build);
    assertThat(new LogferryVersion().getVersion()[0]).isEqualTo("logferry " + build);
  }
}
