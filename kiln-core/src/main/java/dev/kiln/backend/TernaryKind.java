package dev.kiln.backend;

/**
 * The closed set of fused elementwise ternary kernels {@code out = f(input, t1, t2; value)}: one
 * pass over the three operands where separate unary and binary kernels would make three. Each
 * constant's scalar reference evaluates in the operands' own precision, in PyTorch's order ({@code
 * input + value * t1 * t2} is {@code input + ((value * t1) * t2)}), so float32 results match
 * PyTorch's kernels to the last bit where PyTorch does not fuse differently.
 */
public enum TernaryKind {
  /** {@code input + value * t1 * t2} (PyTorch's {@code addcmul}). */
  ADDCMUL,
  /** {@code input + value * t1 / t2} (PyTorch's {@code addcdiv}). */
  ADDCDIV,
  /** {@code relu(input + value * t1 * t2)}: addcmul with relu applied before the store. */
  ADDCMUL_RELU;

  /** The float32 reference. */
  public float apply(float input, float t1, float t2, float value) {
    return switch (this) {
      case ADDCMUL -> input + value * t1 * t2;
      case ADDCDIV -> input + value * t1 / t2;
      case ADDCMUL_RELU -> relu(input + value * t1 * t2);
    };
  }

  /** The float64 reference (also used for float16 and bfloat16, rounded once on store). */
  public double apply(double input, double t1, double t2, double value) {
    return switch (this) {
      case ADDCMUL -> input + value * t1 * t2;
      case ADDCDIV -> input + value * t1 / t2;
      case ADDCMUL_RELU -> relu(input + value * t1 * t2);
    };
  }

  /** The integer form (wrapping arithmetic); {@link #ADDCDIV} has none. */
  public long applyLong(long input, long t1, long t2, long value) {
    return switch (this) {
      case ADDCMUL -> input + value * t1 * t2;
      case ADDCMUL_RELU -> Math.max(0, input + value * t1 * t2);
      case ADDCDIV ->
          throw new UnsupportedOperationException("addcdiv: integer division is not supported");
    };
  }

  /** Whether the kind is defined on integer operands. */
  public boolean supportsIntegers() {
    return this != ADDCDIV;
  }

  /** relu as the vector kernels compute it: non-positive values (not NaN) become 0. */
  private static float relu(float v) {
    return v <= 0 ? 0f : v;
  }

  private static double relu(double v) {
    return v <= 0 ? 0 : v;
  }
}
