package dev.kiln.train.metrics;

import dev.kiln.tensor.Tensor;
import dev.kiln.train.internal.Charts;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/**
 * Counts of (true class, predicted class) pairs, accumulated over batches; rows are true classes
 * and columns predictions, as scikit-learn's {@code confusion_matrix}.
 *
 * <ul>
 *   <li>{@link #ConfusionMatrix(int)}: {@code [N, C]} scores (argmax) against labels {@code [N]} or
 *       one-hot rows.
 *   <li>{@link #binary(double)}: 2 x 2 for scores {@code [N]}/{@code [N, 1]} above a threshold
 *       against 0/1 targets.
 * </ul>
 *
 * <pre>{@code
 * var cm = new ConfusionMatrix(10);
 * cm.update(model.predict(xTest, 256), yTest);
 * cm.plot(Path.of("confusion.png"));
 * }</pre>
 */
public final class ConfusionMatrix {
  private final int numClasses;
  private final double threshold;
  private final boolean binary;
  private final long[][] counts;

  /**
   * A {@code numClasses x numClasses} matrix for multiclass scores.
   *
   * @throws IllegalArgumentException if numClasses &lt; 2
   */
  public ConfusionMatrix(int numClasses) {
    this(numClasses, Double.NaN, false);
  }

  private ConfusionMatrix(int numClasses, double threshold, boolean binary) {
    if (numClasses < 2) {
      throw new IllegalArgumentException(
          "ConfusionMatrix: numClasses must be >= 2, got " + numClasses);
    }
    this.numClasses = numClasses;
    this.threshold = threshold;
    this.binary = binary;
    this.counts = new long[numClasses][numClasses];
  }

  /** A 2 x 2 matrix for binary scores: positive when above {@code threshold}. */
  public static ConfusionMatrix binary(double threshold) {
    return new ConfusionMatrix(2, threshold, true);
  }

  /** The number of classes (the matrix's side). */
  public int numClasses() {
    return numClasses;
  }

  /**
   * Folds in one batch of predictions and targets.
   *
   * @throws IllegalArgumentException for shapes that do not fit, or a label outside 0..C-1
   */
  public void update(Tensor yPred, Tensor yTrue) {
    int[] p;
    int[] t;
    String name = "ConfusionMatrix";
    if (binary) {
      double[][] pt = Labels.paired(yPred, yTrue, name);
      p = new int[pt[0].length];
      t = new int[pt[0].length];
      for (int i = 0; i < p.length; i++) {
        p[i] = pt[0][i] > threshold ? 1 : 0;
        t[i] = pt[1][i] > 0.5 ? 1 : 0;
      }
    } else {
      if (yPred.dim() != 2 || yPred.size(1) != numClasses) {
        throw new IllegalArgumentException(
            name
                + ": expected scores [N, "
                + numClasses
                + "], got shape "
                + Arrays.toString(yPred.shape()));
      }
      p = Labels.argmaxRows(yPred, name);
      t = Labels.classes(yTrue, yPred, name);
    }
    if (p.length != t.length) {
      throw new IllegalArgumentException(
          name + ": " + p.length + " predictions but " + t.length + " targets");
    }
    for (int i = 0; i < p.length; i++) {
      if (t[i] < 0 || t[i] >= numClasses) {
        throw new IllegalArgumentException(
            name + ": label " + t[i] + " is outside 0.." + (numClasses - 1));
      }
      counts[t[i]][p[i]]++;
    }
  }

  /** Forgets all counts. */
  public void reset() {
    for (long[] row : counts) {
      Arrays.fill(row, 0);
    }
  }

  /** A copy of the counts: {@code [true][predicted]}. */
  public long[][] matrix() {
    long[][] out = new long[numClasses][];
    for (int i = 0; i < numClasses; i++) {
      out[i] = counts[i].clone();
    }
    return out;
  }

  /** The count of samples of true class {@code t} predicted as {@code p}. */
  public long count(int t, int p) {
    return counts[t][p];
  }

  /** All samples counted. */
  public long total() {
    long n = 0;
    for (long[] row : counts) {
      for (long v : row) {
        n += v;
      }
    }
    return n;
  }

  /** The matrix with class numbers as labels; see {@link #plot(Path, List)}. */
  public void plot(Path path) throws IOException {
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < numClasses; i++) {
      labels.add(Integer.toString(i));
    }
    plot(path, labels);
  }

  /**
   * Writes a PNG heat map (true class down, predicted class across, each cell showing its count),
   * 100 + 40 pixels per class square, at least 400 x 400.
   *
   * @throws IllegalArgumentException if there is not one label per class
   */
  public void plot(Path path, List<String> classLabels) throws IOException {
    if (classLabels.size() != numClasses) {
      throw new IllegalArgumentException(
          "ConfusionMatrix.plot: " + classLabels.size() + " labels for " + numClasses + " classes");
    }
    int side = plotSize(numClasses);
    HeatMapChart chart =
        new HeatMapChartBuilder()
            .width(side)
            .height(side)
            .title("Confusion matrix")
            .xAxisTitle("predicted")
            .yAxisTitle("true")
            .build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setShowValue(true);
    chart.getStyler().setLegendVisible(false);
    chart
        .getStyler()
        .setRangeColors(new Color[] {new Color(247, 251, 255), new Color(49, 130, 189)});
    chart.getStyler().setHeatMapDecimalValueFormatter(v -> Long.toString(Math.round(v)));
    List<Number[]> cells = new ArrayList<>();
    long max = 0;
    for (int t = 0; t < numClasses; t++) {
      for (int p = 0; p < numClasses; p++) {
        // y runs upwards in XChart: put true class 0 on the top row
        cells.add(new Number[] {p, numClasses - 1 - t, counts[t][p]});
        max = Math.max(max, counts[t][p]);
      }
    }
    chart.getStyler().setMin(0);
    chart.getStyler().setMax(Math.max(1, max));
    List<String> yLabels = new ArrayList<>(classLabels);
    Collections.reverse(yLabels);
    chart.addSeries("counts", classLabels, yLabels, cells);
    Charts.writePng(List.of(chart), side, side, path);
  }

  /** The side of the plot in pixels for {@code n} classes. */
  public static int plotSize(int n) {
    return Math.max(400, 100 + 40 * n);
  }
}
