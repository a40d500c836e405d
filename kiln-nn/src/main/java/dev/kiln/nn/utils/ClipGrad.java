package dev.kiln.nn.utils;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.GradMode;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Gradient clipping, like PyTorch's {@code torch.nn.utils.clip_grad_norm_/clip_grad_value_}. */
public final class ClipGrad {
  private ClipGrad() {}

  /**
   * Scales the gradients of {@code params} in place so that their joint {@code normType}-norm (the
   * norm of the per-gradient norms; {@code Double.POSITIVE_INFINITY} for the max-abs) is at most
   * {@code maxNorm}, by {@code min(1, maxNorm / (total + 1e-6))}. Parameters without a gradient are
   * skipped.
   *
   * @return the total norm before clipping (a 0-dim tensor; float32 0 when no gradient exists)
   */
  public static Tensor clipGradNorm_(List<Tensor> params, double maxNorm, double normType) {
    return clipGradNorm_(params, maxNorm, normType, false);
  }

  /**
   * {@link #clipGradNorm_(List, double, double)}, failing, with the gradients untouched, when
   * {@code errorIfNonfinite} and the total norm is NaN or infinite (PyTorch's {@code
   * error_if_nonfinite}).
   *
   * @throws IllegalStateException for a non-finite total norm when {@code errorIfNonfinite}
   */
  public static Tensor clipGradNorm_(
      List<Tensor> params, double maxNorm, double normType, boolean errorIfNonfinite) {
    List<Tensor> grads = grads(params);
    if (grads.isEmpty()) {
      return Tensor.scalar(0, DType.FLOAT32);
    }
    try (GradMode.Scope s = Autograd.noGrad()) {
      Tensor[] norms = new Tensor[grads.size()];
      for (int i = 0; i < norms.length; i++) {
        norms[i] =
            normType == Double.POSITIVE_INFINITY
                ? grads.get(i).abs().max()
                : grads.get(i).norm(normType);
      }
      Tensor total =
          normType == Double.POSITIVE_INFINITY
              ? (norms.length == 1 ? norms[0] : Tensor.stack(norms).max())
              : Tensor.stack(norms).norm(normType);
      if (errorIfNonfinite && !Double.isFinite(total.item())) {
        throw new IllegalStateException(
            "clipGradNorm_: the total norm of order "
                + normType
                + " of the gradients is "
                + total.item()
                + ", so it cannot be clipped; pass errorIfNonfinite=false to scale by it anyway");
      }
      Tensor coef = Tensor.wrapNumber(maxNorm).div(total.add(1e-6)).clampMax(1.0);
      for (Tensor g : grads) {
        g.mul_(coef);
      }
      return total;
    }
  }

  /** {@link #clipGradNorm_(List, double, double)} with the 2-norm. */
  public static Tensor clipGradNorm_(List<Tensor> params, double maxNorm) {
    return clipGradNorm_(params, maxNorm, 2);
  }

  /**
   * Clamps every gradient of {@code params} in place to {@code [-clipValue, clipValue]}.
   *
   * @throws IllegalArgumentException when {@code clipValue} is negative or NaN
   */
  public static void clipGradValue_(List<Tensor> params, double clipValue) {
    if (!(clipValue >= 0)) {
      throw new IllegalArgumentException(
          "clipGradValue_: clipValue must be >= 0, got " + clipValue);
    }
    try (GradMode.Scope s = Autograd.noGrad()) {
      for (Tensor g : grads(params)) {
        g.clamp_(-clipValue, clipValue);
      }
    }
  }

  private static List<Tensor> grads(List<Tensor> params) {
    List<Tensor> out = new ArrayList<>();
    for (Tensor p : params) {
      if (p.grad() != null) {
        out.add(p.grad().detach());
      }
    }
    return out;
  }
}
