package io.logferry.bench.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Where and on what a result was measured: the part of every result file that makes it comparable (or not). */
public final class MachineInfo {

  private MachineInfo() {}

  /** CPU model, cores, memory, kernel and the load average at the time of the call. */
  public static Map<String, Object> machine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cpuModel", ProcFs.read(Path.of("/proc/cpuinfo")).map(ProcFs::parseCpuModel).orElse("unknown"));
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("memTotalMiB", ProcFs.read(Path.of("/proc/meminfo"))
        .map(s -> ProcFs.parseStatusKib(s, "MemTotal"))
        .filter(o -> o.isPresent())
        .map(o -> o.getAsLong() / 1024)
        .orElse(null));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    m.put("loadAverage", loadAverage());
    return m;
  }

  /** The 1, 5 and 15 minute load averages from {@code /proc/loadavg}, or an empty list. */
  public static List<Double> loadAverage() {
    return ProcFs.read(Path.of("/proc/loadavg"))
        .map(s -> {
          String[] f = s.trim().split("\\s+");
          return List.of(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]));
        })
        .orElse(List.of());
  }

  /** {@code JAVA_VERSION} and {@code IMPLEMENTOR} from the {@code release} file of a JDK home. */
  public static Map<String, Object> jdk(Path home) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("home", home.toString());
    String release = ProcFs.read(home.resolve("release")).orElse("");
    m.put("version", releaseValue(release, "JAVA_VERSION"));
    m.put("vendor", releaseValue(release, "IMPLEMENTOR"));
    m.put("major", major(releaseValue(release, "JAVA_VERSION")));
    return m;
  }

  /** A {@code KEY="value"} line of a JDK {@code release} file, or {@code null}. */
  public static String releaseValue(String release, String key) {
    for (String line : release.split("\n")) {
      if (line.startsWith(key + "=")) {
        String v = line.substring(key.length() + 1).trim();
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
      }
    }
    return null;
  }

  /** 17 for {@code 17.0.12}, 25 for {@code 25}, 8 for {@code 1.8.0_402}; 0 when unknown. */
  public static int major(String version) {
    if (version == null || version.isEmpty()) return 0;
    String[] parts = version.split("[._+-]");
    try {
      int first = Integer.parseInt(parts[0]);
      return first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** {@code git rev-parse HEAD} in {@code repo}, with {@code -dirty} when the work tree has changes; or "unknown". */
  public static String commit(Path repo) {
    String head = git(repo, "rev-parse", "HEAD");
    if (head == null) return "unknown";
    String status = git(repo, "status", "--porcelain", "--untracked-files=no");
    return status != null && !status.isBlank() ? head + "-dirty" : head;
  }

  private static String git(Path repo, String... args) {
    try {
      List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", repo.toString()));
      cmd.addAll(List.of(args));
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) return null;
      return out;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Now, to the second, e.g. {@code 2026-11-23T22:05:00Z}. */
  public static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** A file-name-safe stamp, e.g. {@code 20261123T220500Z}. */
  public static String stamp(String isoInstant) {
    return isoInstant.replace("-", "").replace(":", "");
  }

  static boolean exists(Path p) {
    return Files.exists(p);
  }
}
