package io.logferry.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.logferry.testbed.DeliveryAudit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultJsonTest {

  @TempDir Path dir;

  private static Scenario cronjob() {
    return new Scenario(Mode.CRONJOB, Fault.THROTTLED, 4, 100, Duration.ofSeconds(60), Duration.ofSeconds(10),
        "nginx", "rename", 131_072, Duration.ZERO);
  }

  @Test
  void writesOneFilePerScenarioRunWithItsParametersEnvironmentAndFigures() throws Exception {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("freshnessMillis", new Percentiles(3, 100, 200, 200, 200, 166.667));
    figures.put("delivery", new DeliveryAudit.Result(10, 9, 1, 2));
    figures.put("ratio", 0.123456);
    Environment env = new Environment("Test CPU", 2, "Linux 6", "openjdk 17", "abc123");
    Map<String, Object> result = ScenarioRunner.result(cronjob(), Profile.FULL, "local", env,
        "2026-11-23T22:00:00Z", 1.5, figures);
    ScenarioRunner.write(dir, result);

    Path file = dir.resolve("cronjob-4pods-100lps-60s-every10s-throttled.json");
    Map<String, Object> read = flatten(Files.readString(file));
    assertThat(read).containsEntry("schemaVersion", 1L)
        .containsEntry("scenario", "cronjob-4pods-100lps-60s-every10s-throttled")
        .containsEntry("mode", "cronjob")
        .containsEntry("fault", "throttled")
        .containsEntry("profile", "full")
        .containsEntry("pods", 4L)
        .containsEntry("ratePerPod", 100.0)
        .containsEntry("durationSeconds", 60L)
        .containsEntry("cronIntervalSeconds", 10L)
        .containsEntry("machine", "Test CPU")
        .containsEntry("cores", 2L)
        .containsEntry("jdk", "openjdk 17")
        .containsEntry("commit", "abc123")
        .containsEntry("date", "2026-11-23T22:00:00Z")
        .containsEntry("figures.freshnessMillis.p50", 100L)
        .containsEntry("figures.freshnessMillis.mean", 166.667)
        .containsEntry("figures.delivery.lost", 1L)
        .containsEntry("figures.delivery.duplicated", 2L)
        .containsEntry("figures.ratio", 0.123);
    assertThat(read).containsKey("faultDurationSeconds").containsEntry("faultDurationSeconds", null);
  }

  @Test
  void scenarioNamesAreDistinctWithinEveryProfile() {
    for (Profile p : Profile.values()) {
      List<String> names = p.scenarios().stream().map(Scenario::name).toList();
      assertThat(names).doesNotHaveDuplicates();
    }
  }

  @Test
  void quickProfileIsSmallAndFullHasEveryFaultInBothModes() {
    long quickSeconds = Profile.QUICK.scenarios().stream().mapToLong(s -> s.duration().toSeconds()).sum();
    assertThat(quickSeconds).isLessThanOrEqualTo(240);
    List<Scenario> full = Profile.FULL.scenarios();
    for (Fault f : Fault.values()) {
      for (Mode m : Mode.values()) {
        if (f != Fault.NONE && f.appliesTo(m)) {
          assertThat(full).as(f + " in " + m).anyMatch(s -> s.fault() == f && s.mode() == m);
        }
      }
    }
    assertThat(full).filteredOn(s -> s.fault() == Fault.ENDPOINT_DOWN)
        .allMatch(s -> s.faultDuration().equals(Duration.ofSeconds(60)));
  }

  @Test
  void summaryTableComparesWritersWithTheirBaseline() {
    List<Map<String, Object>> results = new ArrayList<>();
    Environment env = new Environment("cpu", 2, "k", "jdk", "c");
    for (Mode m : new Mode[] {Mode.BASELINE, Mode.SIDECAR}) {
      Scenario s = new Scenario(m, Fault.NONE, 2, 50, Duration.ofSeconds(20), Duration.ofSeconds(5), "nginx",
          "rename", 1024, Duration.ZERO);
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("freshnessMillis", new Percentiles(1, 700, 900, 990, 1000, 700));
      f.put("delivery", new DeliveryAudit.Result(2000, m == Mode.SIDECAR ? 2000 : 0, m == Mode.SIDECAR ? 0 : 2000, 0));
      f.put("shipper", Map.of("steadyCpuSecondsPerPodHour", 36.0, "peakRssKbPerPod", 140 * 1024.0,
          "meanRssKbPerPod", 120 * 1024.0));
      f.put("writers", Map.of("achievedRateMin", m == Mode.SIDECAR ? 49.5 : 50.0, "maxWriteLatencyMicros", 1500.0));
      f.put("api", Map.of("putLogEventsCalls", 34L));
      results.add(ScenarioRunner.result(s, Profile.QUICK, "local", env, "d", 1.0, f));
    }
    String md = Summary.markdown(results);
    assertThat(md).contains("| baseline-2pods-50lps-20s | - | - | - | - | 34 | 2000 | - | - | 50.0 (50.0) |");
    assertThat(md).contains("| sidecar-2pods-50lps-20s | 36.0 | 140 | 120 | 0.70 / 0.99 / 1.00 | 34 | 2000 | 0 | 0 | 49.5 (50.0) | 1.5 |");
  }

  /** The JSON as dotted paths to scalar values. */
  private static Map<String, Object> flatten(String json) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    try (JsonParser p = new JsonFactory().createParser(json)) {
      p.nextToken();
      walk(p, "", out);
    }
    return out;
  }

  private static void walk(JsonParser p, String prefix, Map<String, Object> out) throws Exception {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = prefix + p.currentName();
      JsonToken t = p.nextToken();
      switch (t) {
        case START_OBJECT -> walk(p, key + ".", out);
        case START_ARRAY -> p.skipChildren();
        case VALUE_NUMBER_INT -> out.put(key, p.getLongValue());
        case VALUE_NUMBER_FLOAT -> out.put(key, p.getDoubleValue());
        case VALUE_NULL -> out.put(key, null);
        case VALUE_TRUE, VALUE_FALSE -> out.put(key, p.getBooleanValue());
        default -> out.put(key, p.getText());
      }
    }
  }
}
