package dev.kiln.nn;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.GradMode;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;

/**
 * In-place parameter initialisers, like PyTorch's {@code torch.nn.init}; each fills the tensor
 * without recording gradients and returns it.
 */
public final class Init {
  private Init() {}

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

  /** Kaiming (He) normal, fan-in mode: std {@code sqrt(2 / (1 + a^2)) / sqrt(fanIn)}. */
  public static Tensor kaimingNormal_(Tensor t, double a, Generator g) {
    return normal_(t, 0, Math.sqrt(2.0 / (1 + a * a)) / Math.sqrt(fanIn(t)), g);
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
    double gain = Math.sqrt(2.0 / (1 + a * a));
    double bound = gain * Math.sqrt(3.0 / fanIn(t));
    return uniform_(t, -bound, bound, g);
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
