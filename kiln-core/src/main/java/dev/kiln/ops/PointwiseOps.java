package dev.kiln.ops;

import dev.kiln.backend.Backends;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.TypePromotion;
import java.util.List;

/** Elementwise ops beyond one unary or binary kernel: selection and composites. */
public final class PointwiseOps {
  private PointwiseOps() {}

  public static final PrimitiveOp WHERE = new PrimitiveOp("where");

  /** Every declaration in this file, for {@link OpRegistry}. */
  public static final List<OpDef> ALL = List.of(WHERE);

  /**
   * {@code cond ? a : b} elementwise, all three broadcast together; {@code a} and {@code b} are
   * promoted to a common dtype.
   */
  public static Tensor where(Tensor cond, Tensor a, Tensor b) {
    if (cond.dtype() != DType.BOOL) {
      throw new IllegalArgumentException(
          "where: expected condition to be a bool tensor, got dtype " + cond.dtype());
    }
    int[] shape = Shapes.broadcast("where", cond.shape(), a.shape(), b.shape());
    DType dtype = TypePromotion.resultType(a, b);
    Tensor out = Tensor.empty(dtype, shape);
    Backends.of(a.device()).where(cond, a.to(dtype), b.to(dtype), out);
    return out;
  }
}
