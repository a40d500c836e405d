package dev.kiln.optim;

import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Adadelta, like PyTorch 1.13's {@code torch.optim.Adadelta}: running averages (smoothing {@code
 * rho}) of squared gradients and squared updates set each step's size, scaled by {@code lr}; {@code
 * weight_decay} is added to the gradient; {@code maximize} is a 0/1 option.
 */
public final class Adadelta extends Optimizer {

  /** Defaults: lr 1, rho 0.9, eps 1e-6, no weight decay. */
  public Adadelta(List<Tensor> params) {
    this(single(params), 1.0, 0.9, 1e-6, 0, false);
  }

  /**
   * Adadelta over {@code groups}; the arguments are the defaults for options a group does not set.
   *
   * @throws IllegalArgumentException for a negative rate, eps or weight decay, or rho outside [0,
   *     1]
   */
  public Adadelta(
      List<ParamGroup> groups,
      double lr,
      double rho,
      double eps,
      double weightDecay,
      boolean maximize) {
    super(
        "Adadelta",
        groups,
        Map.of(
            "lr", lr,
            "rho", rho,
            "eps", eps,
            "weight_decay", weightDecay,
            "maximize", maximize ? 1.0 : 0.0));
    requireOptions(
        "lr, eps, weight_decay >= 0 and rho in [0, 1]",
        g ->
            g.get("lr") >= 0
                && g.get("eps") >= 0
                && g.get("weight_decay") >= 0
                && g.get("rho") >= 0
                && g.get("rho") <= 1);
  }

  @Override
  protected void update(ParamGroup g, Tensor param, Tensor grad, Map<String, Tensor> state) {
    double rho = g.get("rho");
    double eps = g.get("eps");
    if (state.isEmpty()) {
      state.put("step", Tensor.scalar(0.0));
      state.put("square_avg", Tensor.zeros(param.dtype(), param.shape()));
      state.put("acc_delta", Tensor.zeros(param.dtype(), param.shape()));
    }
    state.get("step").add_(1.0);
    Tensor d = g.get("maximize") != 0 ? grad.neg() : grad;
    double wd = g.get("weight_decay");
    if (wd != 0) {
      d = d.add(param, wd);
    }
    Tensor squareAvg = state.get("square_avg").mul_(rho).add_(d.mul(d), 1 - rho);
    Tensor accDelta = state.get("acc_delta");
    Tensor delta = accDelta.add(eps).sqrt().div(squareAvg.add(eps).sqrt()).mul(d);
    accDelta.mul_(rho).add_(delta.mul(delta), 1 - rho);
    param.add_(delta, -g.get("lr"));
  }
}
