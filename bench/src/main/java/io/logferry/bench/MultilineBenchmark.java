package io.logferry.bench;

import io.logferry.config.ExporterConfig;
import io.logferry.config.ExporterConfig.MultilineConfig;
import io.logferry.testbed.LineFormat;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Multiline joining: what the Java stack trace rule costs in the event assembler.
 *
 * <p>Multiline is the one place where the default pipeline runs a regex per line (the start pattern decides whether a
 * line opens an event), so it is the likeliest to fall below the 1 GiB/s goal. Each invocation feeds 4 MiB of lines
 * (pre-split, as the tailer hands them over) to one assembler and flushes it: UTF-8 decoding, the rule, joining,
 * timestamps and stream naming; events go to a counting listener. {@code rule=none} is the assembler without joining,
 * {@code rule=javaStackTrace} is {@code MultilineConfig.JAVA_STACK_TRACE_START}. Inputs: nginx lines (every line
 * starts an event: the rule's worst case, a failed negative look-ahead per line) and the test bed's Java application
 * log (every 10th event carries a 6-line stack trace).
 *
 * <ul>
 *   <li>{@code baselineDecodeOnly}: decoding every line to a String, the floor of any assembler.
 *   <li>{@code assemble}: the assembler.
 * </ul>
 *
 * Scores are MiB/s of input lines (4 per invocation; terminators not counted).
 *
 * <p>Observed (2026-11-23, 2-core Intel Xeon VM, JDK 17, 1 fork, 2 warm-up + 3 measured iterations of 1 s, machine
 * shared with other builds at load 5-14, so errors are wide; results/jmh/20261123T221341Z-reduced*.json):
 * MiB/s: nginx 1,729 (none) vs 257 (javaStackTrace); JAVA_APP 581 (none) vs 131 (javaStackTrace); decode-only floor 2,100-3,400.
 *
 * <p>HOW TO RUN THIS TEST:
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar MultilineBenchmark
 * java -jar bench/target/benchmarks.jar MultilineBenchmark -f 1 -wi 1 -i 1 -w 1s -r 1s   # smoke
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(MultilineBenchmark.INPUT_MIB)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class MultilineBenchmark {

  static final int INPUT_MIB = 4;

  @Param({"NGINX_COMBINED", "JAVA_APP"})
  public LineFormat input;

  @Param({"none", "javaStackTrace"})
  public String rule;

  private List<byte[]> lines;
  private AssemblerRun run;

  @Setup
  public void setup() {
    lines = BenchFiles.lines(input, (long) INPUT_MIB << 20);
    MultilineConfig multiline = switch (rule) {
      case "none" -> MultilineConfig.NONE;
      case "javaStackTrace" -> new MultilineConfig(MultilineConfig.JAVA_STACK_TRACE_START, Duration.ofSeconds(1), 1000);
      default -> throw new IllegalArgumentException("rule: none or javaStackTrace, got " + rule);
    };
    ExporterConfig config = AssemblerRun.config().withMultiline(multiline);
    run = new AssemblerRun(config);
  }

  @Benchmark
  public long baselineDecodeOnly() {
    return AssemblerRun.decodeOnly(lines);
  }

  @Benchmark
  public long assemble() {
    return run.feed(lines);
  }

  public static void main(String[] args) throws RunnerException {
    new Runner(new OptionsBuilder().include(MultilineBenchmark.class.getSimpleName()).build()).run();
  }
}
