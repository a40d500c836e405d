package dev.kiln.tensor;

/**
 * PyTorch's type-promotion rules: {@link #promoteTypes} for two dtypes, and {@link #resultType} for
 * op operands, where dimensioned tensors outrank 0-dim tensors, which outrank Java scalars, unless
 * a lower-ranked operand is of a higher category (bool &lt; integer &lt; float).
 */
public final class TypePromotion {
  private TypePromotion() {}

  /** The dtype both {@code a} and {@code b} convert to without losing their category. */
  public static DType promoteTypes(DType a, DType b) {
    if (a == b) {
      return a;
    }
    if (a.isFloatingPoint() || b.isFloatingPoint()) {
      if (!a.isFloatingPoint()) {
        return b;
      }
      if (!b.isFloatingPoint()) {
        return a;
      }
      if (a.isReducedFloat() && b.isReducedFloat()) {
        return DType.FLOAT32;
      }
      return a.itemSize() >= b.itemSize() ? a : b;
    }
    if (a == DType.BOOL) {
      return b;
    }
    if (b == DType.BOOL) {
      return a;
    }
    boolean unsignedA = a == DType.UINT8;
    boolean unsignedB = b == DType.UINT8;
    if (unsignedA || unsignedB) {
      DType signed = unsignedA ? b : a;
      return signed == DType.INT8 ? DType.INT16 : signed;
    }
    return a.itemSize() >= b.itemSize() ? a : b;
  }

  /**
   * The result dtype of an op over these operands, following PyTorch's three priority classes:
   * tensors with dimensions, 0-dim tensors, and wrapped Java scalars ({@link Tensor#isWrappedNumber
   * wrapped numbers}, whose float kind means the default float32).
   */
  public static DType resultType(Tensor... operands) {
    DType dim = null;
    DType zero = null;
    DType wrapped = null;
    for (Tensor t : operands) {
      if (t == null) {
        continue;
      }
      if (t.isWrappedNumber()) {
        DType d = t.dtype().isFloatingPoint() ? DType.FLOAT32 : t.dtype();
        wrapped = wrapped == null ? d : promoteTypes(wrapped, d);
      } else if (t.dim() == 0) {
        zero = zero == null ? t.dtype() : promoteTypes(zero, t.dtype());
      } else {
        dim = dim == null ? t.dtype() : promoteTypes(dim, t.dtype());
      }
    }
    DType r = combineCategories(dim, combineCategories(zero, wrapped));
    return r == null ? DType.FLOAT32 : r;
  }

  /**
   * The dtype of a higher-priority class combined with a lower one: the higher wins unless the
   * lower is of a higher category (bool &lt; integer &lt; float), as in PyTorch's {@code
   * combine_categories}. Either may be null (no operand of that class).
   */
  private static DType combineCategories(DType higher, DType lower) {
    if (higher == null) {
      return lower;
    }
    if (lower == null || higher.isFloatingPoint()) {
      return higher;
    }
    if (higher == DType.BOOL || lower.isFloatingPoint()) {
      return promoteTypes(higher, lower);
    }
    return higher;
  }

  /** Whether a value of dtype {@code from} may be written into {@code to} by an in-place op. */
  public static boolean canCast(DType from, DType to) {
    return from.kind().ordinal() <= to.kind().ordinal();
  }
}
