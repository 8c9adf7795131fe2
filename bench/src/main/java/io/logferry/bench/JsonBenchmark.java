package io.logferry.bench;

import io.logferry.config.ExporterConfig;
import io.logferry.config.ExporterConfig.ParserConfig;
import io.logferry.testbed.LineFormat;
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
 * JSON lines and timestamp extraction: what taking the event time from the line costs, against plain lines stamped
 * with the read time.
 *
 * <p>Applications that log JSON want CloudWatch to show their own timestamp; that means finding a field in every
 * line and converting it. The input is the test bed's JSON lines ({@code {"ts":<millis>,"level":...}}, about 110
 * bytes). Each invocation feeds 4 MiB of them to one event assembler configured as:
 *
 * <ul>
 *   <li>{@code plain}: no parsing, read time (the baseline configuration);
 *   <li>{@code json}: JSON lines without a timestamp field (validation/parse cost only);
 *   <li>{@code jsonTimestamp}: JSON lines, timestamp from the top-level {@code ts} field as {@code EPOCH_MILLIS};
 *   <li>{@code plainRegexTimestamp}: plain lines with a timestamp regex {@code "ts":(\d+)}, the alternative a user
 *       without JSON support would write.
 * </ul>
 *
 * {@code baselineDecodeOnly} decodes every line to a String: the floor. Scores are MiB/s (4 MiB per invocation).
 *
 * <p>Observed (2026-11-23, 2-core Intel Xeon VM, JDK 17, 1 fork, 2 warm-up + 3 measured iterations of 1 s, machine
 * shared with other builds at load 5-14, so errors are wide; results/jmh/20261123T221341Z-reduced*.json):
 * MiB/s: plain 1,935; json 1,539; jsonTimestamp 463; plainRegexTimestamp 587; decode-only floor 2,300-3,900.
 *
 * <p>HOW TO RUN THIS TEST:
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar JsonBenchmark
 * java -jar bench/target/benchmarks.jar JsonBenchmark -f 1 -wi 1 -i 1 -w 1s -r 1s   # smoke
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(JsonBenchmark.INPUT_MIB)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class JsonBenchmark {

  static final int INPUT_MIB = 4;

  @Param({"plain", "json", "jsonTimestamp", "plainRegexTimestamp"})
  public String parser;

  private List<byte[]> lines;
  private AssemblerRun run;

  @Setup
  public void setup() {
    lines = BenchFiles.lines(LineFormat.JSON, (long) INPUT_MIB << 20);
    ParserConfig config = switch (parser) {
      case "plain" -> ParserConfig.PLAIN;
      case "json" -> new ParserConfig(ParserConfig.Kind.JSON, null, null, null);
      case "jsonTimestamp" -> new ParserConfig(ParserConfig.Kind.JSON, null, "EPOCH_MILLIS", "ts");
      case "plainRegexTimestamp" -> new ParserConfig(ParserConfig.Kind.PLAIN, "\"ts\":(\\d+)", "EPOCH_MILLIS", null);
      default -> throw new IllegalArgumentException("parser: " + parser);
    };
    ExporterConfig exporter = AssemblerRun.config().withParser(config);
    run = new AssemblerRun(exporter);
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
    new Runner(new OptionsBuilder().include(JsonBenchmark.class.getSimpleName()).build()).run();
  }
}
