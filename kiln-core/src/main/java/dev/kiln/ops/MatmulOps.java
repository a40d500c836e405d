package dev.kiln.ops;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.Derivative;
import dev.kiln.autograd.Derivatives;
import dev.kiln.autograd.GradMode;
import dev.kiln.backend.Backends;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Matrix products on the backend's batched GEMM primitive: {@code matmul} with PyTorch's rules for
 * 1-D, 2-D and batched operands, and {@code mm}, {@code bmm}, {@code mv}, {@code dot}, {@code
 * vdot}, {@code outer}, {@code addmm}, {@code baddbmm} built on it. Both operands must share one
 * dtype (any but bool); float32 and float64 run on OpenBLAS when it is loaded, float32 otherwise on
 * the vectorised Java GEMM, other dtypes on a generic loop.
 */
public final class MatmulOps {
  private MatmulOps() {}

  public static final PrimitiveOp MATMUL = new PrimitiveOp("matmul");
  public static final CompositeOp MM = new CompositeOp("mm");
  public static final CompositeOp BMM = new CompositeOp("bmm");
  public static final CompositeOp MV = new CompositeOp("mv");
  public static final CompositeOp DOT = new CompositeOp("dot");
  public static final CompositeOp VDOT = new CompositeOp("vdot");
  public static final CompositeOp OUTER = new CompositeOp("outer");
  public static final CompositeOp ADDMM = new CompositeOp("addmm");
  public static final CompositeOp BADDBMM = new CompositeOp("baddbmm");

  /** Every declaration in this file, for {@link OpRegistry}. */
  public static final List<OpDef> ALL =
      List.of(MATMUL, MM, BMM, MV, DOT, VDOT, OUTER, ADDMM, BADDBMM);

  /**
   * The batched product of {@code a [B, M, K]} and {@code b [B, K, N]} on the GEMM primitive, in
   * their common dtype: the one funnel every matrix product of Kiln goes through. Operands are
   * passed with their strides (a transposed or expanded view is not copied here; the backend reads
   * it in place where it can).
   */
  static Tensor batched(String op, Tensor a, Tensor b) {
    DType t = commonType(op, a, b);
    Tensor out = Tensor.empty(t, a.size(0), a.size(1), b.size(2));
    try (var scope = Autograd.noGrad()) {
      Backends.of(a.device()).matmul(a, b, out);
    }
    if (!Autograd.isRecording(a, b)) {
      return out;
    }
    // dA = dC @ Bᵀ, dB = Aᵀ @ dC: themselves batched products, so higher orders record too
    Derivative grad =
        (node, g) ->
            new Tensor[] {
              node.needsGrad(0) ? leftGrad(op, g, node.input(1), node.input(0)) : null,
              node.needsGrad(1) ? rightGrad(op, node.input(0), g, node.input(1)) : null
            };
    return Autograd.record(op, out, grad, a, b);
  }

  /**
   * {@code dC @ Bᵀ}, computed as {@code (B @ dCᵀ)ᵀ} when A is stored column-major, so that the
   * gradient has A's layout.
   */
  private static Tensor leftGrad(String op, Tensor g, Tensor b, Tensor a) {
    return columnMajor(a) ? batched(op, b, g.mT()).mT() : batched(op, g, b.mT());
  }

  /**
   * {@code Aᵀ @ dC}, computed as {@code (dCᵀ @ A)ᵀ} when B is stored column-major (Linear's {@code
   * weight.t()}), so that the gradient has B's layout and reaches the weight contiguous instead of
   * being transposed by a copy when it is accumulated. Same values: both are one GEMM, the
   * transposes are BLAS flags.
   */
  private static Tensor rightGrad(String op, Tensor a, Tensor g, Tensor b) {
    return columnMajor(b) ? batched(op, g.mT(), a).mT() : batched(op, a.mT(), g);
  }

  /** Whether the matrices of {@code t [B, R, C]} are stored column by column. */
  private static boolean columnMajor(Tensor t) {
    return t.size(1) > 1 && t.size(2) > 1 && t.stride(1) == 1 && t.stride(2) == t.size(1);
  }

  private static DType commonType(String op, Tensor a, Tensor b) {
    if (a.dtype() != b.dtype()) {
      throw new IllegalArgumentException(
          op + ": expected both operands of one dtype, got " + a.dtype() + " and " + b.dtype());
    }
    if (a.dtype() == DType.BOOL) {
      throw new IllegalArgumentException(op + ": not supported for bool operands");
    }
    return a.dtype();
  }

  /**
   * The matrix product with PyTorch's rules: 1-D x 1-D is a dot product (0-dim), a 1-D first
   * operand is a row vector and a 1-D second operand a column vector (the added dim is removed
   * again), and operands of higher rank are stacks of matrices whose batch dims broadcast.
   *
   * @throws IllegalArgumentException for 0-dim operands, mismatched inner sizes, batch dims that do
   *     not broadcast, or differing dtypes
   */
  public static Tensor matmul(Tensor a, Tensor b) {
    Plan p = plan(a, b);
    return batched(MATMUL.name(), p.a(), p.b()).reshape(p.shape());
  }

  /**
   * {@link #matmul(Tensor, Tensor)} written into {@code out}, PyTorch's {@code torch.matmul(a, b,
   * out=c)}: no allocation and no zeroing pass when {@code out} can be viewed as the stack of
   * products (any contiguous tensor, and most strided ones); otherwise, or when {@code out} shares
   * memory with an operand, the product is computed into a new tensor and copied. As in PyTorch,
   * {@code out=} is not differentiable. Measured (W1 on the 2-core VM, one JVM, alternating with
   * {@code cblas_sgemm} on off-heap memory, median of 15 paired ratios): n = 256 0.78 allocating
   * against 0.95 into {@code out}, n = 512 0.94 against 1.01.
   *
   * @return {@code out}
   * @throws IllegalArgumentException as {@link #matmul(Tensor, Tensor)}, or when {@code out} does
   *     not have the product's shape, dtype and device, has elements sharing memory, or autograd
   *     would have to record (an operand or {@code out} requires grad while grad mode is on)
   */
  public static Tensor matmul(Tensor a, Tensor b, Tensor out) {
    if (a.dim() == 2 && b.dim() == 2) {
      return into2d(MATMUL.name(), a, b, out);
    }
    Plan p = plan(a, b);
    return into(MATMUL.name(), p.a(), p.b(), p.shape(), out);
  }

  /**
   * One matrix product {@code a [M, K] @ b [K, N]} written into {@code out}: {@link #into} without
   * {@link #plan}'s batch broadcasting, the route of W1's {@code a.matmul(b, c)} and of {@code
   * mm(a, b, out)}. Measured on the 2-core VM at n = 16 (one JVM, interleaved, medians of 31), the
   * op layer above {@code Backend.matmul}: 0.12 us on this route ({@code mm}) against 0.17 us
   * through {@link #plan}, next to 0.3 us for handing three heap arrays to OpenBLAS and a 256^3
   * product of 160 us (a JFR profile of W1 at 256: 3 of 959 samples outside the downcall).
   */
  private static Tensor into2d(String op, Tensor a, Tensor b, Tensor out) {
    requireInner(op, a, b, a.size(1), b.size(0));
    return into(op, a.unsqueeze(0), b.unsqueeze(0), new int[] {a.size(0), b.size(1)}, out);
  }

  /**
   * {@code a} and {@code b} of a matmul as one batched product {@code [B, M, K] @ [B, K, N]}, and
   * the shape of the result.
   */
  private record Plan(Tensor a, Tensor b, int[] shape) {}

  private static Plan plan(Tensor a, Tensor b) {
    String op = MATMUL.name();
    if (a.dim() == 0 || b.dim() == 0) {
      throw new IllegalArgumentException(
          op
              + ": both arguments need to be at least 1-D, got shapes "
              + Shapes.str(a.shape())
              + " and "
              + Shapes.str(b.shape()));
    }
    boolean rowVector = a.dim() == 1;
    boolean colVector = b.dim() == 1;
    Tensor a2 = rowVector ? a.unsqueeze(0) : a;
    Tensor b2 = colVector ? b.unsqueeze(1) : b;
    requireInner(op, a, b, a2.size(-1), b2.size(-2));
    int m = a2.size(-2);
    int k = a2.size(-1);
    int n = b2.size(-1);
    int[] batchA = Arrays.copyOf(a2.shape(), a2.dim() - 2);
    int[] batchB = Arrays.copyOf(b2.shape(), b2.dim() - 2);
    int[] batch = Shapes.broadcast(op, batchA, batchB);
    int[] shape = batch;
    if (!rowVector) {
      shape = concat(shape, m);
    }
    if (!colVector) {
      shape = concat(shape, n);
    }
    if (batchB.length == 0) {
      // a stack times one matrix: fold the stack into the rows of a single product
      return new Plan(a2.reshape(1, Shapes.numel(batchA) * m, k), b2.unsqueeze(0), shape);
    }
    int count = Shapes.numel(batch);
    Tensor ae = a2.expand(concat(batch, m, k)).reshape(count, m, k);
    Tensor be = b2.expand(concat(batch, k, n)).reshape(count, k, n);
    return new Plan(ae, be, shape);
  }

  /**
   * The batched product {@code a3 @ b3} written into {@code out} of the user's {@code shape}:
   * straight through the backend into a {@code [B, M, N]} view of {@code out} when one exists and
   * {@code out} shares no memory with an operand, else through a new tensor and a copy.
   */
  private static Tensor into(String op, Tensor a3, Tensor b3, int[] shape, Tensor out) {
    Objects.requireNonNull(out, op + ": out must be a tensor, got null");
    DType t = commonType(op, a3, b3);
    if (!Arrays.equals(out.shape(), shape) || out.dtype() != t || out.device() != a3.device()) {
      throw new IllegalArgumentException(
          op
              + ": out has shape "
              + Shapes.str(out.shape())
              + ", dtype "
              + out.dtype()
              + " and device "
              + out.device()
              + ", expected shape "
              + Shapes.str(shape)
              + ", dtype "
              + t
              + " and device "
              + a3.device());
    }
    InPlace.checkNoOverlap(op, out);
    if ((out.requiresGrad() && GradMode.isEnabled()) || Autograd.isRecording(a3, b3)) {
      throw new IllegalArgumentException(
          op
              + ": out= arguments don't support automatic differentiation, but one of the"
              + " arguments requires grad; run it under Autograd.noGrad()");
    }
    int[] shape3 = {a3.size(0), a3.size(1), b3.size(2)};
    boolean viewable = Shapes.viewStrides(out.shape(), out.strides(), shape3) != null;
    Object mem = out.storage().array();
    boolean aliased = a3.storage().array() == mem || b3.storage().array() == mem;
    try (var scope = Autograd.noGrad()) {
      if (!viewable || aliased) {
        out.copy_(batched(op, a3, b3).reshape(shape));
      } else {
        Backends.of(out.device()).matmul(a3, b3, out.view(shape3));
        out.bumpVersion();
      }
    }
    return out;
  }

  private static void requireInner(String op, Tensor a, Tensor b, int k1, int k2) {
    if (k1 != k2) {
      throw new IllegalArgumentException(
          op
              + ": shapes "
              + Shapes.str(a.shape())
              + " and "
              + Shapes.str(b.shape())
              + " cannot be multiplied ("
              + k1
              + " != "
              + k2
              + ")");
    }
  }

  private static void requireRanks(String op, Tensor a, int ra, Tensor b, int rb) {
    if (a.dim() != ra || b.dim() != rb) {
      throw new IllegalArgumentException(
          op
              + ": expected "
              + ra
              + "-D and "
              + rb
              + "-D operands, got shapes "
              + Shapes.str(a.shape())
              + " and "
              + Shapes.str(b.shape()));
    }
  }

  /** {@code a [N, K] @ b [K, M]}. */
  public static Tensor mm(Tensor a, Tensor b) {
    requireRanks(MM.name(), a, 2, b, 2);
    requireInner(MM.name(), a, b, a.size(1), b.size(0));
    return batched(MM.name(), a.unsqueeze(0), b.unsqueeze(0)).squeeze(0);
  }

  /**
   * {@link #mm(Tensor, Tensor)} written into {@code out} ({@code torch.mm(a, b, out=c)}); see
   * {@link #matmul(Tensor, Tensor, Tensor)} for the rules on {@code out}.
   *
   * @return {@code out}
   */
  public static Tensor mm(Tensor a, Tensor b, Tensor out) {
    requireRanks(MM.name(), a, 2, b, 2);
    return into2d(MM.name(), a, b, out);
  }

  /** {@code a [B, N, K] @ b [B, K, M]} with equal batch sizes (no broadcasting, as in PyTorch). */
  public static Tensor bmm(Tensor a, Tensor b) {
    requireRanks(BMM.name(), a, 3, b, 3);
    if (a.size(0) != b.size(0)) {
      throw new IllegalArgumentException(
          BMM.name()
              + ": batch sizes differ, shapes "
              + Shapes.str(a.shape())
              + " and "
              + Shapes.str(b.shape()));
    }
    requireInner(BMM.name(), a, b, a.size(2), b.size(1));
    return batched(BMM.name(), a, b);
  }

  /** Matrix times vector: {@code a [N, K] @ v [K] -> [N]}. */
  public static Tensor mv(Tensor a, Tensor v) {
    requireRanks(MV.name(), a, 2, v, 1);
    requireInner(MV.name(), a, v, a.size(1), v.size(0));
    return batched(MV.name(), a.unsqueeze(0), v.reshape(1, v.size(0), 1)).reshape(a.size(0));
  }

  /** The inner product of two 1-D tensors of one size, as a 0-dim tensor. */
  public static Tensor dot(Tensor a, Tensor b) {
    return inner(DOT.name(), a, b);
  }

  /**
   * {@code dot} with the first operand conjugated; Kiln has only real dtypes, so it equals {@link
   * #dot}.
   */
  public static Tensor vdot(Tensor a, Tensor b) {
    return inner(VDOT.name(), a, b);
  }

  private static Tensor inner(String op, Tensor a, Tensor b) {
    requireRanks(op, a, 1, b, 1);
    if (a.size(0) != b.size(0)) {
      throw new IllegalArgumentException(
          op
              + ": expected 1-D tensors of one size, got shapes "
              + Shapes.str(a.shape())
              + " and "
              + Shapes.str(b.shape()));
    }
    int k = a.size(0);
    return batched(op, a.reshape(1, 1, k), b.reshape(1, k, 1)).reshape();
  }

  /** The outer product {@code a [N] x b [M] -> [N, M]} (dtypes promote as for {@code mul}). */
  public static Tensor outer(Tensor a, Tensor b) {
    requireRanks(OUTER.name(), a, 1, b, 1);
    return BinaryOps.MUL.apply(a.unsqueeze(1), b.unsqueeze(0));
  }

  /**
   * {@code beta * input + alpha * (m1 @ m2)}, {@code input} broadcast to the product's shape; with
   * {@code beta == 0} the input is ignored (its NaNs do not propagate), as in PyTorch. With {@code
   * beta == alpha == 1} and operands of one floating dtype (a Linear layer's {@code bias.addmm(x,
   * weight.t())}) the input is added into the product in place and one node records both: no second
   * output tensor and no separate add node.
   */
  public static Tensor addmm(Tensor input, Tensor m1, Tensor m2, double beta, double alpha) {
    boolean fused =
        beta == 1
            && alpha == 1
            && m1.dtype().isFloatingPoint()
            && input.dtype() == m1.dtype()
            && input.dim() <= 2;
    if (!fused) {
      return scaledAdd(ADDMM.name(), input, mm(m1, m2), beta, alpha);
    }
    String op = ADDMM.name();
    requireRanks(op, m1, 2, m2, 2);
    requireInner(op, m1, m2, m1.size(1), m2.size(0));
    DType t = commonType(op, m1, m2);
    int[] shape = {m1.size(0), m2.size(1)};
    requireBroadcast(op, input, shape);
    Tensor out = Tensor.empty(t, shape);
    try (var scope = Autograd.noGrad()) {
      Backends.of(m1.device()).matmul(m1.unsqueeze(0), m2.unsqueeze(0), out.unsqueeze(0));
      out.add_(input);
    }
    if (!Autograd.isRecording(input, m1, m2)) {
      return out;
    }
    Derivative grad =
        (node, g) -> {
          Tensor g3 = g.unsqueeze(0);
          Tensor a3 = node.input(1).unsqueeze(0);
          Tensor b3 = node.input(2).unsqueeze(0);
          return new Tensor[] {
            node.needsGrad(0) ? Derivatives.sumToShape(g, node.inputShape(0)) : null,
            node.needsGrad(1) ? leftGrad(op, g3, b3, a3).squeeze(0) : null,
            node.needsGrad(2) ? rightGrad(op, a3, g3, b3).squeeze(0) : null
          };
        };
    return Autograd.record(op, out, grad, input, m1, m2);
  }

  /** {@code beta * input + alpha * bmm(b1, b2)}, as {@link #addmm} for stacks of matrices. */
  public static Tensor baddbmm(Tensor input, Tensor b1, Tensor b2, double beta, double alpha) {
    return scaledAdd(BADDBMM.name(), input, bmm(b1, b2), beta, alpha);
  }

  private static Tensor scaledAdd(
      String op, Tensor input, Tensor product, double beta, double alpha) {
    requireBroadcast(op, input, product.shape());
    Tensor p = alpha == 1 ? product : BinaryOps.MUL.apply(product, number(alpha, product));
    if (beta == 0) {
      return p;
    }
    Tensor in = beta == 1 ? input : BinaryOps.MUL.apply(input, number(beta, input));
    return BinaryOps.ADD.apply(in, p);
  }

  private static void requireBroadcast(String op, Tensor input, int[] shape) {
    if (!Arrays.equals(Shapes.broadcast(op, input.shape(), shape), shape)) {
      throw new IllegalArgumentException(
          op
              + ": input of shape "
              + Shapes.str(input.shape())
              + " cannot be broadcast to the product's shape "
              + Shapes.str(shape));
    }
  }

  /** A Java scalar as an operand that keeps {@code like}'s dtype where the value allows it. */
  private static Tensor number(double value, Tensor like) {
    if (!like.dtype().isFloatingPoint() && value == Math.rint(value)) {
      return Tensor.wrapNumber((long) value);
    }
    return Tensor.wrapNumber(value);
  }

  static int[] concat(int[] head, int... tail) {
    int[] r = Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, r, head.length, tail.length);
    return r;
  }
}
