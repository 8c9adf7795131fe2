package io.logferry.reports;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code report.html}: one self-contained page. The CSS is inline, every chart's SVG is inlined, the only script is the calculator's plain JavaScript (no network)
 * and no external reference, so the file opens the same offline, from an email attachment or from CI artifacts.
 */
final class HtmlReporter extends TextReporter {

  private static final Pattern CODE = Pattern.compile("`([^`]+)`");
  private static final Pattern BOLD = Pattern.compile("\\*\\*([^*]+)\\*\\*");

  private static final String CSS = """
      body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0;color:#1b1f23;
        background:#fafbfc;line-height:1.45}
      main{max-width:1100px;margin:0 auto;padding:24px 32px 64px;background:#fff}
      h1{font-size:1.8em;margin:.2em 0}h2{border-bottom:2px solid #e1e4e8;padding-bottom:.2em;margin-top:1.8em}
      .subtitle{color:#586069;font-style:italic}
      nav ol{columns:2;padding-left:1.2em}
      table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:.86em;display:block;overflow-x:auto}
      caption{text-align:left;font-weight:600;padding:.3em 0}
      th,td{border:1px solid #d1d5da;padding:3px 8px;text-align:right;white-space:nowrap}
      th{background:#f1f3f5}td:first-child,th:first-child{text-align:left}
      tbody tr:nth-child(even){background:#f8f9fa}
      figure.chart{margin:1em 0 1.6em}figure.chart svg{max-width:100%;height:auto;border:1px solid #e1e4e8}
      figcaption{color:#586069;font-size:.88em;margin-top:.3em}
      pre{background:#f6f8fa;padding:10px 14px;overflow-x:auto;font-size:.85em;border:1px solid #e1e4e8}
      code{background:#f3f4f6;padding:0 3px;font-size:.92em}
      .banner{background:#fff8c5;border:1px solid #d4a72c;padding:8px 12px;margin:.6em 0}
      .answer{font-size:1.08em;background:#f1f8ff;border-left:4px solid #0366d6;padding:8px 14px}
      .calc label{display:inline-block;min-width:15em}.calc input,.calc select{width:9em;margin:2px 0}
      .calc fieldset{border:1px solid #d1d5da;margin:.5em 0}
      """;

  HtmlReporter(Path outDir) {
    super(outDir);
  }

  @Override
  String fileName() {
    return "report.html";
  }

  @Override
  void begin(Report report, PrintWriter out) {
    out.println("<!DOCTYPE html>");
    out.println("<html lang=\"en\"><head><meta charset=\"utf-8\">");
    out.println("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    out.println("<title>" + esc(report.title()) + "</title>");
    out.println("<style>" + CSS + "</style></head><body><main>");
    out.println("<h1>" + esc(report.title()) + "</h1>");
    out.println("<p class=\"subtitle\">" + inline(report.subtitle()) + "</p>");
    out.println("<nav><ol>");
    for (Report.Section s : report.sections()) {
      out.println("<li><a href=\"#" + esc(s.id()) + "\">" + esc(s.title()) + "</a></li>");
    }
    out.println("</ol></nav>");
  }

  @Override
  void section(Report.Section section, PrintWriter out) {
    out.println("<section id=\"" + esc(section.id()) + "\"><h2>" + esc(section.title()) + "</h2>");
  }

  @Override
  void endSection(Report.Section section, PrintWriter out) {
    out.println("</section>");
  }

  @Override
  void paragraph(Report.Paragraph p, PrintWriter out) {
    out.println("<p>" + inline(p.text()) + "</p>");
  }

  @Override
  void bullets(Report.Bullets b, PrintWriter out) {
    out.println("<ul>");
    for (String item : b.items()) out.println("<li>" + inline(item) + "</li>");
    out.println("</ul>");
  }

  @Override
  void table(Report.Table t, PrintWriter out) {
    out.println("<table>");
    if (!t.caption().isBlank()) out.println("<caption>" + inline(t.caption()) + "</caption>");
    out.print("<thead><tr>");
    for (String c : t.columns()) out.print("<th>" + inline(c) + "</th>");
    out.println("</tr></thead><tbody>");
    for (var row : t.rows()) {
      out.print("<tr>");
      for (String c : row) out.print("<td>" + inline(c) + "</td>");
      out.println("</tr>");
    }
    out.println("</tbody></table>");
  }

  @Override
  void preformatted(Report.Preformatted p, PrintWriter out) {
    out.println("<pre>" + esc(p.text()) + "</pre>");
  }

  @Override
  void chart(Report.Chart c, PrintWriter out) {
    out.println("<figure class=\"chart\" id=\"fig-" + esc(c.id()) + "\">");
    // The SVG comes from JFreeSVG, which escapes the text it draws; it is inserted as markup on purpose.
    out.println(c.svg());
    if (!c.caption().isBlank()) out.println("<figcaption>" + inline(c.caption()) + "</figcaption>");
    out.println("</figure>");
  }

  @Override
  void interactive(Report.Interactive i, PrintWriter out) {
    out.println("<div class=\"interactive\" id=\"" + esc(i.id()) + "\">");
    out.println(i.html());
    out.println("</div>");
  }

  @Override
  void end(Report report, PrintWriter out) {
    out.println("</main></body></html>");
  }

  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** Escapes, then renders the two inline marks the report text uses: `code` and **bold**. */
  static String inline(String s) {
    String e = esc(s);
    e = CODE.matcher(e).replaceAll(m -> "<code>" + Matcher.quoteReplacement(m.group(1)) + "</code>");
    return BOLD.matcher(e).replaceAll(m -> "<strong>" + Matcher.quoteReplacement(m.group(1)) + "</strong>");
  }
}
