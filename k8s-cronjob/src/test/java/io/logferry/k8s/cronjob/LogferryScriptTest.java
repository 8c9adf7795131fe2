package io.logferry.k8s.cronjob;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code ./logferry --version}, the script at the root of the checkout, over the app built before the tests. */
class LogferryScriptTest {

  @Test
  void versionPrintsTheBuildsVersion() throws Exception {
    assertThat(PackagedRunOnce.JAR).as("the app is built before the tests").exists();
    ProcessBuilder pb = new ProcessBuilder(Path.of("..", "logferry").toString(), "--version").redirectErrorStream(true);
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process p = pb.start();
    assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).startsWith("logferry " + System.getProperty("logferry.buildVersion") + "\n");
  }
}
