package dev.kiln.optim;

import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Adagrad, like PyTorch 1.13's {@code torch.optim.Adagrad}: the rate {@code lr / (1 + (step - 1) *
 * lr_decay)} divided by the root of the summed squared gradients (starting at {@code
 * initial_accumulator_value}); {@code weight_decay} is added to the gradient; {@code maximize} is a
 * 0/1 option. Unlike PyTorch 1.13, which fills every accumulator with the constructor's value, a
 * group's own {@code initial_accumulator_value} is honoured.
 */
public final class Adagrad extends Optimizer {

  /** Defaults: lr 1e-2, no rate decay or weight decay, accumulator from 0, eps 1e-10. */
  public Adagrad(List<Tensor> params) {
    this(single(params), 1e-2, 0, 0, 0, 1e-10, false);
  }

  /**
   * Adagrad over {@code groups}; the arguments are the defaults for options a group does not set.
   *
   * @throws IllegalArgumentException for a negative option
   */
  public Adagrad(
      List<ParamGroup> groups,
      double lr,
      double lrDecay,
      double weightDecay,
      double initialAccumulatorValue,
      double eps,
      boolean maximize) {
    super(
        "Adagrad",
        groups,
        Map.of(
            "lr", lr,
            "lr_decay", lrDecay,
            "weight_decay", weightDecay,
            "initial_accumulator_value", initialAccumulatorValue,
            "eps", eps,
            "maximize", maximize ? 1.0 : 0.0));
    requireOptions(
        "lr, lr_decay, weight_decay, initial_accumulator_value, eps >= 0",
        g ->
            g.get("lr") >= 0
                && g.get("lr_decay") >= 0
                && g.get("weight_decay") >= 0
                && g.get("initial_accumulator_value") >= 0
                && g.get("eps") >= 0);
  }

  @Override
  protected void update(ParamGroup g, Tensor param, Tensor grad, Map<String, Tensor> state) {
    if (state.isEmpty()) {
      state.put("step", Tensor.scalar(0.0));
      state.put(
          "sum", Tensor.full(g.get("initial_accumulator_value"), param.dtype(), param.shape()));
    }
    double step = state.get("step").add_(1.0).item();
    Tensor d = g.get("maximize") != 0 ? grad.neg() : grad;
    double wd = g.get("weight_decay");
    if (wd != 0) {
      d = d.add(param, wd);
    }
    double clr = g.get("lr") / (1 + (step - 1) * g.get("lr_decay"));
    Tensor sum = state.get("sum").add_(d.mul(d));
    param.add_(d.div(sum.sqrt().add(g.get("eps"))), -clr);
  }
}
