package dev.kiln.ops;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.TypePromotion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Matrix-shaped ops that are not products of two matrices: {@code tril}, {@code triu}, {@code
 * trace}, {@code cross}, {@code kron} and {@code tensordot} (the last a reshape around one GEMM).
 */
public final class LinalgOps {
  private LinalgOps() {}

  public static final CompositeOp TRIL = new CompositeOp("tril");
  public static final CompositeOp TRIU = new CompositeOp("triu");
  public static final CompositeOp TRACE = new CompositeOp("trace");
  public static final CompositeOp CROSS = new CompositeOp("cross");
  public static final CompositeOp KRON = new CompositeOp("kron");
  public static final CompositeOp TENSORDOT = new CompositeOp("tensordot");

  /** Every declaration in this file, for {@link OpRegistry}. */
  public static final List<OpDef> ALL = List.of(TRIL, TRIU, TRACE, CROSS, KRON, TENSORDOT);

  /**
   * The lower triangle of the last two dims: elements with {@code col - row <= diagonal} are kept,
   * the rest set to 0.
   */
  public static Tensor tril(Tensor x, int diagonal) {
    return triangle(TRIL.name(), x, diagonal, true);
  }

  /** The upper triangle of the last two dims: elements with {@code col - row >= diagonal} kept. */
  public static Tensor triu(Tensor x, int diagonal) {
    return triangle(TRIU.name(), x, diagonal, false);
  }

  private static Tensor triangle(String op, Tensor x, int diagonal, boolean lower) {
    requireMatrix(op, x);
    int m = x.size(-2);
    int n = x.size(-1);
    Tensor rows = Tensor.arange(m).unsqueeze(1);
    Tensor offsets = BinaryOps.SUB.apply(Tensor.arange(n), rows);
    Tensor k = Tensor.wrapNumber((long) diagonal);
    Tensor keep = lower ? BinaryOps.LE.apply(offsets, k) : BinaryOps.GE.apply(offsets, k);
    return PointwiseOps.where(keep, x, Tensor.scalar(0, x.dtype()));
  }

  /** Throws unless {@code x} has at least two dims. */
  static void requireMatrix(String op, Tensor x) {
    if (x.dim() < 2) {
      throw new IllegalArgumentException(
          op + ": expected a tensor with 2 or more dims, got shape " + Shapes.str(x.shape()));
    }
  }

  /** The sum of the main diagonal of a 2-D tensor (integers sum to int64, as {@code sum}). */
  public static Tensor trace(Tensor x) {
    if (x.dim() != 2) {
      throw new IllegalArgumentException(
          TRACE.name() + ": expected a 2-D tensor, got shape " + Shapes.str(x.shape()));
    }
    return ReduceOps.SUM.apply(x.diagonal(), new int[0], false);
  }

  /**
   * The cross product of 3-vectors along {@code dim} (PyTorch's {@code linalg.cross}); the operands
   * broadcast and must have size 3 on {@code dim}.
   */
  public static Tensor cross(Tensor a, Tensor b, int dim) {
    String op = CROSS.name();
    int[] shape = Shapes.broadcast(op, a.shape(), b.shape());
    int d = Shapes.normalizeDim(op, dim, shape.length);
    if (shape[d] != 3) {
      throw new IllegalArgumentException(
          op
              + ": expected size 3 at dim "
              + dim
              + ", got shapes "
              + Shapes.str(a.shape())
              + " and "
              + Shapes.str(b.shape()));
    }
    Tensor ae = a.expand(shape);
    Tensor be = b.expand(shape);
    DType t = TypePromotion.resultType(a, b);
    Tensor out = Tensor.empty(t, shape);
    for (int i = 0; i < 3; i++) {
      int j = (i + 1) % 3;
      int k = (i + 2) % 3;
      Tensor c =
          BinaryOps.SUB.apply(
              BinaryOps.MUL.apply(ae.select(d, j), be.select(d, k)),
              BinaryOps.MUL.apply(ae.select(d, k), be.select(d, j)));
      out.select(d, i).copy_(c);
    }
    return out;
  }

  /**
   * The Kronecker product: for operands padded with leading 1s to one rank, {@code out[i * nb + j]
   * = a[i] * b[j]} in every dim.
   */
  public static Tensor kron(Tensor a, Tensor b) {
    int rank = Math.max(a.dim(), b.dim());
    int[] sa = padded(a.shape(), rank);
    int[] sb = padded(b.shape(), rank);
    int[] ia = new int[2 * rank];
    int[] ib = new int[2 * rank];
    int[] out = new int[rank];
    for (int d = 0; d < rank; d++) {
      ia[2 * d] = sa[d];
      ia[2 * d + 1] = 1;
      ib[2 * d] = 1;
      ib[2 * d + 1] = sb[d];
      out[d] = sa[d] * sb[d];
    }
    return BinaryOps.MUL.apply(a.reshape(ia), b.reshape(ib)).reshape(out);
  }

  private static int[] padded(int[] shape, int rank) {
    int[] r = new int[rank];
    Arrays.fill(r, 1);
    System.arraycopy(shape, 0, r, rank - shape.length, shape.length);
    return r;
  }

  /** {@code tensordot} over the last {@code dims} dims of {@code a} and the first of {@code b}. */
  public static Tensor tensordot(Tensor a, Tensor b, int dims) {
    if (dims < 0 || dims > a.dim() || dims > b.dim()) {
      throw new IllegalArgumentException(
          TENSORDOT.name()
              + ": cannot contract "
              + dims
              + " dims of shapes "
              + Shapes.str(a.shape())
              + " and "
              + Shapes.str(b.shape()));
    }
    int[] da = new int[dims];
    int[] db = new int[dims];
    for (int i = 0; i < dims; i++) {
      da[i] = a.dim() - dims + i;
      db[i] = i;
    }
    return tensordot(a, b, da, db);
  }

  /**
   * Sums the products of {@code a} and {@code b} over the paired dims {@code dimsA[i]} and {@code
   * dimsB[i]}; the result has {@code a}'s remaining dims followed by {@code b}'s.
   */
  public static Tensor tensordot(Tensor a, Tensor b, int[] dimsA, int[] dimsB) {
    String op = TENSORDOT.name();
    if (dimsA.length != dimsB.length) {
      throw new IllegalArgumentException(
          op
              + ": both dim lists must have one length, got "
              + dimsA.length
              + " and "
              + dimsB.length);
    }
    int[] ca = Shapes.normalizeDims(op, dimsA, a.dim());
    int[] cb = Shapes.normalizeDims(op, dimsB, b.dim());
    int k = 1;
    for (int i = 0; i < ca.length; i++) {
      if (a.size(ca[i]) != b.size(cb[i])) {
        throw new IllegalArgumentException(
            op
                + ": contracted dims differ in size ("
                + a.size(ca[i])
                + " at dim "
                + ca[i]
                + " of "
                + Shapes.str(a.shape())
                + " vs "
                + b.size(cb[i])
                + " at dim "
                + cb[i]
                + " of "
                + Shapes.str(b.shape())
                + ")");
      }
      k *= a.size(ca[i]);
    }
    List<Integer> freeA = free(a.dim(), ca);
    List<Integer> freeB = free(b.dim(), cb);
    Tensor pa = a.permute(order(freeA, ca)).reshape(Shapes.numel(sizes(a, freeA)), k);
    Tensor pb = b.permute(order(cb, freeB)).reshape(k, Shapes.numel(sizes(b, freeB)));
    int[] shape = MatmulOps.concat(sizes(a, freeA), sizes(b, freeB));
    return MatmulOps.mm(pa, pb).reshape(shape);
  }

  private static List<Integer> free(int rank, int[] contracted) {
    List<Integer> r = new ArrayList<>();
    for (int d = 0; d < rank; d++) {
      final int dd = d;
      if (Arrays.stream(contracted).noneMatch(c -> c == dd)) {
        r.add(d);
      }
    }
    return r;
  }

  private static int[] order(List<Integer> first, int[] second) {
    return MatmulOps.concat(first.stream().mapToInt(Integer::intValue).toArray(), second);
  }

  private static int[] order(int[] first, List<Integer> second) {
    return MatmulOps.concat(first, second.stream().mapToInt(Integer::intValue).toArray());
  }

  private static int[] sizes(Tensor x, List<Integer> dims) {
    return dims.stream().mapToInt(x::size).toArray();
  }
}
