package io.logferry.k8s.cronjob;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code logferry run-once} as the CronJob starts it: exit codes and the one-line messages. */
@QuarkusMainTest
class RunOnceCommandTest {

  @TempDir Path tmp;

  @Test
  @Launch(value = {"run-once", "--group", "g", "--region", "eu-west-1"}, exitCode = 2)
  void withoutFilesToShipItIsAUsageError(LaunchResult result) {
    assertThat(result.getErrorOutput()).contains("logferry: run-once: no files to ship: give --include or globs as arguments");
    assertThat(result.getErrorOutput()).doesNotContain("\tat ");
  }

  @Test
  @Launch(value = {"run-once", "--no-such-option"}, exitCode = 2)
  void anUnknownOptionIsAUsageError(LaunchResult result) {
    assertThat(result.getErrorOutput()).contains("logferry: Unknown option: '--no-such-option'").contains("logferry run-once --help");
  }

  @Test
  @Launch(value = {}, exitCode = 2)
  void withoutASubcommandItSaysWhichOneExists(LaunchResult result) {
    assertThat(result.getErrorOutput()).contains("logferry: missing command: run-once");
  }

  @Test
  void aBadSettingIsNamedWithItsVariable(QuarkusMainLauncher launcher) throws Exception {
    Path logs = Files.createDirectories(tmp.resolve("logs"));
    LaunchResult result =
        launcher.launch(
            "run-once", "--include", logs + "/*/*.log", "--group", "g", "--region", "eu-west-1",
            "--checkpoint-dir", tmp.resolve("cp").toString(), "--retention-days", "10");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.getErrorOutput())
        .contains("--retention-days '10': not an allowed value; allowed: 1, 3, 5, 7, 14, 30");
  }

  @Test
  void versionIsTheBuilds(QuarkusMainLauncher launcher) {
    String build = System.getProperty("logferry.buildVersion");
    for (String[] args : new String[][] {{"--version"}, {"run-once", "--version"}}) {
      LaunchResult result = launcher.launch(args);
      assertThat(result.exitCode()).isZero();
      assertThat(result.getOutput()).startsWith("logferry " + build);
    }
  }

  @Test
  void helpNamesTheContainerDefaultsItWouldUse(QuarkusMainLauncher launcher) {
    LaunchResult result = launcher.launch("run-once", "--help");
    assertThat(result.getOutput()).contains("--config=FILE", "Variable: LOGFERRY_CHECKPOINT_DIR").doesNotContain("(?!");
  }

  @Test
  void helpListsTheOptionsAndExitsZero(QuarkusMainLauncher launcher) {
    LaunchResult result = launcher.launch("run-once", "--help");
    assertThat(result.exitCode()).isZero();
    assertThat(result.getOutput()).contains("--max-duration", "--include", "--group", "--summary-json", "--sink");
  }
}
