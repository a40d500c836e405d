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
  private final SortedScores[] sorted;

  /** Binary ROC AUC named {@code "auc"}. */
  public AUC() {
    this("auc", Curve.ROC);
  }

  /** Binary area under {@code curve}. */
  public AUC(String name, Curve curve) {
    this.name = name;
    this.curve = curve;
    this.numClasses = 0;
    this.sorted = new SortedScores[] {new SortedScores()};
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
    this.sorted = new SortedScores[numClasses];
    for (int c = 0; c < numClasses; c++) {
      sorted[c] = new SortedScores();
    }
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
      boolean[] positive = new boolean[pt[0].length];
      for (int i = 0; i < positive.length; i++) {
        positive[i] = pt[1][i] > 0.5;
      }
      sorted[0].add(pt[0], positive, positive.length);
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
    int n = t.length;
    double[] v = yPred.toDoubleArray();
    double[] column = new double[n];
    boolean[] positive = new boolean[n];
    for (int c = 0; c < numClasses; c++) {
      for (int i = 0; i < n; i++) {
        column[i] = v[i * numClasses + c];
        positive[i] = t[i] == c;
      }
      sorted[c].add(column, positive, n);
    }
  }

  @Override
  public double result() {
    double total = 0;
    for (SortedScores s : sorted) {
      total += s.area(curve);
    }
    return total / sorted.length;
  }

  @Override
  public void reset() {
    for (SortedScores s : sorted) {
      s.clear();
    }
  }
}
