package dev.kiln.ops;

import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code einsum}: Einstein summation over any number of operands. Each operand first takes the
 * diagonal of repeated subscripts and sums out subscripts no one else needs; operands are then
 * aligned to one dim per subscript (size 1 where absent, so they broadcast) and contracted left to
 * right, each pair as one batched GEMM.
 */
public final class EinsumOps {
  private EinsumOps() {}

  public static final CompositeOp EINSUM = new CompositeOp("einsum");

  /** Every declaration in this file, for {@link OpRegistry}. */
  public static final List<OpDef> ALL = List.of(EINSUM);

  /**
   * Evaluates {@code equation} (PyTorch's syntax: letters, {@code ...} for broadcast dims, {@code
   * ->} before the output; without {@code ->} the output is the ellipsis dims then the letters used
   * once, in alphabetical order, uppercase first) over {@code operands}.
   *
   * @throws IllegalArgumentException for a malformed equation (the message gives the position of
   *     the offending character), an operand count or rank that does not match it, or a subscript
   *     whose sizes differ between operands
   */
  public static Tensor einsum(String equation, Tensor... operands) {
    EinsumEquation eq = EinsumEquation.parse(equation, operands);
    int n = operands.length;
    List<Tensor> aligned = new ArrayList<>();
    List<int[]> labels = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Tensor t = operands[i];
      int[] l = eq.inputs().get(i);
      while (true) {
        int[] pair = repeated(l);
        if (pair == null) {
          break;
        }
        eq.requireSameSize(i, l[pair[0]], t.size(pair[0]), t.size(pair[1]));
        t = t.diagonal(0, pair[0], pair[1]);
        l = withoutPair(l, pair);
      }
      labels.add(l);
      aligned.add(align(t, l, eq.universe()));
    }
    eq.checkSizes(aligned);
    int rank = eq.universe().length;
    // sum out what only one operand has and the output does not keep
    for (int i = 0; i < n; i++) {
      boolean[] own = new boolean[rank];
      for (int label : labels.get(i)) {
        if (!eq.inOutput(label) && !usedBy(labels, label, i, 0, n)) {
          own[eq.pos(label)] = true;
        }
      }
      aligned.set(i, sumDims(aligned.get(i), own));
    }
    Tensor result = aligned.get(0);
    for (int i = 1; i < n; i++) {
      boolean[] sum = new boolean[rank];
      for (int d = 0; d < rank; d++) {
        int label = eq.universe()[d];
        sum[d] = !eq.inOutput(label) && !usedBy(labels, label, -1, i + 1, n);
      }
      result = contract(result, aligned.get(i), sum);
    }
    int[] out = eq.output();
    int[] sorted = out.clone();
    Arrays.sort(sorted);
    int[] sizes = new int[out.length];
    for (int j = 0; j < sorted.length; j++) {
      sizes[j] = result.size(eq.pos(sorted[j]));
    }
    int[] perm = new int[out.length];
    for (int j = 0; j < out.length; j++) {
      perm[j] = Arrays.binarySearch(sorted, out[j]);
    }
    return result.reshape(sizes).permute(perm);
  }

  /** The first two positions holding one label, or null. */
  private static int[] repeated(int[] l) {
    for (int i = 0; i < l.length; i++) {
      for (int j = i + 1; j < l.length; j++) {
        if (l[i] == l[j]) {
          return new int[] {i, j};
        }
      }
    }
    return null;
  }

  /** Labels after {@code diagonal}: the pair removed, their label appended. */
  private static int[] withoutPair(int[] l, int[] pair) {
    int[] r = new int[l.length - 1];
    int j = 0;
    for (int i = 0; i < l.length; i++) {
      if (i != pair[0] && i != pair[1]) {
        r[j++] = l[i];
      }
    }
    r[j] = l[pair[0]];
    return r;
  }

  /** Whether an operand in {@code [from, to)} other than {@code skip} has {@code label}. */
  private static boolean usedBy(List<int[]> labels, int label, int skip, int from, int to) {
    for (int i = from; i < to; i++) {
      if (i != skip && Arrays.stream(labels.get(i)).anyMatch(l -> l == label)) {
        return true;
      }
    }
    return false;
  }

  /** {@code t} (distinct labels) permuted to universe order with size-1 dims for absent labels. */
  private static Tensor align(Tensor t, int[] labels, int[] universe) {
    int[] perm = new int[labels.length];
    int[] shape = new int[universe.length];
    Arrays.fill(shape, 1);
    int j = 0;
    for (int d = 0; d < universe.length; d++) {
      for (int k = 0; k < labels.length; k++) {
        if (labels[k] == universe[d]) {
          perm[j++] = k;
          shape[d] = t.size(k);
        }
      }
    }
    return t.permute(perm).reshape(shape);
  }

  private static Tensor sumDims(Tensor t, boolean[] dims) {
    int[] d = indices(dims);
    return d.length == 0 ? t : ReduceOps.SUM.apply(t, d, true);
  }

  private static int[] indices(boolean[] mask) {
    int[] r = new int[mask.length];
    int n = 0;
    for (int d = 0; d < mask.length; d++) {
      if (mask[d]) {
        r[n++] = d;
      }
    }
    return Arrays.copyOf(r, n);
  }

  /**
   * Multiplies two aligned operands and sums the {@code sum} dims, as one batched GEMM: dims both
   * have are batch dims, dims only one has are its rows or columns.
   */
  private static Tensor contract(Tensor a, Tensor b, boolean[] sum) {
    int rank = sum.length;
    boolean[] sumA = new boolean[rank];
    boolean[] sumB = new boolean[rank];
    for (int d = 0; d < rank; d++) {
      sumA[d] = sum[d] && b.size(d) == 1 && a.size(d) != 1;
      sumB[d] = sum[d] && a.size(d) == 1 && b.size(d) != 1;
    }
    a = sumDims(a, sumA);
    b = sumDims(b, sumB);
    List<Integer> batch = new ArrayList<>();
    List<Integer> left = new ArrayList<>();
    List<Integer> right = new ArrayList<>();
    List<Integer> inner = new ArrayList<>();
    List<Integer> ones = new ArrayList<>();
    for (int d = 0; d < rank; d++) {
      boolean inA = a.size(d) != 1;
      boolean inB = b.size(d) != 1;
      if (sum[d]) {
        (inA ? inner : ones).add(d);
      } else if (inA && inB) {
        batch.add(d);
      } else if (inB) {
        right.add(d);
      } else {
        left.add(d);
      }
    }
    Tensor pa = a.permute(cat(batch, left, inner, right, ones));
    Tensor pb = b.permute(cat(batch, inner, right, left, ones));
    int nb = product(a, batch);
    int m = product(a, left);
    int k = product(a, inner);
    int n = product(b, right);
    Tensor r = MatmulOps.batched(EINSUM.name(), pa.reshape(nb, m, k), pb.reshape(nb, k, n));
    List<Integer> kept = new ArrayList<>(batch);
    kept.addAll(left);
    kept.addAll(right);
    int[] keptShape = new int[kept.size()];
    for (int j = 0; j < kept.size(); j++) {
      int d = kept.get(j);
      keptShape[j] = right.contains(d) ? b.size(d) : a.size(d);
    }
    int[] order = kept.stream().mapToInt(Integer::intValue).sorted().toArray();
    int[] perm = new int[order.length];
    int[] full = new int[rank];
    Arrays.fill(full, 1);
    for (int j = 0; j < order.length; j++) {
      perm[j] = kept.indexOf(order[j]);
      full[order[j]] = keptShape[perm[j]];
    }
    return r.reshape(keptShape).permute(perm).reshape(full);
  }

  @SafeVarargs
  private static int[] cat(List<Integer>... lists) {
    return Arrays.stream(lists).flatMap(List::stream).mapToInt(Integer::intValue).toArray();
  }

  private static int product(Tensor t, List<Integer> dims) {
    int p = 1;
    for (int d : dims) {
      p *= t.size(d);
    }
    return p;
  }
}
