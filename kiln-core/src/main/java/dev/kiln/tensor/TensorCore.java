package dev.kiln.tensor;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.AutogradMeta;
import dev.kiln.autograd.HookHandle;
import dev.kiln.autograd.Node;
import dev.kiln.backend.Backend;
import dev.kiln.backend.Backends;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The state every {@link Tensor} carries: a strided view (shape, strides, offset) over a {@link
 * Storage}, a dtype and a device, plus the autograd slots. Users work with {@link Tensor}; this
 * base exists only to keep each layer of the tensor API in a file of its own.
 */
public abstract sealed class TensorCore permits TensorViews {
  final Storage storage;
  final DType dtype;
  final int[] shape;
  final int[] strides;
  final int offset;
  final boolean wrappedNumber;
  private boolean requiresGrad;
  private Tensor grad;
  private AutogradMeta autograd;

  /** The tensor whose storage this view shares (null when this tensor is not a view). */
  TensorCore base;

  /** Bumped by every in-place write; read through the base, so all views of it share it. */
  private int version;

  TensorCore(
      Storage storage, DType dtype, int[] shape, int[] strides, int offset, boolean wrappedNumber) {
    this.storage = storage;
    this.dtype = dtype;
    this.shape = shape;
    this.strides = strides;
    this.offset = offset;
    this.wrappedNumber = wrappedNumber;
  }

  final Tensor self() {
    return (Tensor) this;
  }

  final Backend backend() {
    return Backends.of(device());
  }

  /** The element type. */
  public final DType dtype() {
    return dtype;
  }

  /** Where the storage lives (only {@link Device#CPU} so far). */
  public final Device device() {
    return Device.CPU;
  }

  /** A copy of the shape, e.g. {@code [2, 3]}; {@code []} for a 0-dim (scalar) tensor. */
  public final int[] shape() {
    return shape.clone();
  }

  /** The size of one dim (negative dims count from the end). */
  public final int size(int dim) {
    return shape[existingDim("size", dim)];
  }

  /** A copy of the strides, in elements. */
  public final int[] strides() {
    return strides.clone();
  }

  /** The stride of one dim, in elements. */
  public final int stride(int dim) {
    return strides[existingDim("stride", dim)];
  }

  /** A dim of this tensor made non-negative; a 0-dim tensor has none to name. */
  private int existingDim(String op, int dim) {
    if (shape.length == 0) {
      throw new IndexOutOfBoundsException(
          op + ": dimension specified as " + dim + " but tensor has no dimensions");
    }
    return Shapes.normalizeDim(op, dim, shape.length);
  }

  /** The index of this view's first element in its storage. */
  public final int storageOffset() {
    return offset;
  }

  /** The storage this tensor views (shared with every other view of it). */
  public final Storage storage() {
    return storage;
  }

  /** Number of dimensions (0 for a scalar). */
  public final int dim() {
    return shape.length;
  }

  /** Number of elements. */
  public final int numel() {
    return Shapes.numel(shape);
  }

  /**
   * Whether this tensor was made from a Java number by an op ({@code x.add(2)}); such operands rank
   * lowest in type promotion, as in PyTorch.
   */
  public final boolean isWrappedNumber() {
    return wrappedNumber;
  }

  /**
   * True when the elements lie in row-major order with no gaps (size-1 dims may have any stride; an
   * empty tensor is always contiguous), as PyTorch decides it.
   */
  public final boolean isContiguous() {
    if (numel() == 0) {
      return true;
    }
    int expected = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      if (shape[d] == 1) {
        continue;
      }
      if (strides[d] != expected) {
        return false;
      }
      expected *= shape[d];
    }
    return true;
  }

  /** Whether autograd should record ops on this tensor. */
  public final boolean requiresGrad() {
    return requiresGrad;
  }

  /**
   * Marks this tensor as requiring (or not) a gradient, in place, and returns it. Only floating
   * point tensors can require gradients, and only a leaf's flag can be changed.
   */
  public final Tensor requiresGrad_(boolean value) {
    if (value && !dtype.isFloatingPoint()) {
      throw new IllegalArgumentException(
          "requiresGrad_: only floating point tensors can require gradients, got " + dtype);
    }
    if (!value && gradFn() != null) {
      throw new IllegalStateException(
          "requiresGrad_: you can only change requiresGrad flags of leaf tensors; this one comes"
              + " from "
              + gradFn().name()
              + " (use detach() to get a tensor that does not require grad)");
    }
    this.requiresGrad = value;
    return self();
  }

  /** The accumulated gradient, or null. */
  public final Tensor grad() {
    return grad;
  }

  /** Replaces the gradient slot (null clears it). */
  public final void setGrad(Tensor g) {
    this.grad = g;
  }

  /** The recorded op that produced this tensor ({@code grad_fn}), or null for a leaf. */
  public final Node gradFn() {
    return autograd == null ? null : autograd.gradFn();
  }

  /** Whether this tensor was not produced by a recorded op (user-created tensors are leaves). */
  public final boolean isLeaf() {
    return gradFn() == null;
  }

  /** Autograd's record of this tensor, created on first use (internal to dev.kiln.autograd). */
  public final AutogradMeta autogradMeta() {
    if (autograd == null) {
      autograd = new AutogradMeta();
    }
    return autograd;
  }

  /** The tensor this view shares storage with (its base), or null when it is not a view. */
  public final Tensor viewBase() {
    return base == null ? null : base.self();
  }

  /** How many in-place writes this tensor's storage has seen (shared by views of one base). */
  public final int version() {
    return base == null ? version : base.version;
  }

  /** Records an in-place write into this tensor; every in-place op calls it. */
  public final void bumpVersion() {
    if (base == null) {
      version++;
    } else {
      base.version++;
    }
  }

  /** Makes backward store this non-leaf tensor's gradient in {@link #grad()} too. */
  public final Tensor retainGrad() {
    Autograd.retainGrad(self());
    return self();
  }

  /**
   * Registers a hook run on this tensor's gradient during backward; it may return a replacement
   * gradient (or null to keep it).
   */
  public final HookHandle registerHook(UnaryOperator<Tensor> hook) {
    return Autograd.registerHook(self(), hook);
  }

  /** Registers a hook run on this leaf after its {@link #grad()} has been accumulated. */
  public final HookHandle registerPostAccumulateGradHook(Consumer<Tensor> hook) {
    return Autograd.registerPostAccumulateGradHook(self(), hook);
  }

  /** Backpropagates from this scalar, accumulating into the leaves' {@link #grad()}. */
  public final void backward() {
    backward(null, false, false);
  }

  /** Backpropagates {@code gradient} (this tensor's shape) from this tensor. */
  public final void backward(Tensor gradient) {
    backward(gradient, false, false);
  }

  /**
   * Backpropagates from this tensor.
   *
   * @param gradient the gradient of this tensor (null for a scalar: ones)
   * @param retainGraph keep the saved tensors for another backward
   * @param createGraph record the backward itself, for higher-order derivatives
   */
  public final void backward(Tensor gradient, boolean retainGraph, boolean createGraph) {
    Autograd.backward(new Tensor[] {self()}, new Tensor[] {gradient}, retainGraph, createGraph);
  }

  /** The value of a one-element tensor as a double. */
  public final double item() {
    if (numel() != 1) {
      throw new IllegalStateException(
          "item: a Tensor with "
              + numel()
              + " elements cannot be converted to a scalar (shape "
              + Shapes.str(shape)
              + ")");
    }
    return storage.getDouble(offset, dtype);
  }

  /** The value of a one-element integer or bool tensor as a long. */
  public final long itemLong() {
    item();
    return storage.getLong(offset, dtype);
  }

  /** The value of a one-element tensor as a boolean (non-zero is true). */
  public final boolean itemBool() {
    return item() != 0;
  }

  /** The storage index of the element at a full index. */
  final int storageIndex(int... index) {
    if (index.length != shape.length) {
      throw new IllegalArgumentException(
          "get: expected "
              + shape.length
              + " indices for shape "
              + Shapes.str(shape)
              + ", got "
              + index.length);
    }
    int pos = offset;
    for (int d = 0; d < index.length; d++) {
      int i = index[d] < 0 ? index[d] + shape[d] : index[d];
      if (i < 0 || i >= shape[d]) {
        throw new IndexOutOfBoundsException(
            "get: index "
                + index[d]
                + " is out of bounds for dimension "
                + d
                + " with size "
                + shape[d]
                + " (shape "
                + Shapes.str(shape)
                + ")");
      }
      pos += i * strides[d];
    }
    return pos;
  }

  /** The element at a full index (negative indices count from the end) as a double. */
  public final double get(int... index) {
    return storage.getDouble(storageIndex(index), dtype);
  }

  /** The element at a full index as a long. */
  public final long getLong(int... index) {
    return storage.getLong(storageIndex(index), dtype);
  }

  /** The elements in row-major order, converted to float. */
  public final float[] toFloatArray() {
    return (float[]) flatArray(DType.FLOAT32, new float[numel()]);
  }

  /** The elements in row-major order, converted to double. */
  public final double[] toDoubleArray() {
    return (double[]) flatArray(DType.FLOAT64, new double[numel()]);
  }

  /** The elements in row-major order, converted to long. */
  public final long[] toLongArray() {
    return (long[]) flatArray(DType.INT64, new long[numel()]);
  }

  /** The elements in row-major order, converted to int. */
  public final int[] toIntArray() {
    return (int[]) flatArray(DType.INT32, new int[numel()]);
  }

  /**
   * Fills {@code out}, an array of {@code type}'s Java type, with the elements in row-major order.
   */
  private Object flatArray(DType type, Object out) {
    if (numel() > 0) {
      Tensor c = self().contiguous().to(type);
      System.arraycopy(c.storage.array(), c.offset, out, 0, numel());
    }
    return out;
  }

  /** The elements in row-major order as booleans (non-zero is true). */
  public final boolean[] toBooleanArray() {
    long[] v = toLongArray();
    boolean[] out = new boolean[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] != 0;
    }
    return out;
  }

  /**
   * A nested Java array of this tensor's shape with elements of its natural Java type: {@code
   * float[][]} for a 2-D float32 tensor, {@code long[]} for a 1-D int64 one, a boxed number for a
   * 0-dim tensor.
   */
  public final Object toArray() {
    return ArrayConversion.toNested(self());
  }

  /**
   * Prints like PyTorch: the values (elided in the middle when large), then dtype if not float32.
   */
  @Override
  public final String toString() {
    return TensorFormatter.format(self());
  }
}
