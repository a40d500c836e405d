package dev.kiln.optim;

import dev.kiln.tensor.Tensor;
import java.util.List;

/**
 * AdamW (Loshchilov and Hutter): Adam with weight decay applied to the parameter, {@code p *= 1 -
 * lr * weight_decay}, like {@code torch.optim.AdamW}.
 */
public final class AdamW extends AdamBase {

  /** Defaults: betas (0.9, 0.999), eps 1e-8, weight decay 0.01. */
  public AdamW(List<Tensor> params, double lr) {
    this(single(params), lr, 0.9, 0.999, 1e-8, 0.01, false, false);
  }

  /** AdamW over {@code groups}; the arguments are the defaults for options a group does not set. */
  public AdamW(
      List<ParamGroup> groups,
      double lr,
      double beta1,
      double beta2,
      double eps,
      double weightDecay,
      boolean amsgrad,
      boolean maximize) {
    super("AdamW", groups, lr, beta1, beta2, eps, weightDecay, amsgrad, maximize, true);
  }
}
