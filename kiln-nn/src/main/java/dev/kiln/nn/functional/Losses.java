package dev.kiln.nn.functional;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * Regression and classification losses with PyTorch's formulas and reductions ({@code
 * torch.nn.functional}); all are built from differentiable tensor ops, so their gradients come from
 * autograd. The other families: {@link ProbabilisticLosses} (KL divergence, Poisson and Gaussian
 * negative log likelihood), {@link MarginLosses} (ranking, embedding and hinge losses) and {@link
 * SequenceLosses} (CTC).
 */
public final class Losses {
  private Losses() {}

  static void checkSameShape(String op, Tensor input, Tensor target) {
    checkSameShape(op, "input", input, "target", target);
  }

  /** Fails unless {@code a} and {@code b} have equal shapes, naming the op and both tensors. */
  static void checkSameShape(String op, String nameA, Tensor a, String nameB, Tensor b) {
    if (!Arrays.equals(a.shape(), b.shape())) {
      throw new IllegalArgumentException(
          op
              + ": "
              + nameA
              + " shape "
              + Arrays.toString(a.shape())
              + " and "
              + nameB
              + " shape "
              + Arrays.toString(b.shape())
              + " must be equal");
    }
  }

  /** Mean squared error {@code (input - target)^2}. */
  public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
    checkSameShape("mseLoss", input, target);
    return reduction.apply(input.sub(target).square());
  }

  /** Mean absolute error {@code |input - target|}. */
  public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
    checkSameShape("l1Loss", input, target);
    return reduction.apply(input.sub(target).abs());
  }

  /**
   * {@code 0.5 d^2 / beta} where {@code |d| < beta}, {@code |d| - 0.5 beta} elsewhere ({@code beta
   * = 0}: L1).
   */
  public static Tensor smoothL1Loss(Tensor input, Tensor target, Reduction reduction, double beta) {
    checkSameShape("smoothL1Loss", input, target);
    if (beta < 0) {
      throw new IllegalArgumentException("smoothL1Loss: beta must be >= 0, got " + beta);
    }
    Tensor z = input.sub(target).abs();
    if (beta == 0) {
      return reduction.apply(z);
    }
    return reduction.apply(Tensor.where(z.lt(beta), z.square().mul(0.5 / beta), z.sub(0.5 * beta)));
  }

  /** {@code 0.5 d^2} where {@code |d| < delta}, {@code delta (|d| - 0.5 delta)} elsewhere. */
  public static Tensor huberLoss(Tensor input, Tensor target, Reduction reduction, double delta) {
    checkSameShape("huberLoss", input, target);
    if (delta <= 0) {
      throw new IllegalArgumentException("huberLoss: delta must be > 0, got " + delta);
    }
    Tensor z = input.sub(target).abs();
    return reduction.apply(
        Tensor.where(z.lt(delta), z.square().mul(0.5), z.sub(0.5 * delta).mul(delta)));
  }

  /**
   * Binary cross entropy of probabilities {@code input} against {@code target}, with logs clamped
   * at -100 as in PyTorch; {@code weight} (broadcast, may be null) scales each element.
   */
  public static Tensor binaryCrossEntropy(
      Tensor input, Tensor target, Tensor weight, Reduction reduction) {
    checkSameShape("binaryCrossEntropy", input, target);
    Tensor logX = input.log().clampMin(-100);
    Tensor log1mX = input.neg().add(1.0).log().clampMin(-100);
    Tensor loss = target.mul(logX).add(target.neg().add(1.0).mul(log1mX)).neg();
    return reduction.apply(weight == null ? loss : loss.mul(weight));
  }

  /**
   * Binary cross entropy of {@code sigmoid(input)}, computed stably from logits; {@code posWeight}
   * (per class, may be null) scales the positive term, {@code weight} each element.
   */
  public static Tensor binaryCrossEntropyWithLogits(
      Tensor input, Tensor target, Tensor weight, Tensor posWeight, Reduction reduction) {
    checkSameShape("binaryCrossEntropyWithLogits", input, target);
    // log(1 + exp(-x)) = max(-x, 0) + log1p(exp(-|x|)), finite for every x.
    Tensor logOnePlusExpNegX = input.neg().clampMin(0).add(input.abs().neg().exp().log1p());
    Tensor oneMinusT = target.neg().add(1.0);
    Tensor loss =
        posWeight == null
            ? oneMinusT.mul(input).add(logOnePlusExpNegX)
            : oneMinusT
                .mul(input)
                .add(posWeight.sub(1.0).mul(target).add(1.0).mul(logOnePlusExpNegX));
    return reduction.apply(weight == null ? loss : loss.mul(weight));
  }

  /**
   * Negative log likelihood of log-probabilities {@code input} ({@code [C]}, {@code [N, C]} or
   * {@code [N, C, d...]}) at int64 class indices {@code target} ({@code []}, {@code [N]} or {@code
   * [N, d...]}); {@code weight} ({@code [C]}, may be null) scales each class, targets equal to
   * {@code ignoreIndex} count for nothing, and the mean divides by the summed weights of the
   * counted targets.
   */
  public static Tensor nllLoss(
      Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction) {
    if (input.dim() == 1) {
      Tensor loss =
          nllLoss(input.unsqueeze(0), target.unsqueeze(0), weight, ignoreIndex, reduction);
      return reduction == Reduction.NONE ? loss.squeeze(0) : loss;
    }
    checkClassTarget("nllLoss", input, target, weight);
    int classes = input.size(1);
    Tensor valid = target.ne(ignoreIndex);
    Tensor safe = target.maskedFill(valid.logicalNot(), 0.0);
    if (safe.numel() > 0) {
      long low = (long) safe.min().item();
      long high = (long) safe.max().item();
      if (low < 0 || high >= classes) {
        throw new IllegalArgumentException(
            "nllLoss: target values must be in [0, "
                + classes
                + ") or ignoreIndex "
                + ignoreIndex
                + ", got "
                + (low < 0 ? low : high));
      }
    }
    Tensor picked = input.gather(1, safe.unsqueeze(1)).squeeze(1);
    Tensor w = valid.to(input.dtype());
    if (weight != null) {
      w = weight.indexSelect(0, safe.flatten()).reshape(target.shape()).mul(w);
    }
    Tensor loss = picked.mul(w).neg();
    return switch (reduction) {
      case NONE -> loss;
      case SUM -> loss.sum();
      case MEAN -> loss.sum().div(w.sum());
    };
  }

  private static void checkClassTarget(String op, Tensor input, Tensor target, Tensor weight) {
    int[] expected = new int[input.dim() - 1];
    expected[0] = input.size(0);
    System.arraycopy(input.shape(), 2, expected, 1, input.dim() - 2);
    if (!Arrays.equals(expected, target.shape()) || target.dtype() != DType.INT64) {
      throw new IllegalArgumentException(
          op
              + ": expected an int64 target of shape "
              + Arrays.toString(expected)
              + " for input shape "
              + Arrays.toString(input.shape())
              + ", got "
              + target.dtype()
              + " "
              + Arrays.toString(target.shape()));
    }
    if (weight != null && (weight.dim() != 1 || weight.size(0) != input.size(1))) {
      throw new IllegalArgumentException(
          op
              + ": weight must have shape ["
              + input.size(1)
              + "], got "
              + Arrays.toString(weight.shape()));
    }
  }

  /**
   * Cross entropy of logits {@code input} (class dimension 1, or 0 for a single sample) against
   * int64 class indices (see {@link #nllLoss}) or, when {@code target} is floating, class
   * probabilities of the input's shape; {@code labelSmoothing} in [0, 1] mixes the target with the
   * uniform distribution, as in PyTorch.
   */
  public static Tensor crossEntropy(
      Tensor input,
      Tensor target,
      Tensor weight,
      long ignoreIndex,
      Reduction reduction,
      double labelSmoothing) {
    if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
      throw new IllegalArgumentException(
          "crossEntropy: labelSmoothing must be in [0, 1], got " + labelSmoothing);
    }
    int classDim = input.dim() == 1 ? 0 : 1;
    int classes = input.size(classDim);
    Tensor logp = input.logSoftmax(classDim);
    Tensor classWeight = weight == null ? null : weight.reshape(classShape(input, classDim));
    if (target.dtype().isFloatingPoint()) {
      checkSameShape("crossEntropy", input, target);
      Tensor t =
          labelSmoothing > 0
              ? target.mul(1 - labelSmoothing).add(labelSmoothing / classes)
              : target;
      Tensor prod = logp.mul(t);
      Tensor loss = (classWeight == null ? prod : prod.mul(classWeight)).sum(classDim).neg();
      return reduction == Reduction.MEAN
          ? loss.sum().div((double) input.numel() / classes)
          : reduction.apply(loss);
    }
    Tensor nll = nllLoss(logp, target, weight, ignoreIndex, reduction);
    if (labelSmoothing == 0) {
      return nll;
    }
    Tensor valid = target.ne(ignoreIndex);
    Tensor smooth =
        (classWeight == null ? logp : logp.mul(classWeight))
            .sum(classDim)
            .neg()
            .mul(valid.to(input.dtype()));
    Tensor reduced =
        switch (reduction) {
          case NONE -> smooth;
          case SUM -> smooth.sum();
          case MEAN ->
              weight == null
                  ? smooth.sum().div(valid.sum().to(input.dtype()))
                  : smooth
                      .sum()
                      .div(
                          weight
                              .indexSelect(0, target.maskedFill(valid.logicalNot(), 0.0).flatten())
                              .mul(valid.flatten().to(input.dtype()))
                              .sum());
        };
    return nll.mul(1 - labelSmoothing).add(reduced.mul(labelSmoothing / classes));
  }

  private static int[] classShape(Tensor input, int classDim) {
    int[] shape = new int[input.dim()];
    Arrays.fill(shape, 1);
    shape[classDim] = input.size(classDim);
    return shape;
  }
}
