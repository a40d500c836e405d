package dev.kiln.tensor;

import dev.kiln.autograd.Autograd;
import dev.kiln.ops.BinaryOp;
import dev.kiln.ops.BinaryOps;
import dev.kiln.ops.CompareOps;
import dev.kiln.ops.InPlace;
import dev.kiln.ops.PointwiseOps;
import dev.kiln.ops.TernaryOps;
import java.util.function.UnaryOperator;

/**
 * Elementwise arithmetic, comparisons and logic of a {@link Tensor} (math functions and activations
 * are in {@link TensorMath}), with broadcasting and PyTorch's type promotion (Java {@code long}
 * arguments act as integer scalars, {@code double} ones as float scalars). Methods ending in {@code
 * _} work in place and return this tensor; they fail when the result dtype cannot be cast to this
 * tensor's dtype or when this tensor is an expanded view.
 *
 * <p>This file is a flat list of one-line delegations to the op declarations in {@code
 * dev.kiln.ops}.
 */
public abstract sealed class TensorPointwise extends TensorViews permits TensorMath {
  TensorPointwise(Storage s, DType d, int[] shape, int[] strides, int offset, boolean wrapped) {
    super(s, d, shape, strides, offset, wrapped);
  }

  /** Copies {@code src} (broadcast, cast) into this tensor, in place; returns this. */
  public final Tensor copy_(Tensor src) {
    if (!java.util.Arrays.equals(Shapes.broadcast("copy_", src.shape, shape), shape)) {
      throw new IllegalArgumentException(
          "copy_: source shape "
              + Shapes.str(src.shape)
              + " cannot be broadcast to destination shape "
              + Shapes.str(shape));
    }
    boolean tracked = tracksInPlace() || src.requiresGrad();
    if (tracked) {
      Autograd.checkInPlace("copy_", self());
    }
    backend().copy(src, self());
    bumpVersion();
    if (tracked) {
      Autograd.recordCopy("copy_", self(), src);
    }
    return self();
  }

  /** Sets every element to {@code value}, in place; returns this. */
  public final Tensor fill_(double value) {
    boolean tracked = tracksInPlace();
    if (tracked) {
      Autograd.checkInPlace("fill_", self());
    }
    backend().fill(self(), value);
    bumpVersion();
    if (tracked) {
      Autograd.recordCopy("fill_", self(), Tensor.wrapNumber(value));
    }
    return self();
  }

  /** Whether this tensor or the base it views requires grad (in-place writes must be checked). */
  private boolean tracksInPlace() {
    return requiresGrad() || (base != null && base.requiresGrad());
  }

  /** Sets every element to zero, in place; returns this. */
  public final Tensor zero_() {
    return fill_(0);
  }

  static Tensor num(double v) {
    return Tensor.wrapNumber(v);
  }

  static Tensor num(long v) {
    return Tensor.wrapNumber(v);
  }

  final Tensor binary_(BinaryOp op, Tensor other) {
    return op.applyInPlace(self(), other);
  }

  /**
   * Writes {@code f(this)} into this tensor. When autograd records, {@code f} gets a copy of this
   * tensor, so that the recorded derivatives read the values as they were before the write.
   */
  final Tensor assign_(String op, UnaryOperator<Tensor> f, Tensor... others) {
    boolean recording = Autograd.isRecording(self()) || Autograd.isRecording(others);
    return InPlace.assign(op, self(), f.apply(recording ? self().clone() : self()));
  }

  // ---- arithmetic ----

  /**
   * {@code this + other}, broadcast.
   *
   * <p>{@code Tensor.of(1f, 2f).add(Tensor.of(10f)) // [11, 12]}
   */
  public final Tensor add(Tensor other) {
    return BinaryOps.ADD.apply(self(), other);
  }

  /** {@code this + value} (float scalar). */
  public final Tensor add(double value) {
    return add(num(value));
  }

  /** {@code this + value} (integer scalar: integer tensors stay integer). */
  public final Tensor add(long value) {
    return add(num(value));
  }

  /** {@code this + alpha * other}; a floating {@code alpha} is refused for integer results. */
  public final Tensor add(Tensor other, double alpha) {
    return PointwiseOps.scaled(BinaryOps.ADD, self(), other, num(alpha));
  }

  /** {@code this + alpha * other} with an integer {@code alpha}. */
  public final Tensor add(Tensor other, long alpha) {
    return PointwiseOps.scaled(BinaryOps.ADD, self(), other, num(alpha));
  }

  /** {@code this + alpha * other}, in place. */
  public final Tensor add_(Tensor other, double alpha) {
    return PointwiseOps.scaledInPlace(BinaryOps.ADD, self(), other, alpha);
  }

  /** add, in place. */
  public final Tensor add_(Tensor other) {
    return binary_(BinaryOps.ADD, other);
  }

  /** add by a float scalar, in place. */
  public final Tensor add_(double value) {
    return add_(num(value));
  }

  /** add by an integer scalar, in place. */
  public final Tensor add_(long value) {
    return add_(num(value));
  }

  /** {@code this - other}, broadcast (refused for two bool tensors). */
  public final Tensor sub(Tensor other) {
    return BinaryOps.SUB.apply(self(), other);
  }

  /** {@code this - value} (float scalar). */
  public final Tensor sub(double value) {
    return sub(num(value));
  }

  /** {@code this - value} (integer scalar: integer tensors stay integer). */
  public final Tensor sub(long value) {
    return sub(num(value));
  }

  /** {@code this - alpha * other}; a floating {@code alpha} is refused for integer results. */
  public final Tensor sub(Tensor other, double alpha) {
    return PointwiseOps.scaled(BinaryOps.SUB, self(), other, num(alpha));
  }

  /** {@code this - alpha * other} with an integer {@code alpha}. */
  public final Tensor sub(Tensor other, long alpha) {
    return PointwiseOps.scaled(BinaryOps.SUB, self(), other, num(alpha));
  }

  /** {@code this - alpha * other}, in place. */
  public final Tensor sub_(Tensor other, double alpha) {
    return PointwiseOps.scaledInPlace(BinaryOps.SUB, self(), other, alpha);
  }

  /** sub, in place. */
  public final Tensor sub_(Tensor other) {
    return binary_(BinaryOps.SUB, other);
  }

  /** sub by a float scalar, in place. */
  public final Tensor sub_(double value) {
    return sub_(num(value));
  }

  /** sub by an integer scalar, in place. */
  public final Tensor sub_(long value) {
    return sub_(num(value));
  }

  /** {@code this * other}, broadcast (logical and on bool). */
  public final Tensor mul(Tensor other) {
    return BinaryOps.MUL.apply(self(), other);
  }

  /** {@code this * value} (float scalar). */
  public final Tensor mul(double value) {
    return mul(num(value));
  }

  /** {@code this * value} (integer scalar: integer tensors stay integer). */
  public final Tensor mul(long value) {
    return mul(num(value));
  }

  /** mul, in place. */
  public final Tensor mul_(Tensor other) {
    return binary_(BinaryOps.MUL, other);
  }

  /** mul by a float scalar, in place. */
  public final Tensor mul_(double value) {
    return mul_(num(value));
  }

  /** mul by an integer scalar, in place. */
  public final Tensor mul_(long value) {
    return mul_(num(value));
  }

  /**
   * {@code this / other}: true division (integers give float32), broadcast.
   *
   * <p>{@code Tensor.of(1L, 3L).div(2) // float32 [0.5, 1.5]}
   */
  public final Tensor div(Tensor other) {
    return BinaryOps.DIV.apply(self(), other);
  }

  /** {@code this / value}, true division (float scalar). */
  public final Tensor div(double value) {
    return div(num(value));
  }

  /** {@code this / value}, true division (integer scalar: integer tensors stay integer). */
  public final Tensor div(long value) {
    return div(num(value));
  }

  /**
   * {@code this / other} rounded as {@code roundingMode} says: {@code null} (true division), {@code
   * "trunc"} or {@code "floor"}.
   *
   * <p>{@code Tensor.of(-7L).div(Tensor.of(2L), "floor") // int64 [-4]}
   */
  public final Tensor div(Tensor other, String roundingMode) {
    return PointwiseOps.div(self(), other, roundingMode);
  }

  /** {@code this / other} with a rounding mode, in place. */
  public final Tensor div_(Tensor other, String roundingMode) {
    return assign_("div", t -> t.div(other, roundingMode), other);
  }

  /** div, in place. */
  public final Tensor div_(Tensor other) {
    return binary_(BinaryOps.DIV, other);
  }

  /** div by a float scalar, in place. */
  public final Tensor div_(double value) {
    return div_(num(value));
  }

  /** div by an integer scalar, in place. */
  public final Tensor div_(long value) {
    return div_(num(value));
  }

  /** {@code floor(this / other)}, broadcast; integer division by zero throws. */
  public final Tensor floorDivide(Tensor other) {
    return BinaryOps.FLOOR_DIVIDE.apply(self(), other);
  }

  /** {@code floor(this / value)} (float scalar). */
  public final Tensor floorDivide(double value) {
    return floorDivide(num(value));
  }

  /** {@code floor(this / value)} (integer scalar: integer tensors stay integer). */
  public final Tensor floorDivide(long value) {
    return floorDivide(num(value));
  }

  /** floorDivide, in place. */
  public final Tensor floorDivide_(Tensor other) {
    return binary_(BinaryOps.FLOOR_DIVIDE, other);
  }

  /** floorDivide by a float scalar, in place. */
  public final Tensor floorDivide_(double value) {
    return floorDivide_(num(value));
  }

  /** floorDivide by an integer scalar, in place. */
  public final Tensor floorDivide_(long value) {
    return floorDivide_(num(value));
  }

  /** Python-style modulus: the result has the sign of {@code other}. */
  public final Tensor remainder(Tensor other) {
    return BinaryOps.REMAINDER.apply(self(), other);
  }

  /** Python-style modulus by {@code value} (float scalar). */
  public final Tensor remainder(double value) {
    return remainder(num(value));
  }

  /** Python-style modulus by {@code value} (integer scalar: integer tensors stay integer). */
  public final Tensor remainder(long value) {
    return remainder(num(value));
  }

  /** remainder, in place. */
  public final Tensor remainder_(Tensor other) {
    return binary_(BinaryOps.REMAINDER, other);
  }

  /** remainder by a float scalar, in place. */
  public final Tensor remainder_(double value) {
    return remainder_(num(value));
  }

  /** remainder by an integer scalar, in place. */
  public final Tensor remainder_(long value) {
    return remainder_(num(value));
  }

  /** C-style modulus: the result has the sign of {@code this}. */
  public final Tensor fmod(Tensor other) {
    return BinaryOps.FMOD.apply(self(), other);
  }

  /** C-style modulus by {@code value} (float scalar). */
  public final Tensor fmod(double value) {
    return fmod(num(value));
  }

  /** C-style modulus by {@code value} (integer scalar: integer tensors stay integer). */
  public final Tensor fmod(long value) {
    return fmod(num(value));
  }

  /** fmod, in place. */
  public final Tensor fmod_(Tensor other) {
    return binary_(BinaryOps.FMOD, other);
  }

  /** fmod by a float scalar, in place. */
  public final Tensor fmod_(double value) {
    return fmod_(num(value));
  }

  /** fmod by an integer scalar, in place. */
  public final Tensor fmod_(long value) {
    return fmod_(num(value));
  }

  /**
   * {@code this ^ exponent}, broadcast.
   *
   * <p>{@code Tensor.of(2f, 3f).pow(2) // [4, 9]}
   */
  public final Tensor pow(Tensor exponent) {
    return PointwiseOps.pow(self(), exponent);
  }

  /** {@code this ^ exponent} for a float exponent. */
  public final Tensor pow(double exponent) {
    return pow(num(exponent));
  }

  /**
   * {@code this ^ exponent} for an integer exponent (negative ones are refused on integer tensors).
   */
  public final Tensor pow(long exponent) {
    return pow(num(exponent));
  }

  /** {@code base ^ exponent} for a float base and a tensor exponent. */
  public static Tensor pow(double base, Tensor exponent) {
    return PointwiseOps.pow(num(base), exponent);
  }

  /** {@code base ^ exponent} for an integer base (integer exponents stay integer). */
  public static Tensor pow(long base, Tensor exponent) {
    return PointwiseOps.pow(num(base), exponent);
  }

  /** pow, in place. */
  public final Tensor pow_(Tensor exponent) {
    return assign_("pow", t -> t.pow(exponent), exponent);
  }

  /** pow by a float exponent, in place. */
  public final Tensor pow_(double exponent) {
    return assign_("pow", t -> t.pow(exponent));
  }

  /** pow by an integer exponent, in place. */
  public final Tensor pow_(long exponent) {
    return assign_("pow", t -> t.pow(exponent));
  }

  /**
   * The angle of the point {@code (other, this)}: {@code atan(this / other)} with the quadrant;
   * integers give float32.
   */
  public final Tensor atan2(Tensor other) {
    return BinaryOps.ATAN2.apply(self(), other);
  }

  /** atan2, in place. */
  public final Tensor atan2_(Tensor other) {
    return binary_(BinaryOps.ATAN2, other);
  }

  /** The elementwise larger of this and {@code other}; NaN wins. */
  public final Tensor maximum(Tensor other) {
    return BinaryOps.MAXIMUM.apply(self(), other);
  }

  /** The elementwise smaller of this and {@code other}; NaN wins. */
  public final Tensor minimum(Tensor other) {
    return BinaryOps.MINIMUM.apply(self(), other);
  }

  /**
   * Linear interpolation {@code this + weight * (end - this)}; floating tensors of one dtype.
   *
   * <p>{@code Tensor.of(0f).lerp(Tensor.of(10f), 0.25) // [2.5]}
   */
  public final Tensor lerp(Tensor end, double weight) {
    return PointwiseOps.lerp(self(), end, num(weight));
  }

  /** Linear interpolation with a tensor of weights, all broadcast. */
  public final Tensor lerp(Tensor end, Tensor weight) {
    return PointwiseOps.lerp(self(), end, weight);
  }

  /** lerp, in place. */
  public final Tensor lerp_(Tensor end, double weight) {
    return assign_("lerp", t -> t.lerp(end, weight), end);
  }

  /** lerp with tensor weights, in place. */
  public final Tensor lerp_(Tensor end, Tensor weight) {
    return assign_("lerp", t -> t.lerp(end, weight), end, weight);
  }

  /**
   * {@code this + value * t1 * t2} in one pass, all broadcast (PyTorch's {@code addcmul}).
   *
   * <p>{@code Tensor.of(1f).addcmul(Tensor.of(2f), Tensor.of(3f), 0.5) // [4]}
   */
  public final Tensor addcmul(Tensor t1, Tensor t2, double value) {
    return TernaryOps.addcmul(self(), t1, t2, value);
  }

  /** {@code this + t1 * t2} in one pass. */
  public final Tensor addcmul(Tensor t1, Tensor t2) {
    return TernaryOps.addcmul(self(), t1, t2, 1);
  }

  /**
   * {@code addcmul} written into a preallocated {@code out} (PyTorch's {@code out=}; no autograd),
   * allocating nothing; returns {@code out}.
   */
  public final Tensor addcmul(Tensor t1, Tensor t2, double value, Tensor out) {
    return TernaryOps.addcmul(self(), t1, t2, value, out);
  }

  /** addcmul, in place. */
  public final Tensor addcmul_(Tensor t1, Tensor t2, double value) {
    return TernaryOps.writesInPlace(self(), t1, t2)
        ? TernaryOps.addcmul(self(), t1, t2, value, self())
        : assign_("addcmul", t -> t.addcmul(t1, t2, value), t1, t2);
  }

  /** {@code this + value * t1 / t2} in one pass (PyTorch's {@code addcdiv}). */
  public final Tensor addcdiv(Tensor t1, Tensor t2, double value) {
    return TernaryOps.addcdiv(self(), t1, t2, value);
  }

  /** {@code this + t1 / t2} in one pass. */
  public final Tensor addcdiv(Tensor t1, Tensor t2) {
    return TernaryOps.addcdiv(self(), t1, t2, 1);
  }

  /** {@code addcdiv} written into a preallocated {@code out} (no autograd); returns {@code out}. */
  public final Tensor addcdiv(Tensor t1, Tensor t2, double value, Tensor out) {
    return TernaryOps.addcdiv(self(), t1, t2, value, out);
  }

  /** addcdiv, in place. */
  public final Tensor addcdiv_(Tensor t1, Tensor t2, double value) {
    return TernaryOps.writesInPlace(self(), t1, t2)
        ? TernaryOps.addcdiv(self(), t1, t2, value, self())
        : assign_("addcdiv", t -> t.addcdiv(t1, t2, value), t1, t2);
  }

  /**
   * {@code relu(this + value * t1 * t2)} in one pass: {@code c.addcmulRelu(a, b, 1)} is {@code
   * a.mul(b).add(c).relu()} reading each operand once and writing once.
   */
  public final Tensor addcmulRelu(Tensor t1, Tensor t2, double value) {
    return TernaryOps.addcmulRelu(self(), t1, t2, value);
  }

  /** {@code addcmulRelu} written into a preallocated {@code out} (no autograd); returns it. */
  public final Tensor addcmulRelu(Tensor t1, Tensor t2, double value, Tensor out) {
    return TernaryOps.addcmulRelu(self(), t1, t2, value, out);
  }

  // ---- comparisons (bool results) ----

  /**
   * Elementwise {@code this == other}, a bool tensor.
   *
   * <p>{@code Tensor.of(1f, 2f).eq(Tensor.of(1f, 3f)) // [true, false]}
   */
  public final Tensor eq(Tensor other) {
    return BinaryOps.EQ.apply(self(), other);
  }

  /** Elementwise {@code this == value}. */
  public final Tensor eq(double value) {
    return eq(num(value));
  }

  /** Elementwise {@code this == value} for an integer value. */
  public final Tensor eq(long value) {
    return eq(num(value));
  }

  /** Elementwise {@code this != other}, a bool tensor. */
  public final Tensor ne(Tensor other) {
    return BinaryOps.NE.apply(self(), other);
  }

  /** Elementwise {@code this != value}. */
  public final Tensor ne(double value) {
    return ne(num(value));
  }

  /** Elementwise {@code this != value} for an integer value. */
  public final Tensor ne(long value) {
    return ne(num(value));
  }

  /** Elementwise {@code this < other}, a bool tensor. */
  public final Tensor lt(Tensor other) {
    return BinaryOps.LT.apply(self(), other);
  }

  /** Elementwise {@code this < value}. */
  public final Tensor lt(double value) {
    return lt(num(value));
  }

  /** Elementwise {@code this < value} for an integer value. */
  public final Tensor lt(long value) {
    return lt(num(value));
  }

  /** Elementwise {@code this <= other}, a bool tensor. */
  public final Tensor le(Tensor other) {
    return BinaryOps.LE.apply(self(), other);
  }

  /** Elementwise {@code this <= value}. */
  public final Tensor le(double value) {
    return le(num(value));
  }

  /** Elementwise {@code this <= value} for an integer value. */
  public final Tensor le(long value) {
    return le(num(value));
  }

  /** Elementwise {@code this > other}, a bool tensor. */
  public final Tensor gt(Tensor other) {
    return BinaryOps.GT.apply(self(), other);
  }

  /** Elementwise {@code this > value}. */
  public final Tensor gt(double value) {
    return gt(num(value));
  }

  /** Elementwise {@code this > value} for an integer value. */
  public final Tensor gt(long value) {
    return gt(num(value));
  }

  /** Elementwise {@code this >= other}, a bool tensor. */
  public final Tensor ge(Tensor other) {
    return BinaryOps.GE.apply(self(), other);
  }

  /** Elementwise {@code this >= value}. */
  public final Tensor ge(double value) {
    return ge(num(value));
  }

  /** Elementwise {@code this >= value} for an integer value. */
  public final Tensor ge(long value) {
    return ge(num(value));
  }

  /** True where this is NaN. */
  public final Tensor isnan() {
    return CompareOps.isnan(self());
  }

  /** True where this is +inf or -inf. */
  public final Tensor isinf() {
    return CompareOps.isinf(self());
  }

  /** True where this is finite. */
  public final Tensor isfinite() {
    return CompareOps.isfinite(self());
  }

  /** {@code isclose} with rtol 1e-5, atol 1e-8, NaN unequal. */
  public final Tensor isclose(Tensor other) {
    return isclose(other, 1e-5, 1e-8, false);
  }

  /**
   * True where {@code |this - other| <= atol + |rtol * other|} (or equal, or both NaN when {@code
   * equalNan}); one dtype.
   */
  public final Tensor isclose(Tensor other, double rtol, double atol, boolean equalNan) {
    return CompareOps.isclose(self(), other, rtol, atol, equalNan);
  }

  /** Whether {@link #isclose(Tensor)} holds everywhere (rtol 1e-5, atol 1e-8). */
  public final boolean allclose(Tensor other) {
    return allclose(other, 1e-5, 1e-8, false);
  }

  /** Whether {@link #isclose(Tensor, double, double, boolean)} holds everywhere. */
  public final boolean allclose(Tensor other, double rtol, double atol, boolean equalNan) {
    return CompareOps.allclose(self(), other, rtol, atol, equalNan);
  }

  /** Whether {@code other} has this shape and equal elements (dtypes may differ). */
  public final boolean equal(Tensor other) {
    return CompareOps.equal(self(), other);
  }

  // ---- logic and selection ----

  /** Elementwise logical and (non-zero is true), a bool tensor. */
  public final Tensor logicalAnd(Tensor other) {
    return BinaryOps.LOGICAL_AND.apply(self(), other);
  }

  /** Elementwise logical or, a bool tensor. */
  public final Tensor logicalOr(Tensor other) {
    return BinaryOps.LOGICAL_OR.apply(self(), other);
  }

  /** Elementwise logical xor, a bool tensor. */
  public final Tensor logicalXor(Tensor other) {
    return BinaryOps.LOGICAL_XOR.apply(self(), other);
  }

  /** Elementwise logical not: true where this is zero. */
  public final Tensor logicalNot() {
    return CompareOps.logicalNot(self());
  }

  /** Elementwise {@code this & other} on integer or bool tensors. */
  public final Tensor bitwiseAnd(Tensor other) {
    return BinaryOps.BITWISE_AND.apply(self(), other);
  }

  /** Elementwise {@code this & value} on an integer or bool tensor. */
  public final Tensor bitwiseAnd(long value) {
    return bitwiseAnd(num(value));
  }

  /** Elementwise {@code this | other} on integer or bool tensors. */
  public final Tensor bitwiseOr(Tensor other) {
    return BinaryOps.BITWISE_OR.apply(self(), other);
  }

  /** Elementwise {@code this | value} on an integer or bool tensor. */
  public final Tensor bitwiseOr(long value) {
    return bitwiseOr(num(value));
  }

  /** Elementwise {@code this ^ other} on integer or bool tensors. */
  public final Tensor bitwiseXor(Tensor other) {
    return BinaryOps.BITWISE_XOR.apply(self(), other);
  }

  /** Elementwise {@code this ^ value} on an integer or bool tensor. */
  public final Tensor bitwiseXor(long value) {
    return bitwiseXor(num(value));
  }

  /** {@code ~this}: bit flip on integers, not on bool. */
  public final Tensor bitwiseNot() {
    return CompareOps.bitwiseNot(self());
  }

  /** This where {@code condition} is true, {@code other} elsewhere, broadcast and promoted. */
  public final Tensor where(Tensor condition, Tensor other) {
    return PointwiseOps.where(condition, self(), other);
  }

  /**
   * {@code condition ? a : b} elementwise, all broadcast; {@code a} and {@code b} are promoted.
   *
   * <p>{@code Tensor.where(x.gt(0), x, Tensor.scalar(0)) // relu}
   */
  public static Tensor where(Tensor condition, Tensor a, Tensor b) {
    return PointwiseOps.where(condition, a, b);
  }
}
