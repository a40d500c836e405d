package dev.kiln.tensor;

import dev.kiln.ops.LayerNormOps;
import dev.kiln.ops.NormOps;
import dev.kiln.ops.ReduceOps;
import dev.kiln.ops.ReduceStatsOps;
import dev.kiln.ops.ScanOps;
import dev.kiln.ops.SoftmaxOps;

/**
 * Reductions and scans of a {@link Tensor}: over all dims, one dim or several, with {@code keepdim}
 * as in PyTorch (a reduced dim is removed, or kept with size 1). Dims may be negative; an empty
 * {@code dims} array means all dims.
 *
 * {@snippet :
 * Tensor x = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
 * x.sum();                            // tensor(21.)
 * x.mean(new int[] {1}, true);        // tensor([[2.], [5.]])
 * x.max(1).indices();                 // tensor([2, 2])
 * x.softmax(-1);                      // each row sums to 1
 * }
 */
public abstract sealed class TensorReductions extends TensorMath permits TensorShaping {
  private static final int[] ALL = {};

  TensorReductions(Storage s, DType d, int[] shape, int[] strides, int offset, boolean wrapped) {
    super(s, d, shape, strides, offset, wrapped);
  }

  private static int[] one(int dim) {
    return new int[] {dim};
  }

  // ---- sum, prod, mean ----

  /** Sum of all elements (integers and bool sum to int64; the sum of no elements is 0). */
  public final Tensor sum() {
    return ReduceOps.SUM.apply(self(), ALL, false);
  }

  /** Sum over one dim. */
  public final Tensor sum(int dim) {
    return sum(one(dim), false);
  }

  /** Sum over one dim, keeping it with size 1 when {@code keepdim}. */
  public final Tensor sum(int dim, boolean keepdim) {
    return sum(one(dim), keepdim);
  }

  /** Sum over the given dims. */
  public final Tensor sum(int[] dims, boolean keepdim) {
    return ReduceOps.SUM.apply(self(), dims, keepdim);
  }

  /** Sum of all elements, computed and returned in {@code dtype}. */
  public final Tensor sum(DType dtype) {
    return sum(ALL, false, dtype);
  }

  /** Sum over the given dims, computed and returned in {@code dtype}. */
  public final Tensor sum(int[] dims, boolean keepdim, DType dtype) {
    return ReduceOps.SUM.apply(self(), dims, keepdim, dtype);
  }

  /** Product of all elements (integers and bool give int64; the product of none is 1). */
  public final Tensor prod() {
    return ReduceOps.PROD.apply(self(), ALL, false);
  }

  /** Product over one dim. */
  public final Tensor prod(int dim) {
    return prod(dim, false);
  }

  /** Product over one dim, keeping it with size 1 when {@code keepdim}. */
  public final Tensor prod(int dim, boolean keepdim) {
    return ReduceOps.PROD.apply(self(), one(dim), keepdim);
  }

  /** Product of all elements, computed and returned in {@code dtype}. */
  public final Tensor prod(DType dtype) {
    return ReduceOps.PROD.apply(self(), ALL, false, dtype);
  }

  /** Product over one dim, computed and returned in {@code dtype}. */
  public final Tensor prod(int dim, boolean keepdim, DType dtype) {
    return ReduceOps.PROD.apply(self(), one(dim), keepdim, dtype);
  }

  /**
   * Mean of all elements (NaN when there are none).
   *
   * @throws IllegalArgumentException for integer and bool tensors (use {@link #mean(DType)})
   */
  public final Tensor mean() {
    return mean(ALL, false);
  }

  /** Mean over one dim. */
  public final Tensor mean(int dim) {
    return mean(one(dim), false);
  }

  /** Mean over one dim, keeping it with size 1 when {@code keepdim}. */
  public final Tensor mean(int dim, boolean keepdim) {
    return mean(one(dim), keepdim);
  }

  /** Mean over the given dims. */
  public final Tensor mean(int[] dims, boolean keepdim) {
    return ReduceStatsOps.mean(self(), dims, keepdim);
  }

  /** Mean of all elements, computed and returned in the floating {@code dtype}. */
  public final Tensor mean(DType dtype) {
    return mean(ALL, false, dtype);
  }

  /** Mean over the given dims, computed and returned in the floating {@code dtype}. */
  public final Tensor mean(int[] dims, boolean keepdim, DType dtype) {
    return ReduceStatsOps.mean(self(), dims, keepdim, dtype);
  }

  /** Sum of all elements treating NaN as zero. */
  public final Tensor nansum() {
    return nansum(ALL, false);
  }

  /** Sum over one dim treating NaN as zero. */
  public final Tensor nansum(int dim) {
    return nansum(one(dim), false);
  }

  /** Sum over the given dims treating NaN as zero. */
  public final Tensor nansum(int[] dims, boolean keepdim) {
    return ReduceStatsOps.nansum(self(), dims, keepdim);
  }

  /** Mean of the non-NaN elements (floating tensors only). */
  public final Tensor nanmean() {
    return nanmean(ALL, false);
  }

  /** Mean of the non-NaN elements over one dim. */
  public final Tensor nanmean(int dim) {
    return nanmean(one(dim), false);
  }

  /** Mean of the non-NaN elements over the given dims. */
  public final Tensor nanmean(int[] dims, boolean keepdim) {
    return ReduceStatsOps.nanmean(self(), dims, keepdim);
  }

  // ---- max, min, arg* ----

  /**
   * The largest element as a 0-dim tensor (NaN if any element is NaN).
   *
   * @throws IllegalArgumentException when the tensor is empty
   */
  public final Tensor max() {
    return ReduceOps.max(self());
  }

  /** The largest values along {@code dim} and their int64 indices. */
  public final ValuesIndices max(int dim) {
    return max(dim, false);
  }

  /**
   * The largest values along {@code dim} and their int64 indices (the first on ties; a NaN counts
   * as largest).
   *
   * @throws IllegalArgumentException when {@code dim} has size 0
   */
  public final ValuesIndices max(int dim, boolean keepdim) {
    return ReduceOps.max(self(), dim, keepdim);
  }

  /** The smallest element as a 0-dim tensor (NaN if any element is NaN). */
  public final Tensor min() {
    return ReduceOps.min(self());
  }

  /** The smallest values along {@code dim} and their int64 indices. */
  public final ValuesIndices min(int dim) {
    return min(dim, false);
  }

  /** The smallest values along {@code dim} and their int64 indices (the first on ties). */
  public final ValuesIndices min(int dim, boolean keepdim) {
    return ReduceOps.min(self(), dim, keepdim);
  }

  /** The largest element (as {@link #max()}). */
  public final Tensor amax() {
    return amax(ALL, false);
  }

  /** The largest values over one dim, without indices. */
  public final Tensor amax(int dim) {
    return amax(one(dim), false);
  }

  /** The largest values over one dim, keeping it with size 1 when {@code keepdim}. */
  public final Tensor amax(int dim, boolean keepdim) {
    return amax(one(dim), keepdim);
  }

  /**
   * The largest values over the given dims, without indices.
   *
   * @throws IllegalArgumentException when a reduced dim has size 0
   */
  public final Tensor amax(int[] dims, boolean keepdim) {
    return ReduceOps.AMAX.apply(self(), dims, keepdim);
  }

  /** The smallest element (as {@link #min()}). */
  public final Tensor amin() {
    return amin(ALL, false);
  }

  /** The smallest values over one dim, without indices. */
  public final Tensor amin(int dim) {
    return amin(one(dim), false);
  }

  /** The smallest values over one dim, keeping it with size 1 when {@code keepdim}. */
  public final Tensor amin(int dim, boolean keepdim) {
    return amin(one(dim), keepdim);
  }

  /** The smallest values over the given dims, without indices. */
  public final Tensor amin(int[] dims, boolean keepdim) {
    return ReduceOps.AMIN.apply(self(), dims, keepdim);
  }

  /** The flat (row-major) index of the largest element, as a 0-dim int64 tensor. */
  public final Tensor argmax() {
    return ReduceOps.argmax(self());
  }

  /** The int64 indices of the largest values along {@code dim}. */
  public final Tensor argmax(int dim) {
    return argmax(dim, false);
  }

  /** The int64 indices of the largest values along {@code dim}, keeping it when asked. */
  public final Tensor argmax(int dim, boolean keepdim) {
    return ReduceOps.argmax(self(), dim, keepdim);
  }

  /** The flat (row-major) index of the smallest element, as a 0-dim int64 tensor. */
  public final Tensor argmin() {
    return ReduceOps.argmin(self());
  }

  /** The int64 indices of the smallest values along {@code dim}. */
  public final Tensor argmin(int dim) {
    return argmin(dim, false);
  }

  /** The int64 indices of the smallest values along {@code dim}, keeping it when asked. */
  public final Tensor argmin(int dim, boolean keepdim) {
    return ReduceOps.argmin(self(), dim, keepdim);
  }

  // ---- var, std, norm ----

  /** Unbiased variance of all elements (correction 1). */
  public final Tensor var() {
    return var(ALL, 1, false);
  }

  /** Unbiased variance over one dim. */
  public final Tensor var(int dim) {
    return var(one(dim), 1, false);
  }

  /** Unbiased variance over one dim, keeping it with size 1 when {@code keepdim}. */
  public final Tensor var(int dim, boolean keepdim) {
    return var(one(dim), 1, keepdim);
  }

  /** Unbiased variance over the given dims. */
  public final Tensor var(int[] dims, boolean keepdim) {
    return var(dims, 1, keepdim);
  }

  /**
   * Variance over the given dims: squared deviations summed, divided by {@code max(0, N -
   * correction)} (0 for the population variance, 1 for the unbiased estimate).
   *
   * @throws IllegalArgumentException for integer and bool tensors
   */
  public final Tensor var(int[] dims, double correction, boolean keepdim) {
    return ReduceStatsOps.var(self(), dims, correction, keepdim);
  }

  /** Unbiased standard deviation of all elements (correction 1). */
  public final Tensor std() {
    return std(ALL, 1, false);
  }

  /** Unbiased standard deviation over one dim. */
  public final Tensor std(int dim) {
    return std(one(dim), 1, false);
  }

  /** Unbiased standard deviation over one dim, keeping it with size 1 when {@code keepdim}. */
  public final Tensor std(int dim, boolean keepdim) {
    return std(one(dim), 1, keepdim);
  }

  /** Unbiased standard deviation over the given dims. */
  public final Tensor std(int[] dims, boolean keepdim) {
    return std(dims, 1, keepdim);
  }

  /** Standard deviation over the given dims with the given correction (see {@link #var}). */
  public final Tensor std(int[] dims, double correction, boolean keepdim) {
    return ReduceStatsOps.std(self(), dims, correction, keepdim);
  }

  /** The 2-norm of all elements. */
  public final Tensor norm() {
    return norm(2);
  }

  /** The p-norm of all elements (p may be any number, including ±infinity and 0). */
  public final Tensor norm(double p) {
    return norm(p, ALL, false);
  }

  /**
   * The p-norm over the given dims: {@code sum(|x|^p)^(1/p)}; p = inf gives {@code max|x|}, -inf
   * {@code min|x|}, 0 the count of non-zeros.
   *
   * @throws IllegalArgumentException for integer and bool tensors
   */
  public final Tensor norm(double p, int[] dims, boolean keepdim) {
    return NormOps.norm(self(), p, dims, keepdim);
  }

  /** The norm named {@code p} ({@code "fro"}: the Frobenius norm) over the given dims. */
  public final Tensor norm(String p, int[] dims, boolean keepdim) {
    return NormOps.norm(self(), p, dims, keepdim);
  }

  // ---- logsumexp, softmax ----

  /** {@code log(sum(exp(x)))} over one dim, computed without overflow. */
  public final Tensor logsumexp(int dim) {
    return logsumexp(one(dim), false);
  }

  /** {@code log(sum(exp(x)))} over one dim, keeping it with size 1 when {@code keepdim}. */
  public final Tensor logsumexp(int dim, boolean keepdim) {
    return logsumexp(one(dim), keepdim);
  }

  /**
   * Layer normalisation over the trailing dims {@code normalizedShape} (PyTorch's {@code
   * F.layer_norm}): {@code (x - mean) / sqrt(var + eps) * weight + bias}, biased variance; {@code
   * weight} and {@code bias} have shape {@code normalizedShape}, or are both null.
   *
   * <p>{@code x.layerNorm(new int[] {256}, gamma, beta, 1e-5)}
   */
  public final Tensor layerNorm(int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
    return LayerNormOps.layerNorm(self(), normalizedShape, weight, bias, eps);
  }

  /** {@code log(sum(exp(x)))} over the given dims, computed without overflow. */
  public final Tensor logsumexp(int[] dims, boolean keepdim) {
    return SoftmaxOps.logsumexp(self(), dims, keepdim);
  }

  /** {@code exp(x) / sum(exp(x))} along {@code dim} (floating tensors only). */
  public final Tensor softmax(int dim) {
    return SoftmaxOps.softmax(self(), dim);
  }

  /** {@code log(softmax(x))} along {@code dim}, computed stably (floating tensors only). */
  public final Tensor logSoftmax(int dim) {
    return SoftmaxOps.logSoftmax(self(), dim);
  }

  // ---- scans ----

  /** Running sums along {@code dim} (integers and bool give int64). */
  public final Tensor cumsum(int dim) {
    return ScanOps.cumsum(self(), dim);
  }

  /** Running sums along {@code dim}, computed and returned in {@code dtype}. */
  public final Tensor cumsum(int dim, DType dtype) {
    return ScanOps.cumsum(self(), dim, dtype);
  }

  /** Running products along {@code dim} (integers and bool give int64). */
  public final Tensor cumprod(int dim) {
    return ScanOps.cumprod(self(), dim);
  }

  /** Running products along {@code dim}, computed and returned in {@code dtype}. */
  public final Tensor cumprod(int dim, DType dtype) {
    return ScanOps.cumprod(self(), dim, dtype);
  }

  // ---- logical ----

  /** Whether every element is non-zero, as a 0-dim bool tensor (true when empty). */
  public final Tensor all() {
    return all(ALL, false);
  }

  /** Whether every element along {@code dim} is non-zero. */
  public final Tensor all(int dim) {
    return all(one(dim), false);
  }

  /** Whether every element along {@code dim} is non-zero, keeping it when asked. */
  public final Tensor all(int dim, boolean keepdim) {
    return all(one(dim), keepdim);
  }

  /** Whether every element over the given dims is non-zero (uint8 tensors give uint8). */
  public final Tensor all(int[] dims, boolean keepdim) {
    return ReduceOps.ALL_TRUE.apply(self(), dims, keepdim);
  }

  /** Whether some element is non-zero, as a 0-dim bool tensor (false when empty). */
  public final Tensor any() {
    return any(ALL, false);
  }

  /** Whether some element along {@code dim} is non-zero. */
  public final Tensor any(int dim) {
    return any(one(dim), false);
  }

  /** Whether some element along {@code dim} is non-zero, keeping it when asked. */
  public final Tensor any(int dim, boolean keepdim) {
    return any(one(dim), keepdim);
  }

  /** Whether some element over the given dims is non-zero (uint8 tensors give uint8). */
  public final Tensor any(int[] dims, boolean keepdim) {
    return ReduceOps.ANY_TRUE.apply(self(), dims, keepdim);
  }

  /** The number of non-zero elements, as a 0-dim int64 tensor. */
  public final Tensor countNonzero() {
    return countNonzero(ALL);
  }

  /** The number of non-zero elements over the given dims (int64). */
  public final Tensor countNonzero(int... dims) {
    return ReduceStatsOps.countNonzero(self(), dims);
  }
}
