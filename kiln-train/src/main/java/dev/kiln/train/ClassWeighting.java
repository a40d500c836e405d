package dev.kiln.train;

import dev.kiln.nn.Loss;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Keras's {@code class_weight} for any {@link Loss}: the batch loss is {@code sum_i w[c_i] * loss_i
 * / N}, where {@code c_i} is sample i's class. It is computed without per-sample losses by
 * grouping: the loss of the samples of class c (with mean reduction, times their count) is the sum
 * of their per-sample losses.
 */
final class ClassWeighting {
  private ClassWeighting() {}

  /** Each sample's class: integer labels, rounded 0/1 targets, or the argmax of one-hot rows. */
  static int[] classOf(Tensor target) {
    if (!target.dtype().isFloatingPoint()) {
      return Arrays.stream(target.reshape(-1).toLongArray()).mapToInt(Math::toIntExact).toArray();
    }
    if (target.dim() == 2 && target.size(1) > 1) {
      return Arrays.stream(target.argmax(1).toLongArray()).mapToInt(Math::toIntExact).toArray();
    }
    double[] v = target.reshape(-1).toDoubleArray();
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] > 0.5 ? 1 : 0;
    }
    return out;
  }

  /**
   * The class-weighted loss of {@code output} against {@code target}.
   *
   * @throws IllegalArgumentException if a sample's class has no weight
   */
  static Tensor weightedLoss(Loss loss, Tensor output, Tensor target, double[] weights) {
    int[] classes = classOf(target);
    int n = output.size(0);
    if (classes.length != n) {
      throw new IllegalArgumentException(
          "classWeights: need one class per sample, got targets of shape "
              + Arrays.toString(target.shape())
              + " for "
              + n
              + " samples");
    }
    List<List<Long>> members = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int c = classes[i];
      if (c < 0 || c >= weights.length) {
        throw new IllegalArgumentException(
            "classWeights: sample of class "
                + c
                + " but weights are given for classes 0.."
                + (weights.length - 1));
      }
      while (members.size() <= c) {
        members.add(new ArrayList<>());
      }
      members.get(c).add((long) i);
    }
    Tensor total = null;
    for (int c = 0; c < members.size(); c++) {
      List<Long> idx = members.get(c);
      if (idx.isEmpty()) {
        continue;
      }
      Tensor index = Tensor.of(idx.stream().mapToLong(Long::longValue).toArray());
      Tensor part = loss.forward(output.indexSelect(0, index), target.indexSelect(0, index));
      if (part.dim() > 0) {
        part = part.mean();
      }
      double scale = weights[c] * (loss.reduction() == Reduction.SUM ? 1.0 : idx.size()) / n;
      Tensor term = part.mul(scale);
      total = total == null ? term : total.add(term);
    }
    return total;
  }
}
