package dev.kiln.optim;

import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * The Adam update shared by {@link Adam} (weight decay added to the gradient) and {@link AdamW}
 * (weight decay applied to the parameter), following PyTorch 1.13's single-tensor code.
 */
abstract sealed class AdamBase extends Optimizer permits Adam, AdamW {
  private final boolean decoupled;

  AdamBase(
      String name,
      List<ParamGroup> groups,
      double lr,
      double beta1,
      double beta2,
      double eps,
      double weightDecay,
      boolean amsgrad,
      boolean maximize,
      boolean decoupled) {
    super(
        name,
        groups,
        Map.of(
            "lr", lr,
            "beta1", beta1,
            "beta2", beta2,
            "eps", eps,
            "weight_decay", weightDecay,
            "amsgrad", amsgrad ? 1.0 : 0.0,
            "maximize", maximize ? 1.0 : 0.0));
    this.decoupled = decoupled;
    requireOptions("lr, eps, weight_decay >= 0 and betas in [0, 1)", AdamBase::validBetasAndRates);
  }

  /** lr, eps and weight_decay non-negative, beta1 and beta2 in [0, 1). */
  static boolean validBetasAndRates(ParamGroup g) {
    double b1 = g.get("beta1");
    double b2 = g.get("beta2");
    return g.get("lr") >= 0
        && g.get("eps") >= 0
        && g.get("weight_decay") >= 0
        && b1 >= 0
        && b1 < 1
        && b2 >= 0
        && b2 < 1;
  }

  @Override
  protected final void update(ParamGroup g, Tensor param, Tensor grad, Map<String, Tensor> state) {
    Tensor d = g.get("maximize") != 0 ? grad.neg() : grad;
    double lr = g.get("lr");
    double wd = g.get("weight_decay");
    double b1 = g.get("beta1");
    double b2 = g.get("beta2");
    boolean amsgrad = g.get("amsgrad") != 0;
    if (state.isEmpty()) {
      state.put("step", Tensor.scalar(0.0f));
      state.put("exp_avg", Tensor.zeros(param.dtype(), param.shape()));
      state.put("exp_avg_sq", Tensor.zeros(param.dtype(), param.shape()));
      if (amsgrad) {
        state.put("max_exp_avg_sq", Tensor.zeros(param.dtype(), param.shape()));
      }
    }
    Tensor stepT = state.get("step").add_(1.0);
    double step = stepT.item();
    if (wd != 0) {
      if (decoupled) {
        param.mul_(1 - lr * wd);
      } else {
        d = d.add(param, wd);
      }
    }
    Tensor expAvg = state.get("exp_avg").mul_(b1).add_(d, 1 - b1);
    Tensor expAvgSq = state.get("exp_avg_sq").mul_(b2).add_(d.mul(d), 1 - b2);
    double bc1 = 1 - Math.pow(b1, step);
    double bc2Sqrt = Math.sqrt(1 - Math.pow(b2, step));
    Tensor second = expAvgSq;
    if (amsgrad) {
      second = state.get("max_exp_avg_sq");
      second.copy_(second.maximum(expAvgSq));
    }
    Tensor denom = second.sqrt().div(bc2Sqrt).add(g.get("eps"));
    param.add_(expAvg.div(denom), -lr / bc1);
  }
}
