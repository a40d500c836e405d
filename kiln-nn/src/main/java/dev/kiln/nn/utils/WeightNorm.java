package dev.kiln.nn.utils;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.GradMode;
import dev.kiln.nn.Module;
import dev.kiln.tensor.Tensor;
import java.util.stream.IntStream;

/**
 * Weight normalisation (Salimans and Kingma 2016) as PyTorch 1.13's {@code
 * torch.nn.utils.weight_norm}: the parameter {@code name} is replaced by a magnitude {@code name_g}
 * and a direction {@code name_v}, and the layer sees {@code name = name_v * name_g / ||name_v||}
 * (the norm over every dimension except {@code dim}), recomputed at the start of every {@link
 * Module#call(Tensor)}. State-dict keys are PyTorch's ({@code weight_g}, {@code weight_v}).
 *
 * {@snippet :
 * Linear layer = WeightNorm.apply(new Linear(20, 40));
 * }
 */
public final class WeightNorm implements Module.ParameterComputation {
  private final String name;
  private final int dim;

  private WeightNorm(String name, int dim) {
    this.name = name;
    this.dim = dim;
  }

  /** Same as {@code apply(module, "weight", 0)}. */
  public static <M extends Module> M apply(M module) {
    return apply(module, "weight", 0);
  }

  /**
   * Replaces {@code module}'s own parameter {@code name} by {@code name_g} (the norm of the weight
   * over all dimensions except {@code dim}, size 1 there) and {@code name_v} (the weight). As in
   * PyTorch, {@code dim} -1 takes the norm of the whole tensor ({@code name_g} is a scalar) and a
   * dim below -1 counts from the end.
   *
   * @return {@code module}
   * @throws IllegalArgumentException when the module has no such parameter, already computes it, or
   *     {@code dim} is out of range
   */
  public static <M extends Module> M apply(M module, String name, int dim) {
    if (module.computedParameters().containsKey(name)) {
      throw new IllegalArgumentException(
          where(module) + ": '" + name + "' already has a weight or spectral norm");
    }
    Tensor weight = module.parameter(name);
    if (weight == null) {
      throw new IllegalArgumentException(where(module) + ": parameter '" + name + "' is absent");
    }
    int d = dim < -1 ? dim + weight.dim() : dim;
    if (d < -1 || d >= weight.dim()) {
      throw new IllegalArgumentException(
          where(module)
              + ": weight norm dim "
              + dim
              + " out of range for '"
              + name
              + "' with "
              + weight.dim()
              + " dims");
    }
    WeightNorm fn = new WeightNorm(name, d);
    Tensor g;
    try (GradMode.Scope s = Autograd.noGrad()) {
      g = normExceptDim(weight.detach(), d).clone();
    }
    module.removeParameter(name);
    module.registerParameter(name + "_g", g.requiresGrad_(true));
    module.registerParameter(name + "_v", weight.detach().requiresGrad_(true));
    module.registerComputedParameter(name, fn.compute(module), fn);
    return module;
  }

  /** Same as {@code remove(module, "weight")}. */
  public static <M extends Module> M remove(M module) {
    return remove(module, "weight");
  }

  /**
   * Undoes {@link #apply}: parameter {@code name} holds the current normalised weight again and
   * {@code name_g}, {@code name_v} are removed (PyTorch's {@code remove_weight_norm}).
   *
   * @throws IllegalArgumentException when {@code name} has no weight norm
   */
  public static <M extends Module> M remove(M module, String name) {
    if (!(module.computedParameters().get(name) instanceof WeightNorm fn)) {
      throw new IllegalArgumentException(
          where(module) + ": weight_norm of '" + name + "' not found");
    }
    Tensor weight;
    try (GradMode.Scope s = Autograd.noGrad()) {
      weight = fn.compute(module).detach();
    }
    module.removeComputedParameter(name);
    module.removeParameter(name + "_g");
    module.removeParameter(name + "_v");
    module.registerParameter(name, weight.requiresGrad_(true));
    return module;
  }

  /** {@code name_v * (name_g / ||name_v||)}, differentiable in both. */
  @Override
  public Tensor compute(Module module) {
    Tensor v = module.parameter(name + "_v");
    return v.mul(module.parameter(name + "_g").div(normExceptDim(v, dim)));
  }

  /**
   * PyTorch's {@code norm_except_dim(v, 2, dim)}: the 2-norm over every dimension except {@code
   * dim}, keeping them as size 1; the norm of the whole tensor for dim -1.
   */
  static Tensor normExceptDim(Tensor v, int dim) {
    if (dim == -1) {
      return v.norm(2);
    }
    int[] others = IntStream.range(0, v.dim()).filter(i -> i != dim).toArray();
    return others.length == 0 ? v.abs() : v.norm(2, others, true);
  }

  private static String where(Module module) {
    return module.path().isEmpty() ? module.kind() : module.path();
  }
}
