package dev.kiln.optim;

import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * RMSprop, like PyTorch 1.13's {@code torch.optim.RMSprop}: squared-gradient average with smoothing
 * {@code alpha}, optional {@code momentum}, {@code centered} (divide by the estimated variance
 * instead), {@code weight_decay} added to the gradient and {@code maximize}; flags are 0/1 options.
 */
public final class RMSprop extends Optimizer {

  /** Defaults: lr 1e-2, alpha 0.99, eps 1e-8, no weight decay or momentum, not centered. */
  public RMSprop(List<Tensor> params) {
    this(single(params), 1e-2, 0.99, 1e-8, 0, 0, false, false);
  }

  /**
   * RMSprop over {@code groups}; the arguments are the defaults for options a group does not set.
   *
   * @throws IllegalArgumentException for a negative rate, alpha, eps, weight decay or momentum
   */
  public RMSprop(
      List<ParamGroup> groups,
      double lr,
      double alpha,
      double eps,
      double weightDecay,
      double momentum,
      boolean centered,
      boolean maximize) {
    super(
        "RMSprop",
        groups,
        Map.of(
            "lr", lr,
            "alpha", alpha,
            "eps", eps,
            "weight_decay", weightDecay,
            "momentum", momentum,
            "centered", centered ? 1.0 : 0.0,
            "maximize", maximize ? 1.0 : 0.0));
    requireOptions(
        "lr, alpha, eps, weight_decay, momentum >= 0",
        g ->
            g.get("lr") >= 0
                && g.get("alpha") >= 0
                && g.get("eps") >= 0
                && g.get("weight_decay") >= 0
                && g.get("momentum") >= 0);
  }

  @Override
  protected void update(ParamGroup g, Tensor param, Tensor grad, Map<String, Tensor> state) {
    Tensor d = g.get("maximize") != 0 ? grad.neg() : grad;
    double alpha = g.get("alpha");
    double momentum = g.get("momentum");
    boolean centered = g.get("centered") != 0;
    if (state.isEmpty()) {
      state.put("step", Tensor.scalar(0.0));
      state.put("square_avg", Tensor.zeros(param.dtype(), param.shape()));
    }
    state.get("step").add_(1.0);
    double wd = g.get("weight_decay");
    if (wd != 0) {
      d = d.add(param, wd);
    }
    Tensor squareAvg = state.get("square_avg").mul_(alpha).add_(d.mul(d), 1 - alpha);
    Tensor avg;
    if (centered) {
      Tensor gradAvg =
          state.computeIfAbsent("grad_avg", k -> Tensor.zeros(param.dtype(), param.shape()));
      gradAvg.mul_(alpha).add_(d, 1 - alpha);
      avg = squareAvg.sub(gradAvg.mul(gradAvg)).sqrt();
    } else {
      avg = squareAvg.sqrt();
    }
    avg = avg.add(g.get("eps"));
    if (momentum > 0) {
      Tensor buf =
          state.computeIfAbsent("momentum_buffer", k -> Tensor.zeros(param.dtype(), param.shape()));
      buf.mul_(momentum).add_(d.div(avg));
      param.add_(buf, -g.get("lr"));
    } else {
      param.add_(d.div(avg), -g.get("lr"));
    }
  }
}
