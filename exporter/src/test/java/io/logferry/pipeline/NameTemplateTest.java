package io.logferry.pipeline;

import io.logferry.events.StreamKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logferry.config.ConfigException;
import io.logferry.config.ExporterConfig.MultilineConfig;
import io.logferry.config.ExporterConfig.OversizePolicy;
import io.logferry.config.ExporterConfig.ParserConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class NameTemplateTest {

  private static final Path FILE = Path.of("/logs/ns_pod-abc_uid/container/0.log");
  private static final Function<String, String> ENV =
      Map.of("HOSTNAME", "web-7f9c", "CLUSTER", "prod-eu", "EMPTY", "")::get;

  @Test
  void rendersFileDirPathAndHostname() {
    assertThat(NameTemplate.parse("{file}").render(FILE, ENV)).isEqualTo("0.log");
    assertThat(NameTemplate.parse("{dir}").render(FILE, ENV)).isEqualTo("container");
    assertThat(NameTemplate.parse("{dir:2}/{dir:1}").render(FILE, ENV)).isEqualTo("ns_pod-abc_uid/container");
    assertThat(NameTemplate.parse("{path}").render(FILE, ENV)).isEqualTo("/logs/ns_pod-abc_uid/container/0.log");
    assertThat(NameTemplate.parse("{hostname}/{file}").render(FILE, ENV)).isEqualTo("web-7f9c/0.log");
    assertThat(NameTemplate.parse("/k8s/{env:CLUSTER}/app").render(FILE, ENV)).isEqualTo("/k8s/prod-eu/app");
  }

  @Test
  void dirDeeperThanThePathRendersEmpty() {
    assertThat(NameTemplate.parse("x{dir:9}y").render(FILE, ENV)).isEqualTo("xy");
  }

  @Test
  void envDefaultIsUsedWhenUnsetOrEmpty() {
    assertThat(NameTemplate.parse("{env:MISSING:-fallback}").render(FILE, ENV)).isEqualTo("fallback");
    assertThat(NameTemplate.parse("{env:EMPTY:-fallback}").render(FILE, ENV)).isEqualTo("fallback");
    assertThat(NameTemplate.parse("{env:CLUSTER:-fallback}").render(FILE, ENV)).isEqualTo("prod-eu");
    assertThat(NameTemplate.parse("{env:MISSING:-}x").render(FILE, ENV)).isEqualTo("x");
  }

  @Test
  void missingEnvVariableIsAConfigErrorAtValidation() {
    NameTemplate t = NameTemplate.parse("/k8s/{env:NOT_SET}");

    assertThatThrownBy(() -> t.validate(ENV)).isInstanceOf(ConfigException.class).hasMessageContaining("NOT_SET");
    assertThatThrownBy(() -> t.render(FILE, ENV)).isInstanceOf(ConfigException.class);
  }

  @Test
  void assemblerRejectsATemplateWithAMissingEnvVariableWhenCreated() {
    assertThatThrownBy(
            () ->
                new AssemblerHarness(
                    AssemblerHarness.config(
                        OversizePolicy.SPLIT, MultilineConfig.NONE, ParserConfig.PLAIN, "/k8s/{env:NOPE}", "{file}"),
                    100,
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("NOPE");
  }

  @Test
  void unknownPlaceholderAndUnclosedBraceAreConfigErrors() {
    assertThatThrownBy(() -> NameTemplate.parse("{pod}")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("{pod}");
    assertThatThrownBy(() -> NameTemplate.parse("app/{file")).isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> NameTemplate.parse("{dir:0}")).isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> NameTemplate.parse("")).isInstanceOf(ConfigException.class);
  }

  @Test
  void groupNamesKeepOnlyAllowedCharacters() {
    assertThat(NameTemplate.sanitizeGroupName("/k8s/ns:web pod*é#1.log")).isEqualTo("/k8s/ns_web_pod__#1.log");
    assertThat(NameTemplate.sanitizeGroupName("")).isEqualTo("_");
  }

  @Test
  void streamNamesReplaceColonAsteriskAndControlCharacters() {
    assertThat(NameTemplate.sanitizeStreamName("host:1/*.log\tx é")).isEqualTo("host_1/_.log_x é");
  }

  @Test
  void longNamesAreShortenedWithAHashThatKeepsThemDistinct() {
    String a = "g/" + "x".repeat(600) + "/a";
    String b = "g/" + "x".repeat(600) + "/b";

    String ga = NameTemplate.sanitizeGroupName(a);
    String gb = NameTemplate.sanitizeGroupName(b);
    assertThat(ga).hasSize(NameTemplate.MAX_GROUP_NAME_LENGTH).startsWith("g/xxx").matches("[.\\-_/#A-Za-z0-9]+");
    assertThat(gb).hasSize(NameTemplate.MAX_GROUP_NAME_LENGTH);
    assertThat(ga).isNotEqualTo(gb);
    assertThat(NameTemplate.sanitizeGroupName(a)).isEqualTo(ga); // stable

    String s = NameTemplate.sanitizeStreamName("😀".repeat(300));
    assertThat(s.length()).isLessThanOrEqualTo(NameTemplate.MAX_STREAM_NAME_LENGTH);
    assertThat(new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(s); // no half pair
  }

  @Test
  void assemblerNamesEachSourceOnceFromItsFirstPath() {
    AssemblerHarness h =
        new AssemblerHarness(
            AssemblerHarness.config(
                OversizePolicy.SPLIT, MultilineConfig.NONE, ParserConfig.PLAIN, "/k8s/{env:CLUSTER}", "{dir}:{file}"),
            100,
            Map.of("CLUSTER", "prod"));
    byte[] line = "hello".getBytes(StandardCharsets.US_ASCII);
    h.assembler.onLine(AssemblerHarness.SOURCE, Path.of("/logs/pod-a/app.log"), line, 0, 5, 0, 6, true);
    // Renamed by rotation: same source, same stream.
    h.assembler.onLine(AssemblerHarness.SOURCE, Path.of("/logs/pod-a/app.log.1"), line, 0, 5, 6, 12, true);

    assertThat(h.keys).containsExactly(new StreamKey("/k8s/prod", "pod-a_app.log"), new StreamKey("/k8s/prod", "pod-a_app.log"));
  }

  @org.junit.jupiter.api.Test
  void fileDropsRotationSuffixesSoARotatedFileStaysInItsStream() {
    NameTemplate t = NameTemplate.parse("{dir}/{file}");
    for (String name : new String[] {"app.log", "app.log.1", "app.log.12", "app.log.2.gz", "app.log-20261123"}) {
      assertThat(t.render(java.nio.file.Path.of("/logs/pod-a/" + name), ENV)).as(name).isEqualTo("pod-a/app.log");
    }
    assertThat(NameTemplate.parse("{filename}").render(java.nio.file.Path.of("/logs/app.log.1"), ENV))
        .isEqualTo("app.log.1");
    assertThat(NameTemplate.parse("{file}").render(java.nio.file.Path.of("/logs/2026.log"), ENV)).isEqualTo("2026.log");
  }
}
