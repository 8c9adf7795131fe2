package io.logferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.config.ExporterConfig.MultilineConfig;
import io.logferry.config.InputConfig;
import io.logferry.config.InputConfig.FilterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config file: where its values rank among the sources, how inputs inherit, and how its mistakes are named. */
class ConfigFileTest {

  @TempDir Path tmp;
  Path logs;
  Path checkpoints;

  @BeforeEach
  void dirs() throws Exception {
    logs = Files.createDirectories(tmp.resolve("logs"));
    checkpoints = tmp.resolve("checkpoints");
  }

  private Path config(String... lines) throws Exception {
    return Files.writeString(tmp.resolve("f.yaml"), String.join("\n", lines) + "\n");
  }

  private static void assertUsageError(TestCli.Result r, String... fragments) {
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).startsWith("logferry: ").contains(fragments);
    assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
  }

  @Test
  void flagsThenVariablesThenTheFileThenPropertiesThenDefaults() throws Exception {
    Path f = config("group: /from-file", "checkpoint-dir: " + checkpoints, "sink: stdout", "max-concurrency: 9",
        "include: ['" + logs + "/*.log']");
    Map<String, String> property = Map.of("logferry.group", "/from-property", "logferry.max-concurrency", "3",
        "logferry.retention-days", "14");

    TestCli.Result fileOverProperty = TestCli.run(Map.of(), property, "--config", f.toString());
    assertThat(fileOverProperty.exitCode()).as(fileOverProperty.err()).isZero();
    assertThat(fileOverProperty.config().groupTemplate()).isEqualTo("/from-file");
    assertThat(fileOverProperty.sink().maxConcurrency()).isEqualTo(9);
    assertThat(fileOverProperty.sink().retentionDays()).isEqualTo(14); // only the property sets it
    assertThat(fileOverProperty.sink().createGroup()).isTrue(); // nobody sets it: the default

    TestCli.Result variableOverFile = TestCli.run(Map.of("LOGFERRY_GROUP", "/from-variable"), property, "--config", f.toString());
    assertThat(variableOverFile.config().groupTemplate()).isEqualTo("/from-variable");

    TestCli.Result flagOverVariable =
        TestCli.run(Map.of("LOGFERRY_GROUP", "/from-variable"), property, "--config", f.toString(), "--group", "/from-flag");
    assertThat(flagOverVariable.config().groupTemplate()).isEqualTo("/from-flag");
  }

  @Test
  void theConfigFileCanBeNamedByItsVariable() throws Exception {
    Path f = config("group: /g", "checkpoint-dir: " + checkpoints, "sink: null", "include: ['" + logs + "/*.log']");
    TestCli.Result r = TestCli.run(Map.of("LOGFERRY_CONFIG", f.toString()), Map.of());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.config().include()).containsExactly(logs + "/*.log");
  }

  @Test
  void inputsInheritTheTopLevelAndFlagsButKeepTheirOwnKeys() throws Exception {
    Files.createDirectories(logs.resolve("a"));
    Files.createDirectories(logs.resolve("b"));
    Path f = config(
        "checkpoint-dir: " + checkpoints,
        "sink: stdout",
        "stream: top/{file}",
        "exclude: ['" + logs + "/**/*.gz']",
        "inputs:",
        "  - include: ['" + logs + "/a/*.log']",
        "    group: /a",
        "    stream: own/{file}",
        "    read-from: tail",
        "    filters:",
        "      - include: 'ERROR'",
        "      - redact: 'secret=\\w+'",
        "        mask: 'secret=?'",
        "  - include: ['" + logs + "/b/*.log']",
        "    exclude: ['" + logs + "/b/skip.log']",
        "    group: /b",
        "    ignore-older: 2d");

    TestCli.Result r = TestCli.run(Map.of(), Map.of(), "--config", f.toString(), "--multiline", "python");

    assertThat(r.exitCode()).as(r.err()).isZero();
    List<InputConfig> inputs = r.config().effectiveInputs();
    assertThat(inputs).hasSize(2);
    InputConfig a = inputs.get(0);
    assertThat(a.streamTemplate()).isEqualTo("own/{file}");
    assertThat(a.readFrom()).isEqualTo(InputConfig.ReadFrom.TAIL);
    assertThat(a.exclude()).containsExactly(logs + "/**/*.gz");
    assertThat(a.multiline().startPattern()).isEqualTo(MultilineConfig.PYTHON_TRACEBACK_START);
    assertThat(a.filters())
        .containsExactly(FilterConfig.of(FilterConfig.Kind.INCLUDE, "ERROR"),
            new FilterConfig(FilterConfig.Kind.REDACT, "secret=\\w+", "secret=?"));
    InputConfig b = inputs.get(1);
    assertThat(b.streamTemplate()).isEqualTo("top/{file}");
    assertThat(b.exclude()).containsExactly(logs + "/b/skip.log", logs + "/**/*.gz");
    assertThat(b.ignoreOlder()).isEqualTo(Duration.ofDays(2));
    assertThat(b.readFrom()).isEqualTo(InputConfig.ReadFrom.HEAD);
  }

  @Test
  void mistakesInTheFileNameTheFileAndLine() throws Exception {
    String f = config("regoin: us-east-1").toString();
    assertUsageError(TestCli.run("--config", f), f + ":1: unknown key 'regoin' (did you mean 'region'?)");

    f = config("group: /g", "inputs:", "  - include: ['" + logs + "/*.log']", "    region: eu-west-1").toString();
    assertUsageError(TestCli.run("--config", f), f + ":4: inputs[1]: 'region' applies to the whole process");

    f = config("checkpoint-dir: " + checkpoints, "sink: null", "inputs:", "  - include: ['" + logs + "/*.log']",
        "    group: /a", "  - include: ['" + logs + "/*.log']", "    group: /b", "    multiline: ruby").toString();
    assertUsageError(TestCli.run("--config", f),
        "inputs[2].multiline (from " + f + ":8) 'ruby': not an allowed value; allowed: java, python, go");

    f = config("checkpoint-dir: " + checkpoints, "sink: null", "inputs:", "  - include: ['" + logs + "/*.log']",
        "    group: /a", "    filters:", "      - redact: '(unclosed'").toString();
    assertUsageError(TestCli.run("--config", f), "inputs[1].filters (from " + f + ":7): redact '(unclosed': not a valid regex");

    f = config("max-line-bytes: 10").toString();
    assertUsageError(TestCli.run("--config", f),
        "max-line-bytes (from " + f + ":1) '10': out of range; allowed: a size from 16 to 1GiB");

    f = config("group: [a, b").toString();
    assertUsageError(TestCli.run("--config", f), f + ":2: not valid YAML");

    f = config("config: /etc/other.yaml").toString();
    assertUsageError(TestCli.run("--config", f), "'config' can only be given as --config or LOGFERRY_CONFIG");
  }

  @Test
  void globsOnTheCommandLineDoNotMixWithTheFilesInputs() throws Exception {
    Path f = config("checkpoint-dir: " + checkpoints, "sink: null", "inputs:", "  - include: ['" + logs + "/*.log']",
        "    group: /a");
    assertUsageError(TestCli.run("--config", f.toString(), logs + "/x.log"),
        "GLOB argument: " + f + " declares inputs:, so files are chosen per input");
  }

  @Test
  void aMissingConfigFileIsAUsageErrorNamingWhereItWasGiven() {
    assertUsageError(
        TestCli.run(Map.of("LOGFERRY_CONFIG", tmp + "/nope.yaml"), Map.of()),
        "config " + tmp + "/nope.yaml (variable LOGFERRY_CONFIG): cannot be read");
  }

  @Test
  void globsGivenAsArgumentsAreReportedAsArguments() {
    assertUsageError(TestCli.run("--group", "g", "--checkpoint-dir", checkpoints.toString(), "--sink", "null", "relative/*.log"),
        "GLOB argument 'relative/*.log': must be an absolute path");
  }

  @Test
  void aLiteralFileThatDoesNotExistYetIsANoticeNotAnError() {
    TestCli.Result r = TestCli.run("--group", "g", "--checkpoint-dir", checkpoints.toString(), "--sink", "null", logs + "/app.log");
    assertThat(r.exitCode()).as(r.err()).isZero();

    assertUsageError(
        TestCli.run("--group", "g", "--checkpoint-dir", checkpoints.toString(), "--sink", "null", tmp + "/missing/app.log"),
        "GLOB argument '" + tmp + "/missing/app.log': directory " + tmp + "/missing does not exist");
  }

  @Test
  void helpShowsNoInternalRegexAndEveryDeclaredOption() {
    TestCli.Result r = TestCli.run("--help");
    assertThat(r.out()).doesNotContain("(?!").contains("[--include=GLOB[,GLOB...]]...");
    for (Setting<?> s : Settings.ALL) assertThat(r.out()).contains(s.flag());
  }
}
