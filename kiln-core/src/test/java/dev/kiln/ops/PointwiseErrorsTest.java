package dev.kiln.ops;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Inputs PyTorch refuses are refused here too, with a message naming the op and the operands. */
class PointwiseErrorsTest {
  private static final Tensor BOOLS = Tensor.of(true, false);
  private static final Tensor INTS = Tensor.of(4L, 5L);
  private static final Tensor FLOATS = Tensor.of(1f, 2f);

  private static void refused(Class<? extends Throwable> type, Executable call, String... parts) {
    Throwable e = assertThrows(type, call);
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' lacks '" + p + "'");
    }
  }

  @Test
  void boolArithmeticThatPyTorchRefuses() {
    refused(IllegalArgumentException.class, () -> BOOLS.sub(BOOLS), "sub:", "bool");
    refused(IllegalArgumentException.class, BOOLS::neg, "neg:", "bool");
    refused(IllegalArgumentException.class, BOOLS::abs, "abs:", "bool");
    refused(IllegalArgumentException.class, () -> BOOLS.floorDivide(BOOLS), "floorDivide:");
    refused(IllegalArgumentException.class, BOOLS::relu6, "relu6:");
  }

  @Test
  void integerDivisionByZero() {
    Tensor zero = Tensor.of(1L, 0L);
    refused(ArithmeticException.class, () -> INTS.floorDivide(zero), "floorDivide:", "int64");
    refused(ArithmeticException.class, () -> INTS.remainder(zero), "remainder:", "zero");
    refused(ArithmeticException.class, () -> INTS.fmod(zero), "fmod:");
    refused(ArithmeticException.class, () -> INTS.div(zero, "trunc"), "div:");
  }

  @Test
  void integerToNegativeScalarPower() {
    refused(ArithmeticException.class, () -> INTS.pow(-1), "pow:", "negative", "int64");
  }

  @Test
  void floatingAlphaWithIntegerOperands() {
    refused(IllegalArgumentException.class, () -> INTS.add(INTS, 2.5), "add:", "alpha", "int64");
  }

  @Test
  void floatOnlyOpsRefuseIntegers() {
    refused(IllegalArgumentException.class, INTS::gelu, "gelu:", "int64");
    refused(IllegalArgumentException.class, INTS::selu, "selu:", "int64");
    refused(IllegalArgumentException.class, INTS::frac, "frac:", "int64");
    refused(IllegalArgumentException.class, () -> INTS.round(2), "round:", "int64");
  }

  @Test
  void bitwiseOpsRefuseFloats() {
    refused(IllegalArgumentException.class, () -> FLOATS.bitwiseAnd(FLOATS), "bitwiseAnd:");
    refused(IllegalArgumentException.class, FLOATS::bitwiseNot, "bitwiseNot:", "float32");
  }

  @Test
  void badArguments() {
    refused(IllegalArgumentException.class, () -> FLOATS.div(FLOATS, "round"), "div:", "round");
    refused(IllegalArgumentException.class, () -> FLOATS.gelu("fast"), "gelu:", "fast");
    refused(IllegalArgumentException.class, () -> FLOATS.clamp(null, null), "clamp:");
    refused(
        IllegalArgumentException.class,
        () -> FLOATS.isclose(FLOATS.to(DType.FLOAT64)),
        "isclose:",
        "float32",
        "float64");
    refused(
        IllegalArgumentException.class,
        () -> FLOATS.isclose(FLOATS, -1, 0, false),
        "isclose:",
        "rtol");
    refused(IllegalArgumentException.class, () -> INTS.lerp(INTS, 0.5), "lerp:", "int64");
    refused(
        IllegalArgumentException.class,
        () -> FLOATS.lerp(FLOATS.to(DType.FLOAT64), 0.5),
        "lerp:",
        "float64");
    refused(
        IllegalArgumentException.class, () -> FLOATS.where(FLOATS, FLOATS), "where:", "condition");
  }

  @Test
  void shapesThatDoNotBroadcast() {
    refused(
        IllegalArgumentException.class,
        () -> Tensor.ones(2, 3).mul(Tensor.ones(4)),
        "mul:",
        "[2, 3]",
        "[4]");
    refused(
        IllegalArgumentException.class,
        () -> Tensor.ones(2, 3).eq(Tensor.ones(2)),
        "eq:",
        "[2, 3]",
        "[2]");
  }
}
