package dev.kiln.optim;

import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Averaged stochastic gradient descent, like PyTorch 1.13's {@code torch.optim.ASGD}: SGD with the
 * rate {@code eta = lr / (1 + lambd * lr * step)^alpha} and decay {@code lambd}, keeping in state
 * {@code "ax"} the average of the iterates from step {@code t0} on; {@code weight_decay} is added
 * to the gradient; {@code maximize} is a 0/1 option. Like PyTorch, {@code eta} and {@code mu} are
 * float32 state scalars.
 */
public final class ASGD extends Optimizer {

  /** Defaults: lr 1e-2, lambd 1e-4, alpha 0.75, t0 1e6, no weight decay. */
  public ASGD(List<Tensor> params) {
    this(single(params), 1e-2, 1e-4, 0.75, 1e6, 0, false);
  }

  /**
   * ASGD over {@code groups}; the arguments are the defaults for options a group does not set.
   *
   * @throws IllegalArgumentException for a negative rate or weight decay
   */
  public ASGD(
      List<ParamGroup> groups,
      double lr,
      double lambd,
      double alpha,
      double t0,
      double weightDecay,
      boolean maximize) {
    super(
        "ASGD",
        groups,
        Map.of(
            "lr", lr,
            "lambd", lambd,
            "alpha", alpha,
            "t0", t0,
            "weight_decay", weightDecay,
            "maximize", maximize ? 1.0 : 0.0));
    requireOptions("lr, weight_decay >= 0", g -> g.get("lr") >= 0 && g.get("weight_decay") >= 0);
  }

  @Override
  protected void update(ParamGroup g, Tensor param, Tensor grad, Map<String, Tensor> state) {
    double lr = g.get("lr");
    double lambd = g.get("lambd");
    if (state.isEmpty()) {
      state.put("step", Tensor.scalar(0.0));
      state.put("eta", Tensor.scalar(lr));
      state.put("mu", Tensor.scalar(1.0));
      state.put("ax", Tensor.zeros(param.dtype(), param.shape()));
    }
    double step = state.get("step").add_(1.0).item();
    Tensor d = g.get("maximize") != 0 ? grad.neg() : grad;
    double wd = g.get("weight_decay");
    if (wd != 0) {
      d = d.add(param, wd);
    }
    double eta = state.get("eta").item();
    param.mul_(1 - lambd * eta);
    param.add_(d, -eta);
    Tensor ax = state.get("ax");
    double mu = state.get("mu").item();
    if (mu != 1) {
      ax.add_(param.sub(ax).mul(mu));
    } else {
      ax.copy_(param);
    }
    state.get("eta").fill_(lr / Math.pow(1 + lambd * lr * step, g.get("alpha")));
    state.get("mu").fill_(1 / Math.max(1, step - g.get("t0")));
  }
}
