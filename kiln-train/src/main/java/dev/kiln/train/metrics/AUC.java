package dev.kiln.train.metrics;

import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * Area under the ROC curve or the precision-recall curve, computed exactly from every score seen
 * since the last reset (as scikit-learn's {@code roc_auc_score} and {@code
 * average_precision_score}), not from Keras's 200 fixed thresholds; memory grows with the number of
 * samples (16 bytes each).
 *
 * <ul>
 *   <li>ROC: trapezoids between the (false positive rate, true positive rate) points of every
 *       distinct score; tied scores form one step.
 *   <li>PR: average precision, {@code sum_k (R_k - R_{k-1}) P_k} over distinct scores (no
 *       interpolation).
 * </ul>
 *
 * <p>Binary: scores {@code [N]} or {@code [N, 1]} (probabilities or logits: only the order matters)
 * against 0/1 targets. Multiclass ({@link #AUC(String, Curve, int)}): {@code [N, C]} scores against
 * labels, the unweighted mean of the one-vs-rest areas (scikit-learn's {@code multi_class="ovr",
 * average="macro"}). NaN while a class has no positive or no negative sample.
 */
public final class AUC implements Metric {
  /** Which curve. */
  public enum Curve {
    /** Receiver operating characteristic. */
    ROC,
    /** Precision-recall (average precision). */
    PR
  }

  private final String name;
  private final Curve curve;
  private final int numClasses;
  private double[] scores = new double[64];
  private int[] labels = new int[64];
  private int size;

  /** Binary ROC AUC named {@code "auc"}. */
  public AUC() {
    this("auc", Curve.ROC);
  }

  /** Binary area under {@code curve}. */
  public AUC(String name, Curve curve) {
    this.name = name;
    this.curve = curve;
    this.numClasses = 0;
  }

  /**
   * Macro one-vs-rest area for {@code numClasses} classes.
   *
   * @throws IllegalArgumentException if numClasses &lt; 2
   */
  public AUC(String name, Curve curve, int numClasses) {
    if (numClasses < 2) {
      throw new IllegalArgumentException(name + ": numClasses must be >= 2, got " + numClasses);
    }
    this.name = name;
    this.curve = curve;
    this.numClasses = numClasses;
  }

  @Override
  public String name() {
    return name;
  }

  /** The curve. */
  public Curve curve() {
    return curve;
  }

  /** The number of classes, 0 for binary. */
  public int numClasses() {
    return numClasses;
  }

  @Override
  public void update(Tensor yPred, Tensor yTrue) {
    if (numClasses == 0) {
      double[][] pt = Labels.paired(yPred, yTrue, name);
      for (int i = 0; i < pt[0].length; i++) {
        add(pt[0][i], pt[1][i] > 0.5 ? 1 : 0);
      }
      return;
    }
    if (yPred.dim() != 2 || yPred.size(1) != numClasses) {
      throw new IllegalArgumentException(
          name
              + ": expected scores [N, "
              + numClasses
              + "], got "
              + Arrays.toString(yPred.shape()));
    }
    int[] t = Labels.classes(yTrue, yPred, name);
    double[] v = yPred.toDoubleArray();
    for (int i = 0; i < t.length; i++) {
      for (int c = 0; c < numClasses; c++) {
        add(v[i * numClasses + c], t[i]);
      }
    }
  }

  private void add(double score, int label) {
    if (size == scores.length) {
      scores = Arrays.copyOf(scores, size * 2);
      labels = Arrays.copyOf(labels, size * 2);
    }
    scores[size] = score;
    labels[size] = label;
    size++;
  }

  @Override
  public double result() {
    if (numClasses == 0) {
      boolean[] positive = new boolean[size];
      for (int i = 0; i < size; i++) {
        positive[i] = labels[i] == 1;
      }
      return area(Arrays.copyOf(scores, size), positive);
    }
    int n = size / numClasses;
    double total = 0;
    for (int c = 0; c < numClasses; c++) {
      double[] s = new double[n];
      boolean[] positive = new boolean[n];
      for (int i = 0; i < n; i++) {
        s[i] = scores[i * numClasses + c];
        positive[i] = labels[i * numClasses + c] == c;
      }
      total += area(s, positive);
    }
    return total / numClasses;
  }

  private double area(double[] s, boolean[] positive) {
    int n = s.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(s[b], s[a]));
    long pos = 0;
    for (boolean p : positive) {
      pos += p ? 1 : 0;
    }
    long neg = n - pos;
    if (pos == 0 || (curve == Curve.ROC && neg == 0)) {
      return Double.NaN;
    }
    double area = 0;
    long tp = 0;
    long fp = 0;
    long prevTp = 0;
    long prevFp = 0;
    for (int i = 0; i < n; ) {
      double score = s[order[i]];
      while (i < n && s[order[i]] == score) {
        if (positive[order[i]]) {
          tp++;
        } else {
          fp++;
        }
        i++;
      }
      if (curve == Curve.ROC) {
        area += (double) (fp - prevFp) / neg * (tp + prevTp) / 2.0 / pos;
      } else {
        area += (double) (tp - prevTp) / pos * tp / (tp + fp);
      }
      prevTp = tp;
      prevFp = fp;
    }
    return area;
  }

  @Override
  public void reset() {
    size = 0;
  }
}
