package dev.kiln.optim;

import dev.kiln.tensor.Tensor;
import java.util.List;

/**
 * Adam (Kingma and Ba), with {@code weight_decay} added to the gradient (L2) and optional AMSGrad,
 * like {@code torch.optim.Adam}.
 */
public final class Adam extends AdamBase {

  /** Defaults: betas (0.9, 0.999), eps 1e-8, weight decay 0. */
  public Adam(List<Tensor> params, double lr) {
    this(single(params), lr, 0.9, 0.999, 1e-8, 0, false, false);
  }

  /** Adam over {@code groups}; the arguments are the defaults for options a group does not set. */
  public Adam(
      List<ParamGroup> groups,
      double lr,
      double beta1,
      double beta2,
      double eps,
      double weightDecay,
      boolean amsgrad,
      boolean maximize) {
    super("Adam", groups, lr, beta1, beta2, eps, weightDecay, amsgrad, maximize, false);
  }
}
