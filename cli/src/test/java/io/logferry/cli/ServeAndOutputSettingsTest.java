package io.logferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.logferry.cli.ServeOptions.ReadinessMode;
import io.logferry.config.ConfigException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --http-port}, {@code --readiness} and {@code --log-format} are declared in {@link Settings} like every other
 * option: flag, variable and config-file key, resolved and checked the one way, with errors naming key and source.
 */
class ServeAndOutputSettingsTest {

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

  private String[] follow(Path file, String... more) {
    String[] base = {"--config", file.toString(), "--group", "g", "--checkpoint-dir", checkpoints.toString(),
        "--sink", "null", "--include", logs + "/*.log"};
    String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  private static void assertUsageError(TestCli.Result r, String... fragments) {
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).startsWith("logferry: ").contains(fragments);
    assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
  }

  @Test
  void withNothingSetTheDeclaredDefaultsApply() throws Exception {
    TestCli.Result r = TestCli.run(Map.of(), Map.of(), true, follow(config("sink: null")));
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.served()).isEqualTo(new TestCli.Served(ServeOptions.DEFAULT_HTTP_PORT, ReadinessMode.RUNNING, LogFormat.TEXT));
  }

  @Test
  void theConfigFileKeysSetThePortTheReadinessAndTheLogFormat() throws Exception {
    Path f = config("http-port: 9464", "readiness: sink", "log-format: json");
    TestCli.Result r = TestCli.run(Map.of(), Map.of(), true, follow(f));
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.served()).isEqualTo(new TestCli.Served(9464, ReadinessMode.SINK, LogFormat.JSON));
  }

  @Test
  void variablesOverrideTheFileAndFlagsOverrideVariables() throws Exception {
    Path f = config("http-port: 9464", "readiness: sink", "log-format: json");
    Map<String, String> env = Map.of("LOGFERRY_HTTP_PORT", "0", "LOGFERRY_READINESS", "running", "LOGFERRY_LOG_FORMAT", "text");
    TestCli.Result variables = TestCli.run(env, Map.of(), true, follow(f));
    assertThat(variables.exitCode()).as(variables.err()).isZero();
    assertThat(variables.served()).isEqualTo(new TestCli.Served(0, ReadinessMode.RUNNING, LogFormat.TEXT));

    TestCli.Result flags =
        TestCli.run(env, Map.of(), true, follow(f, "--http-port", "8125", "--readiness", "SINK", "--log-format", "json"));
    assertThat(flags.exitCode()).as(flags.err()).isZero();
    assertThat(flags.served()).isEqualTo(new TestCli.Served(8125, ReadinessMode.SINK, LogFormat.JSON));

    // The property ranks below the file, as for every declared option.
    TestCli.Result property = TestCli.run(Map.of(), Map.of("logferry.http-port", "1234"), true, follow(config("readiness: sink")));
    assertThat(property.served().httpPort()).isEqualTo(1234);
  }

  @Test
  void aBadValueInTheFileNamesTheKeyItsLineAndWhatIsAllowed() throws Exception {
    Path f = config("sink: null", "http-port: 70000");
    assertUsageError(TestCli.run(Map.of(), Map.of(), true, follow(f)),
        "http-port (from " + f + ":2) '70000': out of range; allowed: an integer from 0 to 65535");

    Path g = config("readiness: always");
    assertUsageError(TestCli.run(Map.of(), Map.of(), true, follow(g)),
        "readiness (from " + g + ":1) 'always': not an allowed value; allowed: running, sink");
  }

  @Test
  void aBadVariableOrFlagIsNamedWithItsSource() throws Exception {
    Path f = config("sink: null");
    assertUsageError(TestCli.run(Map.of("LOGFERRY_READINESS", "maybe"), Map.of(), true, follow(f)),
        "logferry: follow: --readiness (from variable LOGFERRY_READINESS) 'maybe': not an allowed value; allowed: running, sink");
    assertUsageError(TestCli.run(Map.of(), Map.of(), true, follow(f, "--http-port", "-1")),
        "logferry: follow: --http-port '-1': out of range; allowed: an integer from 0 to 65535");
  }

  @Test
  void aBadLogFormatIsReportedAsText() throws Exception {
    Path f = config("log-format: xml");
    assertUsageError(TestCli.run(Map.of(), Map.of(), false, follow(f)),
        "logferry: run-once: log-format (from " + f + ":1) 'xml': not an allowed value; allowed: text, json");
    assertUsageError(TestCli.run(Map.of("LOGFERRY_LOG_FORMAT", "yaml"), Map.of(), false, follow(config("sink: null"))),
        "logferry: run-once: --log-format (from variable LOGFERRY_LOG_FORMAT) 'yaml': not an allowed value");
  }

  @Test
  void anUnreadableConfigFileIsReportedAsText() throws Exception {
    Path f = config("log-format: json", "sink: [unclosed");
    TestCli.Result r = TestCli.run(Map.of(), Map.of(), false, follow(f));
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).startsWith("logferry: run-once: ").doesNotStartWith("{");
  }

  @Test
  void theFilesLogFormatAppliesToTheErrorsAfterIt() throws Exception {
    // A valid log-format in the file, then an error elsewhere: the error line is JSON.
    Path f = config("log-format: json", "max-concurrency: 1000");
    TestCli.Result r = TestCli.run(Map.of(), Map.of(), false, follow(f));
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).startsWith("{").contains("\"level\":\"ERROR\"")
        .contains("max-concurrency (from " + f + ":2) '1000': out of range");
  }

  @Test
  void aCommandWithOutputOptionsOnlyStillTakesTheLogFormatFromItsVariable() {
    OutputOptionsTest.FailingCommand c = new OutputOptionsTest.FailingCommand();
    c.error = () -> new ConfigException("--group is required");
    CommandLine cl = new CommandLine(c);
    LogferryCommandLine.configure(cl, EnvironmentDefaults.of(Map.of("LOGFERRY_LOG_FORMAT", "json"), k -> Optional.empty()));
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(new StringWriter(), true));
    cl.setErr(new PrintWriter(err, true));
    assertThat(cl.execute()).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).startsWith("{").contains("\"message\":\"run-once: --group is required\"");
  }

  @Test
  void helpListsThemWithTheirDefaultsAndVariables() {
    TestCli.Result r = TestCli.run("--help");
    String help = r.out().replaceAll("\\s+", " "); // help lines wrap at any space
    assertThat(help).contains("--http-port=PORT").contains("Default: " + ServeOptions.DEFAULT_HTTP_PORT + ".")
        .contains("Variable: LOGFERRY_HTTP_PORT.").contains("--readiness=running|sink").contains("Default: running.")
        .contains("--log-format=text|json").contains("Default: text.").contains("Variable: LOGFERRY_LOG_FORMAT.");
    // Declared once: no second, undeclared --log-format, --http-port or --readiness.
    assertThat(r.out().split("--log-format=", -1)).hasSize(3); // synopsis and option list
    TestCli.Result set = TestCli.run(Map.of("LOGFERRY_HTTP_PORT", "9464"), Map.of(), "--help");
    assertThat(set.out().replaceAll("\\s+", " ")).contains("Default: 9464 (set by variable LOGFERRY_HTTP_PORT; built in: 7437).");
  }
}
