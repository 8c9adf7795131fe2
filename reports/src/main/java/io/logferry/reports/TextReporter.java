package io.logferry.reports;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The skeleton every text format shares: choose the columns worth showing, open the output file, walk the document
 * and let the subclass write each block. The file is written to a temporary name and renamed, so a reader (or the
 * browser test) never sees half a report.
 */
abstract class TextReporter implements Reporter {

  protected final Path outDir;

  TextReporter(Path outDir) {
    this.outDir = outDir;
  }

  /** The file name inside {@link #outDir}. */
  abstract String fileName();

  @Override
  public final void print(Report report) throws IOException {
    Files.createDirectories(outDir);
    Path target = outDir.resolve(fileName());
    Path tmp = outDir.resolve(fileName() + ".tmp");
    try (BufferedWriter bw = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
        PrintWriter out = new PrintWriter(bw)) {
      begin(report, out);
      for (Report.Section s : report.sections()) {
        section(s, out);
        for (Report.Block b : s.blocks()) {
          if (b instanceof Report.Paragraph p) paragraph(p, out);
          else if (b instanceof Report.Bullets l) bullets(l, out);
          else if (b instanceof Report.Table t) table(withoutEmptyColumns(t), out);
          else if (b instanceof Report.Preformatted p) preformatted(p, out);
          else if (b instanceof Report.Chart c) chart(c, out);
          else if (b instanceof Report.Interactive i) interactive(i, out);
        }
        endSection(s, out);
      }
      end(report, out);
      if (out.checkError()) throw new IOException("writing " + tmp + " failed");
    }
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  abstract void begin(Report report, PrintWriter out) throws IOException;

  abstract void section(Report.Section section, PrintWriter out);

  void endSection(Report.Section section, PrintWriter out) {}

  abstract void paragraph(Report.Paragraph p, PrintWriter out);

  abstract void bullets(Report.Bullets b, PrintWriter out);

  abstract void table(Report.Table t, PrintWriter out);

  abstract void preformatted(Report.Preformatted p, PrintWriter out);

  abstract void chart(Report.Chart c, PrintWriter out) throws IOException;

  abstract void end(Report report, PrintWriter out);

  /** The HTML page inserts the markup; other formats write the fallback as a paragraph. */
  void interactive(Report.Interactive i, PrintWriter out) {
    paragraph(new Report.Paragraph(i.fallback()), out);
  }

  /** Drops the columns (after the first) in which no row has a figure: a table of dashes says nothing. */
  static Report.Table withoutEmptyColumns(Report.Table t) {
    List<Integer> keep = new ArrayList<>();
    for (int c = 0; c < t.columns().size(); c++) {
      final int col = c;
      boolean any = c == 0 || t.rows().isEmpty()
          || t.rows().stream().anyMatch(r -> col < r.size() && !Fmt.MISSING.equals(r.get(col)) && !r.get(col).isBlank());
      if (any) keep.add(c);
    }
    if (keep.size() == t.columns().size()) return t;
    List<String> cols = keep.stream().map(t.columns()::get).toList();
    List<List<String>> rows = t.rows().stream()
        .map(r -> keep.stream().map(i -> i < r.size() ? r.get(i) : Fmt.MISSING).toList())
        .toList();
    return new Report.Table(t.caption(), cols, rows);
  }
}
