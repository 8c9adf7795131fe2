package io.logferry.k8s.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code logferry follow} refuses bad configuration before it starts following: exit 2 and one clear line. */
@QuarkusMainTest
class FollowCommandTest {

  @TempDir Path tmp;

  @Test
  @Launch(value = {"follow", "--group", "g", "--region", "eu-west-1"}, exitCode = 2)
  void withoutFilesToShipItIsAUsageError(LaunchResult result) {
    assertThat(result.getErrorOutput()).contains("logferry: follow: no files to ship: give --include or globs as arguments");
    assertThat(result.getErrorOutput()).doesNotContain("\tat ");
  }

  @Test
  @Launch(value = {}, exitCode = 2)
  void withoutASubcommandItSaysWhichOneExists(LaunchResult result) {
    assertThat(result.getErrorOutput()).contains("logferry: missing command: follow");
  }

  @Test
  void aBadDurationIsAUsageErrorNamingTheOption(QuarkusMainLauncher launcher) throws Exception {
    Path logs = Files.createDirectories(tmp.resolve("logs"));
    LaunchResult result =
        launcher.launch("follow", "--include", logs + "/*.log", "--group", "g", "--region", "eu-west-1",
            "--checkpoint-dir", tmp.resolve("cp").toString(), "--drain-deadline", "soon");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.getErrorOutput()).contains("--drain-deadline").contains("'soon': not a duration");
  }

  @Test
  void versionIsTheBuilds(QuarkusMainLauncher launcher) {
    String build = System.getProperty("logferry.buildVersion");
    for (String[] args : new String[][] {{"--version"}, {"follow", "--version"}}) {
      LaunchResult result = launcher.launch(args);
      assertThat(result.exitCode()).isZero();
      assertThat(result.getOutput()).startsWith("logferry " + build);
    }
  }

  @Test
  void aZeroDrainDeadlineIsRefused(QuarkusMainLauncher launcher) throws Exception {
    Path logs = Files.createDirectories(tmp.resolve("logs"));
    LaunchResult result =
        launcher.launch("follow", "--include", logs + "/*.log", "--group", "g", "--region", "eu-west-1",
            "--checkpoint-dir", tmp.resolve("cp").toString(), "--drain-deadline", "0s");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.getErrorOutput()).contains("--drain-deadline '0s': out of range; allowed: a duration from 1ms to 1h");
  }
}
