package dev.kiln.nn.utils;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.GradMode;
import dev.kiln.nn.ConvTranspose1d;
import dev.kiln.nn.ConvTranspose2d;
import dev.kiln.nn.Module;
import dev.kiln.tensor.Tensor;
import java.util.stream.IntStream;

/**
 * Spectral normalisation (Miyato et al. 2018) as PyTorch 1.13's {@code
 * torch.nn.utils.spectral_norm}: the layer sees {@code name = name_orig / sigma}, where sigma
 * estimates the largest singular value of {@code name_orig} (as a matrix with {@code dim} first) by
 * power iteration on the buffers {@code name_u} and {@code name_v}. In training mode every {@link
 * Module#call(Tensor)} first runs {@code nPowerIterations} iterations, updating the buffers in
 * place; in eval mode the stored vectors are used. State-dict keys are PyTorch's ({@code
 * weight_orig}, {@code weight_u}, {@code weight_v}).
 */
public final class SpectralNorm implements Module.ParameterComputation {
  private final String name;
  private final int nPowerIterations;
  private final double eps;
  private final int dim;

  private SpectralNorm(String name, int nPowerIterations, double eps, int dim) {
    this.name = name;
    this.nPowerIterations = nPowerIterations;
    this.eps = eps;
    this.dim = dim;
  }

  /**
   * Spectral norm of {@code weight} with one power iteration, eps 1e-12 and PyTorch's default dim
   * (1 for transposed convolutions, else 0).
   */
  public static <M extends Module> M apply(M module) {
    boolean transposed = module instanceof ConvTranspose1d || module instanceof ConvTranspose2d;
    return apply(module, "weight", 1, 1e-12, transposed ? 1 : 0);
  }

  /**
   * Replaces {@code module}'s own parameter {@code name} by {@code name_orig} and adds the buffers
   * {@code name_u} and {@code name_v}, random unit vectors drawn from the default {@code Generator}
   * (load PyTorch's state dict to start from its vectors). Until the first {@code call} the layer
   * sees the unnormalised weight, as in PyTorch.
   *
   * @return {@code module}
   * @throws IllegalArgumentException when the module has no such parameter, already computes it,
   *     {@code nPowerIterations} is negative or {@code dim} is out of range
   */
  public static <M extends Module> M apply(
      M module, String name, int nPowerIterations, double eps, int dim) {
    if (module.computedParameters().containsKey(name)) {
      throw new IllegalArgumentException(
          where(module) + ": '" + name + "' already has a weight or spectral norm");
    }
    Tensor weight = module.parameter(name);
    if (weight == null || nPowerIterations < 0 || dim < 0 || dim >= weight.dim()) {
      throw new IllegalArgumentException(
          where(module)
              + ": spectral norm needs a present parameter '"
              + name
              + "', nPowerIterations >= 0 and 0 <= dim < its dims, got "
              + (weight == null ? "none" : weight.dim() + " dims")
              + ", nPowerIterations "
              + nPowerIterations
              + ", dim "
              + dim);
    }
    SpectralNorm fn = new SpectralNorm(name, nPowerIterations, eps, dim);
    Tensor u;
    Tensor v;
    try (GradMode.Scope s = Autograd.noGrad()) {
      Tensor mat = fn.matrix(weight);
      u = fn.normalize(Tensor.randn(weight.dtype(), mat.size(0)));
      v = fn.normalize(Tensor.randn(weight.dtype(), mat.size(1)));
    }
    module.removeParameter(name);
    module.registerParameter(name + "_orig", weight);
    module.registerBuffer(name + "_u", u);
    module.registerBuffer(name + "_v", v);
    module.registerComputedParameter(name, weight.detach(), fn);
    return module;
  }

  /** Same as {@code remove(module, "weight")}. */
  public static <M extends Module> M remove(M module) {
    return remove(module, "weight");
  }

  /**
   * Undoes {@link #apply}: parameter {@code name} holds {@code name_orig / sigma} from the stored
   * vectors (no power iteration), and {@code name_orig}, {@code name_u}, {@code name_v} are removed
   * (PyTorch's {@code remove_spectral_norm}).
   *
   * @throws IllegalArgumentException when {@code name} has no spectral norm
   */
  public static <M extends Module> M remove(M module, String name) {
    if (!(module.computedParameters().get(name) instanceof SpectralNorm fn)) {
      throw new IllegalArgumentException(
          where(module) + ": spectral_norm of '" + name + "' not found");
    }
    Tensor weight;
    try (GradMode.Scope s = Autograd.noGrad()) {
      weight = fn.compute(module, false).detach();
    }
    module.removeComputedParameter(name);
    module.removeBuffer(name + "_u");
    module.removeBuffer(name + "_v");
    module.removeParameter(name + "_orig");
    module.registerParameter(name, weight.requiresGrad_(true));
    return module;
  }

  /** The normalised weight, after power iteration when the module is training. */
  @Override
  public Tensor compute(Module module) {
    return compute(module, module.isTraining());
  }

  private Tensor compute(Module module, boolean powerIteration) {
    Tensor weight = module.parameter(name + "_orig");
    Tensor u = module.buffer(name + "_u");
    Tensor v = module.buffer(name + "_v");
    Tensor mat = matrix(weight);
    if (powerIteration && nPowerIterations > 0) {
      try (GradMode.Scope s = Autograd.noGrad()) {
        Tensor m = mat.detach();
        for (int i = 0; i < nPowerIterations; i++) {
          v.copy_(normalize(m.t().mv(u)));
          u.copy_(normalize(m.mv(v)));
        }
      }
      u = u.clone();
      v = v.clone();
    }
    Tensor sigma = u.dot(mat.mv(v));
    return weight.div(sigma);
  }

  /** The weight as a matrix with {@code dim} first and the other dims flattened. */
  private Tensor matrix(Tensor weight) {
    Tensor w = weight;
    if (dim != 0) {
      int[] order =
          IntStream.concat(
                  IntStream.of(dim), IntStream.range(0, weight.dim()).filter(d -> d != dim))
              .toArray();
      w = w.permute(order);
    }
    return w.reshape(w.size(0), -1);
  }

  private static String where(Module module) {
    return module.path().isEmpty() ? module.kind() : module.path();
  }

  /** {@code x / max(||x||, eps)}, PyTorch's {@code F.normalize} of a vector. */
  private Tensor normalize(Tensor x) {
    return x.div(x.norm().clampMin(eps));
  }
}
