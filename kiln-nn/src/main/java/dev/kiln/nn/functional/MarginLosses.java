package dev.kiln.nn.functional;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import java.util.function.BinaryOperator;

/**
 * Margin, ranking and embedding losses with PyTorch 1.13's formulas: {@code cosineEmbeddingLoss},
 * {@code marginRankingLoss}, {@code tripletMarginLoss} (also with any distance), {@code
 * hingeEmbeddingLoss}, {@code softMarginLoss}, {@code multilabelSoftMarginLoss} and {@code
 * multiMarginLoss}. Gradients come from autograd.
 */
public final class MarginLosses {
  private MarginLosses() {}

  /** Matches PyTorch's {@code EPSILON} added to the squared magnitudes. */
  private static final double COSINE_EPS = 1e-12;

  /**
   * {@code 1 - cos(x1, x2)} where {@code target} is 1 and {@code max(0, cos(x1, x2) - margin)}
   * where it is -1 (0 elsewhere); the cosine is taken along the last dimension of 1-D ({@code
   * target} 0-dim) or 2-D ({@code target} {@code [N]}) inputs.
   */
  public static Tensor cosineEmbeddingLoss(
      Tensor input1, Tensor input2, Tensor target, double margin, Reduction reduction) {
    Losses.checkSameShape("cosineEmbeddingLoss", "input1", input1, "input2", input2);
    if (input1.dim() < 1
        || input1.dim() > 2
        || target.dim() != input1.dim() - 1
        || (target.dim() == 1 && target.size(0) != input1.size(0))) {
      throw new IllegalArgumentException(
          "cosineEmbeddingLoss: expected 1-D inputs with a 0-dim target or 2-D inputs [N, D] with"
              + " a target [N], got inputs "
              + Arrays.toString(input1.shape())
              + " and target "
              + Arrays.toString(target.shape()));
    }
    int dim = input1.dim() - 1;
    Tensor prod = input1.mul(input2).sum(dim);
    Tensor mag1 = input1.square().sum(dim).add(COSINE_EPS);
    Tensor mag2 = input2.square().sum(dim).add(COSINE_EPS);
    Tensor cos = prod.div(mag1.mul(mag2).sqrt());
    Tensor zeros = Tensor.zerosLike(cos);
    Tensor pos = Tensor.where(target.eq(1.0), cos.neg().add(1.0), zeros);
    Tensor neg = Tensor.where(target.eq(-1.0), cos.sub(margin).clampMin(0.0), zeros);
    return reduction.apply(pos.add(neg));
  }

  /** {@code max(0, -target * (input1 - input2) + margin)} with {@code target} in {1, -1}. */
  public static Tensor marginRankingLoss(
      Tensor input1, Tensor input2, Tensor target, double margin, Reduction reduction) {
    Losses.checkSameShape("marginRankingLoss", "input1", input1, "input2", input2);
    Losses.checkSameShape("marginRankingLoss", "input1", input1, "target", target);
    return reduction.apply(target.neg().mul(input1.sub(input2)).add(margin).clampMin(0.0));
  }

  /**
   * {@code max(0, margin + d(anchor, positive) - d(anchor, negative))} with {@code d} the p-norm of
   * {@code x1 - x2 + eps} along the last dimension ({@link #pairwiseDistance}); {@code swap} uses
   * {@code min(d(anchor, negative), d(positive, negative))} as the negative distance.
   */
  public static Tensor tripletMarginLoss(
      Tensor anchor,
      Tensor positive,
      Tensor negative,
      double margin,
      double p,
      double eps,
      boolean swap,
      Reduction reduction) {
    Losses.checkSameShape("tripletMarginLoss", "anchor", anchor, "positive", positive);
    Losses.checkSameShape("tripletMarginLoss", "anchor", anchor, "negative", negative);
    if (anchor.dim() < 1 || anchor.dim() > 2) {
      throw new IllegalArgumentException(
          "tripletMarginLoss: expected 1-D or 2-D inputs, got " + Arrays.toString(anchor.shape()));
    }
    return triplet(
        anchor,
        positive,
        negative,
        (x1, x2) -> pairwiseDistance(x1, x2, p, eps),
        margin,
        swap,
        reduction);
  }

  /**
   * {@link #tripletMarginLoss} with any {@code distance} function of two batches (null for the
   * Euclidean {@link #pairwiseDistance} with eps 1e-6), PyTorch's {@code
   * triplet_margin_with_distance_loss}.
   *
   * @throws IllegalArgumentException for inputs of different ranks or a margin that is not positive
   */
  public static Tensor tripletMarginWithDistanceLoss(
      Tensor anchor,
      Tensor positive,
      Tensor negative,
      BinaryOperator<Tensor> distance,
      double margin,
      boolean swap,
      Reduction reduction) {
    if (anchor.dim() != positive.dim() || anchor.dim() != negative.dim()) {
      throw new IllegalArgumentException(
          "tripletMarginWithDistanceLoss: anchor, positive and negative must have the same rank,"
              + " got shapes "
              + Arrays.toString(anchor.shape())
              + ", "
              + Arrays.toString(positive.shape())
              + " and "
              + Arrays.toString(negative.shape()));
    }
    if (!(margin > 0)) {
      throw new IllegalArgumentException(
          "tripletMarginWithDistanceLoss: margin must be > 0, got " + margin);
    }
    BinaryOperator<Tensor> d =
        distance != null ? distance : (x1, x2) -> pairwiseDistance(x1, x2, 2, 1e-6);
    return triplet(anchor, positive, negative, d, margin, swap, reduction);
  }

  private static Tensor triplet(
      Tensor anchor,
      Tensor positive,
      Tensor negative,
      BinaryOperator<Tensor> distance,
      double margin,
      boolean swap,
      Reduction reduction) {
    Tensor dPos = distance.apply(anchor, positive);
    Tensor dNeg = distance.apply(anchor, negative);
    if (swap) {
      dNeg = dNeg.minimum(distance.apply(positive, negative));
    }
    return reduction.apply(dPos.sub(dNeg).add(margin).clampMin(0.0));
  }

  /**
   * The p-norm of {@code x1 - x2 + eps} along the last dimension, PyTorch's {@code
   * pairwise_distance} (without keepdim).
   */
  public static Tensor pairwiseDistance(Tensor x1, Tensor x2, double p, double eps) {
    return x1.sub(x2).add(eps).norm(p, new int[] {Math.max(x1.dim(), x2.dim()) - 1}, false);
  }

  /**
   * {@code input} where {@code target} is 1 and {@code max(0, margin - input)} where it is -1
   * (elements with other targets contribute both terms, as in PyTorch).
   */
  public static Tensor hingeEmbeddingLoss(
      Tensor input, Tensor target, double margin, Reduction reduction) {
    Losses.checkSameShape("hingeEmbeddingLoss", input, target);
    Tensor zeros = Tensor.zerosLike(input);
    Tensor marginTerm = Tensor.where(target.ne(1.0), input.neg().add(margin).clampMin(0.0), zeros);
    Tensor selfTerm = Tensor.where(target.ne(-1.0), input, zeros);
    return reduction.apply(marginTerm.add(selfTerm));
  }

  /**
   * Two-class logistic loss {@code log(1 + exp(-target * input))} with {@code target} in {1, -1}.
   */
  public static Tensor softMarginLoss(Tensor input, Tensor target, Reduction reduction) {
    Losses.checkSameShape("softMarginLoss", input, target);
    return reduction.apply(input.neg().mul(target).exp().log1p());
  }

  /**
   * Multi-label one-versus-all logistic loss: {@code -(t log sigmoid(x) + (1 - t) log sigmoid(-x))}
   * times the per-class {@code weight} (may be null), averaged over the classes (last dimension);
   * the reduction then combines the per-sample values.
   */
  public static Tensor multilabelSoftMarginLoss(
      Tensor input, Tensor target, Tensor weight, Reduction reduction) {
    Losses.checkSameShape("multilabelSoftMarginLoss", input, target);
    Tensor loss =
        target.mul(logSigmoid(input)).add(target.neg().add(1.0).mul(logSigmoid(input.neg()))).neg();
    if (weight != null) {
      loss = loss.mul(weight);
    }
    int classDim = input.dim() - 1;
    return reduction.apply(loss.sum(classDim).div((double) input.size(classDim)));
  }

  /** {@code log(sigmoid(x)) = -(max(-x, 0) + log1p(exp(-|x|)))}, finite for every x. */
  private static Tensor logSigmoid(Tensor x) {
    return x.neg().clampMin(0.0).add(x.abs().neg().exp().log1p()).neg();
  }

  /**
   * Multi-class hinge loss of scores {@code input} ({@code [N, C]} or {@code [C]}) at int64 class
   * indices {@code target} ({@code [N]}, or {@code [1]} / 0-dim for one sample): {@code sum_{i !=
   * y} w[y] max(0, margin - x[y] + x[i])^p / C} with {@code p} 1 or 2 and {@code weight} ({@code
   * [C]}, may be null) per class. Unreduced losses of one sample take the target's shape.
   */
  public static Tensor multiMarginLoss(
      Tensor input, Tensor target, int p, double margin, Tensor weight, Reduction reduction) {
    if (p != 1 && p != 2) {
      throw new IllegalArgumentException("multiMarginLoss: p must be 1 or 2, got " + p);
    }
    boolean single = input.dim() == 1;
    Tensor x = single ? input.unsqueeze(0) : input;
    Tensor y = target.reshape(-1);
    if (x.dim() != 2
        || target.dtype() != DType.INT64
        || y.size(0) != x.size(0)
        || target.dim() > 1) {
      throw new IllegalArgumentException(
          "multiMarginLoss: expected input [N, C] or [C] and an int64 target [N], got input "
              + Arrays.toString(input.shape())
              + " and "
              + target.dtype()
              + " target "
              + Arrays.toString(target.shape()));
    }
    int classes = x.size(1);
    if (weight != null && (weight.dim() != 1 || weight.size(0) != classes)) {
      throw new IllegalArgumentException(
          "multiMarginLoss: weight must have shape ["
              + classes
              + "], got "
              + Arrays.toString(weight.shape()));
    }
    if (y.numel() > 0 && (y.min().itemLong() < 0 || y.max().itemLong() >= classes)) {
      throw new IllegalArgumentException(
          "multiMarginLoss: target values must be in [0, " + classes + "), got " + y);
    }
    Tensor idx = y.unsqueeze(1);
    Tensor z = x.sub(x.gather(1, idx)).add(margin).clampMin(0.0);
    if (p == 2) {
      z = z.square();
    }
    if (weight != null) {
      z = z.mul(weight.indexSelect(0, y).unsqueeze(1));
    }
    Tensor others = Tensor.onesLike(x).scatter(1, idx, 0.0);
    Tensor loss = z.mul(others).sum(1).div((double) classes);
    return reduction.apply(single ? loss.reshape(target.shape()) : loss);
  }
}
