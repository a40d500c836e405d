package dev.kiln.backend.cpu;

import dev.kiln.backend.ReduceKind;
import dev.kiln.backend.StridedLoop;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Storage;
import dev.kiln.tensor.Tensor;
import java.util.List;

/**
 * CPU kernels for the index primitives (DESIGN: gather, scatter, index_select, index_add): one
 * gather kernel and one scatter kernel cover gather, indexSelect, take, advanced indexing, flip and
 * non-constant padding (gather) and scatter, scatterAdd, indexAdd, indexCopy, indexFill and
 * indexPut (scatter). Offsets come from {@link StridedLoop}; the only extra arithmetic is {@code
 * index value * stride of the indexed dim}, as in PyTorch's index kernels.
 *
 * <p>To move behind {@code Backend} at integration (kept out of it here to avoid a merge clash).
 */
public final class CpuIndexKernels {
  private CpuIndexKernels() {}

  /**
   * One index operand of a gather or scatter.
   *
   * @param index int64/int32 indices, already broadcast (by view) to the iteration shape
   * @param dim the indexed dim of the indexed tensor (for messages)
   * @param size that dim's size (indices must lie in {@code [0, size)}, or {@code [-size, size)}
   *     when {@code wrapNegative})
   * @param stride that dim's stride in the indexed tensor's storage
   * @param wrapNegative whether negative indices count from the end
   */
  public record IndexOperand(Tensor index, int dim, int size, int stride, boolean wrapNegative) {}

  /**
   * {@code out[e] = data[dataView(e) + sum_k index_k[e] * stride_k]} for every element {@code e} of
   * {@code out}'s shape. {@code dataView} is a view of the indexed tensor with {@code out}'s shape
   * (stride 0 on indexed dims); it and {@code out} have one dtype.
   */
  public static void gather(String op, Tensor dataView, List<IndexOperand> indices, Tensor out) {
    StridedLoop loop = plan(out.shape(), out, dataView, indices);
    Storage src = dataView.storage();
    Storage dst = out.storage();
    DType t = out.dtype();
    boolean floating = t.isFloatingPoint();
    loop.runParallel(
        (offs, strides, n) -> {
          if (constantAlongRun(indices, strides)) {
            int s = offs[1] + indexOffset(op, indices, offs, strides, 0);
            copyRun(src, s, strides[1], dst, offs[0], strides[0], n, t, floating);
            return;
          }
          for (int j = 0; j < n; j++) {
            int s = offs[1] + j * strides[1] + indexOffset(op, indices, offs, strides, j);
            copyRun(src, s, 0, dst, offs[0] + j * strides[0], 0, 1, t, floating);
          }
        });
  }

  /** Whether every index operand keeps one value along the run (e.g. indexSelect's rows). */
  private static boolean constantAlongRun(List<IndexOperand> indices, int[] strides) {
    for (int k = 0; k < indices.size(); k++) {
      if (strides[2 + k] != 0) {
        return false;
      }
    }
    return true;
  }

  /** Copies {@code n} elements from a strided run of {@code src} to one of {@code dst}. */
  private static void copyRun(
      Storage src, int s, int ss, Storage dst, int o, int os, int n, DType t, boolean floating) {
    if (src instanceof Storage.FloatStorage(float[] a)
        && dst instanceof Storage.FloatStorage(float[] b)) {
      for (int j = 0; j < n; j++) {
        b[o + j * os] = a[s + j * ss];
      }
    } else if (floating) {
      for (int j = 0; j < n; j++) {
        dst.setDouble(o + j * os, src.getDouble(s + j * ss, t), t);
      }
    } else {
      for (int j = 0; j < n; j++) {
        dst.setLong(o + j * os, src.getLong(s + j * ss, t), t);
      }
    }
  }

  /**
   * For every element {@code e} of {@code src}'s shape, combines {@code src[e]} into {@code
   * target[targetView(e) + sum_k index_k[e] * stride_k]}: replaces it when {@code reduce} is null,
   * else folds it in with SUM, PROD, MAX or MIN. Runs in element order on one thread, so with
   * duplicate indices the last write wins (PyTorch leaves that case undefined).
   */
  public static void scatter(
      String op, Tensor targetView, List<IndexOperand> indices, Tensor src, ReduceKind reduce) {
    StridedLoop loop = plan(src.shape(), targetView, src, indices);
    Storage dst = targetView.storage();
    Storage from = src.storage();
    DType t = targetView.dtype();
    boolean floating = t.isFloatingPoint();
    loop.run(
        (offs, strides, n) -> {
          for (int j = 0; j < n; j++) {
            int o = offs[0] + j * strides[0] + indexOffset(op, indices, offs, strides, j);
            int s = offs[1] + j * strides[1];
            if (floating) {
              double v = from.getDouble(s, t);
              dst.setDouble(o, reduce == null ? v : reduce.combine(dst.getDouble(o, t), v), t);
            } else {
              long v = from.getLong(s, t);
              dst.setLong(o, reduce == null ? v : reduce.combineLong(dst.getLong(o, t), v), t);
            }
          }
        });
  }

  /** The row-major positions of the non-zero elements of {@code x}, in order. */
  public static int[] nonzeroPositions(Tensor x) {
    int[] found = new int[x.numel()];
    int[] count = {0, 0};
    Storage st = x.storage();
    DType t = x.dtype();
    StridedLoop.of(x.shape(), new int[][] {x.strides()}, new int[] {x.storageOffset()})
        .run(
            (offs, strides, n) -> {
              for (int j = 0; j < n; j++) {
                if (st.getDouble(offs[0] + j * strides[0], t) != 0) {
                  found[count[1]++] = count[0];
                }
                count[0]++;
              }
            });
    return java.util.Arrays.copyOf(found, count[1]);
  }

  private static StridedLoop plan(int[] shape, Tensor a, Tensor b, List<IndexOperand> indices) {
    int ops = 2 + indices.size();
    int[][] strides = new int[ops][];
    int[] offsets = new int[ops];
    strides[0] = a.strides();
    offsets[0] = a.storageOffset();
    strides[1] = b.strides();
    offsets[1] = b.storageOffset();
    for (int k = 0; k < indices.size(); k++) {
      Tensor idx = indices.get(k).index();
      strides[2 + k] = idx.strides();
      offsets[2 + k] = idx.storageOffset();
    }
    return StridedLoop.of(shape, strides, offsets);
  }

  private static int indexOffset(
      String op, List<IndexOperand> indices, int[] offs, int[] strides, int j) {
    int off = 0;
    for (int k = 0; k < indices.size(); k++) {
      IndexOperand io = indices.get(k);
      Tensor idx = io.index();
      long v = idx.storage().getLong(offs[2 + k] + j * strides[2 + k], idx.dtype());
      long w = v < 0 && io.wrapNegative() ? v + io.size() : v;
      if (w < 0 || w >= io.size()) {
        throw new IndexOutOfBoundsException(
            op
                + ": index "
                + v
                + " is out of bounds for dimension "
                + io.dim()
                + " with size "
                + io.size());
      }
      off += (int) w * io.stride();
    }
    return off;
  }
}
