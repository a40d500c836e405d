package dev.kiln.backend;

import dev.kiln.tensor.Tensor;

/**
 * The closed set of primitive kernels a device implements. Everything else in Kiln composes from
 * these. Callers (the op layer) have already checked shapes and dtypes, converted operands to the
 * compute dtype and allocated outputs; a backend never sees autograd.
 *
 * <p>Operands are read through their layout (shape, strides, offset); a backend must handle any
 * strides, including 0 for broadcast dims.
 */
public interface Backend {
  /** {@code out = kind(x; p, q)} elementwise. {@code x} and {@code out} share shape and dtype. */
  void unary(UnaryKind kind, Tensor x, Tensor out, double p, double q);

  /**
   * {@code out = kind(a, b)} elementwise, {@code a} and {@code b} broadcast to {@code out}'s shape
   * and of one dtype; {@code out} has that dtype, or bool for predicate kinds.
   */
  void binary(BinaryKind kind, Tensor a, Tensor b, Tensor out);

  /**
   * {@code out = kind(input, t1, t2; value)} elementwise in one pass, the three operands broadcast
   * to {@code out}'s shape and of {@code out}'s dtype.
   */
  void ternary(TernaryKind kind, Tensor input, Tensor t1, Tensor t2, double value, Tensor out);

  /** {@code out = cond ? a : b}, all broadcast to {@code out}'s shape; cond is bool. */
  void where(Tensor cond, Tensor a, Tensor b, Tensor out);

  /**
   * Reduces {@code x} into {@code out}, which has {@code x}'s rank with size 1 on the reduced dims.
   * Accumulates in {@code out}'s dtype (callers pass float64 to sum float32 accurately).
   */
  void reduce(ReduceKind kind, Tensor x, Tensor out);

  /**
   * Max or min along {@code dim} with the index of the first extreme (NaN counts as the extreme);
   * {@code values} and {@code indices} (int64) have size 1 on {@code dim}.
   */
  void argReduce(boolean max, Tensor x, int dim, Tensor values, Tensor indices);

  /**
   * Softmax of {@code x} along {@code dim} into {@code out} (same shape, floating dtype), or
   * log-softmax when {@code log}; each row is shifted by its maximum, so large inputs do not
   * overflow.
   */
  void softmax(Tensor x, int dim, boolean log, Tensor out);

  /**
   * The input gradient of softmax (or log-softmax when {@code log}) along {@code dim}, from the
   * forward's output {@code y} and the output's gradient {@code g}: {@code y * (g - sum(g * y))},
   * or {@code g - exp(y) * sum(g)}; all three of one shape and dtype.
   */
  void softmaxBackward(Tensor g, Tensor y, int dim, boolean log, Tensor out);

  /**
   * Layer normalisation of the rows of a contiguous {@code x [rows, n]}: {@code out = (x - mean) *
   * rstd * weight + bias} with the row's mean and {@code rstd = 1 / sqrt(var + eps)} (biased
   * variance), stored into {@code mean} and {@code rstd} ({@code [rows]}); {@code weight} and
   * {@code bias} are contiguous {@code [n]} or null (both, or neither). One floating dtype.
   */
  void layerNorm(
      Tensor x, Tensor weight, Tensor bias, double eps, Tensor out, Tensor mean, Tensor rstd);

  /**
   * The input gradient of {@link #layerNorm} from the output gradient {@code g} (contiguous, like
   * {@code x}) and the forward's {@code mean} and {@code rstd}: {@code gx = rstd * (gw - mean(gw) -
   * xhat * mean(gw * xhat))} per row, {@code gw = g * weight}, {@code xhat = (x - mean) * rstd}.
   */
  void layerNormBackward(Tensor g, Tensor x, Tensor weight, Tensor mean, Tensor rstd, Tensor gx);

  /** Inclusive scan (SUM or PROD) along {@code dim}; {@code out} has {@code x}'s shape. */
  void scan(ReduceKind kind, Tensor x, int dim, Tensor out);

  /** Copies {@code src}, broadcast to {@code dst}'s shape, into {@code dst}, casting the dtype. */
  void copy(Tensor src, Tensor dst);

  /** Sets every element of {@code dst} to {@code value} (cast to its dtype). */
  void fill(Tensor dst, double value);

  /**
   * Batched matrix product {@code a [B, M, K] @ b [B, K, N] -> out [B, M, N]} (out overwritten),
   * one dtype (floating, or integer with exact wrapping integer arithmetic). Operands may have any
   * strides (0 included); a backend reads matrices with contiguous rows or columns in place (a
   * transposed view costs no copy). {@code out} does not overlap the operands.
   */
  void matmul(Tensor a, Tensor b, Tensor out);
}
