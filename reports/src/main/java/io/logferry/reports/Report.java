package io.logferry.reports;

import java.util.List;

/**
 * A report as a format-neutral document: sections of paragraphs, bullet lists, tables, preformatted text and charts.
 * Every {@link Reporter} renders the same document, so the Markdown and HTML reports never disagree.
 */
public record Report(String title, String subtitle, List<Section> sections) {

  public Report {
    sections = List.copyOf(sections);
  }

  /** Every chart of the report, in document order. */
  public List<Chart> charts() {
    return sections.stream()
        .flatMap(s -> s.blocks().stream())
        .filter(Chart.class::isInstance)
        .map(Chart.class::cast)
        .toList();
  }

  public record Section(String id, String title, List<Block> blocks) {
    public Section {
      blocks = List.copyOf(blocks);
    }
  }

  /** One piece of a section. */
  public sealed interface Block permits Paragraph, Bullets, Table, Preformatted, Chart, Interactive {}

  /** Plain text; {@code `code`} spans are rendered as code by both formats. */
  public record Paragraph(String text) implements Block {}

  public record Bullets(List<String> items) implements Block {
    public Bullets {
      items = List.copyOf(items);
    }
  }

  /** A table; a cell is text, "—" when the figure is missing. */
  public record Table(String caption, List<String> columns, List<List<String>> rows) implements Block {
    public Table {
      columns = List.copyOf(columns);
      rows = rows.stream().map(List::copyOf).toList();
    }
  }

  public record Preformatted(String text) implements Block {}

  /**
   * A chart rendered to SVG by JFreeChart + JFreeSVG.
   *
   * @param id unique in the report: the SVG element's id and the prefix of its internal ids (clip paths...)
   * @param svg a complete {@code <svg>} element
   */
  public record Chart(String id, String title, String svg, String caption) implements Block {}

  /**
   * A piece that only the HTML page can hold (the calculator: a form and plain JavaScript, no network). The Markdown
   * report shows {@code fallback} instead.
   *
   * @param html trusted markup built by the report itself (never from result files' text)
   */
  public record Interactive(String id, String html, String fallback) implements Block {}
}
