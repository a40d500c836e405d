package dev.kiln.ops;

import dev.kiln.tensor.DType;

/** How an elementwise op derives its result dtype from its (promoted) input dtype. */
public enum DTypeRule {
  /** The result keeps the input dtype (integers compute as integers, bool as bool). */
  SAME,
  /**
   * Like {@link #SAME}, but bool is refused (PyTorch has no bool {@code sub}, {@code neg}, ...).
   */
  NUMERIC,
  /** Integer and bool inputs become float32 (PyTorch's default float dtype). */
  FLOAT,
  /** Only floating-point inputs are accepted (activations such as gelu or elu). */
  FLOAT_ONLY,
  /** Only integer and bool inputs are accepted; the result keeps the dtype. */
  INTEGRAL,
  /** The result is bool (comparisons, logical ops). */
  BOOL;

  /** The result dtype for input dtype {@code in}; names the op when the input is refused. */
  public DType result(String op, DType in) {
    return switch (this) {
      case SAME -> in;
      case BOOL -> DType.BOOL;
      case NUMERIC -> {
        if (in == DType.BOOL) {
          throw new IllegalArgumentException(
              op
                  + ": not supported on bool tensors; for masks use logicalNot, logicalAnd,"
                  + " logicalOr or logicalXor, or convert with .to(DType.INT64)");
        }
        yield in;
      }
      case FLOAT -> in.isFloatingPoint() ? in : DType.FLOAT32;
      case FLOAT_ONLY -> {
        if (!in.isFloatingPoint()) {
          throw new IllegalArgumentException(
              op + ": expected a floating-point tensor, got dtype " + in);
        }
        yield in;
      }
      case INTEGRAL -> {
        if (in.isFloatingPoint()) {
          throw new IllegalArgumentException(
              op + ": expected an integer or bool tensor, got dtype " + in);
        }
        yield in;
      }
    };
  }

  /** The dtype operands are converted to before the kernel runs. */
  public DType computeType(String op, DType in) {
    return this == BOOL ? in : result(op, in);
  }
}
