package dev.kiln.tensor;

import dev.kiln.ops.EinsumOps;
import dev.kiln.ops.LinalgOps;
import dev.kiln.ops.MatmulOps;

/**
 * Linear algebra on a {@link Tensor}: matrix products, triangles, trace, cross and Kronecker
 * products, plus the statics {@link #einsum} and {@link #tensordot}; factorizations and norms are
 * in {@link Linalg}.
 *
 * {@snippet :
 * Tensor a = Tensor.rand(2, 3, 4);
 * Tensor b = Tensor.rand(4, 5);
 * a.matmul(b);                              // [2, 3, 5]: b broadcasts over the batch
 * Tensor.einsum("bij,jk->bik", a, b);       // the same product
 * }
 */
public abstract sealed class TensorLinalg extends TensorSorting permits TensorConvolution {
  TensorLinalg(Storage s, DType d, int[] shape, int[] strides, int offset, boolean wrapped) {
    super(s, d, shape, strides, offset, wrapped);
  }

  /** The matrix product with PyTorch's 1-D, 2-D and batched (broadcasting) rules. */
  public final Tensor matmul(Tensor other) {
    return MatmulOps.matmul(self(), other);
  }

  /**
   * {@link #matmul(Tensor)} written into {@code out} ({@code torch.matmul(a, b, out=c)}): {@code
   * out} must have the product's shape, dtype and device; no allocation when it can be viewed as
   * the stack of products (any contiguous tensor). Not differentiable: refused while autograd would
   * record.
   *
   * @return {@code out}
   */
  public final Tensor matmul(Tensor other, Tensor out) {
    return MatmulOps.matmul(self(), other, out);
  }

  /** The product of two 2-D tensors. */
  public final Tensor mm(Tensor other) {
    return MatmulOps.mm(self(), other);
  }

  /** {@link #mm(Tensor)} written into {@code out}, as {@link #matmul(Tensor, Tensor)}. */
  public final Tensor mm(Tensor other, Tensor out) {
    return MatmulOps.mm(self(), other, out);
  }

  /** The product of two 3-D stacks of matrices with one batch size. */
  public final Tensor bmm(Tensor other) {
    return MatmulOps.bmm(self(), other);
  }

  /** This 2-D tensor times a 1-D vector. */
  public final Tensor mv(Tensor vec) {
    return MatmulOps.mv(self(), vec);
  }

  /** The inner product of two 1-D tensors (0-dim result). */
  public final Tensor dot(Tensor other) {
    return MatmulOps.dot(self(), other);
  }

  /** The inner product with this operand conjugated (equal to {@link #dot} for real dtypes). */
  public final Tensor vdot(Tensor other) {
    return MatmulOps.vdot(self(), other);
  }

  /** The outer product of two 1-D tensors. */
  public final Tensor outer(Tensor other) {
    return MatmulOps.outer(self(), other);
  }

  /** {@code this + m1 @ m2}. */
  public final Tensor addmm(Tensor m1, Tensor m2) {
    return MatmulOps.addmm(self(), m1, m2, 1, 1);
  }

  /** {@code beta * this + alpha * (m1 @ m2)}. */
  public final Tensor addmm(Tensor m1, Tensor m2, double beta, double alpha) {
    return MatmulOps.addmm(self(), m1, m2, beta, alpha);
  }

  /** {@code this + bmm(b1, b2)}. */
  public final Tensor baddbmm(Tensor b1, Tensor b2) {
    return MatmulOps.baddbmm(self(), b1, b2, 1, 1);
  }

  /** {@code beta * this + alpha * bmm(b1, b2)}. */
  public final Tensor baddbmm(Tensor b1, Tensor b2, double beta, double alpha) {
    return MatmulOps.baddbmm(self(), b1, b2, beta, alpha);
  }

  /** The Kronecker product. */
  public final Tensor kron(Tensor other) {
    return LinalgOps.kron(self(), other);
  }

  /** The lower triangle of the last two dims (the rest zeroed). */
  public final Tensor tril() {
    return LinalgOps.tril(self(), 0);
  }

  /** Elements with {@code col - row <= diagonal} kept, the rest zeroed. */
  public final Tensor tril(int diagonal) {
    return LinalgOps.tril(self(), diagonal);
  }

  /** The upper triangle of the last two dims (the rest zeroed). */
  public final Tensor triu() {
    return LinalgOps.triu(self(), 0);
  }

  /** Elements with {@code col - row >= diagonal} kept, the rest zeroed. */
  public final Tensor triu(int diagonal) {
    return LinalgOps.triu(self(), diagonal);
  }

  /** The sum of the main diagonal of a 2-D tensor. */
  public final Tensor trace() {
    return LinalgOps.trace(self());
  }

  /** The cross product of 3-vectors along the last dim ({@code torch.linalg.cross}). */
  public final Tensor cross(Tensor other) {
    return LinalgOps.cross(self(), other, -1);
  }

  /** The cross product of 3-vectors along {@code dim}. */
  public final Tensor cross(Tensor other, int dim) {
    return LinalgOps.cross(self(), other, dim);
  }

  /** Einstein summation, e.g. {@code einsum("bij,bjk->bik", a, b)}. */
  public static Tensor einsum(String equation, Tensor... operands) {
    return EinsumOps.einsum(equation, operands);
  }

  /** Contracts the last {@code dims} dims of {@code a} with the first {@code dims} of {@code b}. */
  public static Tensor tensordot(Tensor a, Tensor b, int dims) {
    return LinalgOps.tensordot(a, b, dims);
  }

  /** Contracts dims {@code dimsA[i]} of {@code a} with {@code dimsB[i]} of {@code b}. */
  public static Tensor tensordot(Tensor a, Tensor b, int[] dimsA, int[] dimsB) {
    return LinalgOps.tensordot(a, b, dimsA, dimsB);
  }
}
