package io.logferry.reports;

import java.nio.file.Path;
import java.util.function.Function;

/** The formats a report can be written in, each with the reporter that writes it. */
public enum ReportFormat {
  /** {@code report.md}, charts as {@code charts/*.svg} next to it. */
  MARKDOWN(MarkdownReporter::new),
  /** {@code report.html}: one self-contained file, CSS and SVG inline, no script, no network. */
  HTML(HtmlReporter::new);

  private final Function<Path, Reporter> factory;

  ReportFormat(Function<Path, Reporter> factory) {
    this.factory = factory;
  }

  /** A reporter that writes into {@code outDir}. */
  public Reporter create(Path outDir) {
    return factory.apply(outDir);
  }
}
