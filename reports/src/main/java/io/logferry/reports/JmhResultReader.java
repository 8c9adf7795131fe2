package io.logferry.reports;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JMH's own JSON result format ({@code -rf json}): an array with one object per benchmark and parameter
 * combination, the primary metric under {@code primaryMetric}. The format is JMH's, stable since 1.x.
 */
public final class JmhResultReader {

  /** Reads every {@code .json} file under {@code dir}; a file that is not a JMH result is a problem, not a failure. */
  public ReadResult<JmhResult> read(Path dir) throws IOException {
    List<JmhResult> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    java.util.Map<String, JsonFields> metas = new java.util.HashMap<>();
    for (Path file : ResultFiles.jsonFiles(dir)) {
      if (!file.getFileName().toString().endsWith(".meta.json")) continue;
      try {
        JsonFields meta = new JsonFields(ResultFiles.parse(file));
        String name = meta.optionalText("resultFile")
            .orElse(file.getFileName().toString().replace(".meta.json", ".json"));
        metas.put(file.resolveSibling(name).toString(), meta);
      } catch (IOException e) {
        problems.add(file.getFileName() + ": unreadable meta file (" + e.getMessage().lines().findFirst().orElse("") + ")");
      }
    }
    for (Path file : ResultFiles.jsonFiles(dir)) {
      if (file.getFileName().toString().endsWith(".meta.json")) continue;
      JsonFields meta = metas.get(file.toString());
      Environment env = meta == null ? null : Environment.read(meta);
      String profile = meta == null ? "?" : meta.optionalText("profile").orElse("?");
      String shown = ResultFiles.display(dir.getParent() == null ? dir : dir.getParent(), file);
      JsonNode root = ResultFiles.parseOrReport(file, shown, problems);
      if (root == null) continue;
      if (!root.isArray()) {
        problems.add(shown + ": not a JMH result (expected the array that -rf json writes)");
        continue;
      }
      if (root.isEmpty()) problems.add(shown + ": no benchmarks in the file");
      int i = 0;
      for (JsonNode b : root) {
        i++;
        JsonNode metric = b.get("primaryMetric");
        if (!b.hasNonNull("benchmark") || metric == null || !metric.has("score")) {
          problems.add(shown + " #" + i + ": lacks benchmark or primaryMetric.score; skipped");
          continue;
        }
        Map<String, String> params = new LinkedHashMap<>();
        JsonNode p = b.get("params");
        if (p != null && p.isObject()) p.properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
        out.add(new JmhResult(
            shortName(b.get("benchmark").asText()),
            b.path("mode").asText("?"),
            params,
            metric.get("score").asDouble(),
            metric.path("scoreError").isNumber() ? metric.get("scoreError").asDouble() : Double.NaN,
            metric.path("scoreUnit").asText("?"),
            b.path("jdkVersion").asText(Environment.UNKNOWN),
            b.path("vmName").asText(Environment.UNKNOWN),
            b.path("threads").asInt(1),
            b.path("forks").asInt(0),
            env != null ? env : new Environment(Environment.UNKNOWN, 0, 0, Environment.UNKNOWN,
                b.path("jdkVersion").asText(Environment.UNKNOWN), Environment.UNKNOWN, Environment.UNKNOWN,
                Environment.UNKNOWN),
            profile,
            shown));
      }
    }
    return new ReadResult<>(out, problems);
  }

  /** {@code io.logferry.bench.jmh.LineSplitBenchmark.split} → {@code LineSplitBenchmark.split}. */
  static String shortName(String fqn) {
    int method = fqn.lastIndexOf('.');
    if (method < 0) return fqn;
    int cls = fqn.lastIndexOf('.', method - 1);
    return fqn.substring(cls + 1);
  }
}
