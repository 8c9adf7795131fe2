package io.logferry.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportMainTest {

  private static final Instant NOW = Instant.parse("2026-11-23T22:00:00Z");

  private static Path results() throws Exception {
    return Path.of(ReportMainTest.class.getResource("/results").toURI());
  }

  private static int run(ByteArrayOutputStream err, String... args) {
    return ReportMain.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), NOW);
  }

  @Test
  void writesASelfContainedHtmlAndAMarkdownReportWithItsCharts(@TempDir Path out) throws Exception {
    int code = run(new ByteArrayOutputStream(), "--results", results().toString(), "--out", out.toString());

    assertThat(code).isZero();
    String html = Files.readString(out.resolve("report.html"));
    String md = Files.readString(out.resolve("report.md"));
    int svgs = html.split("<svg", -1).length - 1;
    assertThat(svgs).isEqualTo(html.split("<figure class=\"chart\"", -1).length - 1).isGreaterThanOrEqualTo(8);
    // Self-contained: no script, no stylesheet link, no image or font fetched from anywhere.
    assertThat(html).doesNotContain("<script", "<link", "src=\"http", "url(http", "@import");
    // Namespace declarations are names, never fetched; any other URL would be.
    assertThat(html.replaceAll("xmlns(:\\w+)?=['\"][^'\"]*['\"]", "")).doesNotContain("http://", "https://");
    assertThat(Files.list(out.resolve("charts")).count()).isEqualTo(svgs);
    assertThat(md).contains("QUICK profile", "## Decision guide", "break-even N* = (3600 / F) × fixed",
        "| endpoint-down |", "## Method and environment", "Intel(R) Xeon(R)", "aws.amazon.com/efs/pricing");
  }

  @Test
  void priceOverridesReachTheReport(@TempDir Path out) throws Exception {
    Path props = out.resolve("prices.properties");
    Files.writeString(props, "vcpuHour=0.5\n");

    int code = run(new ByteArrayOutputStream(), "--results", results().toString(), "--out", out.toString(),
        "--prices", props.toString(), "--price", "ingestPerGb=0.25", "--format", "markdown");

    assertThat(code).isZero();
    String md = Files.readString(out.resolve("report.md"));
    assertThat(md).contains("| `vcpuHour` | 0.500 | overridden |", "| `ingestPerGb` | 0.250 | overridden |",
        "| `memGibHour` | 0.00445 | default |");
    assertThat(out.resolve("report.html")).doesNotExist();
  }

  @Test
  void reportsWhatIsMissingWhenThereAreNoClusterResults(@TempDir Path dir) throws Exception {
    Path results = Files.createDirectories(dir.resolve("results/jmh"));
    Files.copy(results().resolve("jmh/quick.json"), results.resolve("quick.json"));

    int code = run(new ByteArrayOutputStream(), "--results", dir.resolve("results").toString(), "--out",
        dir.resolve("out").toString());

    assertThat(code).isZero();
    String md = Files.readString(dir.resolve("out/report.md"));
    assertThat(md).contains("no run set under", "No chart: no steady-state freshness figures",
        "LineSplitBenchmark.split [size=1MiB]");
  }

  @Test
  void writesOneReportPerRunSetAndHeadlinesTheFullRunOverTheQuickOneOfTheSameDay(@TempDir Path dir) throws Exception {
    Path results = dir.resolve("results");
    Path quick = Files.createDirectories(results.resolve("cluster/2026-11-23-quick"));
    Path full = Files.createDirectories(results.resolve("cluster/2026-11-23-full"));
    try (var files = Files.list(results().resolve("cluster/2026-11-23-quick"))) {
      for (Path f : files.toList()) {
        Files.copy(f, quick.resolve(f.getFileName()));
        Files.writeString(full.resolve(f.getFileName()), Files.readString(f).replace("\"quick\"", "\"full\""));
      }
    }

    int code = run(new ByteArrayOutputStream(), "--results", results.toString(), "--out", dir.resolve("out").toString(),
        "--format", "markdown");

    assertThat(code).isZero();
    assertThat(dir.resolve("out/2026-11-23-quick/report.md")).exists();
    assertThat(dir.resolve("out/2026-11-23-full/report.md")).exists();
    assertThat(Files.readString(dir.resolve("out/report.md"))).contains("Run set `2026-11-23-full`")
        .doesNotContain("QUICK profile");
  }

  @Test
  void rejectsUnknownOptionsAndMissingResultsWithUsageExitCode(@TempDir Path dir) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(run(err, "--colour")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option '--colour'");
    assertThat(run(new ByteArrayOutputStream(), "--results", dir.resolve("absent").toString())).isEqualTo(2);
    assertThat(run(new ByteArrayOutputStream(), "--price", "novalue")).isEqualTo(2);
  }
}
