package io.logferry.bench.process;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the metadata JMH's own JSON lacks (machine, JDK, commit, date, profile, arguments) next to a JMH result:
 * {@code results/jmh/<stamp>-<profile>.json} gets {@code <stamp>-<profile>.meta.json}. Called by the run scripts.
 *
 * <p>Usage: {@code JmhRunInfo <meta.json> <result.json> <profile> <jmh args...>}.
 */
public final class JmhRunInfo {

  private JmhRunInfo() {}

  public static void main(String[] args) {
    if (args.length < 3) {
      System.err.println("usage: JmhRunInfo <meta.json> <result.json> <profile> <jmh args...>");
      System.exit(2);
    }
    Path meta = Path.of(args[0]);
    Path repo = Path.of("").toAbsolutePath();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("schema", "logferry.jmh-run/1");
    m.put("kind", "jmh");
    m.put("date", MachineInfo.now());
    m.put("commit", MachineInfo.commit(repo));
    m.put("machine", MachineInfo.machine());
    m.put("jdk", MachineInfo.jdk(Path.of(System.getProperty("java.home"))));
    m.put("profile", args[2]);
    m.put("resultFile", meta.toAbsolutePath().getParent().relativize(Path.of(args[1]).toAbsolutePath()).toString());
    m.put("jmhArgs", Arrays.asList(args).subList(3, args.length));
    ResultJson.write(meta, m);
  }
}
