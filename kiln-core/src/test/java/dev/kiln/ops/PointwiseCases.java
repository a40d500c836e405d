package dev.kiln.ops;

import static dev.kiln.ops.PointwiseCases.Extra.BOOLS;
import static dev.kiln.ops.PointwiseCases.Extra.EDGE;
import static dev.kiln.ops.PointwiseCases.Extra.F16;
import static dev.kiln.ops.PointwiseCases.Extra.INTS;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Op-table rows for the elementwise ops; mirrored by {@code tools/fixtures/cases/pointwise.py},
 * whose helpers ({@code unary}, {@code binary}, {@code compare}) emit the same sample names in the
 * same way as the helpers here.
 */
final class PointwiseCases {
  private PointwiseCases() {}

  /** Optional sample groups of the standard helpers (Python: ints=, bools=, f16=, edge=). */
  enum Extra {
    INTS,
    BOOLS,
    F16,
    EDGE
  }

  private static final class Rows {
    final List<OpCase> list = new ArrayList<>();

    void add(String op, String sample, Function<Tensor[], Tensor> fn) {
      list.add(OpCase.of(op, sample, fn));
    }

    /** Gives the rows of {@code op} (optionally one sample) looser tolerances. */
    void tol(String op, String sample, double rtol, double atol) {
      list.replaceAll(
          c ->
              c.op().equals(op) && (sample == null || c.sample().equals(sample))
                  ? c.tol(rtol, atol)
                  : c);
    }

    /**
     * f32, f64, f32_transposed, strided, zero_dim, empty, large (185 elements, long enough for the
     * vector kernels) (+ int64, edge, f16).
     */
    void unary(String op, UnaryOperator<Tensor> fn, Extra... extras) {
      List<Extra> x = Arrays.asList(extras);
      for (String s : List.of("f32", "f64", "zero_dim", "empty", "large")) {
        add(op, s, in -> fn.apply(in[0]));
      }
      add(op, "f32_transposed", in -> fn.apply(in[0].t()));
      add(op, "strided", in -> fn.apply(in[0].slice(1, 0, 8, 2)));
      if (x.contains(INTS)) {
        add(op, "int64", in -> fn.apply(in[0]));
      }
      if (x.contains(EDGE)) {
        add(op, "edge", in -> fn.apply(in[0]));
      }
      if (x.contains(F16)) {
        add(op, "f16", in -> fn.apply(in[0]));
      }
    }

    /**
     * f32, f64, broadcast, broadcast_col, transposed, strided, zero_dim, empty, large; scalar and
     * large_scalar when {@code sfn} (the op with the scalar 2.5) is given; INTS adds int64,
     * int8_uint8, int32_f32 and int_scalar.
     */
    void binary(String op, BinaryOperator<Tensor> fn, UnaryOperator<Tensor> sfn, Extra... extras) {
      List<Extra> x = Arrays.asList(extras);
      for (String s :
          List.of("f32", "f64", "broadcast", "broadcast_col", "zero_dim", "empty", "large")) {
        add(op, s, in -> fn.apply(in[0], in[1]));
      }
      add(op, "transposed", in -> fn.apply(in[0].t(), in[1]));
      add(op, "strided", in -> fn.apply(in[0].slice(1, 0, 8, 2), in[1]));
      if (sfn != null) {
        add(op, "scalar", in -> sfn.apply(in[0]));
        add(op, "large_scalar", in -> sfn.apply(in[0]));
      }
      if (x.contains(INTS)) {
        for (String s : List.of("int64", "int8_uint8", "int32_f32")) {
          add(op, s, in -> fn.apply(in[0], in[1]));
        }
        if (sfn != null) {
          add(op, "int_scalar", in -> sfn.apply(in[0]));
        }
      }
      for (Extra e : List.of(BOOLS, F16, EDGE)) {
        if (x.contains(e)) {
          add(op, e == BOOLS ? "bool" : e.name().toLowerCase(), in -> fn.apply(in[0], in[1]));
        }
      }
    }

    /** Comparison samples: f32, broadcast, transposed, scalar (1.0), int64_f64, empty, nan. */
    void compare(String op, BinaryOperator<Tensor> fn, UnaryOperator<Tensor> sfn) {
      for (String s : List.of("f32", "broadcast", "int64_f64", "empty", "nan")) {
        add(op, s, in -> fn.apply(in[0], in[1]));
      }
      add(op, "transposed", in -> fn.apply(in[0].t(), in[1]));
      add(op, "scalar", in -> sfn.apply(in[0]));
    }
  }

  private static Tensor bool(boolean b) {
    return Tensor.scalar(b ? 1 : 0, DType.BOOL);
  }

  static List<OpCase> all() {
    Rows r = new Rows();
    unaryMath(r);
    activations(r);
    clamp(r);
    arithmetic(r);
    logic(r);
    return r.list;
  }

  private static void unaryMath(Rows r) {
    r.unary("neg", Tensor::neg, INTS, F16, EDGE);
    r.unary("abs", Tensor::abs, INTS, F16, EDGE);
    r.unary("sign", Tensor::sign, INTS, F16, EDGE);
    r.unary("exp", Tensor::exp, INTS, EDGE);
    r.unary("exp2", Tensor::exp2, INTS, F16, EDGE);
    r.unary("expm1", Tensor::expm1, INTS, EDGE);
    r.unary("log", Tensor::log, INTS, EDGE);
    r.unary("log2", Tensor::log2, INTS, EDGE);
    r.unary("log10", Tensor::log10, INTS, EDGE);
    r.unary("log1p", Tensor::log1p, INTS, EDGE);
    r.unary("sqrt", Tensor::sqrt, INTS, EDGE);
    r.unary("rsqrt", Tensor::rsqrt, INTS, EDGE);
    r.unary("reciprocal", Tensor::reciprocal, INTS, F16, EDGE);
    r.unary("sin", Tensor::sin, INTS, EDGE);
    r.unary("cos", Tensor::cos, INTS, EDGE);
    r.unary("tan", Tensor::tan, INTS, EDGE);
    r.unary("asin", Tensor::asin, EDGE);
    r.unary("acos", Tensor::acos, EDGE);
    r.unary("atan", Tensor::atan, INTS, EDGE);
    r.unary("sinh", Tensor::sinh, INTS, EDGE);
    r.unary("cosh", Tensor::cosh, INTS, EDGE);
    r.unary("tanh", Tensor::tanh, INTS, EDGE);
    r.unary("sigmoid", Tensor::sigmoid, INTS, EDGE);
    r.unary("logit", Tensor::logit, EDGE);
    r.add("logit", "eps", x -> x[0].logit(0.2));
    r.unary("erf", Tensor::erf, INTS, EDGE);
    r.unary("erfc", Tensor::erfc, INTS, EDGE);
    r.unary("erfinv", Tensor::erfinv, EDGE);
    // PyTorch's float32 erfinv is ~4e-6 off near 1 (0.999999); Kiln matches float64 there
    r.tol("erfinv", "edge", 1e-5, OpCase.ATOL);
    r.unary("floor", Tensor::floor, INTS, EDGE);
    r.unary("ceil", Tensor::ceil, INTS, EDGE);
    r.unary("round", Tensor::round, INTS, EDGE);
    r.add("round", "decimals", x -> x[0].round(2));
    r.add("round", "neg_decimals", x -> x[0].round(-2));
    r.unary("trunc", Tensor::trunc, INTS, EDGE);
    r.unary("frac", Tensor::frac, F16, EDGE);
    r.unary("square", Tensor::square, INTS, F16, EDGE);
    r.add("square", "bool", x -> x[0].square());
    for (String s : List.of("f32", "f64", "f16", "int64", "empty")) {
      r.add("nanToNum", s, x -> x[0].nanToNum());
    }
    r.add("nanToNum", "values", x -> x[0].nanToNum(1, 2, -3));
    r.add("nanToNum", "transposed", x -> x[0].t().nanToNum());
  }

  private static void activations(Rows r) {
    r.unary("relu", Tensor::relu, INTS, EDGE);
    r.unary("relu6", Tensor::relu6, INTS, EDGE);
    r.unary("gelu", Tensor::gelu, EDGE);
    r.add("gelu", "tanh", x -> x[0].gelu("tanh"));
    r.add("gelu", "tanh_f64", x -> x[0].gelu("tanh"));
    // PyTorch's float32 gelu loses up to 3.7e-7 absolute to cancellation in 1 + erf(x), x << 0
    r.tol("gelu", null, OpCase.RTOL, 5e-7);
    r.unary("silu", Tensor::silu, EDGE);
    r.unary("mish", Tensor::mish, EDGE);
    r.unary("softplus", Tensor::softplus, EDGE);
    r.add("softplus", "beta_threshold", x -> x[0].softplus(2, 1));
    r.unary("elu", Tensor::elu, EDGE);
    r.add("elu", "alpha", x -> x[0].elu(0.5));
    r.unary("selu", Tensor::selu, EDGE);
    r.unary("leakyRelu", Tensor::leakyRelu, EDGE);
    r.add("leakyRelu", "slope", x -> x[0].leakyRelu(0.2));
    r.unary("hardtanh", Tensor::hardtanh, INTS, EDGE);
    r.add("hardtanh", "bounds", x -> x[0].hardtanh(-0.5, 2));
    r.unary("hardsigmoid", Tensor::hardsigmoid, EDGE);
    r.unary("hardswish", Tensor::hardswish, EDGE);
  }

  private static void clamp(Rows r) {
    r.unary("clamp", x -> x.clamp(-0.5, 0.5), INTS, EDGE);
    r.add("clamp", "min_only", x -> x[0].clampMin(0.25));
    r.add("clamp", "max_only", x -> x[0].clampMax(0.25));
    r.add("clamp", "min_above_max", x -> x[0].clamp(0.5, -0.5));
    r.add("clamp", "int_bounds", x -> x[0].clamp(-3, 4));
    r.add("clamp", "int_float_bounds", x -> x[0].clamp(-2.5, 4.5));
    r.add("clamp", "tensor_bounds", x -> x[0].clamp(x[1], x[2]));
    r.add("clamp", "tensor_min_only", x -> x[0].clamp(x[1], null));
    r.add("clamp", "tensor_nan_bounds", x -> x[0].clamp(x[1], x[2]));
  }

  private static void arithmetic(Rows r) {
    r.binary("add", Tensor::add, a -> a.add(2.5), INTS, BOOLS, F16, EDGE);
    r.add("add", "alpha", x -> x[0].add(x[1], 2.5));
    r.add("add", "int_alpha", x -> x[0].add(x[1], 3L));
    r.add("add", "uint8_wrap", x -> x[0].add(x[1]));
    r.add("add", "int_scalar_int", x -> x[0].add(3));
    r.binary("sub", Tensor::sub, a -> a.sub(2.5), INTS, F16, EDGE);
    r.add("sub", "alpha", x -> x[0].sub(x[1], 0.5));
    r.add("sub", "uint8_wrap", x -> x[0].sub(x[1]));
    r.binary("mul", Tensor::mul, a -> a.mul(2.5), INTS, BOOLS, F16, EDGE);
    r.binary("div", Tensor::div, a -> a.div(2.5), INTS, F16, EDGE);
    r.add("div", "int_int", x -> x[0].div(x[1]));
    r.add("div", "trunc", x -> x[0].div(x[1], "trunc"));
    r.add("div", "trunc_int", x -> x[0].div(x[1], "trunc"));
    r.add("div", "floor", x -> x[0].div(x[1], "floor"));
    r.add("div", "floor_int", x -> x[0].div(x[1], "floor"));
    r.binary("floorDivide", Tensor::floorDivide, a -> a.floorDivide(2.5), INTS, F16, EDGE);
    r.binary("remainder", Tensor::remainder, a -> a.remainder(2.5), INTS, F16, EDGE);
    r.binary("fmod", Tensor::fmod, a -> a.fmod(2.5), INTS, F16, EDGE);
    r.binary("pow", Tensor::pow, a -> a.pow(2.5), INTS, F16, EDGE);
    r.add("pow", "int_neg_exponents", x -> x[0].pow(x[1]));
    r.add("pow", "int_scalar_int", x -> x[0].pow(3));
    r.add("pow", "scalar_base", x -> Tensor.pow(2.5, x[0]));
    r.add("pow", "int_scalar_base", x -> Tensor.pow(2, x[0]));
    r.add("pow", "bool_square", x -> x[0].pow(2));
    r.binary("atan2", Tensor::atan2, null, INTS, EDGE);
    r.binary("maximum", Tensor::maximum, null, INTS, BOOLS, F16, EDGE);
    r.binary("minimum", Tensor::minimum, null, INTS, BOOLS, F16, EDGE);
    r.add("lerp", "scalar_weight", x -> x[0].lerp(x[1], 0.3));
    r.add("lerp", "scalar_weight_high", x -> x[0].lerp(x[1], 0.8));
    r.add("lerp", "tensor_weight", x -> x[0].lerp(x[1], x[2]));
    r.add("lerp", "f64", x -> x[0].lerp(x[1], x[2]));
    r.add("lerp", "transposed", x -> x[0].t().lerp(x[1], 0.6));
    r.add("lerp", "empty", x -> x[0].lerp(x[1], 0.5));
  }

  private static void logic(Rows r) {
    r.compare("eq", Tensor::eq, a -> a.eq(1.0));
    r.compare("ne", Tensor::ne, a -> a.ne(1.0));
    r.compare("lt", Tensor::lt, a -> a.lt(1.0));
    r.compare("le", Tensor::le, a -> a.le(1.0));
    r.compare("gt", Tensor::gt, a -> a.gt(1.0));
    r.compare("ge", Tensor::ge, a -> a.ge(1.0));
    r.add("eq", "int_scalar", x -> x[0].eq(1));
    r.add("eq", "bool", x -> x[0].eq(x[1]));
    r.add("lt", "uint8_int8", x -> x[0].lt(x[1]));
    for (var e :
        List.<java.util.Map.Entry<String, UnaryOperator<Tensor>>>of(
            java.util.Map.entry("isnan", Tensor::isnan),
            java.util.Map.entry("isinf", Tensor::isinf),
            java.util.Map.entry("isfinite", Tensor::isfinite))) {
      for (String s : List.of("f32", "f64", "f16", "int64", "empty")) {
        r.add(e.getKey(), s, x -> e.getValue().apply(x[0]));
      }
      r.add(e.getKey(), "transposed", x -> e.getValue().apply(x[0].t()));
    }
    for (var e :
        List.<java.util.Map.Entry<String, BinaryOperator<Tensor>>>of(
            java.util.Map.entry("logicalAnd", Tensor::logicalAnd),
            java.util.Map.entry("logicalOr", Tensor::logicalOr),
            java.util.Map.entry("logicalXor", Tensor::logicalXor))) {
      for (String s : List.of("bool", "f32_int64", "broadcast", "empty")) {
        r.add(e.getKey(), s, x -> e.getValue().apply(x[0], x[1]));
      }
    }
    for (String s : List.of("bool", "f32", "int64")) {
      r.add("logicalNot", s, x -> x[0].logicalNot());
    }
    r.add("logicalNot", "transposed", x -> x[0].t().logicalNot());
    bitwise(r, "bitwiseAnd", Tensor::bitwiseAnd, a -> a.bitwiseAnd(6));
    bitwise(r, "bitwiseOr", Tensor::bitwiseOr, a -> a.bitwiseOr(6));
    bitwise(r, "bitwiseXor", Tensor::bitwiseXor, a -> a.bitwiseXor(6));
    for (String s : List.of("int64", "bool", "uint8")) {
      r.add("bitwiseNot", s, x -> x[0].bitwiseNot());
    }
    r.add("bitwiseNot", "int8_transposed", x -> x[0].t().bitwiseNot());
    closeness(r);
    r.add("where", "broadcast", x -> Tensor.where(x[0], x[1], x[2]));
    r.add("where", "promote", x -> Tensor.where(x[0], x[1], x[2]));
    r.add("where", "scalar", x -> Tensor.where(x[0], x[1], Tensor.scalar(2.5)));
    r.add("where", "empty", x -> Tensor.where(x[0], x[1], x[2]));
    r.add("where", "transposed", x -> Tensor.where(x[0].t(), x[1], x[2]));
  }

  private static void bitwise(
      Rows r, String op, BinaryOperator<Tensor> fn, UnaryOperator<Tensor> sfn) {
    for (String s : List.of("int64", "bool", "uint8_int8", "broadcast", "int_bool")) {
      r.add(op, s, x -> fn.apply(x[0], x[1]));
    }
    r.add(op, "scalar", x -> sfn.apply(x[0]));
  }

  private static void closeness(Rows r) {
    r.add("isclose", "f32", x -> x[0].isclose(x[1]));
    r.add("isclose", "equal_nan", x -> x[0].isclose(x[1], 1e-5, 1e-8, true));
    r.add("isclose", "tolerances", x -> x[0].isclose(x[1], 0.2, 0.01, false));
    r.add("isclose", "zero_tolerances", x -> x[0].isclose(x[1], 0, 0, false));
    r.add("isclose", "f64", x -> x[0].isclose(x[1]));
    r.add("isclose", "int64", x -> x[0].isclose(x[1], 0.5, 1, false));
    r.add("isclose", "broadcast", x -> x[0].isclose(x[1], 1e-5, 0.5, false));
    r.add("allclose", "close", x -> bool(x[0].allclose(x[0].add(1e-7))));
    r.add("allclose", "far", x -> bool(x[0].allclose(x[0].add(0.1))));
    r.add(
        "allclose",
        "nan",
        x -> Tensor.of(x[0].allclose(x[0]), x[0].allclose(x[0], 1e-5, 1e-8, true)));
    r.add("equal", "same", x -> bool(x[0].equal(x[0].clone())));
    r.add("equal", "different", x -> bool(x[0].equal(x[1])));
    r.add("equal", "shape", x -> bool(x[0].equal(x[0].reshape(4, 3))));
    r.add("equal", "int_float", x -> bool(x[0].equal(x[0].to(DType.FLOAT64))));
  }
}
