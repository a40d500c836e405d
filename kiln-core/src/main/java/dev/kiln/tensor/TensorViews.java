package dev.kiln.tensor;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.Derivatives;
import dev.kiln.ops.ViewOp;
import dev.kiln.ops.ViewOps;
import java.util.Arrays;

/**
 * Zero-copy views and layout conversions of a {@link Tensor}: each view shares its storage with the
 * original, exactly as in PyTorch, so writing through one is seen through the other.
 */
public abstract sealed class TensorViews extends TensorCore permits TensorPointwise {
  TensorViews(Storage s, DType d, int[] shape, int[] strides, int offset, boolean wrapped) {
    super(s, d, shape, strides, offset, wrapped);
  }

  /** A view of this tensor made by {@code op}; shares the version counter and is recorded. */
  private Tensor viewOf(ViewOp op, int[] newShape, int[] newStrides, int newOffset) {
    return viewOf(op, newShape, newStrides, newOffset, null);
  }

  /** A view of this tensor; {@code dims} is the permutation a transpose or permute made. */
  private Tensor viewOf(ViewOp op, int[] newShape, int[] newStrides, int newOffset, int[] dims) {
    Tensor v = Tensor.wrap(storage, dtype, newShape, newStrides, newOffset);
    v.base = base != null ? base : this;
    return requiresGrad() ? op.derivative().record(op.name(), self(), v, dims) : v;
  }

  /** The permutation that swaps dims a and b of a rank-n tensor. */
  private static int[] swap(int n, int a, int b) {
    int[] dims = new int[n];
    for (int i = 0; i < n; i++) {
      dims[i] = i;
    }
    dims[a] = b;
    dims[b] = a;
    return dims;
  }

  /**
   * A view with a new shape of the same number of elements; one size may be -1 (inferred). Fails
   * when the strides cannot express the new shape (use {@link #reshape} then).
   */
  public final Tensor view(int... newShape) {
    int[] target = Shapes.inferSize("view", newShape, numel());
    int[] newStrides = Shapes.viewStrides(shape, strides, target);
    if (newStrides == null) {
      throw new IllegalStateException(
          "view: size "
              + Shapes.str(target)
              + " is not compatible with input tensor's size "
              + Shapes.str(shape)
              + " and stride "
              + Shapes.str(strides)
              + " (at least one dimension spans across two contiguous subspaces); use"
              + " .reshape(...) instead");
    }
    return viewOf(ViewOps.VIEW, target, newStrides, offset);
  }

  /** Like {@link #view}, but copies when no view can express the new shape. */
  public final Tensor reshape(int... newShape) {
    int[] target = Shapes.inferSize("reshape", newShape, numel());
    int[] newStrides = Shapes.viewStrides(shape, strides, target);
    if (newStrides != null) {
      return viewOf(ViewOps.VIEW, target, newStrides, offset);
    }
    return self().contiguous().view(target);
  }

  /** Flattens all dims into one (a view when possible). */
  public final Tensor flatten() {
    return flatten(0, -1);
  }

  /** Flattens dims {@code startDim..endDim} (inclusive) into one. */
  public final Tensor flatten(int startDim, int endDim) {
    int s = Shapes.normalizeDim("flatten", startDim, shape.length);
    int e = Shapes.normalizeDim("flatten", endDim, shape.length);
    if (shape.length == 0) {
      return reshape(1);
    }
    if (s > e) {
      throw new IllegalArgumentException(
          "flatten: start_dim (" + startDim + ") cannot come after end_dim (" + endDim + ")");
    }
    int[] out = new int[shape.length - (e - s)];
    int j = 0;
    for (int d = 0; d < shape.length; d++) {
      if (d > s && d <= e) {
        out[j - 1] *= shape[d];
      } else {
        out[j++] = shape[d];
      }
    }
    return reshape(out);
  }

  /** Splits dim {@code dim} into {@code sizes} (one may be -1, inferred). */
  public final Tensor unflatten(int dim, int... sizes) {
    int d = Shapes.normalizeDim("unflatten", dim, shape.length);
    if (sizes.length == 0) {
      throw new IllegalArgumentException("unflatten: sizes must be non-empty");
    }
    int[] sz;
    try {
      sz = Shapes.inferSize("unflatten", sizes, shape[d]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          e.getMessage() + " (dim " + d + " of shape " + Shapes.str(shape) + ")", e);
    }
    int[] out = new int[shape.length - 1 + sz.length];
    System.arraycopy(shape, 0, out, 0, d);
    System.arraycopy(sz, 0, out, d, sz.length);
    System.arraycopy(shape, d + 1, out, d + sz.length, shape.length - d - 1);
    return view(out);
  }

  /** Swaps two dims. */
  public final Tensor transpose(int dim0, int dim1) {
    int a = Shapes.normalizeDim("transpose", dim0, shape.length);
    int b = Shapes.normalizeDim("transpose", dim1, shape.length);
    if (shape.length == 0) {
      return viewOf(ViewOps.TRANSPOSE, shape, strides, offset, new int[0]);
    }
    int[] sh = shape.clone();
    int[] st = strides.clone();
    sh[a] = shape[b];
    sh[b] = shape[a];
    st[a] = strides[b];
    st[b] = strides[a];
    return viewOf(
        ViewOps.TRANSPOSE, sh, st, offset, requiresGrad() ? swap(shape.length, a, b) : null);
  }

  /** Reorders dims: output dim i is input dim {@code dims[i]}. */
  public final Tensor permute(int... dims) {
    if (dims.length != shape.length) {
      throw new IllegalArgumentException(
          "permute: number of dims don't match: got "
              + dims.length
              + " dims for a tensor of shape "
              + Shapes.str(shape));
    }
    int[] d = Shapes.normalizeDims("permute", dims, shape.length);
    int[] sh = new int[d.length];
    int[] st = new int[d.length];
    for (int i = 0; i < d.length; i++) {
      sh[i] = shape[d[i]];
      st[i] = strides[d[i]];
    }
    return viewOf(ViewOps.PERMUTE, sh, st, offset, d);
  }

  /** Transpose of a tensor with at most 2 dims (a 0-D or 1-D tensor is returned as is). */
  public final Tensor t() {
    if (shape.length > 2) {
      throw new IllegalArgumentException(
          "t: expects a tensor with <= 2 dimensions, but self is " + shape.length + "D");
    }
    return shape.length < 2 ? viewOf(ViewOps.T, shape, strides, offset) : transpose(0, 1);
  }

  /** Transposes the last two dims (a batch of matrices). */
  public final Tensor mT() {
    if (shape.length < 2) {
      throw new IllegalArgumentException(
          "mT: tensor.mT is only supported on matrices or batches of matrices. Got "
              + shape.length
              + "-D tensor.");
    }
    return transpose(-2, -1);
  }

  /**
   * Broadcasts to a larger shape without copying: size-1 dims repeat (stride 0), new leading dims
   * are added, and -1 keeps a size.
   */
  public final Tensor expand(int... sizes) {
    if (sizes.length < shape.length) {
      throw new IllegalArgumentException(
          "expand: the number of sizes provided ("
              + sizes.length
              + ") must be greater or equal to the number of dimensions in the tensor ("
              + shape.length
              + ")");
    }
    int[] sh = new int[sizes.length];
    int[] st = new int[sizes.length];
    int lead = sizes.length - shape.length;
    for (int i = 0; i < sizes.length; i++) {
      int j = i - lead;
      int want = sizes[i];
      if (j < 0) {
        if (want < 0) {
          throw new IllegalArgumentException(
              "expand: the expanded size "
                  + want
                  + " is not allowed in a leading, non-existing"
                  + " dimension "
                  + i);
        }
        sh[i] = want;
        st[i] = 0;
      } else if (want < -1) {
        throw new IllegalArgumentException(
            "expand: the expanded size " + want + " at dimension " + i + " is negative");
      } else if (want == -1 || want == shape[j]) {
        sh[i] = shape[j];
        st[i] = strides[j];
      } else if (shape[j] == 1) {
        sh[i] = want;
        st[i] = 0;
      } else {
        throw new IllegalArgumentException(
            "expand: the expanded size of the tensor ("
                + want
                + ") must match the existing size ("
                + shape[j]
                + ") at non-singleton dimension "
                + i
                + ".  Target sizes: "
                + Shapes.str(sizes)
                + ".  Tensor sizes: "
                + Shapes.str(shape));
      }
    }
    return viewOf(ViewOps.EXPAND, sh, st, offset);
  }

  /** Expands to the shape of {@code other}. */
  public final Tensor expandAs(Tensor other) {
    return expand(other.shape);
  }

  /** Removes every size-1 dim. */
  public final Tensor squeeze() {
    int n = 0;
    for (int s : shape) {
      n += s == 1 ? 0 : 1;
    }
    int[] sh = new int[n];
    int[] st = new int[n];
    int j = 0;
    for (int d = 0; d < shape.length; d++) {
      if (shape[d] != 1) {
        sh[j] = shape[d];
        st[j++] = strides[d];
      }
    }
    return viewOf(ViewOps.SQUEEZE, sh, st, offset);
  }

  /** Removes the given dims where they have size 1 (others are left as they are). */
  public final Tensor squeeze(int... dims) {
    int[] ds = Shapes.normalizeDims("squeeze", dims, shape.length);
    boolean[] drop = new boolean[Math.max(shape.length, 1)];
    for (int d : ds) {
      drop[d] = shape.length > 0 && shape[d] == 1;
    }
    int n = 0;
    for (int d = 0; d < shape.length; d++) {
      n += drop[d] ? 0 : 1;
    }
    int[] sh = new int[n];
    int[] st = new int[n];
    int j = 0;
    for (int d = 0; d < shape.length; d++) {
      if (!drop[d]) {
        sh[j] = shape[d];
        st[j++] = strides[d];
      }
    }
    return viewOf(ViewOps.SQUEEZE, sh, st, offset);
  }

  /** Inserts a size-1 dim at {@code dim} (in {@code [-dim()-1, dim()]}). */
  public final Tensor unsqueeze(int dim) {
    int d = Shapes.normalizeDim("unsqueeze", dim, shape.length + 1);
    int[] sh = new int[shape.length + 1];
    int[] st = new int[shape.length + 1];
    for (int i = 0, j = 0; i < sh.length; i++) {
      if (i == d) {
        sh[i] = 1;
        st[i] = d < shape.length ? strides[d] * shape[d] : 1;
      } else {
        sh[i] = shape[j];
        st[i] = strides[j++];
      }
    }
    return viewOf(ViewOps.UNSQUEEZE, sh, st, offset);
  }

  /** The {@code length} elements of dim {@code dim} starting at {@code start}. */
  public final Tensor narrow(int dim, int start, int length) {
    int d = Shapes.normalizeDim("narrow", dim, shape.length);
    if (shape.length == 0) {
      throw new IllegalArgumentException("narrow: cannot be applied to a 0-dim tensor");
    }
    int s = start < 0 ? start + shape[d] : start;
    if (s < 0 || length < 0 || length > shape[d] - s) {
      throw new IndexOutOfBoundsException(
          "narrow: start ("
              + start
              + ") + length ("
              + length
              + ") exceeds dimension size ("
              + shape[d]
              + ") of dim "
              + d
              + " of shape "
              + Shapes.str(shape));
    }
    int[] sh = shape.clone();
    sh[d] = length;
    return viewOf(ViewOps.NARROW, sh, strides, offset + s * strides[d]);
  }

  /** The slice at {@code index} of dim {@code dim}, which is removed. */
  public final Tensor select(int dim, int index) {
    if (shape.length == 0) {
      throw new IllegalArgumentException("select: cannot be applied to a 0-dim tensor");
    }
    int d = Shapes.normalizeDim("select", dim, shape.length);
    int i = index < 0 ? index + shape[d] : index;
    if (i < 0 || i >= shape[d]) {
      throw new IndexOutOfBoundsException(
          "select: index "
              + index
              + " out of range for tensor of size "
              + Shapes.str(shape)
              + " at dimension "
              + d);
    }
    int[] sh = new int[shape.length - 1];
    int[] st = new int[shape.length - 1];
    for (int k = 0, j = 0; k < shape.length; k++) {
      if (k != d) {
        sh[j] = shape[k];
        st[j++] = strides[k];
      }
    }
    return viewOf(ViewOps.SELECT, sh, st, offset + i * strides[d]);
  }

  /** Python slicing {@code x[start:stop]} along dim (negative bounds count from the end). */
  public final Tensor slice(int dim, int start, int stop) {
    return slice(dim, start, stop, 1);
  }

  /**
   * Python slicing {@code x[start:stop:step]} along dim: bounds are clamped to the dim, negative
   * ones count from the end, and {@code step} must be positive.
   */
  public final Tensor slice(int dim, int start, int stop, int step) {
    int d = Shapes.normalizeDim("slice", dim, shape.length);
    if (shape.length == 0) {
      throw new IllegalArgumentException("slice: cannot be applied to a 0-dim tensor");
    }
    if (step <= 0) {
      throw new IllegalArgumentException("slice: step must be greater than zero, got " + step);
    }
    int n = shape[d];
    int s = clampIndex(start, n);
    int e = clampIndex(stop, n);
    int len = e > s ? (e - s - 1) / step + 1 : 0;
    int[] sh = shape.clone();
    int[] st = strides.clone();
    sh[d] = len;
    st[d] = len > 1 ? strides[d] * step : strides[d];
    return viewOf(ViewOps.SLICE, sh, st, offset + (len > 0 ? s * strides[d] : 0));
  }

  private static int clampIndex(int i, int n) {
    int v = i < 0 ? i + n : i;
    return Math.max(0, Math.min(v, n));
  }

  /**
   * Sliding windows of {@code size} elements, {@code step} apart, along {@code dim}; the windows
   * become a new last dim.
   */
  public final Tensor unfold(int dim, int size, int step) {
    int d = Shapes.normalizeDim("unfold", dim, shape.length);
    int n = shape.length == 0 ? 1 : shape[d];
    if (size < 0 || size > n) {
      throw new IllegalArgumentException(
          "unfold: maximum size for tensor at dimension "
              + d
              + " is "
              + n
              + " but size is "
              + size);
    }
    if (step <= 0) {
      throw new IllegalArgumentException("unfold: step is " + step + " but must be > 0");
    }
    int[] sh = Arrays.copyOf(shape, shape.length + 1);
    int[] st = Arrays.copyOf(strides, strides.length + 1);
    int dimStride = shape.length == 0 ? 1 : strides[d];
    if (shape.length > 0) {
      sh[d] = (n - size) / step + 1;
      st[d] = sh[d] > 1 ? dimStride * step : dimStride;
    }
    sh[shape.length] = size;
    st[shape.length] = dimStride;
    return viewOf(ViewOps.UNFOLD, sh, st, offset);
  }

  /** The main diagonal over dims 0 and 1 (PyTorch's defaults {@code offset=0, dim1=0, dim2=1}). */
  public final Tensor diagonal() {
    return diagonal(0, 0, 1);
  }

  /**
   * The diagonal with the given offset over dims {@code dim1} and {@code dim2}; those dims are
   * removed and the diagonal becomes a new last dim.
   */
  public final Tensor diagonal(int diagOffset, int dim1, int dim2) {
    int a = Shapes.normalizeDim("diagonal", dim1, shape.length);
    int b = Shapes.normalizeDim("diagonal", dim2, shape.length);
    if (a == b) {
      throw new IllegalArgumentException(
          "diagonal: dimensions cannot be identical "
              + dim1
              + ", "
              + dim2
              + " (shape "
              + Shapes.str(shape)
              + ")");
    }
    int len;
    int off = offset;
    if (diagOffset >= 0) {
      len = Math.max(0, Math.min(shape[a], shape[b] - diagOffset));
      off += len > 0 ? diagOffset * strides[b] : 0;
    } else {
      len = Math.max(0, Math.min(shape[a] + diagOffset, shape[b]));
      off -= len > 0 ? diagOffset * strides[a] : 0;
    }
    int[] sh = new int[shape.length - 1];
    int[] st = new int[shape.length - 1];
    int j = 0;
    for (int d = 0; d < shape.length; d++) {
      if (d != a && d != b) {
        sh[j] = shape[d];
        st[j++] = strides[d];
      }
    }
    sh[j] = len;
    st[j] = strides[a] + strides[b];
    return viewOf(ViewOps.DIAGONAL, sh, st, off);
  }

  /** Like {@link #asStrided(int[], int[], int)} with this tensor's storage offset. */
  public final Tensor asStrided(int[] size, int[] stride) {
    return asStrided(size, stride, offset);
  }

  /**
   * A view with explicit sizes, strides and storage offset over this tensor's storage. Fails when
   * the view would reach outside the storage.
   */
  public final Tensor asStrided(int[] size, int[] stride, int storageOffset) {
    if (size.length != stride.length) {
      throw new IllegalArgumentException(
          "asStrided: mismatch in length of strides and shape ("
              + stride.length
              + " vs "
              + size.length
              + ")");
    }
    long maxIndex = storageOffset;
    boolean empty = false;
    for (int i = 0; i < size.length; i++) {
      if (size[i] < 0 || stride[i] < 0) {
        throw new IllegalArgumentException(
            "asStrided: negative size or stride: size "
                + Shapes.str(size)
                + ", stride "
                + Shapes.str(stride));
      }
      empty |= size[i] == 0;
      maxIndex += (long) (size[i] - 1) * stride[i];
    }
    if (storageOffset < 0 || (!empty && maxIndex >= storage.length())) {
      throw new IndexOutOfBoundsException(
          "asStrided: sizes "
              + Shapes.str(size)
              + ", strides "
              + Shapes.str(stride)
              + " and storage offset "
              + storageOffset
              + " require a storage of "
              + (maxIndex + 1)
              + " elements, but the storage has "
              + storage.length());
    }
    return viewOf(ViewOps.AS_STRIDED, size.clone(), stride.clone(), storageOffset);
  }

  /** This tensor if contiguous, otherwise a contiguous copy. */
  public final Tensor contiguous() {
    return isContiguous() ? self() : self().clone();
  }

  /** A contiguous copy with its own storage (same dtype). */
  @Override
  public final Tensor clone() {
    Tensor out = Tensor.empty(dtype, shape);
    backend().copy(self(), out);
    return requiresGrad() ? Autograd.record("clone", out, Derivatives::identity, self()) : out;
  }

  /** This tensor converted to {@code target} (itself when already of that dtype). */
  public final Tensor to(DType target) {
    if (target == dtype) {
      return self();
    }
    Tensor out = Tensor.empty(target, shape);
    backend().copy(self(), out);
    return requiresGrad() ? Autograd.record("to", out, Derivatives::identity, self()) : out;
  }

  /** This tensor on {@code target} (only the CPU exists, so this is itself). */
  public final Tensor to(Device target) {
    if (!target.equals(Device.CPU)) {
      throw new IllegalArgumentException("to: unsupported device " + target);
    }
    return self();
  }

  /** A view sharing storage that does not require grad and is cut from the autograd graph. */
  public final Tensor detach() {
    return viewOf(ViewOps.DETACH, shape, strides, offset);
  }
}
