package dev.kiln.optim;

import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * RAdam (Adam with a rectified adaptive rate: plain momentum SGD while the variance estimate is
 * unreliable), like PyTorch 1.13's {@code torch.optim.RAdam}; {@code weight_decay} is added to the
 * gradient.
 */
public final class RAdam extends Optimizer {

  /** Defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay. */
  public RAdam(List<Tensor> params) {
    this(single(params), 1e-3, 0.9, 0.999, 1e-8, 0);
  }

  /**
   * RAdam over {@code groups}; the arguments are the defaults for options a group does not set.
   *
   * @throws IllegalArgumentException for a negative rate, eps or weight decay, or betas outside [0,
   *     1)
   */
  public RAdam(
      List<ParamGroup> groups,
      double lr,
      double beta1,
      double beta2,
      double eps,
      double weightDecay) {
    super(
        "RAdam",
        groups,
        Map.of("lr", lr, "beta1", beta1, "beta2", beta2, "eps", eps, "weight_decay", weightDecay));
    requireOptions("lr, eps, weight_decay >= 0 and betas in [0, 1)", AdamBase::validBetasAndRates);
  }

  @Override
  protected void update(ParamGroup g, Tensor param, Tensor grad, Map<String, Tensor> state) {
    double b1 = g.get("beta1");
    double b2 = g.get("beta2");
    double lr = g.get("lr");
    if (state.isEmpty()) {
      state.put("step", Tensor.scalar(0.0));
      state.put("exp_avg", Tensor.zeros(param.dtype(), param.shape()));
      state.put("exp_avg_sq", Tensor.zeros(param.dtype(), param.shape()));
    }
    double step = state.get("step").add_(1.0).item();
    double bc1 = 1 - Math.pow(b1, step);
    double bc2 = 1 - Math.pow(b2, step);
    double wd = g.get("weight_decay");
    Tensor d = wd != 0 ? grad.add(param, wd) : grad;
    Tensor expAvg = state.get("exp_avg").mul_(b1).add_(d, 1 - b1);
    Tensor expAvgSq = state.get("exp_avg_sq").mul_(b2).add_(d.mul(d), 1 - b2);
    Tensor corrected = expAvg.div(bc1);
    double rhoInf = 2 / (1 - b2) - 1;
    double rhoT = rhoInf - 2 * step * Math.pow(b2, step) / bc2;
    if (rhoT > 5) {
      double rect =
          Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
      Tensor adaptive = expAvgSq.sqrt().add(g.get("eps")).reciprocal().mul(Math.sqrt(bc2));
      param.sub_(corrected.mul(lr).mul(adaptive).mul(rect));
    } else {
      param.sub_(corrected.mul(lr));
    }
  }
}
