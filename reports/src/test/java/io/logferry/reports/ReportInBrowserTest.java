package io.logferry.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Opens the generated HTML report in headless Chromium.
 *
 * <p>Method: a copy of the report gets a probe (test-side only, the report itself has no script): a
 * Content-Security-Policy that forbids every network request, listeners that record script errors, failed resource
 * loads, CSP violations and {@code console.error}, and a load-event handler that measures every chart's
 * {@code <svg>} (layout box, bounding box of the drawing, number of shapes and texts) and writes all of it as JSON
 * into the DOM. {@code --dump-dom} returns that DOM. The unmodified report is then screenshotted with
 * {@code --enable-logging=stderr}, where Chromium prints every console message as a {@code CONSOLE} line: the page
 * has no script, so any such line is a failure. A positive control proves both detectors fire on a page that does
 * have errors, so a silent pass cannot come from a detector that stopped working.
 *
 * <p>Chromium is installed by {@code .ci/run}; without it the test fails under CI and skips (saying why) elsewhere.
 */
class ReportInBrowserTest {

  private static final Path TARGET = Path.of("target");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static HeadlessChromium chromium;
  private static Path reportDir;
  private static int chartCount;

  private static final String HEAD_PROBE = """
      <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; \
      img-src data:; script-src 'unsafe-inline'">
      <script>
      window.__probeErrors = [];
      window.addEventListener('error', function (e) {
        var t = e.target && e.target !== window && e.target.outerHTML ? ' on ' + e.target.outerHTML.slice(0, 120) : '';
        __probeErrors.push('error: ' + (e.message || 'resource failed') + t);
      }, true);
      document.addEventListener('securitypolicyviolation', function (e) {
        __probeErrors.push('blocked request: ' + e.blockedURI + ' (' + e.violatedDirective + ')');
      });
      (function () {
        var original = console.error;
        console.error = function () {
          __probeErrors.push('console.error: ' + Array.prototype.join.call(arguments, ' '));
          return original.apply(console, arguments);
        };
      })();
      </script>
      """;

  private static final String LOAD_PROBE = """
      <script>
      window.addEventListener('load', function () {
        var charts = [];
        document.querySelectorAll('figure.chart').forEach(function (f) {
          var s = f.querySelector('svg');
          if (!s) { charts.push({id: f.id, svg: false}); return; }
          var box = s.getBoundingClientRect();
          var bb = s.getBBox();
          charts.push({id: f.id, svg: true, width: box.width, height: box.height, drawnWidth: bb.width,
            drawnHeight: bb.height, shapes: s.querySelectorAll('path,rect,line,polyline,polygon,circle,ellipse').length,
            texts: Array.prototype.filter.call(s.querySelectorAll('text'), function (t) {
              return t.textContent.trim().length > 0; }).length});
        });
        var pre = document.createElement('pre');
        pre.id = 'probe';
        pre.textContent = JSON.stringify({charts: charts, errors: window.__probeErrors});
        document.body.appendChild(pre);
      });
      </script>
      """;

  @BeforeAll
  static void generateReport() throws Exception {
    var found = HeadlessChromium.find();
    if (found.isEmpty()) {
      boolean required = Boolean.getBoolean("logferry.requireChromium") || "true".equalsIgnoreCase(System.getenv("CI"));
      if (required) fail("chromium is not installed, and CI must run the browser test (.ci/run installs it)");
      Assumptions.abort("chromium is not installed (apt-get install chromium); CI is unset, so the browser test skips");
    }
    chromium = found.get();
    Path results = Path.of(ReportInBrowserTest.class.getResource("/results").toURI());
    reportDir = TARGET.resolve("browser-report");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    int code = ReportMain.run(new String[] {"--results", results.toString(), "--out", reportDir.toString()},
        new PrintStream(log, true, StandardCharsets.UTF_8), System.err, Instant.parse("2026-11-23T22:00:00Z"));
    assertThat(code).as(log.toString(StandardCharsets.UTF_8)).isZero();
    String html = Files.readString(reportDir.resolve("report.html"));
    chartCount = countOf(html, "<figure class=\"chart\"");
    assertThat(chartCount).as("charts in the fixture report").isGreaterThanOrEqualTo(8);
  }

  @Test
  void everyChartRendersAsNonEmptySvgWithoutErrors() throws Exception {
    Path probed = TARGET.resolve("browser-report/report-probed.html");
    Files.writeString(probed, instrument(Files.readString(reportDir.resolve("report.html"))));

    JsonNode probe = probe(chromium.dumpDom(probed));

    assertThat(probe.get("errors")).as("errors, failed loads, blocked network requests").isEmpty();
    JsonNode charts = probe.get("charts");
    assertThat(charts).hasSize(chartCount);
    for (JsonNode c : charts) {
      String id = c.get("id").asText();
      assertThat(c.get("svg").asBoolean()).as(id + " has an <svg>").isTrue();
      assertThat(c.get("width").asDouble()).as(id + " laid-out width").isGreaterThan(300);
      assertThat(c.get("height").asDouble()).as(id + " laid-out height").isGreaterThan(150);
      assertThat(c.get("drawnWidth").asDouble()).as(id + " drawing's bounding box").isGreaterThan(300);
      assertThat(c.get("drawnHeight").asDouble()).as(id + " drawing's bounding box").isGreaterThan(150);
      assertThat(c.get("shapes").asInt()).as(id + " shapes (axes, bars, lines)").isGreaterThan(10);
      assertThat(c.get("texts").asInt()).as(id + " texts (title, axis labels, ticks)").isGreaterThanOrEqualTo(4);
    }
  }

  @Test
  void keepsAScreenshotOfTheRenderedPageAndLogsNoConsoleMessage() throws Exception {
    Path png = TARGET.resolve("screenshot.png");
    Files.deleteIfExists(png);

    HeadlessChromium.Result r = chromium.screenshot(reportDir.resolve("report.html"), png, 1200, 3000);

    assertThat(r.consoleLines()).as("console messages of a page without script").isEmpty();
    assertThat(png).exists();
    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img.getWidth()).isEqualTo(1200);
    assertThat(img.getHeight()).isEqualTo(3000);
    // A blank or text-only page has a handful of colours; charts with anti-aliased bars and lines have hundreds.
    assertThat(distinctColours(img)).as("colours in the screenshot").isGreaterThan(200);
  }

  @Test
  void detectsErrorsConsoleMessagesAndNetworkRequestsOnABrokenPage() throws Exception {
    String broken = "<!DOCTYPE html><html><head><title>x</title></head><body>"
        + "<img src=\"http://example.invalid/chart.png\">"
        + "<script>console.error('boom'); undefinedFunction();</script>"
        + "<figure class=\"chart\" id=\"fig-empty\"><p>no svg here</p></figure></body></html>";
    Path page = TARGET.resolve("browser-report/broken-probed.html");
    Files.writeString(page, instrument(broken));

    HeadlessChromium.Result r = chromium.dumpDom(page);
    JsonNode probe = probe(r);

    assertThat(probe.get("errors").toString())
        .contains("console.error: boom")
        .contains("undefinedFunction")
        .contains("example.invalid");
    assertThat(probe.get("charts").get(0).get("svg").asBoolean()).isFalse();
    assertThat(r.consoleLines()).as("Chromium's stderr console log").isNotEmpty();
  }

  static String instrument(String html) {
    int head = html.indexOf("<head>");
    int body = html.lastIndexOf("</body>");
    assertThat(head).as("<head>").isNotNegative();
    assertThat(body).as("</body>").isGreaterThan(head);
    return html.substring(0, head + 6) + HEAD_PROBE + html.substring(head + 6, body) + LOAD_PROBE
        + html.substring(body);
  }

  private static JsonNode probe(HeadlessChromium.Result r) throws Exception {
    Matcher m = Pattern.compile("<pre id=\"probe\">(.*?)</pre>", Pattern.DOTALL).matcher(r.stdout());
    if (!m.find()) {
      fail("the probe did not run (exit " + r.exitCode() + "); stderr:\n" + r.stderr());
    }
    String text = m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    return JSON.readTree(text);
  }

  private static int countOf(String s, String needle) {
    int n = 0;
    for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) n++;
    return n;
  }

  private static int distinctColours(BufferedImage img) {
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < img.getHeight(); y += 2) {
      for (int x = 0; x < img.getWidth(); x += 2) colours.add(img.getRGB(x, y));
    }
    return colours.size();
  }
}
