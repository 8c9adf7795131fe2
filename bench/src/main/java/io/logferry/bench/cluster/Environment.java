package io.logferry.bench.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Where a result was measured: machine, JDK of the child processes, commit. */
record Environment(String machine, int cores, String kernel, String jdk, String commit) {

  static Environment detect(Path repo, Path java) {
    return new Environment(cpuModel(), Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name") + " " + System.getProperty("os.version"), jdk(java), commit(repo));
  }

  Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("machine", machine);
    m.put("cores", cores);
    m.put("kernel", kernel);
    m.put("jdk", jdk);
    m.put("commit", commit);
    return m;
  }

  static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.US_ASCII)) {
        if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
      }
    } catch (IOException e) {
      // not Linux: fall through
    }
    return System.getProperty("os.arch");
  }

  static String jdk(Path java) {
    String out = exec(Path.of("."), java.toString(), "-version");
    return out.isEmpty() ? System.getProperty("java.vm.version") : out.lines().reduce((a, b) -> a + "; " + b).orElse("");
  }

  static String commit(Path repo) {
    String head = exec(repo, "git", "rev-parse", "HEAD").trim();
    String dirty = exec(repo, "git", "status", "--porcelain", "--untracked-files=no").trim();
    return head.isEmpty() ? "unknown" : head + (dirty.isEmpty() ? "" : "+dirty");
  }

  private static String exec(Path dir, String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
