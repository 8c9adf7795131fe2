package io.logferry.k8s.cronjob;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Runs the packaged {@code logferry run-once} (built before the tests) as its own process, as a CronJob would. */
final class PackagedRunOnce {

  static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

  /** What one run printed (stdout and stderr together) and how it exited. */
  record Result(int exitCode, String output) {}

  private PackagedRunOnce() {}

  static Result run(Path tmp, Map<String, String> env, List<String> args) throws Exception {
    return run(tmp, env, args, List.of());
  }

  /** As above, the command run under {@code launcher} (e.g. {@code setpriv ...}). */
  static Result run(Path tmp, Map<String, String> env, List<String> args, List<String> launcher) throws Exception {
    assertThat(JAR).as("run the build first: ./mvnw -pl k8s-cronjob -am test").exists();
    List<String> cmd = new ArrayList<>(launcher);
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-jar");
    cmd.add(JAR.toString());
    cmd.add("run-once");
    cmd.addAll(args);
    Path out = tmp.resolve("out-" + UUID.randomUUID() + ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("run-once finished").isTrue();
    return new Result(p.exitValue(), Files.readString(out));
  }
}
