package dev.kiln.autograd;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Storage;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * Where a view's elements sit inside the tensor it was taken from, as the row-major (flat) index of
 * each into that tensor. This gives every strided view (narrow, select, diagonal, unfold,
 * asStrided, ...) one backward: the view's gradient scatter-added into zeros of the source's shape,
 * which sums the gradients of elements the view repeats.
 *
 * @param extent how many storage elements the source spans, from its offset on
 * @param source the source's shape, strides and offset, relative to its own offset
 * @param view the view's shape, strides and offset, relative to the source's offset
 */
record ViewGeometry(int extent, Layout source, Layout view) {
  /** A strided layout over a storage. */
  record Layout(int[] shape, int[] strides, int offset) {
    static Layout of(Tensor t, int origin) {
      return new Layout(t.shape(), t.strides(), t.storageOffset() - origin);
    }

    Tensor over(Storage s) {
      return Tensor.wrap(s, DType.INT64, shape, strides, offset);
    }
  }

  /** The geometry of {@code view} within {@code source} (views have non-negative strides). */
  static ViewGeometry of(Tensor source, Tensor view) {
    int origin = source.storageOffset();
    int extent = 1;
    for (int d = 0; d < source.dim(); d++) {
      extent += (source.size(d) - 1) * source.stride(d);
    }
    extent = source.numel() == 0 ? 0 : extent;
    Layout v = Layout.of(view, origin);
    long last = v.offset();
    for (int d = 0; d < view.dim(); d++) {
      last += (long) (view.size(d) - 1) * view.stride(d);
    }
    if (view.numel() > 0 && (v.offset() < 0 || last >= extent)) {
      throw new UnsupportedOperationException(
          "autograd: a view that reads outside the elements of the tensor it was taken from"
              + " (asStrided over a larger storage) cannot be differentiated; take it from the"
              + " base tensor, or detach() first");
    }
    return new ViewGeometry(extent, Layout.of(source, origin), v);
  }

  /**
   * For each view element, its flat index in the source (int64, the view's shape), read through a
   * map over the storage span of the source that holds each element's flat index.
   */
  Tensor positions() {
    try (var scope = GradMode.noGrad()) {
      long[] slots = new long[extent];
      Arrays.fill(slots, -1);
      Storage map = new Storage.LongStorage(slots);
      int n = Shapes.numel(source.shape());
      source.over(map).copy_(Tensor.arange(0L, n).reshape(source.shape()));
      Tensor positions = view.over(map).clone();
      if (positions.numel() > 0 && positions.amin().item() < 0) {
        throw new UnsupportedOperationException(
            "backward of a strided view: the view reads storage elements that are not elements of"
                + " the tensor it was taken from (asStrided over a larger storage); autograd"
                + " cannot attribute their gradient");
      }
      return positions;
    }
  }

  /**
   * The backward of the view: {@code g} scatter-added into zeros of the source's shape. When the
   * source is contiguous and the view repeats no element, {@code g} is simply copied into the same
   * view of zeros.
   */
  Tensor[] scatterBack(Node node, Tensor g) {
    if (Arrays.equals(source.strides(), Shapes.contiguousStrides(source.shape()))
        && distinct(view)) {
      Tensor zeros = Tensor.zeros(g.dtype(), source.shape());
      zeros.asStrided(view.shape(), view.strides(), view.offset()).copy_(g);
      return new Tensor[] {zeros};
    }
    int n = Shapes.numel(source.shape());
    Tensor zeros = Tensor.zeros(g.dtype(), n);
    Tensor flat = zeros.scatterAdd(0, positions().reshape(-1), g.reshape(-1));
    return new Tensor[] {flat.reshape(source.shape())};
  }

  /** Whether no two elements of a layout share a storage slot. */
  private static boolean distinct(Layout l) {
    int[] shape = l.shape();
    int[] strides = l.strides();
    Integer[] dims = new Integer[shape.length];
    for (int d = 0; d < dims.length; d++) {
      dims[d] = d;
    }
    Arrays.sort(dims, (a, b) -> Integer.compare(strides[a], strides[b]));
    long extent = 1;
    for (int d : dims) {
      if (shape[d] == 0) {
        return true;
      }
      if (shape[d] == 1) {
        continue;
      }
      if (strides[d] < extent) {
        return false;
      }
      extent = (long) strides[d] * (shape[d] - 1) + extent;
    }
    return true;
  }

  /** The view's region of {@code g} (a gradient of the source's shape), as a new tensor. */
  Tensor gatherFrom(Tensor g) {
    return g.reshape(-1).gather(0, positions().reshape(-1)).reshape(view.shape());
  }

  /** Ones of the source's shape with zeros where the view's elements sit. */
  Tensor outsideMask(DType dtype) {
    try (var scope = GradMode.noGrad()) {
      int n = Shapes.numel(source.shape());
      Tensor mask = Tensor.ones(dtype, n).scatter(0, positions().reshape(-1), 0.0);
      return mask.reshape(source.shape());
    }
  }
}
