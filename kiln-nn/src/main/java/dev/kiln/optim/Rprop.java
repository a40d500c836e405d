package dev.kiln.optim;

import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Resilient backpropagation, like PyTorch 1.13's {@code torch.optim.Rprop}: each element keeps its
 * own step size (starting at {@code lr}), multiplied by {@code etaplus} while its gradient keeps
 * its sign and by {@code etaminus} when the sign flips (that step is then skipped), clamped to
 * [{@code step_size_min}, {@code step_size_max}]; only the gradient's sign is used. {@code
 * maximize} is a 0/1 option.
 */
public final class Rprop extends Optimizer {

  /** Defaults: lr 1e-2, etas (0.5, 1.2), step sizes [1e-6, 50]. */
  public Rprop(List<Tensor> params) {
    this(single(params), 1e-2, 0.5, 1.2, 1e-6, 50, false);
  }

  /**
   * Rprop over {@code groups}; the arguments are the defaults for options a group does not set.
   *
   * @throws IllegalArgumentException for a negative rate or {@code 0 < etaminus < 1 < etaplus} not
   *     holding
   */
  public Rprop(
      List<ParamGroup> groups,
      double lr,
      double etaminus,
      double etaplus,
      double stepSizeMin,
      double stepSizeMax,
      boolean maximize) {
    super(
        "Rprop",
        groups,
        Map.of(
            "lr", lr,
            "etaminus", etaminus,
            "etaplus", etaplus,
            "step_size_min", stepSizeMin,
            "step_size_max", stepSizeMax,
            "maximize", maximize ? 1.0 : 0.0));
    requireOptions(
        "lr >= 0 and 0 < etaminus < 1 < etaplus",
        g ->
            g.get("lr") >= 0
                && g.get("etaminus") > 0
                && g.get("etaminus") < 1
                && g.get("etaplus") > 1);
  }

  @Override
  protected void update(ParamGroup g, Tensor param, Tensor grad, Map<String, Tensor> state) {
    if (state.isEmpty()) {
      state.put("step", Tensor.scalar(0.0));
      state.put("prev", Tensor.zeros(param.dtype(), param.shape()));
      state.put("step_size", Tensor.full(g.get("lr"), param.dtype(), param.shape()));
    }
    state.get("step").add_(1.0);
    Tensor d = g.get("maximize") != 0 ? grad.neg() : grad;
    double etaminus = g.get("etaminus");
    Tensor prod = d.mul(state.get("prev"));
    Tensor factor =
        Tensor.where(
            prod.gt(0.0),
            Tensor.fullLike(prod, g.get("etaplus")),
            Tensor.where(prod.lt(0.0), Tensor.fullLike(prod, etaminus), Tensor.onesLike(prod)));
    Tensor stepSize =
        state.get("step_size").mul_(factor).clamp_(g.get("step_size_min"), g.get("step_size_max"));
    Tensor kept = d.maskedFill(factor.eq(etaminus), 0.0);
    param.sub_(kept.sign().mul(stepSize));
    state.get("prev").copy_(kept);
  }
}
