package io.logferry.reports;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.RenderingHints;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * The study's two charts that are not plain bars or lines: the decision map (a grid of workloads coloured by the
 * cheapest mode, lighter where the bootstrap is less sure) and the tornado chart. Drawn with Java2D into JFreeSVG.
 */
final class StudyCharts {

  static final Map<String, Color> MODE_COLOURS = Map.of(
      "sidecar", new Color(0x1f77b4),
      "daemonset", new Color(0x2ca02c),
      "cronjob-efs-elastic", new Color(0xff7f0e),
      "cronjob-efs-bursting", new Color(0xd62728),
      "cronjob-hostpath", new Color(0x9467bd),
      "none", new Color(0x7f7f7f));

  private StudyCharts() {}

  /** One panel of the map: cells[y][x] = winning mode, confidence[y][x] in 0..1. */
  record Panel(String title, String[][] winner, double[][] confidence) {}

  static Report.Chart decisionMap(String id, String title, List<Panel> panels, double[] podsEdges, double[] rateEdges,
      String caption) {
    int cols = 2;
    int rows = (panels.size() + 1) / 2;
    int pw = 360;
    int ph = 250;
    int left = 62;
    int top = 28;
    int width = cols * (pw + left + 10) + 10;
    int height = rows * (ph + top + 48) + 60;
    SVGGraphics2D g = new SVGGraphics2D(width, height);
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    Font small = new Font("SansSerif", Font.PLAIN, 10);
    Font bold = new Font("SansSerif", Font.BOLD, 12);
    for (int i = 0; i < panels.size(); i++) {
      Panel p = panels.get(i);
      int ox = 10 + (i % cols) * (pw + left + 10) + left;
      int oy = 10 + (i / cols) * (ph + top + 48) + top;
      int nx = p.winner()[0].length;
      int ny = p.winner().length;
      double cw = pw / (double) nx;
      double ch = ph / (double) ny;
      for (int y = 0; y < ny; y++) {
        for (int x = 0; x < nx; x++) {
          Color base = MODE_COLOURS.getOrDefault(p.winner()[y][x], Color.GRAY);
          double conf = p.confidence()[y][x];
          // Confidence >= 0.95: full colour; lower: mixed with white in proportion.
          double t = conf >= 0.95 ? 1 : 0.25 + 0.6 * Math.max(0, (conf - 0.5) / 0.45);
          g.setColor(mix(base, t));
          int px = (int) Math.floor(ox + x * cw);
          int py = (int) Math.floor(oy + ph - (y + 1) * ch);
          g.fillRect(px, py, (int) Math.ceil(cw) + 1, (int) Math.ceil(ch) + 1);
        }
      }
      g.setColor(Color.DARK_GRAY);
      g.setStroke(new BasicStroke(1f));
      g.drawRect(ox, oy, pw, ph);
      g.setFont(bold);
      g.drawString(p.title(), ox, oy - 8);
      g.setFont(small);
      FontMetrics fm = g.getFontMetrics();
      for (int x = 0; x < podsEdges.length; x += Math.max(1, podsEdges.length / 5)) {
        int px = (int) (ox + x * (pw / (double) (podsEdges.length - 1)));
        String label = label(podsEdges[x]);
        g.drawString(label, px - fm.stringWidth(label) / 2, oy + ph + 13);
      }
      for (int y = 0; y < rateEdges.length; y += Math.max(1, rateEdges.length / 5)) {
        int py = (int) (oy + ph - y * (ph / (double) (rateEdges.length - 1)));
        String label = label(rateEdges[y]);
        g.drawString(label, ox - fm.stringWidth(label) - 4, py + 4);
      }
      g.drawString("pods N (log)", ox + pw / 2 - 30, oy + ph + 27);
      g.rotate(-Math.PI / 2);
      g.drawString("MiB/h per pod (log)", -(oy + ph / 2 + 45), ox - 40);
      g.rotate(Math.PI / 2);
    }
    int ly = height - 24;
    int lx = 12;
    g.setFont(small);
    for (String m : List.of("sidecar", "daemonset", "cronjob-efs-elastic", "cronjob-efs-bursting", "cronjob-hostpath",
        "none")) {
      g.setColor(MODE_COLOURS.get(m));
      g.fillRect(lx, ly - 9, 12, 12);
      g.setColor(Color.DARK_GRAY);
      String label = m.equals("none") ? "no mode meets F" : m;
      g.drawString(label, lx + 16, ly + 1);
      lx += 20 + g.getFontMetrics().stringWidth(label) + 12;
    }
    g.setColor(mix(Color.DARK_GRAY, 0.4));
    g.drawString("lighter = the bootstrap picks this mode in fewer than 95 % of draws", 12, ly + 16);
    String svg = g.getSVGElement(id, true, new ViewBox(0, 0, width, height), null, null);
    return new Report.Chart(id, title, svg, caption);
  }

  /** One bar of the tornado: the output at the input's low and high ends. */
  record Bar(String label, double low, double high) {}

  static Report.Chart tornado(String id, String title, String outputLabel, double base, List<Bar> bars,
      String caption) {
    int width = 760;
    int rowH = 20;
    int left = 250;
    int right = 60;
    int top = 40;
    int height = top + bars.size() * rowH + 50;
    double min = base;
    double max = base;
    for (Bar b : bars) {
      min = Math.min(min, Math.min(b.low(), b.high()));
      max = Math.max(max, Math.max(b.low(), b.high()));
    }
    if (max - min < 1e-12) max = min + 1;
    double span = max - min;
    min -= span * 0.05;
    max += span * 0.05;
    SVGGraphics2D g = new SVGGraphics2D(width, height);
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    Font small = new Font("SansSerif", Font.PLAIN, 10);
    g.setFont(new Font("SansSerif", Font.BOLD, 12));
    g.setColor(Color.DARK_GRAY);
    g.drawString(title, 10, 18);
    g.setFont(small);
    int plotW = width - left - right;
    double lo = min;
    double hi = max;
    java.util.function.DoubleToIntFunction px = v -> (int) (left + (v - lo) / (hi - lo) * plotW);
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      int y = top + i * rowH;
      int a = px.applyAsInt(Math.min(b.low(), b.high()));
      int z = px.applyAsInt(Math.max(b.low(), b.high()));
      g.setColor(new Color(0x9ecae1));
      g.fillRect(a, y + 3, Math.max(1, z - a), rowH - 6);
      g.setColor(Color.DARK_GRAY);
      g.drawString(b.label(), 8, y + rowH - 6);
      g.drawString(fmt(b.low()), px.applyAsInt(b.low()) + (b.low() < b.high() ? -34 : 3), y + rowH - 6);
      g.drawString(fmt(b.high()), px.applyAsInt(b.high()) + (b.high() >= b.low() ? 3 : -34), y + rowH - 6);
    }
    int bx = px.applyAsInt(base);
    g.setColor(Color.RED);
    g.drawLine(bx, top - 4, bx, top + bars.size() * rowH);
    g.drawString("base " + fmt(base), bx + 3, top - 6);
    g.setColor(Color.DARK_GRAY);
    g.drawString(outputLabel, left, height - 14);
    String svg = g.getSVGElement(id, true, new ViewBox(0, 0, width, height), null, null);
    return new Report.Chart(id, title, svg, caption);
  }

  /** Freshness quantile curves (x = percentile, y = seconds, log), one series per run group. */
  static Report.Chart quantiles(String id, String title, Map<String, List<Long>> curves, String caption) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (Map.Entry<String, List<Long>> e : curves.entrySet()) {
      XYSeries s = Charts.series(e.getKey());
      List<Long> q = e.getValue();
      for (int i = 0; i < q.size(); i++) s.add(i * 5.0, Math.max(q.get(i), 1) / 1000.0);
      data.addSeries(s);
    }
    return Charts.lines(id, title, "percentile of lines", "freshness, seconds (log)", data, true, caption);
  }

  static String fmt(double v) {
    return Fmt.num(v);
  }

  private static String label(double v) {
    if (v >= 1000) return String.format(Locale.ROOT, "%.0fk", v / 1000);
    if (v >= 1) return String.format(Locale.ROOT, "%.0f", v);
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static Color mix(Color c, double t) {
    return new Color((int) (255 - (255 - c.getRed()) * t), (int) (255 - (255 - c.getGreen()) * t),
        (int) (255 - (255 - c.getBlue()) * t));
  }
}
