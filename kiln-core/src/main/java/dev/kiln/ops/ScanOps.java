package dev.kiln.ops;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.Derivative;
import dev.kiln.backend.Backends;
import dev.kiln.backend.ReduceKind;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import java.util.List;

/**
 * Inclusive scans along one dim: cumsum and cumprod (derivatives in {@link ReduceGrads}). Integer
 * and bool inputs give int64 unless a dtype is given; floating scans accumulate in float64 (as
 * PyTorch's CPU kernel does).
 */
public final class ScanOps {
  private ScanOps() {}

  public static final PrimitiveOp CUMSUM = new PrimitiveOp("cumsum");
  public static final PrimitiveOp CUMPROD = new PrimitiveOp("cumprod");

  /** Every declaration in this file, for {@link OpRegistry}. */
  public static final List<OpDef> ALL = List.of(CUMSUM, CUMPROD);

  /** Running sums along {@code dim}: {@code out[i] = x[0] + ... + x[i]}; same shape as x. */
  public static Tensor cumsum(Tensor x, int dim) {
    return cumsum(x, dim, ReduceOp.widenIntegers(x.dtype()));
  }

  /** Running sums of {@code x} cast to {@code dtype}. */
  public static Tensor cumsum(Tensor x, int dim, DType dtype) {
    return scan(CUMSUM.name(), ReduceKind.SUM, x, dim, dtype);
  }

  /** Running products along {@code dim}: {@code out[i] = x[0] * ... * x[i]}; same shape as x. */
  public static Tensor cumprod(Tensor x, int dim) {
    return cumprod(x, dim, ReduceOp.widenIntegers(x.dtype()));
  }

  /** Running products of {@code x} cast to {@code dtype}. */
  public static Tensor cumprod(Tensor x, int dim, DType dtype) {
    return scan(CUMPROD.name(), ReduceKind.PROD, x, dim, dtype);
  }

  private static Tensor scan(String op, ReduceKind kind, Tensor x, int dim, DType dtype) {
    int d = Shapes.normalizeDim(op, dim, x.dim());
    Tensor in = (x.dim() == 0 ? x.reshape(1) : x).to(dtype);
    Tensor out = Tensor.empty(dtype, in.shape());
    Backends.of(x.device()).scan(kind, in, d, out);
    Tensor result = out.reshape(x.shape());
    if (!Autograd.isRecording(x)) {
      return result;
    }
    Derivative grad =
        kind == ReduceKind.SUM
            ? (n, g) -> new Tensor[] {ReduceGrads.cumsum(g, d)}
            : (n, g) -> new Tensor[] {ReduceGrads.cumprod(g, n, d)};
    return Autograd.record(op, result, grad, x);
  }
}
