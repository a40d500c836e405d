package dev.kiln.nn.functional;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.GradMode;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * Losses comparing distributions, with PyTorch 1.13's formulas: Kullback-Leibler divergence,
 * Poisson and Gaussian negative log likelihood. Gradients come from autograd.
 */
public final class ProbabilisticLosses {
  private ProbabilisticLosses() {}

  /**
   * Kullback-Leibler divergence of log-probabilities {@code input} from {@code target}: {@code
   * target * (log(target) - input)} (0 where the target is 0), or {@code exp(target) * (target -
   * input)} when {@code logTarget} says the target holds log-probabilities. {@link Reduction#MEAN}
   * averages over every element, as PyTorch's {@code 'mean'}; see {@link #klDivBatchMean} for the
   * mathematically correct {@code 'batchmean'}.
   */
  public static Tensor klDiv(Tensor input, Tensor target, Reduction reduction, boolean logTarget) {
    Losses.checkSameShape("klDiv", input, target);
    Tensor loss;
    if (logTarget) {
      loss = target.exp().mul(target.sub(input));
    } else {
      Tensor xlogx =
          Tensor.where(target.eq(0.0), Tensor.zerosLike(target), target.mul(target.log()));
      loss = xlogx.sub(target.mul(input));
    }
    return reduction.apply(loss);
  }

  /**
   * {@link #klDiv} summed and divided by the batch size {@code input.size(0)} (the plain sum for a
   * 0-dim input), PyTorch's {@code reduction='batchmean'}.
   */
  public static Tensor klDivBatchMean(Tensor input, Tensor target, boolean logTarget) {
    Tensor sum = klDiv(input, target, Reduction.SUM, logTarget);
    return input.dim() == 0 ? sum : sum.div((double) input.size(0));
  }

  /**
   * Poisson negative log likelihood of counts {@code target} under rate {@code exp(input)} ({@code
   * logInput}) or {@code input}: {@code exp(input) - target * input}, or {@code input - target *
   * log(input + eps)}; {@code full} adds the Stirling term {@code t log t - t + 0.5 log(2 pi t)}
   * where the target exceeds 1.
   */
  public static Tensor poissonNllLoss(
      Tensor input,
      Tensor target,
      boolean logInput,
      boolean full,
      double eps,
      Reduction reduction) {
    Losses.checkSameShape("poissonNllLoss", input, target);
    Tensor loss =
        logInput ? input.exp().sub(target.mul(input)) : input.sub(target.mul(input.add(eps).log()));
    if (full) {
      Tensor stirling =
          target
              .mul(target.log())
              .sub(target)
              .add(target.mul(2 * Math.PI).log().mul(0.5))
              .maskedFill(target.le(1.0), 0.0);
      loss = loss.add(stirling);
    }
    return reduction.apply(loss);
  }

  /**
   * Gaussian negative log likelihood of {@code target} under mean {@code input} and variance {@code
   * var}: {@code 0.5 (log(max(var, eps)) + (input - target)^2 / max(var, eps))}, plus {@code 0.5
   * log(2 pi)} when {@code full}. The clamp at {@code eps} passes gradients through unchanged, as
   * in PyTorch. {@code var} has the input's shape, or lacks its last dimension, or has 1 there (one
   * variance shared along the last dimension).
   *
   * @throws IllegalArgumentException for mismatched shapes or a negative variance
   */
  public static Tensor gaussianNllLoss(
      Tensor input, Tensor target, Tensor var, boolean full, double eps, Reduction reduction) {
    Losses.checkSameShape("gaussianNllLoss", input, target);
    int[] in = input.shape();
    int[] vs = var.shape();
    if (!Arrays.equals(in, vs)) {
      int[] leading = Arrays.copyOf(in, Math.max(in.length - 1, 0));
      if (in.length > 0 && Arrays.equals(leading, vs)) {
        var = var.unsqueeze(-1);
      } else if (in.length == 0
          || vs.length != in.length
          || vs[vs.length - 1] != 1
          || !Arrays.equals(leading, Arrays.copyOf(vs, vs.length - 1))) {
        throw new IllegalArgumentException(
            "gaussianNllLoss: var shape "
                + Arrays.toString(vs)
                + " must equal the input shape "
                + Arrays.toString(in)
                + ", lack its last dimension, or have 1 there");
      }
    }
    if (var.lt(0.0).any().itemBool()) {
      throw new IllegalArgumentException("gaussianNllLoss: var has negative entries");
    }
    Tensor clampShift;
    try (GradMode.Scope s = Autograd.noGrad()) {
      clampShift = var.clampMin(eps).sub(var);
    }
    Tensor v = var.add(clampShift);
    Tensor loss = v.log().add(input.sub(target).square().div(v)).mul(0.5);
    if (full) {
      loss = loss.add(0.5 * Math.log(2 * Math.PI));
    }
    return reduction.apply(loss);
  }
}
