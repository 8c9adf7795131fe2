package io.logferry.bench.fluentbit;

import io.logferry.bench.process.DataGenerator;
import io.logferry.bench.process.MachineInfo;
import io.logferry.bench.process.ProcFs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One drain: a tool reads the generated file from start to end into the null sink or a fresh local endpoint over
 * HTTPS, as a child process. Wall time is fork to exit; CPU is the child's user + system time, taken exactly from
 * the growth of this process's {@code cutime + cstime} when the child is reaped (the endpoint, a child too, is still
 * alive then, so its time is not in it); peak RSS is {@code VmHWM}, sampled every 50 ms.
 *
 * <p>Delivery: to the endpoint, the multiset of accepted message hashes must equal the file's lines' hashes (every
 * line accepted exactly once, see {@link LineHashes}); to the null sink, which keeps no count in Fluent Bit, logferry's
 * summary must count every line and Fluent Bit must have exited 0 after reading at least the file's size.
 */
final class DrainRun {

  private static final long SAMPLE_MILLIS = 50;
  private static final long TIMEOUT_MINUTES = 30;
  private static final double MIB = 1024.0 * 1024.0;

  private final DataGenerator.Generated data;
  private final long[] expectedHashes;
  private final Path endpointJar;
  private final Path endpointJava;
  private final long clockTicks = ProcFs.clockTicksPerSecond();

  DrainRun(DataGenerator.Generated data, long[] expectedHashes, Path endpointJar, Path endpointJava) {
    this.data = data;
    this.expectedHashes = expectedHashes;
    this.endpointJar = endpointJar;
    this.endpointJava = endpointJava;
  }

  Map<String, Object> run(Tool tool, String sink, int repetition, int position, Path workRoot) throws Exception {
    Path work = workRoot.resolve("drain-" + tool.name() + "-" + sink + "-" + repetition);
    Dirs.deleteTree(work);
    Files.createDirectories(work);
    String group = "/bench/drain/" + tool.name();
    List<Double> loadBefore = MachineInfo.loadAverage();
    try (TlsEndpoint endpoint = sink.equals("endpoint")
        ? TlsEndpoint.start(endpointJava, endpointJar, work.resolve("endpoint.log")) : null) {
      Launch launch = tool.drain(work, data.file(), group, endpoint);
      ProcessBuilder pb = new ProcessBuilder(launch.command()).directory(launch.dir().toFile())
          .redirectOutput(work.resolve("stdout.log").toFile()).redirectError(work.resolve("stderr.log").toFile());
      cleanEnv(pb.environment()).putAll(launch.env());
      System.out.printf(java.util.Locale.ROOT, "%n[drain %s %s rep %d] %s%n", tool.name(), sink, repetition + 1,
          String.join(" ", launch.command()));
      ProcFs.CpuTicks before = ProcFs.selfStat();
      long start = System.nanoTime();
      Process child = Children.track(pb.start());
      long peakKib = 0;
      long readBytes = 0;
      long deadline = start + TimeUnit.MINUTES.toNanos(TIMEOUT_MINUTES);
      while (!child.waitFor(SAMPLE_MILLIS, TimeUnit.MILLISECONDS)) {
        var s = ProcSample.read(child.pid());
        if (s.isPresent()) {
          peakKib = Math.max(peakKib, s.get().hwmKib());
          readBytes = Math.max(readBytes, s.get().readBytes());
        }
        if (System.nanoTime() > deadline) {
          child.destroyForcibly();
          child.waitFor();
          break;
        }
      }
      long wallNanos = System.nanoTime() - start;
      ProcFs.CpuTicks after = ProcFs.selfStat();
      double cpuSeconds = (double) (after.children() - before.children()) / clockTicks;
      double userSeconds = (double) (after.cutime() - before.cutime()) / clockTicks;
      int exit = child.exitValue();

      Map<String, Object> verification = new LinkedHashMap<>();
      boolean delivered;
      if (endpoint != null) {
        Map<String, long[]> accepted = Retry.io(3, endpoint::acceptedHashesByGroup);
        long[] mine = accepted.getOrDefault(group, new long[0]);
        LineHashes.Verdict v = LineHashes.compare(expectedHashes, mine);
        delivered = tool.drainExitOk(exit) && v.exactlyOnce() && accepted.size() == 1;
        verification.put("method", "endpoint ground truth: sorted message hashes equal the file's lines' hashes");
        verification.put("linesWritten", v.written());
        verification.put("eventsAccepted", v.accepted());
        verification.put("missing", v.missing());
        verification.put("extra", v.extra());
        verification.put("groups", accepted.keySet());
        verification.put("endpointStats", io.logferry.bench.process.ProcessBenchmark.flatJson(Retry.io(3, endpoint::statsJson)));
        verification.put("endpointCpuSeconds", Spread.round(endpoint.cpuSeconds(clockTicks), 3));
      } else if (tool instanceof LogferryTool) {
        Map<String, Object> summary = io.logferry.bench.process.ProcessBenchmark.flatJson(lastJsonLine(work.resolve("stdout.log")));
        Object n = summary.get("eventsDelivered");
        delivered = exit == 0 && n instanceof Number num && num.longValue() == data.lines();
        verification.put("method", "null sink: the run summary's eventsDelivered equals the file's lines");
        verification.put("linesWritten", data.lines());
        verification.put("eventsDelivered", n);
      } else {
        delivered = exit == 0 && readBytes >= data.bytes();
        verification.put("method", "null sink keeps no count in Fluent Bit: exit 0 (exit_on_eof) after reading >= the file's size (rchar)");
        verification.put("fileBytes", data.bytes());
        verification.put("readBytesLastSample", readBytes);
      }
      verification.put("exactlyOnce", delivered);

      double wall = wallNanos / 1e9;
      double gib = data.bytes() / (MIB * 1024);
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("tool", tool.name());
      r.put("sink", sink);
      r.put("repetition", repetition + 1);
      r.put("positionInRepetition", position + 1);
      r.put("exitCode", exit);
      r.put("delivered", delivered);
      r.put("wallSeconds", Spread.round(wall, 3));
      r.put("mibPerSecond", Spread.round(data.bytes() / MIB / wall, 1));
      r.put("cpuSeconds", Spread.round(cpuSeconds, 3));
      r.put("cpuUserSeconds", Spread.round(userSeconds, 3));
      r.put("cpuSecondsPerGiB", Spread.round(cpuSeconds / gib, 3));
      r.put("peakRssMiB", Spread.round(peakKib / 1024.0, 1));
      r.put("verification", verification);
      r.put("loadAverageBefore", loadBefore);
      r.put("loadAverageAfter", MachineInfo.loadAverage());
      r.put("command", launch.command());
      System.out.printf(java.util.Locale.ROOT, "[drain %s %s rep %d] exit %d, %s: %.1f s, %.1f MiB/s, %.2f CPU s/GiB, peak RSS %.0f MiB%n",
          tool.name(), sink, repetition + 1, exit, delivered ? "every line exactly once" : "DELIVERY CHECK FAILED " + verification,
          wall, data.bytes() / MIB / wall, cpuSeconds / gib, peakKib / 1024.0);
      return r;
    }
  }

  static Map<String, String> cleanEnv(Map<String, String> env) {
    env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("JAVA_TOOL") || k.startsWith("JDK_JAVA") || k.startsWith("LF_")
        || k.startsWith("LOGFERRY_") || k.equals("FLUENT_BIT"));
    return env;
  }

  private static String lastJsonLine(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).trim().startsWith("{")) return lines.get(i).trim();
    }
    return "{}";
  }
}
