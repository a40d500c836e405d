package dev.kiln.optim;

import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Adamax (Adam with an infinity norm of past gradients), like PyTorch 1.13's {@code
 * torch.optim.Adamax}: {@code weight_decay} is added to the gradient; {@code maximize} is a 0/1
 * option.
 */
public final class Adamax extends Optimizer {

  /** Defaults: lr 2e-3, betas (0.9, 0.999), eps 1e-8, no weight decay. */
  public Adamax(List<Tensor> params) {
    this(single(params), 2e-3, 0.9, 0.999, 1e-8, 0, false);
  }

  /**
   * Adamax over {@code groups}; the arguments are the defaults for options a group does not set.
   *
   * @throws IllegalArgumentException for a negative rate, eps or weight decay, or betas outside [0,
   *     1)
   */
  public Adamax(
      List<ParamGroup> groups,
      double lr,
      double beta1,
      double beta2,
      double eps,
      double weightDecay,
      boolean maximize) {
    super(
        "Adamax",
        groups,
        Map.of(
            "lr", lr,
            "beta1", beta1,
            "beta2", beta2,
            "eps", eps,
            "weight_decay", weightDecay,
            "maximize", maximize ? 1.0 : 0.0));
    requireOptions("lr, eps, weight_decay >= 0 and betas in [0, 1)", AdamBase::validBetasAndRates);
  }

  @Override
  protected void update(ParamGroup g, Tensor param, Tensor grad, Map<String, Tensor> state) {
    Tensor d = g.get("maximize") != 0 ? grad.neg() : grad;
    double b1 = g.get("beta1");
    if (state.isEmpty()) {
      state.put("step", Tensor.scalar(0.0));
      state.put("exp_avg", Tensor.zeros(param.dtype(), param.shape()));
      state.put("exp_inf", Tensor.zeros(param.dtype(), param.shape()));
    }
    double step = state.get("step").add_(1.0).item();
    double wd = g.get("weight_decay");
    if (wd != 0) {
      d = d.add(param, wd);
    }
    Tensor expAvg = state.get("exp_avg").mul_(b1).add_(d, 1 - b1);
    Tensor expInf = state.get("exp_inf").mul_(g.get("beta2"));
    expInf.copy_(expInf.maximum(d.abs().add(g.get("eps"))));
    param.add_(expAvg.div(expInf), -g.get("lr") / (1 - Math.pow(b1, step)));
  }
}
