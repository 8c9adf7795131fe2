package io.logferry.bench;

import io.logferry.bench.process.DataGenerator;
import io.logferry.testbed.LineFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The CronJob's cold start plus drain: a fresh {@code java -jar quarkus-run.jar run-once --sink null} per invocation,
 * on an empty log ({@code backlogMiB=0}: start-up, discovery, checkpoint, exit) and on a 16 MiB backlog. The
 * difference divided by 16 is the drain cost per MiB on a cold JVM, which is what a CronJob that runs every few
 * minutes actually pays (its JIT never warms up).
 *
 * <ul>
 *   <li>{@code baselineJvmVersion}: {@code java -version} with the same flags: the JVM's own start and exit;
 *   <li>{@code runOnce}: the CronJob app.
 * </ul>
 *
 * The child runs with the JVM flags of the shipped image ({@code JAVA_OPTS_APPEND} of
 * {@code k8s-cronjob/src/main/docker/Dockerfile.jvm}) on this fork's JDK ({@code -jvm} selects another). Each
 * invocation gets a new checkpoint directory, so every run reads the whole backlog. Run from the repository root, or
 * set {@code -Dlogferry.repo=}. Scores are milliseconds per run (SingleShotTime: each invocation is one cold start).
 *
 * <p>Observed (2026-11-23, 2-core Intel Xeon VM, JDK 17, 1 fork, 2 warm-up + 3 measured iterations of 1 s, machine
 * shared with other builds at load 5-14, so errors are wide; results/jmh/20261123T221341Z-reduced*.json):
 * ms per run: runOnce 900 (empty) / 970 (16 MiB); java -version 134-167.
 *
 * <p>HOW TO RUN THIS TEST (build the app first: {@code ./mvnw -o -q -pl k8s-cronjob -am package -DskipTests}):
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar ColdBenchmark
 * java -jar bench/target/benchmarks.jar ColdBenchmark -f 1 -wi 1 -i 2   # smoke
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@Fork(1)
@State(Scope.Benchmark)
public class ColdBenchmark {

  @Param({"0", "16"})
  public int backlogMiB;

  private Path dir;
  private Path log;
  private long lines;
  private List<String> javaAndFlags;
  private Path jar;
  private int run;

  @Setup
  public void setup() throws IOException {
    Path repo = Path.of(System.getProperty("logferry.repo", "")).toAbsolutePath();
    jar = repo.resolve("k8s-cronjob/target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("missing " + jar + ": run from the repository root after "
          + "./mvnw -o -q -pl k8s-cronjob -am package -DskipTests (or set -Dlogferry.repo=)");
    }
    javaAndFlags = new ArrayList<>();
    javaAndFlags.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Path dockerfile = repo.resolve("k8s-cronjob/src/main/docker/Dockerfile.jvm");
    if (Files.isRegularFile(dockerfile)) javaAndFlags.addAll(shippedFlags(dockerfile));
    dir = BenchFiles.scratch("cold");
    log = dir.resolve("app.log");
    if (backlogMiB == 0) {
      Files.createFile(log);
      lines = 0;
    } else {
      lines = DataGenerator.generate(log, LineFormat.NGINX_COMBINED, (long) backlogMiB << 20).lines();
    }
  }

  private static List<String> shippedFlags(Path dockerfile) throws IOException {
    for (String line : Files.readAllLines(dockerfile)) {
      String t = line.trim();
      if (t.startsWith("ENV JAVA_OPTS_APPEND=")) {
        String v = t.substring("ENV JAVA_OPTS_APPEND=".length()).replace("\"", "").trim();
        return List.of(v.split("\\s+"));
      }
    }
    return List.of();
  }

  @TearDown
  public void tearDown() {
    BenchFiles.deleteTree(dir);
  }

  @Benchmark
  public int baselineJvmVersion() throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(javaAndFlags);
    cmd.add("-version");
    return run(cmd);
  }

  @Benchmark
  public int runOnce() throws IOException, InterruptedException {
    Path checkpoints = Files.createDirectory(dir.resolve("cp-" + (run++)));
    List<String> cmd = new ArrayList<>(javaAndFlags);
    cmd.addAll(List.of("-jar", jar.toString(), "run-once", "--sink", "null", "--group", "bench", "--checkpoint-dir",
        checkpoints.toString(), log.toString()));
    return run(cmd);
  }

  private static int run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    int exit = p.waitFor();
    if (exit != 0) throw new IllegalStateException("exit " + exit + ": " + String.join(" ", cmd));
    return exit;
  }

  public static void main(String[] args) throws RunnerException {
    new Runner(new OptionsBuilder().include(ColdBenchmark.class.getSimpleName()).build()).run();
  }
}
