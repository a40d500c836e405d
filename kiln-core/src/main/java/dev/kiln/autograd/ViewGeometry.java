package dev.kiln.autograd;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Storage;
import dev.kiln.tensor.Tensor;

/**
 * Where a view's elements sit inside the tensor it was taken from, as the row-major (flat) index of
 * each into that tensor. This gives every strided view (narrow, select, diagonal, unfold,
 * asStrided, ...) one backward: the view's gradient scatter-added into zeros of the source's shape,
 * which sums the gradients of elements the view repeats.
 *
 * @param storageLength the length of the shared storage
 * @param source the source's shape, strides and offset
 * @param view the view's shape, strides and offset
 */
record ViewGeometry(int storageLength, Layout source, Layout view) {
  /** A strided layout over a storage. */
  record Layout(int[] shape, int[] strides, int offset) {
    static Layout of(Tensor t) {
      return new Layout(t.shape(), t.strides(), t.storageOffset());
    }

    Tensor over(Storage s) {
      return Tensor.wrap(s, DType.INT64, shape, strides, offset);
    }
  }

  static ViewGeometry of(Tensor source, Tensor view) {
    return new ViewGeometry(source.storage().length(), Layout.of(source), Layout.of(view));
  }

  /** For each view element, its flat index in the source (int64, the view's shape). */
  Tensor positions() {
    try (var scope = GradMode.noGrad()) {
      Storage map = new Storage.LongStorage(new long[storageLength]);
      int n = dev.kiln.tensor.Shapes.numel(source.shape());
      source.over(map).copy_(Tensor.arange(0L, n).reshape(source.shape()));
      return view.over(map).clone();
    }
  }

  /** The backward of the view: {@code g} scatter-added into zeros of the source's shape. */
  Tensor[] scatterBack(Node node, Tensor g) {
    int n = dev.kiln.tensor.Shapes.numel(source.shape());
    Tensor zeros = Tensor.zeros(g.dtype(), n);
    Tensor flat = zeros.scatterAdd(0, positions().reshape(-1), g.reshape(-1));
    return new Tensor[] {flat.reshape(source.shape())};
  }

  /** The view's region of {@code g} (a gradient of the source's shape), as a new tensor. */
  Tensor gatherFrom(Tensor g) {
    return g.reshape(-1).gather(0, positions().reshape(-1)).reshape(view.shape());
  }

  /** Ones of the source's shape with zeros where the view's elements sit. */
  Tensor outsideMask(DType dtype) {
    try (var scope = GradMode.noGrad()) {
      int n = dev.kiln.tensor.Shapes.numel(source.shape());
      Tensor mask = Tensor.ones(dtype, n).scatter(0, positions().reshape(-1), 0.0);
      return mask.reshape(source.shape());
    }
  }
}
