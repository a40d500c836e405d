package dev.kiln.nn;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.GradMode;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Linalg;
import dev.kiln.tensor.Tensor;

/**
 * In-place parameter initialisers, like PyTorch's {@code torch.nn.init}; each fills the tensor
 * without recording gradients and returns it.
 */
public final class Init {
  private Init() {}

  /** Which fan a Kaiming initialiser preserves the variance of. */
  public enum FanMode {
    /** The forward pass's activations (PyTorch's {@code "fan_in"}, the default). */
    FAN_IN,
    /** The backward pass's gradients (PyTorch's {@code "fan_out"}). */
    FAN_OUT
  }

  /**
   * The recommended gain for {@code nonlinearity}, like {@code torch.nn.init.calculate_gain}:
   * {@code "linear"}, the {@code "conv*"} and {@code "conv_transpose*"} names and {@code "sigmoid"}
   * 1, {@code "tanh"} 5/3, {@code "relu"} sqrt(2), {@code "leaky_relu"} {@code sqrt(2 / (1 +
   * param^2))} (param: the negative slope, NaN for the default 0.01), {@code "selu"} 3/4.
   *
   * @throws IllegalArgumentException for another name
   */
  public static double calculateGain(String nonlinearity, double param) {
    return switch (nonlinearity) {
      case "linear",
          "conv1d",
          "conv2d",
          "conv3d",
          "conv_transpose1d",
          "conv_transpose2d",
          "conv_transpose3d",
          "sigmoid" ->
          1;
      case "tanh" -> 5.0 / 3;
      case "relu" -> Math.sqrt(2.0);
      case "leaky_relu" -> {
        double slope = Double.isNaN(param) ? 0.01 : param;
        yield Math.sqrt(2.0 / (1 + slope * slope));
      }
      case "selu" -> 3.0 / 4;
      default ->
          throw new IllegalArgumentException(
              "calculateGain: unsupported nonlinearity \"" + nonlinearity + "\"");
    };
  }

  /** {@link #calculateGain(String, double)} with the default parameter. */
  public static double calculateGain(String nonlinearity) {
    return calculateGain(nonlinearity, Double.NaN);
  }

  /** Like {@link #uniform_(Tensor, double, double, Generator)}, from the default generator. */
  public static Tensor uniform_(Tensor t, double lo, double hi) {
    return uniform_(t, lo, hi, Generator.defaultGenerator());
  }

  /** Like {@link #normal_(Tensor, double, double, Generator)}, from the default generator. */
  public static Tensor normal_(Tensor t, double mean, double std) {
    return normal_(t, mean, std, Generator.defaultGenerator());
  }

  /** Fills {@code t} with values uniform in {@code [lo, hi)} drawn from {@code g}. */
  public static Tensor uniform_(Tensor t, double lo, double hi, Generator g) {
    try (GradMode.Scope s = Autograd.noGrad()) {
      t.uniform_(g, lo, hi);
    }
    return t;
  }

  /** Fills {@code t} with normal values of mean {@code mean} and std {@code std} from {@code g}. */
  public static Tensor normal_(Tensor t, double mean, double std, Generator g) {
    try (GradMode.Scope s = Autograd.noGrad()) {
      t.normal_(g, mean, std);
    }
    return t;
  }

  /** Glorot uniform: bound {@code gain * sqrt(6 / (fanIn + fanOut))}. */
  public static Tensor xavierUniform_(Tensor t, double gain, Generator g) {
    double bound = gain * Math.sqrt(6.0 / (fanIn(t) + fanOut(t)));
    return uniform_(t, -bound, bound, g);
  }

  /** Glorot normal: std {@code gain * sqrt(2 / (fanIn + fanOut))}. */
  public static Tensor xavierNormal_(Tensor t, double gain, Generator g) {
    return normal_(t, 0, gain * Math.sqrt(2.0 / (fanIn(t) + fanOut(t))), g);
  }

  /** Fills {@code t} with {@code value}. */
  public static Tensor constant_(Tensor t, double value) {
    try (GradMode.Scope s = Autograd.noGrad()) {
      t.fill_(value);
    }
    return t;
  }

  /**
   * Kaiming (He) uniform for a leaky-ReLU slope {@code a} and fan-in mode: bound {@code gain *
   * sqrt(3 / fanIn)} with {@code gain = sqrt(2 / (1 + a^2))}.
   */
  public static Tensor kaimingUniform_(Tensor t, double a, Generator g) {
    return kaimingUniform_(t, a, FanMode.FAN_IN, "leaky_relu", g);
  }

  /**
   * Kaiming (He) uniform, like {@code torch.nn.init.kaiming_uniform_}: bound {@code sqrt(3) * gain
   * / sqrt(fan)}, the gain {@link #calculateGain(String, double) calculateGain(nonlinearity, a)}
   * and the fan chosen by {@code mode}.
   */
  public static Tensor kaimingUniform_(
      Tensor t, double a, FanMode mode, String nonlinearity, Generator g) {
    double bound = Math.sqrt(3.0) * kaimingStd(t, a, mode, nonlinearity);
    return uniform_(t, -bound, bound, g);
  }

  /** Kaiming (He) normal, fan-in mode: std {@code sqrt(2 / (1 + a^2)) / sqrt(fanIn)}. */
  public static Tensor kaimingNormal_(Tensor t, double a, Generator g) {
    return kaimingNormal_(t, a, FanMode.FAN_IN, "leaky_relu", g);
  }

  /**
   * Kaiming (He) normal, like {@code torch.nn.init.kaiming_normal_}: std {@code gain / sqrt(fan)},
   * the gain {@link #calculateGain(String, double) calculateGain(nonlinearity, a)} and the fan
   * chosen by {@code mode}.
   */
  public static Tensor kaimingNormal_(
      Tensor t, double a, FanMode mode, String nonlinearity, Generator g) {
    return normal_(t, 0, kaimingStd(t, a, mode, nonlinearity), g);
  }

  private static double kaimingStd(Tensor t, double a, FanMode mode, String nonlinearity) {
    int fan = mode == FanMode.FAN_IN ? fanIn(t) : fanOut(t);
    return calculateGain(nonlinearity, a) / Math.sqrt(fan);
  }

  /**
   * Normal values of {@code mean} and {@code std} truncated to {@code [a, b]}, like {@code
   * torch.nn.init.trunc_normal_}: uniform values between the normal CDF at {@code a} and {@code b}
   * mapped through the inverse CDF, then clamped to {@code [a, b]}.
   *
   * @throws IllegalArgumentException unless {@code a < b} and {@code std > 0}
   */
  public static Tensor truncNormal_(
      Tensor t, double mean, double std, double a, double b, Generator g) {
    if (!(a < b) || !(std > 0)) {
      throw new IllegalArgumentException(
          "truncNormal_: expected a < b and std > 0, got a " + a + ", b " + b + ", std " + std);
    }
    double lo = 2 * normalCdf((a - mean) / std) - 1;
    double hi = 2 * normalCdf((b - mean) / std) - 1;
    try (GradMode.Scope s = Autograd.noGrad()) {
      t.uniform_(g, lo, hi).erfinv_().mul_(std * Math.sqrt(2.0)).add_(mean).clamp_(a, b);
    }
    return t;
  }

  private static double normalCdf(double x) {
    return (1 + Tensor.scalar(x / Math.sqrt(2.0), DType.FLOAT64).erf().item()) / 2;
  }

  /**
   * A (semi-)orthogonal matrix scaled by {@code gain}, like {@code torch.nn.init.orthogonal_}: the
   * Q factor of a standard-normal {@code [size(0), numel / size(0)]} matrix (of its transpose when
   * wider than tall), its columns' signs fixed by R's diagonal; rows (or columns) are orthonormal.
   *
   * @throws IllegalArgumentException for fewer than 2 dimensions
   */
  public static Tensor orthogonal_(Tensor t, double gain, Generator g) {
    if (t.dim() < 2) {
      throw new IllegalArgumentException(
          "orthogonal_: expected at least 2 dimensions, got shape "
              + java.util.Arrays.toString(t.shape()));
    }
    int rows = t.size(0);
    int cols = t.numel() / Math.max(rows, 1);
    try (GradMode.Scope s = Autograd.noGrad()) {
      Tensor flat = Tensor.randn(g, DType.FLOAT64, rows, cols);
      if (rows < cols) {
        flat = flat.t();
      }
      Linalg.QR qr = Linalg.qr(flat.contiguous());
      Tensor q = qr.q().mul(qr.r().diagonal().sign());
      if (rows < cols) {
        q = q.t();
      }
      t.copy_(q.mul(gain).reshape(t.shape()));
    }
    return t;
  }

  /** Fills {@code t} with zeros. */
  public static Tensor zeros_(Tensor t) {
    return constant_(t, 0);
  }

  /** Fills {@code t} with ones. */
  public static Tensor ones_(Tensor t) {
    return constant_(t, 1);
  }

  /**
   * The identity matrix in a 2-d {@code t} (ones on the main diagonal of a rectangle).
   *
   * @throws IllegalArgumentException unless {@code t} has 2 dimensions
   */
  public static Tensor eye_(Tensor t) {
    if (t.dim() != 2) {
      throw new IllegalArgumentException(
          "eye_: expected 2 dimensions, got shape " + java.util.Arrays.toString(t.shape()));
    }
    try (GradMode.Scope s = Autograd.noGrad()) {
      t.copy_(Tensor.eye(t.size(0), t.size(1), t.dtype()));
    }
    return t;
  }

  /**
   * The Dirac delta in a 3-, 4- or 5-d convolution weight {@code [out, in, kernel...]}, like {@code
   * torch.nn.init.dirac_}: a convolution with it copies its input channels (per group of {@code out
   * / groups} outputs) through the kernel's centre.
   *
   * @throws IllegalArgumentException for another rank or when {@code out} does not divide by {@code
   *     groups}
   */
  public static Tensor dirac_(Tensor t, int groups) {
    if (t.dim() < 3 || t.dim() > 5 || groups <= 0 || t.size(0) % groups != 0) {
      throw new IllegalArgumentException(
          "dirac_: expected a 3-, 4- or 5-d tensor whose dim 0 divides by groups "
              + groups
              + ", got shape "
              + java.util.Arrays.toString(t.shape()));
    }
    int outPerGroup = t.size(0) / groups;
    int channels = Math.min(outPerGroup, t.size(1));
    try (GradMode.Scope s = Autograd.noGrad()) {
      t.zero_();
      for (int grp = 0; grp < groups; grp++) {
        for (int d = 0; d < channels; d++) {
          Tensor tap = t.select(0, grp * outPerGroup + d).select(0, d);
          while (tap.dim() > 0) {
            tap = tap.select(0, tap.size(0) / 2);
          }
          tap.fill_(1);
        }
      }
    }
    return t;
  }

  /** Fan-out of a weight: {@code size(0)} times the product of the trailing (kernel) sizes. */
  public static int fanOut(Tensor t) {
    return fanIn(t) / t.size(1) * t.size(0);
  }

  /**
   * Fan-in of a weight: {@code size(1)} times the product of the trailing (kernel) sizes.
   *
   * @throws IllegalArgumentException for fewer than 2 dimensions
   */
  public static int fanIn(Tensor t) {
    if (t.dim() < 2) {
      throw new IllegalArgumentException(
          "fanIn: fan in can not be computed for a tensor with fewer than 2 dimensions, got "
              + t.dim());
    }
    int receptive = 1;
    for (int d = 2; d < t.dim(); d++) {
      receptive *= t.size(d);
    }
    return t.size(1) * receptive;
  }
}
