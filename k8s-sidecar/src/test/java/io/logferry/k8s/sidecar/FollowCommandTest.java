package io.logferry.k8s.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code logferry follow} refuses bad configuration before it starts following: exit 2 and one clear line. */
class FollowCommandTest {

  @TempDir Path tmp;

  record LaunchResult(int exitCode, String getOutput, String getErrorOutput) {}

  /** Runs the sidecar's command line in this JVM, as SidecarMain does, without exiting. */
  static LaunchResult launch(String... args) {
    SidecarMain.Sidecar sidecar = SidecarMain.Sidecar.create(new FollowSession(code -> {}, code -> {}));
    var commandLine = sidecar.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int code = commandLine.execute(args);
    sidecar.server.stop();
    return new LaunchResult(code, out.toString(), err.toString());
  }

  @Test
  void withoutFilesToShipItIsAUsageError() {
    LaunchResult result = launch("follow", "--group", "g", "--region", "eu-west-1");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.getErrorOutput()).contains("logferry: follow: no files to ship: give --include or globs as arguments");
    assertThat(result.getErrorOutput()).doesNotContain("\tat ");
  }

  @Test
  void withoutASubcommandItSaysWhichOneExists() {
    LaunchResult result = launch();
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.getErrorOutput()).contains("logferry: missing command: follow");
  }

  @Test
  void aBadDurationIsAUsageErrorNamingTheOption() throws Exception {
    Path logs = Files.createDirectories(tmp.resolve("logs"));
    LaunchResult result =
        launch("follow", "--include", logs + "/*.log", "--group", "g", "--region", "eu-west-1",
            "--checkpoint-dir", tmp.resolve("cp").toString(), "--drain-deadline", "soon");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.getErrorOutput()).contains("--drain-deadline").contains("'soon': not a duration");
  }

  @Test
  void versionIsTheBuilds() {
    String build = System.getProperty("logferry.buildVersion");
    for (String[] args : new String[][] {{"--version"}, {"follow", "--version"}}) {
      LaunchResult result = launch(args);
      assertThat(result.exitCode()).isZero();
      assertThat(result.getOutput()).startsWith("logferry " + build);
    }
  }

  @Test
  void aZeroDrainDeadlineIsRefused() throws Exception {
    Path logs = Files.createDirectories(tmp.resolve("logs"));
    LaunchResult result =
        launch("follow", "--include", logs + "/*.log", "--group", "g", "--region", "eu-west-1",
            "--checkpoint-dir", tmp.resolve("cp").toString(), "--drain-deadline", "0s");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.getErrorOutput()).contains("--drain-deadline '0s': out of range; allowed: a duration from 1ms to 1h");
  }

  @Test
  void theConfigFilesHttpPortIsTheOneTheServerOpens() throws Exception {
    Path logs = Files.createDirectories(tmp.resolve("logs"));
    try (java.net.ServerSocket app = new java.net.ServerSocket(0)) {
      Path config = Files.writeString(tmp.resolve("logferry.yaml"), "sink: stdout\nhttp-port: " + app.getLocalPort() + "\n");
      LaunchResult result =
          launch("follow", "--config", config.toString(), "--include", logs + "/*.log", "--group", "g",
              "--checkpoint-dir", tmp.resolve("cp").toString());
      assertThat(result.exitCode()).isEqualTo(2);
      assertThat(result.getErrorOutput()).contains("--http-port (LOGFERRY_HTTP_PORT) " + app.getLocalPort() + " is already in use");
    }
  }

  @Test
  void aBadReadinessInTheConfigFileIsAUsageErrorNamingItsLine() throws Exception {
    Path logs = Files.createDirectories(tmp.resolve("logs"));
    Path config = Files.writeString(tmp.resolve("logferry.yaml"), "sink: stdout\nreadiness: always\n");
    LaunchResult result =
        launch("follow", "--config", config.toString(), "--include", logs + "/*.log", "--group", "g",
            "--checkpoint-dir", tmp.resolve("cp").toString(), "--http-port", "0");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.getErrorOutput())
        .contains("logferry: follow: readiness (from " + config + ":2) 'always': not an allowed value; allowed: running, sink");
  }
}
