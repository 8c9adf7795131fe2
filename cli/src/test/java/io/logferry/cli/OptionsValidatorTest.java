package io.logferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OptionsValidatorTest {

  @TempDir Path tmp;
  Path logs;
  Path checkpoints;

  @BeforeEach
  void dirs() throws Exception {
    logs = Files.createDirectories(tmp.resolve("logs"));
    checkpoints = tmp.resolve("checkpoints");
  }

  /** A valid command line with {@code extra} option/value pairs added or replacing the defaults. */
  private TestCli.Result runWith(String... extra) {
    Map<String, String> options = new java.util.LinkedHashMap<>();
    options.put("--group", "g");
    options.put("--checkpoint-dir", checkpoints.toString());
    options.put("--region", "eu-west-1");
    options.put("--include", logs + "/*.log");
    for (int i = 0; i < extra.length; i += 2) {
      if (i + 1 < extra.length) options.put(extra[i], extra[i + 1]);
      else options.put(extra[i], null);
    }
    List<String> args = new ArrayList<>();
    options.forEach(
        (k, v) -> {
          args.add(k);
          if (v != null) args.add(v);
        });
    return TestCli.run(args.toArray(String[]::new));
  }

  private static void assertUsageError(TestCli.Result r, String... fragments) {
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).startsWith("logferry: ").contains(fragments).doesNotContain("\tat ");
    assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "--group|g{pod}|--group: name template 'g{pod}': unknown placeholder {pod}",
        "--group|a:b|a log group name may hold only",
        "--stream|{hostname}:{file}|--stream '{hostname}:{file}': a log stream name may not hold ':'",
        "--stream|{file|--stream: name template '{file': unclosed '{' at 0",
        "--retention-days|10|--retention-days '10': not an allowed value; allowed: 1, 3, 5, 7, 14, 30, 60",
        "--max-concurrency|0|--max-concurrency '0': out of range; allowed: an integer from 1 to 64",
        "--buffer-bytes|1k|--buffer-bytes (1024) must be at least --max-line-bytes (1048576)",
        "--max-line-bytes|0|--max-line-bytes '0': out of range; allowed: a size from 16 to 1GiB",
        "--multiline-start|(unclosed|--multiline-start '(unclosed': not a valid regex",
        "--timestamp-regex|^\\S+|--timestamp-regex needs a capturing group",
        "--timestamp-format|yyyy-MM-dd|--timestamp-format needs timestamp-regex",
        "--json-timestamp-field|ts|--json-timestamp-field applies to parser json",
        "--endpoint|ftp://host|--endpoint 'ftp://host': must be an http:// or https:// URL",
        "--max-duration|0s|--max-duration '0s': out of range; allowed: a duration at least 1ms",
        "--multiline-timeout|0ms|--multiline-timeout '0ms': out of range",
        "--exclude|relative/*.log|--exclude 'relative/*.log': must be an absolute path",
        "--trust-store|/nonexistent/ca.pem|--trust-store /nonexistent/ca.pem is not a readable file",
        "--read-from|middle|--read-from 'middle': not an allowed value; allowed: head, tail",
        "--group-tags|team|--group-tags: 'team' is not key=value",
            })
  void eachBadValueIsAUsageErrorNamingTheOption(String option, String value, String message) {
    assertUsageError(runWith(option, value), message);
  }

  @Test
  void noIncludeIsAUsageError() {
    TestCli.Result r = TestCli.run("--group", "g", "--checkpoint-dir", checkpoints.toString(), "--region", "r");
    assertUsageError(r, "no files to ship: give --include or globs as arguments");
  }

  @Test
  void aMissingBaseDirectoryIsAUsageError() {
    assertUsageError(
        runWith("--include", tmp + "/missing/**/*.log"),
        "--include '" + tmp + "/missing/**/*.log': directory " + tmp + "/missing does not exist");
  }

  @Test
  void aBaseThatIsAFileIsAUsageError() throws Exception {
    Path file = Files.writeString(tmp.resolve("plain-file"), "x");
    assertUsageError(runWith("--include", file + "/*.log"), "'" + file + "/*.log': " + file + " is not a directory");
  }

  @Test
  void missingGroupAndCheckpointDirAreUsageErrors() {
    assertUsageError(
        TestCli.run("--checkpoint-dir", checkpoints.toString(), "--region", "r", logs + "/*.log"),
        "--group is required");
    assertUsageError(
        TestCli.run("--group", "g", "--region", "r", logs + "/*.log"), "--checkpoint-dir is required");
  }

  @Test
  void cloudWatchNeedsARegionUnlessAnEndpointIsGiven() {
    TestCli.Result r = TestCli.run("--group", "g", "--checkpoint-dir", checkpoints.toString(), logs + "/*.log");
    assertUsageError(r, "--region is required for sink cloudwatch");

    TestCli.Result stdout =
        TestCli.run("--group", "g", "--checkpoint-dir", checkpoints.toString(), "--sink", "stdout", logs + "/*.log");
    assertThat(stdout.exitCode()).as(stdout.err()).isZero();
  }

  @Test
  void multilinePresetAndRegexExcludeEachOther() {
    assertUsageError(
        runWith("--multiline", "java", "--multiline-start", "^\\d"),
        "--multiline and --multiline-start exclude each other");
  }

  @Test
  void timestampRegexIsForPlainLinesOnly() {
    assertUsageError(
        runWith("--parser", "json", "--timestamp-regex", "^(\\S+)"),
        "--timestamp-regex applies to parser plain");
  }

  @Test
  void anUnsetTemplateVariableIsAUsageError() {
    assertUsageError(runWith("--stream", "{env:POD_NAME}/{file}"), "environment variable POD_NAME is not set");
  }

  @Test
  void aBadValueFromTheEnvironmentNamesTheVariable() {
    Map<String, String> env =
        Map.of("LOGFERRY_RETENTION_DAYS", "10", "LOGFERRY_GROUP", "g", "LOGFERRY_CHECKPOINT_DIR", checkpoints.toString(),
            "LOGFERRY_REGION", "r");
    assertUsageError(
        TestCli.run(env, Map.of(), logs + "/*.log"),
        "--retention-days (from variable LOGFERRY_RETENTION_DAYS) '10': not an allowed value");
  }

  @Test
  void anUnparsableValueFromTheEnvironmentIsAUsageErrorNamingTheVariable() {
    Map<String, String> env = Map.of("LOGFERRY_MAX_LINE_BYTES", "huge");
    TestCli.Result r = TestCli.run(env, Map.of(), "--group", "g", logs + "/*.log");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .contains("--max-line-bytes")
        .contains("'huge': not a size in bytes; allowed: a size from 16 to 1GiB")
        .contains("from variable LOGFERRY_MAX_LINE_BYTES");
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    TestCli.Result r = runWith("--no-such-option");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).startsWith("logferry: Unknown option: '--no-such-option'");
  }

  @Test
  void baseDirectoryIsThePathBeforeTheFirstGlobCharacter() {
    assertThat(OptionsValidator.baseDirectory("/var/log/app/**/*.log")).isEqualTo(Path.of("/var/log/app"));
    assertThat(OptionsValidator.baseDirectory("/var/log/app.log")).isEqualTo(Path.of("/var/log"));
    assertThat(OptionsValidator.baseDirectory("/logs/{a,b}/x.log")).isEqualTo(Path.of("/logs"));
    assertThat(OptionsValidator.baseDirectory("/*.log")).isEqualTo(Path.of("/"));
  }
}
