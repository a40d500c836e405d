package dev.kiln.optim;

import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * NAdam (Adam with Nesterov momentum and a momentum schedule), like PyTorch 1.13's {@code
 * torch.optim.NAdam}: {@code momentum_decay} sets the schedule {@code mu_t = beta1 (1 - 0.5 *
 * 0.96^(t * momentum_decay))}; {@code weight_decay} is added to the gradient.
 */
public final class NAdam extends Optimizer {

  /** Defaults: lr 2e-3, betas (0.9, 0.999), eps 1e-8, no weight decay, momentum decay 4e-3. */
  public NAdam(List<Tensor> params) {
    this(single(params), 2e-3, 0.9, 0.999, 1e-8, 0, 4e-3);
  }

  /**
   * NAdam over {@code groups}; the arguments are the defaults for options a group does not set.
   *
   * @throws IllegalArgumentException for a negative rate, eps, weight decay or momentum decay, or
   *     betas outside [0, 1)
   */
  public NAdam(
      List<ParamGroup> groups,
      double lr,
      double beta1,
      double beta2,
      double eps,
      double weightDecay,
      double momentumDecay) {
    super(
        "NAdam",
        groups,
        Map.of(
            "lr", lr,
            "beta1", beta1,
            "beta2", beta2,
            "eps", eps,
            "weight_decay", weightDecay,
            "momentum_decay", momentumDecay));
    requireOptions(
        "lr, eps, weight_decay, momentum_decay >= 0 and betas in [0, 1)",
        g -> AdamBase.validBetasAndRates(g) && g.get("momentum_decay") >= 0);
  }

  @Override
  protected void update(ParamGroup g, Tensor param, Tensor grad, Map<String, Tensor> state) {
    double b1 = g.get("beta1");
    double b2 = g.get("beta2");
    double lr = g.get("lr");
    if (state.isEmpty()) {
      state.put("step", Tensor.scalar(0.0));
      state.put("mu_product", Tensor.scalar(1.0));
      state.put("exp_avg", Tensor.zeros(param.dtype(), param.shape()));
      state.put("exp_avg_sq", Tensor.zeros(param.dtype(), param.shape()));
    }
    double step = state.get("step").add_(1.0).item();
    double wd = g.get("weight_decay");
    Tensor d = wd != 0 ? grad.add(param, wd) : grad;
    double decay = g.get("momentum_decay");
    double mu = b1 * (1 - 0.5 * Math.pow(0.96, step * decay));
    double muNext = b1 * (1 - 0.5 * Math.pow(0.96, (step + 1) * decay));
    Tensor muProduct = state.get("mu_product").mul_(mu);
    // PyTorch keeps mu_product as a float32 tensor, so its products round to float32.
    double muProductNext = muProduct.mul(mu).mul(muNext).item();
    state.get("exp_avg").mul_(b1).add_(d, 1 - b1);
    Tensor expAvgSq = state.get("exp_avg_sq").mul_(b2).add_(d.mul(d), 1 - b2);
    Tensor denom = expAvgSq.div(1 - Math.pow(b2, step)).sqrt().add(g.get("eps"));
    param.add_(d.div(denom), -lr * (1 - mu) / (1 - muProduct.item()));
    param.add_(state.get("exp_avg").div(denom), -lr * muNext / (1 - muProductNext));
  }
}
