package dev.kiln.optim;

import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with PyTorch's options: {@code momentum}, {@code dampening}, {@code
 * nesterov}, {@code weight_decay} (L2 added to the gradient) and {@code maximize}; the flags are
 * 0/1 options.
 */
public final class SGD extends Optimizer {

  /** Plain SGD over {@code params} with learning rate {@code lr}. */
  public SGD(List<Tensor> params, double lr) {
    this(single(params), lr, 0, 0, 0, false, false);
  }

  /**
   * SGD over {@code groups}; the arguments are the defaults for options a group does not set.
   *
   * @throws IllegalArgumentException for a negative rate, momentum or weight decay, or nesterov
   *     without momentum or with dampening
   */
  public SGD(
      List<ParamGroup> groups,
      double lr,
      double momentum,
      double dampening,
      double weightDecay,
      boolean nesterov,
      boolean maximize) {
    super(
        "SGD",
        groups,
        Map.of(
            "lr", lr,
            "momentum", momentum,
            "dampening", dampening,
            "weight_decay", weightDecay,
            "nesterov", nesterov ? 1.0 : 0.0,
            "maximize", maximize ? 1.0 : 0.0));
    for (ParamGroup g : paramGroups()) {
      if (g.get("lr") < 0 || g.get("momentum") < 0 || g.get("weight_decay") < 0) {
        throw new IllegalArgumentException(
            "SGD: lr, momentum and weight_decay must be >= 0, got " + g.options());
      }
      if (g.get("nesterov") != 0 && (g.get("momentum") <= 0 || g.get("dampening") != 0)) {
        throw new IllegalArgumentException(
            "SGD: nesterov momentum requires a momentum and zero dampening, got " + g.options());
      }
    }
  }

  @Override
  protected void update(ParamGroup g, Tensor param, Tensor grad, Map<String, Tensor> state) {
    Tensor d = g.get("maximize") != 0 ? grad.neg() : grad;
    double wd = g.get("weight_decay");
    if (wd != 0) {
      d = d.add(param, wd);
    }
    double momentum = g.get("momentum");
    if (momentum != 0) {
      Tensor buf = state.get("momentum_buffer");
      if (buf == null) {
        buf = d.clone();
        state.put("momentum_buffer", buf);
      } else {
        buf.mul_(momentum).add_(d, 1 - g.get("dampening"));
      }
      d = g.get("nesterov") != 0 ? d.add(buf, momentum) : buf;
    }
    param.add_(d, -g.get("lr"));
  }
}
