package dev.kiln.ops;

import dev.kiln.autograd.Autograd;
import dev.kiln.backend.Backends;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * {@code layerNorm} (PyTorch's {@code F.layer_norm}): normalises over the trailing dims named by
 * {@code normalizedShape} with one fused row kernel forward and one backward. float64 computes in
 * float64, every other floating dtype in float32. The composite ({@code (x - mean) / sqrt(var +
 * eps) * weight + bias}) is the tests' reference, and its gradient in Tensor ops is the backward
 * used when a graph of the backward is built (higher-order gradients).
 */
public final class LayerNormOps {
  private LayerNormOps() {}

  public static final PrimitiveOp LAYER_NORM = new PrimitiveOp("layerNorm");

  /** Every declaration in this file, for {@link OpRegistry}. */
  public static final List<OpDef> ALL = List.of(LAYER_NORM);

  /**
   * Layer normalisation of {@code x} over its last {@code normalizedShape.length} dims, which must
   * equal {@code normalizedShape}; {@code weight} and {@code bias} have that shape, or are both
   * null (no affine transform). Biased variance, as in PyTorch.
   *
   * @throws IllegalArgumentException for a mismatched shape, one of weight/bias missing, or a
   *     non-floating input
   */
  public static Tensor layerNorm(
      Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
    String op = LAYER_NORM.name();
    ReduceStatsOps.requireFloat(op, x.dtype(), "");
    int k = normalizedShape.length;
    int[] shape = x.shape();
    if (k == 0
        || shape.length < k
        || !Arrays.equals(
            Arrays.copyOfRange(shape, shape.length - k, shape.length), normalizedShape)) {
      throw new IllegalArgumentException(
          op
              + ": input shape "
              + Shapes.str(shape)
              + " does not end with normalizedShape "
              + Shapes.str(normalizedShape));
    }
    if ((weight == null) != (bias == null)) {
      throw new IllegalArgumentException(op + ": give both weight and bias, or neither");
    }
    for (Tensor p : weight == null ? new Tensor[0] : new Tensor[] {weight, bias}) {
      if (!Arrays.equals(p.shape(), normalizedShape)) {
        throw new IllegalArgumentException(
            op
                + ": expected weight and bias of shape "
                + Shapes.str(normalizedShape)
                + ", got "
                + Shapes.str(p.shape()));
      }
    }
    DType ct = x.dtype() == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32;
    int n = Shapes.numel(normalizedShape);
    int rows = n == 0 ? 0 : x.numel() / n;
    Tensor xc = x.to(ct);
    Tensor wc = weight == null ? null : weight.to(ct);
    Tensor bc = bias == null ? null : bias.to(ct);
    Tensor out = Tensor.empty(ct, shape);
    Tensor mean = Tensor.empty(ct, rows);
    Tensor rstd = Tensor.empty(ct, rows);
    if (x.numel() > 0) {
      Backends.of(x.device())
          .layerNorm(
              xc.contiguous(),
              wc == null ? null : wc.contiguous(),
              bc == null ? null : bc.contiguous(),
              eps,
              out,
              mean,
              rstd);
    }
    Tensor[] inputs = wc == null ? new Tensor[] {xc} : new Tensor[] {xc, wc, bc};
    if (Autograd.isRecording(inputs)) {
      int[] rowShape = Arrays.copyOf(shape, shape.length);
      Arrays.fill(rowShape, shape.length - k, shape.length, 1);
      Autograd.record(
          op,
          out,
          (node, g) -> {
            Tensor xs = node.input(0);
            Tensor ws = wc == null ? null : node.input(1);
            return Autograd.isRecording(g, xs, ws)
                ? compositeGrads(g.to(ct), xs, ws, k, eps)
                : fusedGrads(g.to(ct), xs, ws, mean.reshape(rowShape), rstd.reshape(rowShape), k);
          },
          inputs);
    }
    return out.to(x.dtype());
  }

  /** The trailing {@code k} dims of a rank-{@code rank} tensor. */
  private static int[] lastDims(int rank, int k) {
    int[] dims = new int[k];
    for (int i = 0; i < k; i++) {
      dims[i] = rank - k + i;
    }
    return dims;
  }

  /** {@code t} summed over its leading dims (all but the trailing {@code k}), if any. */
  private static Tensor sumRows(Tensor t, int k) {
    int lead = t.dim() - k;
    if (lead == 0) {
      return t;
    }
    int[] dims = new int[lead];
    for (int i = 0; i < lead; i++) {
      dims[i] = i;
    }
    return t.sum(dims, false);
  }

  /** The fused backward: gx from the row kernel, weight and bias gradients from sums over rows. */
  private static Tensor[] fusedGrads(
      Tensor g, Tensor x, Tensor w, Tensor mean, Tensor rstd, int k) {
    Tensor xc = x.contiguous();
    Tensor gc = g.contiguous();
    Tensor gx = Tensor.empty(x.dtype(), x.shape());
    if (x.numel() > 0) {
      Backends.of(x.device())
          .layerNormBackward(gc, xc, w == null ? null : w.contiguous(), mean, rstd, gx);
    }
    if (w == null) {
      return new Tensor[] {gx};
    }
    Tensor xhat = xc.sub(mean).mul(rstd);
    return new Tensor[] {gx, sumRows(gc.mul(xhat), k), sumRows(gc, k)};
  }

  /** The gradients in Tensor ops (recomputing the statistics from x), differentiable again. */
  private static Tensor[] compositeGrads(Tensor g, Tensor x, Tensor w, int k, double eps) {
    int[] last = lastDims(x.dim(), k);
    Tensor mean = x.mean(last, true);
    Tensor rstd = x.var(last, 0, true).add(eps).rsqrt();
    Tensor xhat = x.sub(mean).mul(rstd);
    Tensor gw = w == null ? g : g.mul(w);
    Tensor a = gw.mean(last, true);
    Tensor b = gw.mul(xhat).mean(last, true);
    Tensor gx = gw.sub(a).sub(xhat.mul(b)).mul(rstd);
    if (w == null) {
      return new Tensor[] {gx};
    }
    return new Tensor[] {gx, sumRows(g.mul(xhat), k), sumRows(g, k)};
  }
}
