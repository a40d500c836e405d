package dev.kiln.train.metrics;

import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/** Reads predictions and targets of classification metrics as plain arrays. */
final class Labels {
  private Labels() {}

  /** The number of rows of {@code pred} (its batch size). */
  static int rows(Tensor pred) {
    return pred.dim() == 0 ? 1 : pred.size(0);
  }

  /** Row-wise argmax of a {@code [N, C]} tensor. */
  static int[] argmaxRows(Tensor t, String metric) {
    if (t.dim() != 2) {
      throw new IllegalArgumentException(
          metric + ": expected [N, C] scores, got shape " + Arrays.toString(t.shape()));
    }
    int n = t.size(0);
    int c = t.size(1);
    double[] v = t.toDoubleArray();
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      int best = 0;
      for (int j = 1; j < c; j++) {
        if (v[i * c + j] > v[i * c + best]) {
          best = j;
        }
      }
      out[i] = best;
    }
    return out;
  }

  /**
   * Class indices from targets: {@code [N]} or {@code [N, 1]} labels, or {@code [N, C]} one-hot or
   * probability rows (argmax) when {@code pred} has that shape too.
   */
  static int[] classes(Tensor yTrue, Tensor pred, String metric) {
    if (yTrue.dim() == 2 && pred.dim() == 2 && yTrue.size(1) == pred.size(1) && pred.size(1) > 1) {
      return argmaxRows(yTrue, metric);
    }
    if (yTrue.dim() == 1 || (yTrue.dim() == 2 && yTrue.size(1) == 1)) {
      long[] v = yTrue.toLongArray();
      int[] out = new int[v.length];
      for (int i = 0; i < v.length; i++) {
        out[i] = Math.toIntExact(v[i]);
      }
      return out;
    }
    throw new IllegalArgumentException(
        metric
            + ": expected labels [N] or one-hot [N, C] matching the predictions "
            + Arrays.toString(pred.shape())
            + ", got targets of shape "
            + Arrays.toString(yTrue.shape()));
  }

  /** Flattened values, checking that both tensors hold the same number of elements. */
  static double[][] paired(Tensor pred, Tensor yTrue, String metric) {
    if (pred.numel() != yTrue.numel()) {
      throw new IllegalArgumentException(
          metric
              + ": predictions "
              + Arrays.toString(pred.shape())
              + " and targets "
              + Arrays.toString(yTrue.shape())
              + " hold different numbers of values");
    }
    return new double[][] {pred.toDoubleArray(), yTrue.toDoubleArray()};
  }
}
