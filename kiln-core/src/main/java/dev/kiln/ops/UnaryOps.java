package dev.kiln.ops;

import dev.kiln.backend.UnaryKind;
import java.util.List;

/** Declarations of the elementwise unary primitive ops: math functions and activations. */
public final class UnaryOps {
  private UnaryOps() {}

  public static final UnaryOp NEG = new UnaryOp("neg", UnaryKind.NEG, DTypeRule.NUMERIC);
  public static final UnaryOp ABS = new UnaryOp("abs", UnaryKind.ABS, DTypeRule.NUMERIC);
  public static final UnaryOp SIGN = new UnaryOp("sign", UnaryKind.SIGN, DTypeRule.SAME);
  public static final UnaryOp EXP = new UnaryOp("exp", UnaryKind.EXP, DTypeRule.FLOAT);
  public static final UnaryOp EXP2 = new UnaryOp("exp2", UnaryKind.EXP2, DTypeRule.FLOAT);
  public static final UnaryOp EXPM1 = new UnaryOp("expm1", UnaryKind.EXPM1, DTypeRule.FLOAT);
  public static final UnaryOp LOG = new UnaryOp("log", UnaryKind.LOG, DTypeRule.FLOAT);
  public static final UnaryOp LOG2 = new UnaryOp("log2", UnaryKind.LOG2, DTypeRule.FLOAT);
  public static final UnaryOp LOG10 = new UnaryOp("log10", UnaryKind.LOG10, DTypeRule.FLOAT);
  public static final UnaryOp LOG1P = new UnaryOp("log1p", UnaryKind.LOG1P, DTypeRule.FLOAT);
  public static final UnaryOp SQRT = new UnaryOp("sqrt", UnaryKind.SQRT, DTypeRule.FLOAT);
  public static final UnaryOp RSQRT = new UnaryOp("rsqrt", UnaryKind.RSQRT, DTypeRule.FLOAT);
  public static final UnaryOp RECIPROCAL =
      new UnaryOp("reciprocal", UnaryKind.RECIPROCAL, DTypeRule.FLOAT);
  public static final UnaryOp SIN = new UnaryOp("sin", UnaryKind.SIN, DTypeRule.FLOAT);
  public static final UnaryOp COS = new UnaryOp("cos", UnaryKind.COS, DTypeRule.FLOAT);
  public static final UnaryOp TAN = new UnaryOp("tan", UnaryKind.TAN, DTypeRule.FLOAT);
  public static final UnaryOp ASIN = new UnaryOp("asin", UnaryKind.ASIN, DTypeRule.FLOAT);
  public static final UnaryOp ACOS = new UnaryOp("acos", UnaryKind.ACOS, DTypeRule.FLOAT);
  public static final UnaryOp ATAN = new UnaryOp("atan", UnaryKind.ATAN, DTypeRule.FLOAT);
  public static final UnaryOp SINH = new UnaryOp("sinh", UnaryKind.SINH, DTypeRule.FLOAT);
  public static final UnaryOp COSH = new UnaryOp("cosh", UnaryKind.COSH, DTypeRule.FLOAT);
  public static final UnaryOp TANH = new UnaryOp("tanh", UnaryKind.TANH, DTypeRule.FLOAT);
  public static final UnaryOp SIGMOID = new UnaryOp("sigmoid", UnaryKind.SIGMOID, DTypeRule.FLOAT);
  public static final UnaryOp LOGIT = new UnaryOp("logit", UnaryKind.LOGIT, DTypeRule.FLOAT);
  public static final UnaryOp RELU = new UnaryOp("relu", UnaryKind.RELU, DTypeRule.NUMERIC);
  public static final UnaryOp GELU = new UnaryOp("gelu", UnaryKind.GELU, DTypeRule.FLOAT_ONLY);
  public static final UnaryOp SILU = new UnaryOp("silu", UnaryKind.SILU, DTypeRule.FLOAT_ONLY);
  public static final UnaryOp MISH = new UnaryOp("mish", UnaryKind.MISH, DTypeRule.FLOAT_ONLY);
  public static final UnaryOp SOFTPLUS =
      new UnaryOp("softplus", UnaryKind.SOFTPLUS, DTypeRule.FLOAT_ONLY);
  public static final UnaryOp ELU = new UnaryOp("elu", UnaryKind.ELU, DTypeRule.FLOAT_ONLY);
  public static final UnaryOp LEAKY_RELU =
      new UnaryOp("leakyRelu", UnaryKind.LEAKY_RELU, DTypeRule.FLOAT_ONLY);
  public static final UnaryOp HARDSIGMOID =
      new UnaryOp("hardsigmoid", UnaryKind.HARDSIGMOID, DTypeRule.FLOAT_ONLY);
  public static final UnaryOp HARDSWISH =
      new UnaryOp("hardswish", UnaryKind.HARDSWISH, DTypeRule.FLOAT_ONLY);
  public static final UnaryOp CLAMP = new UnaryOp("clamp", UnaryKind.CLAMP, DTypeRule.SAME);
  public static final UnaryOp FLOOR = new UnaryOp("floor", UnaryKind.FLOOR, DTypeRule.NUMERIC);
  public static final UnaryOp CEIL = new UnaryOp("ceil", UnaryKind.CEIL, DTypeRule.NUMERIC);
  public static final UnaryOp ROUND = new UnaryOp("round", UnaryKind.ROUND, DTypeRule.NUMERIC);
  public static final UnaryOp TRUNC = new UnaryOp("trunc", UnaryKind.TRUNC, DTypeRule.NUMERIC);
  public static final UnaryOp FRAC = new UnaryOp("frac", UnaryKind.FRAC, DTypeRule.FLOAT_ONLY);
  public static final UnaryOp ERF = new UnaryOp("erf", UnaryKind.ERF, DTypeRule.FLOAT);
  public static final UnaryOp ERFC = new UnaryOp("erfc", UnaryKind.ERFC, DTypeRule.FLOAT);
  public static final UnaryOp ERFINV = new UnaryOp("erfinv", UnaryKind.ERFINV, DTypeRule.FLOAT);

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
