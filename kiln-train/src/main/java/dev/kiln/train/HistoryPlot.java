package dev.kiln.train;

import dev.kiln.train.internal.Charts;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Draws a {@link History}: one line chart per metric, train and validation curves together. */
final class HistoryPlot {
  /** Width of one panel in pixels. */
  static final int PANEL_WIDTH = 400;

  /** Height of the image in pixels. */
  static final int HEIGHT = 300;

  /** The train curve's colour. */
  static final Color TRAIN = new Color(31, 119, 180);

  /** The validation curve's colour. */
  static final Color VALIDATION = new Color(255, 127, 14);

  private HistoryPlot() {}

  /** The metrics with a panel: keys without the {@code val_} prefix, in recorded order. */
  static List<String> panels(History h) {
    List<String> out = new ArrayList<>();
    for (String k : h.keys()) {
      String base = k.startsWith("val_") ? k.substring(4) : k;
      if (!out.contains(base)) {
        out.add(base);
      }
    }
    return out;
  }

  static void write(History h, Path path) throws IOException {
    if (h.epochs().isEmpty()) {
      throw new IllegalStateException("History.plot: nothing recorded yet");
    }
    List<Double> x = h.epochs().stream().map(e -> e + 1.0).toList();
    List<XYChart> charts = new ArrayList<>();
    for (String metric : panels(h)) {
      XYChart c =
          new XYChartBuilder()
              .width(PANEL_WIDTH)
              .height(HEIGHT)
              .title(metric)
              .xAxisTitle("epoch")
              .yAxisTitle(metric)
              .build();
      c.getStyler().setChartBackgroundColor(Color.WHITE);
      c.getStyler().setPlotBackgroundColor(Color.WHITE);
      c.getStyler().setLegendVisible(true);
      c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
      c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
      addSeries(c, "train", x, h, metric, TRAIN);
      addSeries(c, "validation", x, h, "val_" + metric, VALIDATION);
      charts.add(c);
    }
    Charts.writePng(charts, PANEL_WIDTH, HEIGHT, path);
  }

  private static void addSeries(
      XYChart c, String name, List<Double> x, History h, String key, Color color) {
    if (!h.keys().contains(key)) {
      return;
    }
    // non-finite values (a diverged loss) leave a gap instead of breaking the axis
    List<Double> y = h.get(key).stream().map(v -> Double.isFinite(v) ? v : Double.NaN).toList();
    if (y.stream().allMatch(v -> v.isNaN())) {
      return;
    }
    XYSeries s = c.addSeries(name, x.subList(0, y.size()), y);
    s.setLineColor(color);
    s.setMarkerColor(color);
    s.setMarker(SeriesMarkers.CIRCLE);
  }
}
