package dev.kiln.ops;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.Node;
import dev.kiln.backend.BinaryKind;
import dev.kiln.backend.UnaryKind;
import dev.kiln.tensor.Tensor;
import java.util.List;

/**
 * Declarations of the elementwise unary primitive ops (math functions and activations), each with
 * its derivative. In a derivative, {@code g} is the output's gradient, {@code x(n)} the input,
 * {@code y(n)} the output and {@code p}, {@code q} the kernel parameters.
 */
public final class UnaryOps {
  private UnaryOps() {}

  private static final double LN2 = Math.log(2);
  private static final double LN10 = Math.log(10);
  private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
  private static final double SQRT_PI_OVER_TWO = Math.sqrt(Math.PI) / 2;
  private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
  private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
  private static final double GELU_KAPPA = 0.044715;

  public static final UnaryOp NEG =
      new UnaryOp("neg", UnaryKind.NEG, DTypeRule.NUMERIC, (g, n, p, q) -> g.neg());
  public static final UnaryOp ABS =
      new UnaryOp("abs", UnaryKind.ABS, DTypeRule.NUMERIC, (g, n, p, q) -> g.mul(x(n).sign()));
  public static final UnaryOp SIGN =
      new UnaryOp("sign", UnaryKind.SIGN, DTypeRule.SAME, UnaryOp.ZERO_GRAD);
  public static final UnaryOp EXP =
      new UnaryOp("exp", UnaryKind.EXP, DTypeRule.FLOAT, (g, n, p, q) -> g.mul(y(n)));
  public static final UnaryOp EXP2 =
      new UnaryOp("exp2", UnaryKind.EXP2, DTypeRule.FLOAT, (g, n, p, q) -> g.mul(y(n)).mul(LN2));
  public static final UnaryOp EXPM1 =
      new UnaryOp("expm1", UnaryKind.EXPM1, DTypeRule.FLOAT, (g, n, p, q) -> g.mul(y(n).add(1)));
  public static final UnaryOp LOG =
      new UnaryOp("log", UnaryKind.LOG, DTypeRule.FLOAT, (g, n, p, q) -> g.div(x(n)));
  public static final UnaryOp LOG2 =
      new UnaryOp("log2", UnaryKind.LOG2, DTypeRule.FLOAT, (g, n, p, q) -> g.div(x(n).mul(LN2)));
  public static final UnaryOp LOG10 =
      new UnaryOp("log10", UnaryKind.LOG10, DTypeRule.FLOAT, (g, n, p, q) -> g.div(x(n).mul(LN10)));
  public static final UnaryOp LOG1P =
      new UnaryOp("log1p", UnaryKind.LOG1P, DTypeRule.FLOAT, (g, n, p, q) -> g.div(x(n).add(1)));
  public static final UnaryOp SQRT =
      new UnaryOp("sqrt", UnaryKind.SQRT, DTypeRule.FLOAT, (g, n, p, q) -> g.div(y(n).mul(2)));
  public static final UnaryOp RSQRT =
      new UnaryOp(
          "rsqrt", UnaryKind.RSQRT, DTypeRule.FLOAT, (g, n, p, q) -> g.mul(y(n).pow(3)).mul(-0.5));
  public static final UnaryOp RECIPROCAL =
      new UnaryOp(
          "reciprocal",
          UnaryKind.RECIPROCAL,
          DTypeRule.FLOAT,
          (g, n, p, q) -> g.mul(y(n).square()).neg());
  public static final UnaryOp SIN =
      new UnaryOp("sin", UnaryKind.SIN, DTypeRule.FLOAT, (g, n, p, q) -> g.mul(x(n).cos()));
  public static final UnaryOp COS =
      new UnaryOp("cos", UnaryKind.COS, DTypeRule.FLOAT, (g, n, p, q) -> g.mul(x(n).sin()).neg());
  public static final UnaryOp TAN =
      new UnaryOp(
          "tan", UnaryKind.TAN, DTypeRule.FLOAT, (g, n, p, q) -> g.mul(y(n).square().add(1)));
  public static final UnaryOp ASIN =
      new UnaryOp(
          "asin",
          UnaryKind.ASIN,
          DTypeRule.FLOAT,
          (g, n, p, q) -> g.div(oneMinus(x(n).square()).sqrt()));
  public static final UnaryOp ACOS =
      new UnaryOp(
          "acos",
          UnaryKind.ACOS,
          DTypeRule.FLOAT,
          (g, n, p, q) -> g.div(oneMinus(x(n).square()).sqrt()).neg());
  public static final UnaryOp ATAN =
      new UnaryOp(
          "atan", UnaryKind.ATAN, DTypeRule.FLOAT, (g, n, p, q) -> g.div(x(n).square().add(1)));
  public static final UnaryOp SINH =
      new UnaryOp("sinh", UnaryKind.SINH, DTypeRule.FLOAT, (g, n, p, q) -> g.mul(x(n).cosh()));
  public static final UnaryOp COSH =
      new UnaryOp("cosh", UnaryKind.COSH, DTypeRule.FLOAT, (g, n, p, q) -> g.mul(x(n).sinh()));
  public static final UnaryOp TANH =
      new UnaryOp(
          "tanh", UnaryKind.TANH, DTypeRule.FLOAT, (g, n, p, q) -> g.mul(oneMinus(y(n).square())));
  public static final UnaryOp SIGMOID =
      new UnaryOp(
          "sigmoid",
          UnaryKind.SIGMOID,
          DTypeRule.FLOAT,
          (g, n, p, q) -> g.mul(y(n).mul(oneMinus(y(n)))));
  public static final UnaryOp LOGIT =
      new UnaryOp("logit", UnaryKind.LOGIT, DTypeRule.FLOAT, UnaryOps::logitGrad);
  public static final UnaryOp RELU =
      new UnaryOp(
          "relu",
          UnaryKind.RELU,
          DTypeRule.NUMERIC,
          (UnaryOp.OutputGrad) (g, n, p, q) -> reluBackward(g, y(n)));

  /**
   * ReLU's backward as one kernel, {@code output <= 0 ? 0 : grad} ({@link
   * BinaryKind#RELU_BACKWARD}); differentiable again (to {@code grad} it is itself, to the output
   * zero). Not a registered op: PyTorch's {@code threshold_backward} is internal too. Measured on
   * [128, 512] (W2's hidden layers), busy 2-core machine: 0.5-1.0 ms as {@code g * (y > 0)}, 34-42
   * µs now.
   */
  public static final BinaryOp RELU_BACKWARD =
      new BinaryOp(
          "reluBackward",
          BinaryKind.RELU_BACKWARD,
          DTypeRule.SAME,
          (gg, n, i) -> i == 0 ? reluBackward(gg, n.input(1)) : Tensor.zerosLike(gg));

  public static final UnaryOp GELU =
      new UnaryOp("gelu", UnaryKind.GELU, DTypeRule.FLOAT_ONLY, UnaryOps::geluGrad);
  public static final UnaryOp SILU =
      new UnaryOp("silu", UnaryKind.SILU, DTypeRule.FLOAT_ONLY, UnaryOps::siluGrad);
  public static final UnaryOp MISH =
      new UnaryOp("mish", UnaryKind.MISH, DTypeRule.FLOAT_ONLY, UnaryOps::mishGrad);
  public static final UnaryOp SOFTPLUS =
      new UnaryOp(
          "softplus",
          UnaryKind.SOFTPLUS,
          DTypeRule.FLOAT_ONLY,
          (g, n, p, q) -> where(x(n).mul(p).gt(q), g, g.mul(x(n).mul(p).sigmoid())));
  public static final UnaryOp ELU =
      new UnaryOp(
          "elu",
          UnaryKind.ELU,
          DTypeRule.FLOAT_ONLY,
          (g, n, p, q) -> where(x(n).gt(0), g.mul(q), g.mul(x(n).exp()).mul(q * p)));
  public static final UnaryOp LEAKY_RELU =
      new UnaryOp(
          "leakyRelu",
          UnaryKind.LEAKY_RELU,
          DTypeRule.FLOAT_ONLY,
          (g, n, p, q) -> where(x(n).gt(0), g, g.mul(p)));
  public static final UnaryOp HARDSIGMOID =
      new UnaryOp(
          "hardsigmoid",
          UnaryKind.HARDSIGMOID,
          DTypeRule.FLOAT_ONLY,
          (g, n, p, q) -> g.mul(x(n).gt(-3).logicalAnd(x(n).lt(3))).div(6));
  public static final UnaryOp HARDSWISH =
      new UnaryOp("hardswish", UnaryKind.HARDSWISH, DTypeRule.FLOAT_ONLY, UnaryOps::hardswishGrad);
  public static final UnaryOp CLAMP =
      new UnaryOp(
          "clamp",
          UnaryKind.CLAMP,
          DTypeRule.SAME,
          (g, n, p, q) -> g.mul(x(n).ge(p).logicalAnd(x(n).le(q))));
  public static final UnaryOp FLOOR =
      new UnaryOp("floor", UnaryKind.FLOOR, DTypeRule.NUMERIC, UnaryOp.ZERO_GRAD);
  public static final UnaryOp CEIL =
      new UnaryOp("ceil", UnaryKind.CEIL, DTypeRule.NUMERIC, UnaryOp.ZERO_GRAD);
  public static final UnaryOp ROUND =
      new UnaryOp("round", UnaryKind.ROUND, DTypeRule.NUMERIC, UnaryOp.ZERO_GRAD);
  public static final UnaryOp TRUNC =
      new UnaryOp("trunc", UnaryKind.TRUNC, DTypeRule.NUMERIC, UnaryOp.ZERO_GRAD);
  public static final UnaryOp FRAC =
      new UnaryOp("frac", UnaryKind.FRAC, DTypeRule.FLOAT_ONLY, (g, n, p, q) -> g);
  public static final UnaryOp ERF =
      new UnaryOp(
          "erf",
          UnaryKind.ERF,
          DTypeRule.FLOAT,
          (g, n, p, q) -> g.mul(x(n).square().neg().exp()).mul(TWO_OVER_SQRT_PI));
  public static final UnaryOp ERFC =
      new UnaryOp(
          "erfc",
          UnaryKind.ERFC,
          DTypeRule.FLOAT,
          (g, n, p, q) -> g.mul(x(n).square().neg().exp()).mul(-TWO_OVER_SQRT_PI));
  public static final UnaryOp ERFINV =
      new UnaryOp(
          "erfinv",
          UnaryKind.ERFINV,
          DTypeRule.FLOAT,
          (g, n, p, q) -> g.mul(y(n).square().exp()).mul(SQRT_PI_OVER_TWO));

  private static Tensor x(Node n) {
    return n.input(0);
  }

  /**
   * ReLU's input gradient from the output's gradient {@code g} and the output {@code y}; written
   * over {@code g} when backward donates it ({@link Autograd#isDonated}): W3's two ReLU backwards
   * then read two arrays and write one that is already in cache instead of a new one.
   */
  public static Tensor reluBackward(Tensor g, Tensor y) {
    if (Autograd.isDonated(g) && !Autograd.isRecording(g, y)) {
      return RELU_BACKWARD.applyInPlace(g, y);
    }
    return RELU_BACKWARD.apply(g, y);
  }

  private static Tensor y(Node n) {
    return n.output();
  }

  private static Tensor oneMinus(Tensor t) {
    return t.neg().add(1);
  }

  private static Tensor where(Tensor cond, Tensor a, Tensor b) {
    return PointwiseOps.where(cond, a, b);
  }

  /** logit: {@code g / (x (1 - x))}, zero outside {@code [eps, 1 - eps]} when eps is given. */
  private static Tensor logitGrad(Tensor g, Node n, double eps, double q) {
    Tensor x = x(n);
    Tensor inner = g.div(x.mul(oneMinus(x)));
    if (Double.isNaN(eps)) {
      return inner;
    }
    return inner.mul(x.ge(eps).logicalAnd(x.le(1 - eps)));
  }

  /** gelu: exact {@code cdf(x) + x pdf(x)}; the tanh form as in PyTorch's gelu_backward. */
  private static Tensor geluGrad(Tensor g, Node n, double approximate, double q) {
    Tensor x = x(n);
    if (approximate == 0) {
      Tensor cdf = x.mul(Math.sqrt(0.5)).erf().add(1).mul(0.5);
      Tensor pdf = x.square().mul(-0.5).exp().mul(INV_SQRT_2PI);
      return g.mul(cdf.add(x.mul(pdf)));
    }
    Tensor inner = x.add(x.pow(3).mul(GELU_KAPPA)).mul(SQRT_2_OVER_PI);
    Tensor t = inner.tanh();
    Tensor left = t.add(1).mul(0.5);
    Tensor right =
        x.mul(0.5)
            .mul(oneMinus(t.square()))
            .mul(x.square().mul(3 * GELU_KAPPA).add(1).mul(SQRT_2_OVER_PI));
    return g.mul(left.add(right));
  }

  /** silu: {@code s (1 + x (1 - s))} with {@code s = sigmoid(x)}. */
  private static Tensor siluGrad(Tensor g, Node n, double p, double q) {
    Tensor x = x(n);
    Tensor s = x.sigmoid();
    return g.mul(s.mul(x.mul(oneMinus(s)).add(1)));
  }

  /** mish: {@code t + x sigmoid(x) (1 - t^2)} with {@code t = tanh(softplus(x))}. */
  private static Tensor mishGrad(Tensor g, Node n, double p, double q) {
    Tensor x = x(n);
    Tensor t = SOFTPLUS.apply(x, 1, 20).tanh();
    return g.mul(t.add(x.mul(x.sigmoid()).mul(oneMinus(t.square()))));
  }

  /** hardswish: 0 below -3, {@code x / 3 + 0.5} up to 3, 1 above (PyTorch's boundaries). */
  private static Tensor hardswishGrad(Tensor g, Node n, double p, double q) {
    Tensor x = x(n);
    Tensor mid = where(x.le(3), g.mul(x.div(3).add(0.5)), g);
    return where(x.lt(-3), Tensor.zerosLike(g), mid);
  }

  /** Every declaration in this file, for {@link OpRegistry}. */
  public static final List<OpDef> ALL =
      List.of(
          NEG,
          ABS,
          SIGN,
          EXP,
          EXP2,
          EXPM1,
          LOG,
          LOG2,
          LOG10,
          LOG1P,
          SQRT,
          RSQRT,
          RECIPROCAL,
          SIN,
          COS,
          TAN,
          ASIN,
          ACOS,
          ATAN,
          SINH,
          COSH,
          TANH,
          SIGMOID,
          LOGIT,
          RELU,
          GELU,
          SILU,
          MISH,
          SOFTPLUS,
          ELU,
          LEAKY_RELU,
          HARDSIGMOID,
          HARDSWISH,
          CLAMP,
          FLOOR,
          CEIL,
          ROUND,
          TRUNC,
          FRAC,
          ERF,
          ERFC,
          ERFINV);
}
