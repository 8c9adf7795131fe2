package io.logferry.testbed;

import io.logferry.endpoint.LocalCloudWatchLogs;
import io.logferry.endpoint.Options;
import io.logferry.endpoint.RecordedEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The embedded default of {@code ./logferry demo}: writes sample logs of two pods (an access log rotated by rename,
 * an application log with Java stack traces rotated by copytruncate, a 3 MB line and invalid UTF-8), starts the strict
 * local CloudWatch Logs endpoint on a free loopback port, runs the real {@code logferry run-once} process against it
 * twice (with more writing and rotating in between), and checks from what the endpoint accepted that every line
 * arrived exactly once. No AWS account is involved: the endpoint runs in this process and forgets everything on exit.
 *
 * <p>Usage: {@code DemoMain <path to the run-once app's quarkus-run.jar> [work dir]}. Exit code 0 when every line
 * arrived exactly once, 1 otherwise.
 */
public final class DemoMain {

  static final String GROUP = "/logferry/demo";
  private static final int BIG_LINE_BYTES = 3 * 1024 * 1024;

  private DemoMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args[0].equals("--help")) {
      System.out.println("usage: DemoMain <run-once quarkus-run.jar> [work dir]");
      System.exit(args.length < 1 ? 2 : 0);
    }
    Path app = Path.of(args[0]);
    Path work = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("logferry-demo-");
    System.exit(new DemoMain().run(app, work));
  }

  private int run(Path app, Path work) throws Exception {
    Path logs = work.resolve("logs");
    Path state = work.resolve("state");
    deleteTree(logs);
    deleteTree(state);
    Map<String, Long> written = new LinkedHashMap<>();
    try (LocalCloudWatchLogs endpoint = LocalCloudWatchLogs.start(Options.defaults());
        LogWriter accessA = writer(logs.resolve("pod-a/access.log"), "pod-a-access", LineFormat.NGINX_COMBINED, LogWriter.Rotation.RENAME, 256 * 1024);
        LogWriter appA = writer(logs.resolve("pod-a/app.log"), "pod-a-app", LineFormat.JAVA_APP, LogWriter.Rotation.NONE, 0);
        LogWriter accessB = writer(logs.resolve("pod-b/access.log"), "pod-b-access", LineFormat.NGINX_COMBINED, LogWriter.Rotation.RENAME, 256 * 1024)) {
      say("local CloudWatch Logs endpoint: " + endpoint.endpoint());
      say("sample logs: " + logs);

      accessA.write(4000);
      appA.write(400);
      accessB.write(1500);
      byte[] big = new byte[BIG_LINE_BYTES];
      for (int i = 0; i < big.length; i++) big[i] = (byte) ('A' + i % 26);
      accessB.writeRaw(big);
      accessB.writeRaw("\n".getBytes(StandardCharsets.US_ASCII));
      accessB.writeRaw(new byte[] {'i', 'n', 'v', 'a', 'l', 'i', 'd', ' ', 'u', 't', 'f', '-', '8', ':', ' ', (byte) 0xC3, (byte) 0x28, ' ', (byte) 0xFF, '\n'});
      accessB.write(500);

      int first = runOnce(app, endpoint, logs, state, "run 1");

      // Between runs the applications go on: more lines, then logrotate copytruncates pod-a's app.log (the lines
      // written since run 1 are now only in the copy app.log.1, which logferry recognises by its content and reads
      // from where app.log had been shipped), more lines, more rotations.
      appA.write(300);
      appA.rotateNow(LogWriter.Rotation.COPYTRUNCATE);
      appA.write(300);
      accessA.write(3000);
      accessB.write(800);

      int second = runOnce(app, endpoint, logs, state, "run 2");

      written.put("pod-a-access", accessA.eventsWritten());
      written.put("pod-a-app", appA.eventsWritten());
      written.put("pod-b-access", accessB.eventsWritten());
      return verdict(endpoint, written, first, second, accessA.rotations() + accessB.rotations());
    }
  }

  private static LogWriter writer(Path file, String id, LineFormat format, LogWriter.Rotation rotation, long bytes) {
    LogWriter.Settings s = LogWriter.Settings.of(file, id, format);
    if (rotation != LogWriter.Rotation.NONE) s = s.withRotation(rotation, bytes, 100);
    return LogWriter.open(s);
  }

  private static int runOnce(Path app, LocalCloudWatchLogs endpoint, Path logs, Path state, String label)
      throws IOException, InterruptedException {
    say("");
    say(label + ": logferry run-once --endpoint " + endpoint.endpoint() + " --group " + GROUP + " ...");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-jar");
    cmd.add(app.toString());
    cmd.add("run-once");
    cmd.add("--endpoint=" + endpoint.endpoint());
    cmd.add("--region=us-east-1");
    cmd.add("--group=" + GROUP);
    cmd.add("--stream={dir}/{file}");
    cmd.add("--checkpoint-dir=" + state);
    cmd.add("--multiline=java");
    // Rotated files are included: renamed ones are the same inode (never read twice), a copytruncate copy is matched
    // to the content it was copied from and read only from where that content had been shipped.
    cmd.add(logs + "/*/access.log*");
    cmd.add(logs + "/*/app.log*");
    ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
    // The endpoint accepts any credentials; these only satisfy the SDK's credential chain.
    pb.environment().put("AWS_ACCESS_KEY_ID", "AKIDLOGFERRYDEMO");
    pb.environment().put("AWS_SECRET_ACCESS_KEY", "logferry-demo-not-a-secret");
    Process p = pb.start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      say(label + ": did not finish in 5 minutes");
      return -1;
    }
    say(label + ": exit code " + p.exitValue());
    return p.exitValue();
  }

  private static int verdict(
      LocalCloudWatchLogs endpoint, Map<String, Long> written, int first, int second, long rotations) {
    DeliveryAudit audit = new DeliveryAudit();
    List<RecordedEvent> events = endpoint.allEvents();
    long bigPieces = 0;
    long bigBytes = 0;
    boolean replaced = false;
    Map<String, Integer> streams = new java.util.TreeMap<>();
    for (RecordedEvent e : events) {
      audit.accept(e.message());
      streams.merge(e.group() + " " + e.stream(), 1, Integer::sum);
      if (!e.message().isEmpty() && e.message().chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
        bigPieces++;
        bigBytes += e.message().length();
      }
      if (e.message().equals("invalid utf-8: \uFFFD( \uFFFD")) replaced = true;
    }
    say("");
    say("what the endpoint accepted (" + events.size() + " events, " + rotations + " rotations while writing):");
    streams.forEach((k, v) -> say(String.format("  %-45s %7d events", k, v)));
    say("");
    say(String.format("  %-14s %9s %9s %6s %10s", "writer", "written", "delivered", "lost", "duplicated"));
    boolean ok = first == 0 && second == 0;
    for (Map.Entry<String, DeliveryAudit.Result> r : audit.results(written).entrySet()) {
      DeliveryAudit.Result v = r.getValue();
      say(String.format("  %-14s %9d %9d %6d %10d", r.getKey(), v.written(), v.delivered(), v.lost(), v.duplicated()));
      ok &= v.exactlyOnce();
    }
    say(String.format("  3 MB line: %d bytes in %d events (CloudWatch's event limit is 1,048,576 bytes)", bigBytes, bigPieces));
    say("  invalid UTF-8: " + (replaced ? "replaced with U+FFFD, line kept" : "NOT FOUND"));
    ok &= bigBytes == BIG_LINE_BYTES && replaced;
    say("");
    say(ok ? "demo: every line arrived exactly once" : "demo: FAILED, see above");
    return ok ? 0 : 1;
  }

  private static void say(String line) {
    System.out.println(line);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }
}
