package io.logferry.bench.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultJsonTest {

  @Test
  void writesNestedValuesThatParseBackInOrder() throws Exception {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("wallSeconds", 1.25);
    figures.put("lines", 5_536_000L);
    figures.put("delivered", true);
    figures.put("summary", null);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("schema", "logferry.process/1");
    r.put("cpuModel", "Intel(R) \"Xeon\"\tProcessor \\ é");
    r.put("flags", List.of("-XX:+UseSerialGC", "-Xmx96m"));
    r.put("figures", figures);

    String json = ResultJson.toJson(r);

    Map<String, Object> back = ProcessBenchmark.flatJson(json.replace("\n", " "));
    assertThat(back.keySet()).containsExactly("schema", "cpuModel", "flags", "figures");
    assertThat(back.get("cpuModel")).isEqualTo("Intel(R) \"Xeon\"\tProcessor \\ é");
    @SuppressWarnings("unchecked")
    Map<String, Object> backFigures = (Map<String, Object>) back.get("figures");
    assertThat(backFigures)
        .containsEntry("wallSeconds", 1.25)
        .containsEntry("lines", 5_536_000L)
        .containsEntry("delivered", true)
        .containsEntry("summary", null);
    assertThat(back.get("flags")).isEqualTo(List.of("-XX:+UseSerialGC", "-Xmx96m"));
  }

  @Test
  void writesNonFiniteNumbersAsNull() {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("mibPerSecond", Double.NaN);
    r.put("cpu", Double.POSITIVE_INFINITY);
    assertThat(ProcessBenchmark.flatJson(ResultJson.toJson(r)))
        .containsEntry("mibPerSecond", null)
        .containsEntry("cpu", null);
  }

  @Test
  void replacesTheFileWholeAndLeavesNoTemporaryBehind(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("results/process/run.json");
    ResultJson.write(file, Map.of("a", 1));
    ResultJson.write(file, Map.of("a", 2));
    assertThat(ProcessBenchmark.flatJson(Files.readString(file))).containsEntry("a", 2L);
    try (var s = Files.list(file.getParent())) {
      assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("run.json");
    }
  }
}
