package io.logferry.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logferry.reports.study.Coefficients;
import io.logferry.reports.study.ShippingModel;
import io.logferry.study.StudyJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The study report in headless Chromium: the page (answer first, decision map, calculator) renders without errors
 * or network requests, every chart is a laid-out SVG, the calculator fills its table on load, and its JavaScript
 * gives the same cost, freshness and verdict as {@link ShippingModel} for workloads across the map. The fixture is a
 * real quick-profile run set (src/test/resources/study-results).
 */
class StudyReportInBrowserTest {

  private static final Path TARGET = Path.of("target");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static HeadlessChromium chromium;
  private static Path reportDir;

  /** {pods, MiB/h per pod, target s, basis}: small and large, seconds-fresh to hourly, both bases. */
  static final Object[][] WORKLOADS = {
    {1.0, 0.5, 10.0, "usage"}, {8.0, 10.0, 120.0, "usage"}, {100.0, 10.0, 600.0, "usage"},
    {1000.0, 100.0, 600.0, "requests"}, {10000.0, 1.0, 3600.0, "usage"}, {30.0, 300.0, 60.0, "requests"},
    {10000.0, 500.0, 300.0, "usage"}
  };

  @BeforeAll
  static void generateReport() throws Exception {
    var found = HeadlessChromium.find();
    if (found.isEmpty()) {
      boolean required = Boolean.getBoolean("logferry.requireChromium") || "true".equalsIgnoreCase(System.getenv("CI"));
      if (required) fail("chromium is not installed, and CI must run the browser test (.ci/run installs it)");
      Assumptions.abort("chromium is not installed (apt-get install chromium); CI is unset, so the browser test skips");
    }
    chromium = found.get();
    Path results = Path.of(StudyReportInBrowserTest.class.getResource("/study-results").toURI());
    reportDir = TARGET.resolve("study-browser-report");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    int code = ReportMain.run(new String[] {"--results", results.toString(), "--out", reportDir.toString()},
        new PrintStream(log, true, StandardCharsets.UTF_8), System.err, Instant.parse("2026-12-01T23:00:00Z"));
    assertThat(code).as(log.toString(StandardCharsets.UTF_8)).isZero();
  }

  @Test
  void calculatorAgreesWithTheJavaModelAndFillsItsTableOnLoad() throws Exception {
    String html = Files.readString(reportDir.resolve("report.html"));
    StringBuilder calls = new StringBuilder("var out = [];\n");
    for (Object[] w : WORKLOADS) {
      calls.append("out.push(lf.evaluate(lf.data.coefficients, lf.data.parameters, ").append(w[0]).append(", ")
          .append(w[1]).append(", ").append(w[2]).append(", '").append(w[3]).append("'));\n");
    }
    String probe = "<script>window.addEventListener('load', function () {\n"
        + "var lf = window.logferryCalculator, errors = window.__errors || [];\n" + calls
        + "var pre = document.createElement('pre'); pre.id = 'probe';\n"
        + "pre.textContent = JSON.stringify({results: out, rows: document.querySelectorAll('#lf-out tr').length,\n"
        + "  verdict: document.getElementById('lf-verdict').textContent, errors: errors,\n"
        + "  charts: Array.prototype.map.call(document.querySelectorAll('figure.chart svg'), function (s) {\n"
        + "    var b = s.getBBox(); return {w: b.width, h: b.height}; })});\n"
        + "document.body.appendChild(pre); });</script>";
    String errors = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        + "style-src 'unsafe-inline'; img-src data:; script-src 'unsafe-inline'\">"
        + "<script>window.__errors = []; window.addEventListener('error', function (e) {"
        + " __errors.push(String(e.message)); }, true); document.addEventListener('securitypolicyviolation',"
        + " function (e) { __errors.push('blocked ' + e.blockedURI); });</script>";
    int head = html.indexOf("<head>") + 6;
    int body = html.lastIndexOf("</body>");
    Path probed = reportDir.resolve("report-probed.html");
    Files.writeString(probed, html.substring(0, head) + errors + html.substring(head, body) + probe
        + html.substring(body));

    HeadlessChromium.Result r = chromium.dumpDom(probed);
    Matcher m = Pattern.compile("<pre id=\"probe\">(.*?)</pre>", Pattern.DOTALL).matcher(r.stdout());
    if (!m.find()) fail("the probe did not run (exit " + r.exitCode() + "); stderr:\n" + r.stderr());
    JsonNode p = JSON.readTree(m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
        .replace("&amp;", "&"));

    assertThat(p.get("errors")).as("script errors and blocked requests").isEmpty();
    assertThat(p.get("rows").asInt()).as("calculator rows on load").isEqualTo(ShippingModel.MODES.size());
    assertThat(p.get("verdict").asText()).containsAnyOf("Cheapest mode", "No mode meets");
    assertThat(p.get("charts")).hasSizeGreaterThanOrEqualTo(3);
    for (JsonNode c : p.get("charts")) {
      assertThat(c.get("w").asDouble()).isGreaterThan(300);
      assertThat(c.get("h").asDouble()).isGreaterThan(150);
    }
    // The same inputs through the Java model: every mode's cost, freshness, interval, shards and verdict agree.
    String embedded = html.substring(html.indexOf("id=\"lf-model\">") + 14);
    embedded = embedded.substring(0, embedded.indexOf("</script>")).replace("<\\/", "</");
    @SuppressWarnings("unchecked")
    Map<String, Object> model = StudyJson.read(embedded, Map.class);
    @SuppressWarnings("unchecked")
    Coefficients c = Coefficients.fromMap(toDoubles((Map<String, Object>) model.get("coefficients")));
    @SuppressWarnings("unchecked")
    Map<String, Double> params = toDoubles((Map<String, Object>) model.get("parameters"));
    for (int i = 0; i < WORKLOADS.length; i++) {
      Object[] w = WORKLOADS[i];
      List<ShippingModel.ModeResult> expected = ShippingModel.evaluate(c, params, (Double) w[0], (Double) w[1],
          (Double) w[2], (String) w[3]);
      JsonNode js = p.get("results").get(i);
      assertThat(js).hasSize(expected.size());
      for (int k = 0; k < expected.size(); k++) {
        ShippingModel.ModeResult j = expected.get(k);
        JsonNode s = js.get(k);
        String where = j.mode() + " at " + java.util.Arrays.toString(w);
        assertThat(s.get("mode").asText()).isEqualTo(j.mode());
        assertClose(s.get("dollarsPerHour"), j.dollarsPerHour(), where + " $/h");
        assertClose(s.get("cpuSecondsPerHour"), j.cpuSecondsPerHour(), where + " CPU");
        assertClose(s.get("p95Seconds"), j.p95Seconds(), where + " p95");
        assertThat(s.get("meets").asBoolean()).as(where + " meets").isEqualTo(j.meets());
        assertThat(s.get("intervalSeconds").asInt()).as(where + " interval").isEqualTo(j.intervalSeconds());
        assertThat(s.get("shards").asInt()).as(where + " shards").isEqualTo(j.shards());
      }
    }
  }

  @Test
  void answerComesFirstWithProvenanceAndTheProfileNamed() throws Exception {
    String md = Files.readString(reportDir.resolve("report.md"));
    int answer = md.indexOf("## The answer");
    assertThat(answer).isNotNegative();
    assertThat(md.indexOf("## ", answer + 3)).isGreaterThan(md.indexOf("decision-map", answer));
    assertThat(md).contains("**Provenance:** measured at commit").contains("HEAD is")
        .contains("**quick profile**").contains("n = ");
  }

  static void assertClose(JsonNode js, double java, String what) {
    if (Double.isNaN(java)) {
      assertThat(js.isNull() || js.asText().equals("NaN")).as(what + ": NaN in both").isTrue();
      return;
    }
    assertThat(js.asDouble()).as(what).isCloseTo(java, org.assertj.core.api.Assertions.within(1e-9 * Math.max(1, Math.abs(java))));
  }

  static Map<String, Double> toDoubles(Map<String, Object> m) {
    Map<String, Double> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, ((Number) v).doubleValue()));
    return out;
  }
}
