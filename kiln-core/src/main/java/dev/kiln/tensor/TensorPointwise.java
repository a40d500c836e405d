package dev.kiln.tensor;

import dev.kiln.ops.BinaryOps;
import dev.kiln.ops.UnaryOps;

/**
 * Elementwise ops of a {@link Tensor}: math, activations, comparisons and logic, with broadcasting
 * and PyTorch's type promotion. Methods ending in {@code _} work in place and return this tensor.
 */
public abstract sealed class TensorPointwise extends TensorViews permits TensorReductions {
  TensorPointwise(Storage s, DType d, int[] shape, int[] strides, int offset, boolean wrapped) {
    super(s, d, shape, strides, offset, wrapped);
  }

  /** Copies {@code src} (broadcast, cast) into this tensor, in place; returns this. */
  public final Tensor copy_(Tensor src) {
    Shapes.broadcast("copy_", src.shape, shape);
    if (!java.util.Arrays.equals(Shapes.broadcast("copy_", src.shape, shape), shape)) {
      throw new IllegalArgumentException(
          "copy_: source shape "
              + Shapes.str(src.shape)
              + " cannot be broadcast to destination shape "
              + Shapes.str(shape));
    }
    backend().copy(src, self());
    return self();
  }

  /** Sets every element to {@code value}, in place; returns this. */
  public final Tensor fill_(double value) {
    backend().fill(self(), value);
    return self();
  }

  /** Sets every element to zero, in place; returns this. */
  public final Tensor zero_() {
    return fill_(0);
  }

  // ---- arithmetic ----

  /** {@code this + other}, broadcast. */
  public final Tensor add(Tensor other) {
    return BinaryOps.ADD.apply(self(), other);
  }

  /** {@code this + value}. */
  public final Tensor add(double value) {
    return add(Tensor.wrapNumber(value));
  }

  /** {@code this + other}, in place. */
  public final Tensor add_(Tensor other) {
    return BinaryOps.ADD.applyInPlace(self(), other);
  }

  /** {@code this - other}, broadcast. */
  public final Tensor sub(Tensor other) {
    return BinaryOps.SUB.apply(self(), other);
  }

  /** {@code this - value}. */
  public final Tensor sub(double value) {
    return sub(Tensor.wrapNumber(value));
  }

  /** {@code this * other}, broadcast. */
  public final Tensor mul(Tensor other) {
    return BinaryOps.MUL.apply(self(), other);
  }

  /** {@code this * value}. */
  public final Tensor mul(double value) {
    return mul(Tensor.wrapNumber(value));
  }

  /** {@code this / other} (true division: integers give float32), broadcast. */
  public final Tensor div(Tensor other) {
    return BinaryOps.DIV.apply(self(), other);
  }

  /** {@code this / value}. */
  public final Tensor div(double value) {
    return div(Tensor.wrapNumber(value));
  }

  /** {@code -this}. */
  public final Tensor neg() {
    return UnaryOps.NEG.apply(self());
  }

  /** {@code e^this}. */
  public final Tensor exp() {
    return UnaryOps.EXP.apply(self());
  }

  /** {@code e^this}, in place. */
  public final Tensor exp_() {
    return UnaryOps.EXP.applyInPlace(self(), 0, 0);
  }

  /** {@code max(this, 0)}. */
  public final Tensor relu() {
    return UnaryOps.RELU.apply(self());
  }

  /** Elementwise {@code this == other}, a bool tensor. */
  public final Tensor eq(Tensor other) {
    return BinaryOps.EQ.apply(self(), other);
  }

  /** Elementwise {@code this == value}, a bool tensor. */
  public final Tensor eq(double value) {
    return eq(Tensor.wrapNumber(value));
  }
}
