package io.logferry.reports;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Rectangle;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * Builds the report's charts with JFreeChart and renders them to SVG with JFreeSVG. Nothing here draws by hand: the
 * library lays out axes, ticks, legends and bars; this class only picks the chart type, the colours and the size.
 */
final class Charts {

  static final int WIDTH = 760;
  static final int HEIGHT = 380;

  /** One colour per mode everywhere in the report, so sidecar and CronJob are recognisable at a glance. */
  private static final Map<String, Color> MODE_COLOURS = Map.of(
      ClusterRun.SIDECAR, new Color(0x1f77b4),
      ClusterRun.CRONJOB, new Color(0xff7f0e),
      ClusterRun.BASELINE, new Color(0x7f7f7f));

  private static final Color[] PALETTE = {
    new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
    new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)
  };

  private Charts() {}

  /** Vertical grouped bars: one group per column key, one bar per row key (series). */
  static Report.Chart bars(String id, String title, String categoryLabel, String valueLabel,
      DefaultCategoryDataset data, String caption) {
    // Many or long category names read better as horizontal bars, one per line, than as slanted labels.
    boolean horizontal = data.getColumnCount() > 6;
    JFreeChart chart = ChartFactory.createBarChart(title, categoryLabel, valueLabel, data,
        horizontal ? PlotOrientation.HORIZONTAL : PlotOrientation.VERTICAL, data.getRowCount() > 1, false, false);
    CategoryPlot plot = chart.getCategoryPlot();
    style(chart);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    BarRenderer r = (BarRenderer) plot.getRenderer();
    r.setBarPainter(new StandardBarPainter());
    r.setShadowVisible(false);
    r.setItemMargin(0.05);
    r.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", new java.text.DecimalFormat("#,##0.##")));
    r.setDefaultItemLabelsVisible(data.getColumnCount() * data.getRowCount() <= 24);
    r.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    java.util.List<String> keys = new java.util.ArrayList<>();
    for (int i = 0; i < data.getRowCount(); i++) keys.add(data.getRowKey(i).toString());
    for (int i = 0; i < keys.size(); i++) r.setSeriesPaint(i, colourFor(keys, i));
    CategoryAxis x = plot.getDomainAxis();
    if (!horizontal && data.getColumnCount() > 4) x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    x.setMaximumCategoryLabelLines(2);
    x.setMaximumCategoryLabelWidthRatio(horizontal ? 0.45f : 1f);
    int height = horizontal ? Math.max(HEIGHT, 90 + 22 * data.getColumnCount() * Math.max(1, data.getRowCount())) : HEIGHT;
    return render(id, title, chart, caption, height);
  }

  /** Lines with markers over a numeric x axis; {@code logY} for values spanning decades. */
  static Report.Chart lines(String id, String title, String xLabel, String yLabel, XYSeriesCollection data,
      boolean logY, String caption) {
    JFreeChart chart = ChartFactory.createXYLineChart(
        title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    style(chart);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xdddddd));
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
    java.util.List<String> keys = new java.util.ArrayList<>();
    for (int i = 0; i < data.getSeriesCount(); i++) keys.add(data.getSeriesKey(i).toString());
    for (int i = 0; i < keys.size(); i++) {
      String key = keys.get(i);
      r.setSeriesPaint(i, colourFor(keys, i));
      // Per-pod series are dashed so they read as "the same mode, another scale".
      r.setSeriesStroke(i, key.contains("per pod")
          ? new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f)
          : new BasicStroke(2f));
    }
    plot.setRenderer(r);
    NumberAxis xAxis = (NumberAxis) plot.getDomainAxis();
    xAxis.setAutoRangeIncludesZero(true);
    if (logY) {
      LogAxis y = new LogAxis(yLabel);
      y.setSmallestValue(1e-6);
      plot.setRangeAxis(y);
    } else {
      ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(true);
    }
    return render(id, title, chart, caption, HEIGHT);
  }

  /**
   * Points with vertical bars (median with min–max over repetitions) on log-log axes, one series per shipper and
   * mode; the legend names them.
   */
  static Report.Chart intervals(String id, String title, String xLabel, String yLabel,
      org.jfree.data.xy.YIntervalSeriesCollection data, String caption) {
    LogAxis x = new LogAxis(xLabel);
    x.setSmallestValue(0.5);
    LogAxis y = new LogAxis(yLabel);
    y.setSmallestValue(1e-3);
    org.jfree.chart.renderer.xy.XYErrorRenderer r = new org.jfree.chart.renderer.xy.XYErrorRenderer();
    r.setDrawXError(false);
    r.setDrawYError(true);
    r.setDefaultLinesVisible(true);
    r.setDefaultShapesVisible(true);
    java.util.List<String> keys = new java.util.ArrayList<>();
    for (int i = 0; i < data.getSeriesCount(); i++) keys.add(data.getSeriesKey(i).toString());
    for (int i = 0; i < keys.size(); i++) {
      // One colour per mode (as everywhere in the report); the peer's series are dashed.
      r.setSeriesPaint(i, keys.get(i).endsWith("daemonset") ? PALETTE[2] : PALETTE[0]);
      // The peer's series are dashed: the same mode, another shipper.
      r.setSeriesStroke(i, keys.get(i).startsWith("Fluent Bit")
          ? new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f)
          : new BasicStroke(2f));
    }
    XYPlot plot = new XYPlot(data, x, y, r);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xdddddd));
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    style(chart);
    return render(id, title, chart, caption, HEIGHT);
  }

  static XYSeries series(String key) {
    return new XYSeries(key, true, false);
  }

  private static void style(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.setTitle(new TextTitle(chart.getTitle().getText(), new Font(Font.SANS_SERIF, Font.BOLD, 15)));
    chart.setAntiAlias(true);
    chart.setTextAntiAlias(true);
  }

  /**
   * The mode's colour for the first variant of a mode ("sidecar", "cronjob every 10 s"), a palette colour for further
   * variants of the same mode ("cronjob every 30 s"); the "per pod"/"duplicated" companion of a series gets a lighter
   * tone of its series' colour.
   */
  private static Paint colourFor(java.util.List<String> keys, int index) {
    java.util.Map<String, Color> byBase = new java.util.LinkedHashMap<>();
    java.util.Set<Color> used = new java.util.HashSet<>();
    int next = 2;
    Color result = null;
    for (int i = 0; i <= index; i++) {
      String k = keys.get(i).toLowerCase(java.util.Locale.ROOT);
      boolean companion = k.contains("per pod") || k.contains("duplicated");
      String base = k.replace(" per pod", "").replace(" total", "").replace(" duplicated", "").replace(" lost", "");
      Color c = byBase.get(base);
      if (c == null) {
        for (var e : MODE_COLOURS.entrySet()) {
          if (base.startsWith(e.getKey()) && !used.contains(e.getValue())) c = e.getValue();
        }
        for (int tries = 0; c == null || used.contains(c) && tries < PALETTE.length; tries++) {
          c = PALETTE[next++ % PALETTE.length];
        }
        byBase.put(base, c);
        used.add(c);
      }
      result = companion ? c.brighter() : c;
    }
    return result;
  }

  private static Report.Chart render(String id, String title, JFreeChart chart, String caption, int height) {
    SVGGraphics2D g2 = new SVGGraphics2D(WIDTH, height);
    // Several SVGs share one HTML page: prefix their internal ids (clip paths, gradients) so none collide.
    g2.setDefsKeyPrefix(id + "-");
    chart.draw(g2, new Rectangle(0, 0, WIDTH, height));
    String svg = g2.getSVGElement(id, true, new ViewBox(0, 0, WIDTH, height), null, null);
    return new Report.Chart(id, title, svg, caption);
  }
}
