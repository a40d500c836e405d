package dev.kiln.autograd;

import dev.kiln.ops.JoinOps;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Functional transforms in the JAX style, built on {@link Autograd#grad}: {@code grad}, {@code
 * valueAndGrad}, {@code vjp}, {@code jvp}, {@code jacobian}, {@code hessian} and {@code hvp}. The
 * inputs need not require grad; when some do (and grad mode is on), the results are themselves
 * differentiable, so transforms compose.
 *
 * {@snippet :
 * Tensor x = Tensor.of(new double[] {1, 2});
 * Tensor g = Functional.grad(in -> in[0].pow(3).sum()).apply(new Tensor[] {x})[0]; // [3, 12]
 * }
 */
public final class Functional {
  private Functional() {}

  /**
   * A value and its gradients.
   *
   * @param value the function's value
   * @param grads one gradient per input (null for an input that is not floating)
   */
  public record ValueAndGrad(Tensor value, Tensor[] grads) {}

  /**
   * A function's outputs and a product with its Jacobian.
   *
   * @param outputs the function's outputs
   * @param product the vector-Jacobian (per input) or Jacobian-vector (per output) product
   */
  public record Product(Tensor[] outputs, Tensor[] product) {}

  /** The gradient of a scalar function with respect to each input. */
  public static Function<Tensor[], Tensor[]> grad(Function<Tensor[], Tensor> f) {
    return xs -> valueAndGrad(f).apply(xs).grads();
  }

  /** The value of a scalar function and its gradient with respect to each input. */
  public static Function<Tensor[], ValueAndGrad> valueAndGrad(Function<Tensor[], Tensor> f) {
    return xs -> {
      Product p = vjp(in -> new Tensor[] {f.apply(in)}, xs, new Tensor[] {null});
      return new ValueAndGrad(p.outputs()[0], p.product());
    };
  }

  /**
   * The outputs of {@code f} at {@code xs} and {@code v^T J} per input (zeros for inputs the
   * outputs do not depend on; null for inputs that are not floating).
   *
   * @param v one cotangent per output (a null entry means ones for a scalar output)
   */
  public static Product vjp(Function<Tensor[], Tensor[]> f, Tensor[] xs, Tensor[] v) {
    boolean create = GradMode.isEnabled() && Arrays.stream(xs).anyMatch(Tensor::requiresGrad);
    Tensor[] in = prepare(xs);
    try (var scope = GradMode.enableGrad()) {
      Tensor[] outs = f.apply(in);
      Tensor[] grads = gradsOf(outs, in, v, create);
      return new Product(create ? outs : detached(outs), grads);
    }
  }

  /**
   * The outputs of {@code f} at {@code xs} and {@code J t} per output, computed as the derivative
   * of a vector-Jacobian product with respect to its (linear) cotangent.
   */
  public static Product jvp(Function<Tensor[], Tensor[]> f, Tensor[] xs, Tensor[] tangents) {
    Tensor[] in = prepare(xs);
    try (var scope = GradMode.enableGrad()) {
      Tensor[] outs = f.apply(in);
      Tensor[] u = new Tensor[outs.length];
      for (int k = 0; k < outs.length; k++) {
        u[k] = Tensor.zerosLike(outs[k]).requiresGrad_(true);
      }
      Tensor[] g = gradsOf(outs, in, u, true);
      Tensor dot = null;
      for (int i = 0; i < g.length; i++) {
        if (g[i] != null && tangents[i] != null && g[i].requiresGrad()) {
          Tensor term = g[i].mul(tangents[i]).sum();
          dot = dot == null ? term : dot.add(term);
        }
      }
      Tensor[] jv = new Tensor[outs.length];
      if (dot != null) {
        jv = Autograd.grad(new Tensor[] {dot}, u, null, false, false, true);
      }
      for (int k = 0; k < jv.length; k++) {
        jv[k] = jv[k] != null ? jv[k] : Tensor.zerosLike(outs[k]);
      }
      return new Product(detached(outs), jv);
    }
  }

  /** The Jacobian of {@code f} at {@code x}: shape {@code f(x).shape ++ x.shape}. */
  public static Tensor jacobian(UnaryOperator<Tensor> f, Tensor x) {
    boolean create = GradMode.isEnabled() && x.requiresGrad();
    Tensor in = prepare(new Tensor[] {x})[0];
    try (var scope = GradMode.enableGrad()) {
      Tensor y = f.apply(in);
      int n = y.numel();
      Tensor[] rows = new Tensor[n];
      for (int k = 0; k < n; k++) {
        Tensor unit = Tensor.zeros(y.dtype(), n);
        unit.storage().setDouble(k, 1, y.dtype());
        Tensor[] g =
            y.requiresGrad()
                ? Autograd.grad(
                    new Tensor[] {y},
                    new Tensor[] {in},
                    new Tensor[] {unit.view(y.shape())},
                    true,
                    create,
                    true)
                : new Tensor[1];
        rows[k] = g[0] != null ? g[0] : Tensor.zerosLike(in);
      }
      int[] shape = Arrays.copyOf(y.shape(), y.dim() + x.dim());
      System.arraycopy(x.shape(), 0, shape, y.dim(), x.dim());
      Tensor j = n == 0 ? Tensor.zeros(x.dtype(), shape) : JoinOps.stack(0, rows).reshape(shape);
      return create ? j : j.detach();
    }
  }

  /** The Hessian of a scalar {@code f} at {@code x}: shape {@code x.shape ++ x.shape}. */
  public static Tensor hessian(UnaryOperator<Tensor> f, Tensor x) {
    return jacobian(z -> grad(in -> f.apply(in[0])).apply(new Tensor[] {z})[0], x);
  }

  /** The Hessian of a scalar {@code f} at {@code x} times {@code v} (shape of x). */
  public static Tensor hvp(UnaryOperator<Tensor> f, Tensor x, Tensor v) {
    return grad(in -> {
          Tensor g = grad(z -> f.apply(z[0])).apply(new Tensor[] {in[0]})[0];
          return g.mul(v).sum();
        })
        .apply(new Tensor[] {x})[0];
  }

  /** Floating inputs that do not require grad become leaves that do (sharing storage). */
  private static Tensor[] prepare(Tensor[] xs) {
    Tensor[] in = xs.clone();
    for (int i = 0; i < in.length; i++) {
      if (!in[i].requiresGrad() && in[i].dtype().isFloatingPoint()) {
        in[i] = in[i].detach().requiresGrad_(true);
      }
    }
    return in;
  }

  private static Tensor[] gradsOf(Tensor[] outs, Tensor[] in, Tensor[] v, boolean create) {
    int[] wrt = new int[in.length];
    int n = 0;
    for (int i = 0; i < in.length; i++) {
      if (in[i].requiresGrad()) {
        wrt[n++] = i;
      }
    }
    Tensor[] targets = new Tensor[n];
    for (int i = 0; i < n; i++) {
      targets[i] = in[wrt[i]];
    }
    int m = 0;
    Tensor[] roots = new Tensor[outs.length];
    Tensor[] seeds = new Tensor[outs.length];
    for (int k = 0; k < outs.length; k++) {
      if (outs[k].requiresGrad()) {
        roots[m] = outs[k];
        seeds[m++] = v[k];
      }
    }
    Tensor[] g =
        m > 0 && n > 0
            ? Autograd.grad(
                Arrays.copyOf(roots, m), targets, Arrays.copyOf(seeds, m), true, create, true)
            : new Tensor[n];
    Tensor[] grads = new Tensor[in.length];
    for (int i = 0; i < n; i++) {
      grads[wrt[i]] = g[i] != null ? g[i] : Tensor.zerosLike(targets[i]);
    }
    return grads;
  }

  private static Tensor[] detached(Tensor[] ts) {
    Tensor[] out = new Tensor[ts.length];
    for (int i = 0; i < ts.length; i++) {
      out[i] = ts[i].detach();
    }
    return out;
  }
}
