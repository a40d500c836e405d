package dev.kiln.autograd;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Checks analytical gradients against float64 central differences, as PyTorch's {@code gradcheck}
 * and {@code gradgradcheck} do: the full Jacobian of every floating output with respect to every
 * float64 input that requires grad, the analytical one row by row through {@link Autograd#grad}
 * with unit vectors. A failure names the input, the output, the worst element and both values.
 *
 * {@snippet :
 * Tensor x = Tensor.of(new double[] {0.5, 1.5}).requiresGrad_(true);
 * GradCheck.gradcheck(in -> new Tensor[] {in[0].exp().sum()}, new Tensor[] {x});
 * }
 */
public final class GradCheck {
  private GradCheck() {}

  /** Default finite-difference step. */
  public static final double EPS = 1e-6;

  /** Default absolute tolerance. */
  public static final double ATOL = 1e-5;

  /** Default relative tolerance. */
  public static final double RTOL = 1e-3;

  /** Checks first derivatives with the default step and tolerances. */
  public static void gradcheck(Function<Tensor[], Tensor[]> fn, Tensor[] inputs) {
    gradcheck(fn, inputs, EPS, ATOL, RTOL);
  }

  /**
   * Checks first derivatives of {@code fn} at {@code inputs}: inputs that are float64 and require
   * grad are differentiated, the others are held constant.
   *
   * @throws IllegalArgumentException when no input is float64 and requires grad
   * @throws AssertionError naming the worst element when the Jacobians disagree
   */
  public static void gradcheck(
      Function<Tensor[], Tensor[]> fn, Tensor[] inputs, double eps, double atol, double rtol) {
    int[] wrt = differentiable(inputs);
    double[][][] numerical = numericalJacobian(fn, inputs, wrt, eps);
    double[][][] analytical = analyticalJacobian(fn, inputs, wrt);
    compare(numerical, analytical, inputs, wrt, atol, rtol);
  }

  /** Checks second derivatives with the default step and tolerances. */
  public static void gradgradcheck(Function<Tensor[], Tensor[]> fn, Tensor[] inputs) {
    gradgradcheck(fn, inputs, EPS, ATOL, RTOL);
  }

  /**
   * Checks second derivatives: gradcheck of the map from (inputs, output gradients v) to the
   * gradients of {@code fn}'s outputs weighted by v, computed with {@code createGraph}; v is drawn
   * from a fixed seed.
   */
  public static void gradgradcheck(
      Function<Tensor[], Tensor[]> fn, Tensor[] inputs, double eps, double atol, double rtol) {
    int[] wrt = differentiable(inputs);
    Tensor[] outs = floating(fn.apply(inputs));
    Generator gen = new Generator(0);
    Tensor[] all = Arrays.copyOf(inputs, inputs.length + outs.length);
    for (int k = 0; k < outs.length; k++) {
      all[inputs.length + k] =
          Tensor.randn(gen, DType.FLOAT64, outs[k].shape()).requiresGrad_(true);
    }
    int n = inputs.length;
    Function<Tensor[], Tensor[]> first =
        xs -> firstDerivatives(fn, Arrays.copyOf(xs, n), wrt, Arrays.copyOfRange(xs, n, xs.length));
    gradcheck(first, all, eps, atol, rtol);
  }

  /** The gradients of {@code fn}'s outputs (weighted by {@code v}) with respect to inputs wrt. */
  private static Tensor[] firstDerivatives(
      Function<Tensor[], Tensor[]> fn, Tensor[] inputs, int[] wrt, Tensor[] v) {
    Tensor[] outs = floating(fn.apply(inputs));
    List<Tensor> roots = new ArrayList<>();
    List<Tensor> seeds = new ArrayList<>();
    for (int k = 0; k < outs.length; k++) {
      if (outs[k].requiresGrad()) {
        roots.add(outs[k]);
        seeds.add(v[k]);
      }
    }
    Tensor[] xs = new Tensor[wrt.length];
    for (int i = 0; i < wrt.length; i++) {
      xs[i] = inputs[wrt[i]];
    }
    Tensor[] grads =
        roots.isEmpty()
            ? new Tensor[wrt.length]
            : Autograd.grad(
                roots.toArray(new Tensor[0]), xs, seeds.toArray(new Tensor[0]), true, true, true);
    for (int i = 0; i < grads.length; i++) {
      grads[i] = grads[i] != null ? grads[i] : Tensor.zeros(DType.FLOAT64, xs[i].shape());
    }
    return grads;
  }

  private static int[] differentiable(Tensor[] inputs) {
    int[] wrt = new int[inputs.length];
    int n = 0;
    for (int i = 0; i < inputs.length; i++) {
      if (inputs[i].requiresGrad() && inputs[i].dtype() == DType.FLOAT64) {
        wrt[n++] = i;
      }
    }
    if (n == 0) {
      throw new IllegalArgumentException(
          "gradcheck: no input is a float64 tensor that requires grad");
    }
    return Arrays.copyOf(wrt, n);
  }

  /** The floating outputs (bool and integer ones, such as indices, have no gradient). */
  private static Tensor[] floating(Tensor[] outs) {
    return Arrays.stream(outs).filter(t -> t.dtype().isFloatingPoint()).toArray(Tensor[]::new);
  }

  /** [input][input element][flat output element over all floating outputs]. */
  private static double[][][] numericalJacobian(
      Function<Tensor[], Tensor[]> fn, Tensor[] inputs, int[] wrt, double eps) {
    double[][][] jac = new double[wrt.length][][];
    for (int w = 0; w < wrt.length; w++) {
      Tensor x = inputs[wrt[w]];
      jac[w] = new double[x.numel()][];
      for (int j = 0; j < x.numel(); j++) {
        int pos = storagePosition(x, j);
        double orig = x.storage().getDouble(pos, DType.FLOAT64);
        x.storage().setDouble(pos, orig + eps, DType.FLOAT64);
        double[] plus = values(fn.apply(inputs));
        x.storage().setDouble(pos, orig - eps, DType.FLOAT64);
        double[] minus = values(fn.apply(inputs));
        x.storage().setDouble(pos, orig, DType.FLOAT64);
        double[] col = new double[plus.length];
        for (int k = 0; k < col.length; k++) {
          col[k] = (plus[k] - minus[k]) / (2 * eps);
        }
        jac[w][j] = col;
      }
    }
    return jac;
  }

  private static double[][][] analyticalJacobian(
      Function<Tensor[], Tensor[]> fn, Tensor[] inputs, int[] wrt) {
    Tensor[] outs = floating(fn.apply(inputs));
    Tensor[] xs = new Tensor[wrt.length];
    double[][][] jac = new double[wrt.length][][];
    int total = 0;
    for (Tensor o : outs) {
      total += o.numel();
    }
    for (int w = 0; w < wrt.length; w++) {
      xs[w] = inputs[wrt[w]];
      jac[w] = new double[xs[w].numel()][total];
    }
    int row = 0;
    for (Tensor o : outs) {
      for (int k = 0; k < o.numel(); k++, row++) {
        if (!o.requiresGrad()) {
          continue;
        }
        Tensor unit = Tensor.zeros(o.dtype(), o.numel());
        unit.storage().setDouble(k, 1, o.dtype());
        Tensor[] g =
            Autograd.grad(
                new Tensor[] {o}, xs, new Tensor[] {unit.reshape(o.shape())}, true, false, true);
        for (int w = 0; w < wrt.length; w++) {
          if (g[w] != null) {
            double[] gv = g[w].toDoubleArray();
            for (int j = 0; j < gv.length; j++) {
              jac[w][j][row] = gv[j];
            }
          }
        }
      }
    }
    return jac;
  }

  private static double[] values(Tensor[] outs) {
    Tensor[] fl = floating(outs);
    int total = 0;
    for (Tensor o : fl) {
      total += o.numel();
    }
    double[] v = new double[total];
    int at = 0;
    for (Tensor o : fl) {
      double[] d = o.toDoubleArray();
      System.arraycopy(d, 0, v, at, d.length);
      at += d.length;
    }
    return v;
  }

  /** The storage index of the element at row-major position {@code flat} of {@code t}. */
  private static int storagePosition(Tensor t, int flat) {
    int[] shape = t.shape();
    int pos = t.storageOffset();
    int rest = flat;
    for (int d = shape.length - 1; d >= 0; d--) {
      pos += (rest % shape[d]) * t.stride(d);
      rest /= shape[d];
    }
    return pos;
  }

  private static void compare(
      double[][][] num, double[][][] ana, Tensor[] inputs, int[] wrt, double atol, double rtol) {
    for (int w = 0; w < wrt.length; w++) {
      double worstExcess = 0;
      int wj = -1;
      int wk = -1;
      for (int j = 0; j < num[w].length; j++) {
        for (int k = 0; k < num[w][j].length; k++) {
          double n = num[w][j][k];
          double a = ana[w][j][k];
          double excess = Math.abs(a - n) - (atol + rtol * Math.abs(n));
          if (excess > worstExcess || (Double.isNaN(excess) && wj < 0)) {
            worstExcess = Double.isNaN(excess) ? Double.POSITIVE_INFINITY : excess;
            wj = j;
            wk = k;
          }
        }
      }
      if (wj >= 0) {
        int[] shape = inputs[wrt[w]].shape();
        throw new AssertionError(
            "gradcheck: Jacobian mismatch for input "
                + wrt[w]
                + " (shape "
                + Shapes.str(shape)
                + ") at input element "
                + Shapes.str(unflatten(wj, shape))
                + " and output element "
                + wk
                + " (flat over the floating outputs): analytical "
                + ana[w][wj][wk]
                + ", numerical "
                + num[w][wj][wk]
                + " (atol "
                + atol
                + ", rtol "
                + rtol
                + ")");
      }
    }
  }

  private static int[] unflatten(int flat, int[] shape) {
    int[] idx = new int[shape.length];
    int rest = flat;
    for (int d = shape.length - 1; d >= 0; d--) {
      idx[d] = rest % shape[d];
      rest /= shape[d];
    }
    return idx;
  }
}
