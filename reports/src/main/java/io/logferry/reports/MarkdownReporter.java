package io.logferry.reports;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code report.md} (GitHub-flavoured Markdown); each chart is written to {@code charts/<id>.svg} and linked. */
final class MarkdownReporter extends TextReporter {

  MarkdownReporter(Path outDir) {
    super(outDir);
  }

  @Override
  String fileName() {
    return "report.md";
  }

  @Override
  void begin(Report report, PrintWriter out) {
    out.println("# " + report.title());
    out.println();
    out.println("_" + report.subtitle() + "_");
    out.println();
    out.println("Contents: " + String.join(" · ", report.sections().stream()
        .map(s -> "[" + s.title() + "](#" + anchor(s.title()) + ")").toList()));
    out.println();
  }

  @Override
  void section(Report.Section section, PrintWriter out) {
    out.println("## " + section.title());
    out.println();
  }

  @Override
  void paragraph(Report.Paragraph p, PrintWriter out) {
    out.println(p.text());
    out.println();
  }

  @Override
  void bullets(Report.Bullets b, PrintWriter out) {
    for (String item : b.items()) out.println("- " + item);
    out.println();
  }

  @Override
  void table(Report.Table t, PrintWriter out) {
    if (!t.caption().isBlank()) {
      out.println("**" + t.caption() + "**");
      out.println();
    }
    out.println("| " + String.join(" | ", t.columns().stream().map(MarkdownReporter::cell).toList()) + " |");
    out.println("|" + " --- |".repeat(t.columns().size()));
    for (var row : t.rows()) out.println("| " + String.join(" | ", row.stream().map(MarkdownReporter::cell).toList()) + " |");
    out.println();
  }

  @Override
  void preformatted(Report.Preformatted p, PrintWriter out) {
    out.println("```");
    out.println(p.text());
    out.println("```");
    out.println();
  }

  @Override
  void chart(Report.Chart c, PrintWriter out) throws IOException {
    Path charts = outDir.resolve("charts");
    Files.createDirectories(charts);
    Files.writeString(charts.resolve(c.id() + ".svg"), c.svg(), StandardCharsets.UTF_8);
    out.println("![" + c.title() + "](charts/" + c.id() + ".svg)");
    out.println();
    if (!c.caption().isBlank()) {
      out.println("_" + c.caption() + "_");
      out.println();
    }
  }

  @Override
  void end(Report report, PrintWriter out) {}

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }

  static String anchor(String title) {
    return title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9 -]", "").trim().replace(' ', '-');
  }
}
