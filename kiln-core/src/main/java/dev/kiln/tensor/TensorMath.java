package dev.kiln.tensor;

import dev.kiln.ops.PointwiseOps;
import dev.kiln.ops.UnaryOp;
import dev.kiln.ops.UnaryOps;

/**
 * Elementwise math functions, clamping and activations of a {@link Tensor}. Integer and bool inputs
 * of the math functions give float32 unless noted; the activations take floating tensors unless
 * noted. Methods ending in {@code _} work in place, with the checks described in {@link
 * TensorPointwise}.
 *
 * <p>This file is a flat list of one-line delegations to the op declarations in {@code
 * dev.kiln.ops}.
 */
public abstract sealed class TensorMath extends TensorPointwise permits TensorReductions {
  TensorMath(Storage s, DType d, int[] shape, int[] strides, int offset, boolean wrapped) {
    super(s, d, shape, strides, offset, wrapped);
  }

  private Tensor unary_(UnaryOp op, double p, double q) {
    return op.applyInPlace(self(), p, q);
  }

  // ---- math functions (integer inputs give float32 unless noted) ----

  /** {@code -this} (refused for bool). */
  public final Tensor neg() {
    return UnaryOps.NEG.apply(self());
  }

  /** neg, in place. */
  public final Tensor neg_() {
    return unary_(UnaryOps.NEG, 0, 0);
  }

  /** {@code |this|} (integers stay integer). */
  public final Tensor abs() {
    return UnaryOps.ABS.apply(self());
  }

  /** abs, in place. */
  public final Tensor abs_() {
    return unary_(UnaryOps.ABS, 0, 0);
  }

  /** -1, 0 or 1 by sign (0 for NaN; keeps the dtype). */
  public final Tensor sign() {
    return UnaryOps.SIGN.apply(self());
  }

  /** sign, in place. */
  public final Tensor sign_() {
    return unary_(UnaryOps.SIGN, 0, 0);
  }

  /**
   * {@code e^this}.
   *
   * <p>{@code Tensor.of(0f, 1f).exp() // [1, 2.7183]}
   */
  public final Tensor exp() {
    return UnaryOps.EXP.apply(self());
  }

  /** exp, in place. */
  public final Tensor exp_() {
    return unary_(UnaryOps.EXP, 0, 0);
  }

  /** {@code 2^this}. */
  public final Tensor exp2() {
    return UnaryOps.EXP2.apply(self());
  }

  /** exp2, in place. */
  public final Tensor exp2_() {
    return unary_(UnaryOps.EXP2, 0, 0);
  }

  /** {@code e^this - 1}, accurate near 0. */
  public final Tensor expm1() {
    return UnaryOps.EXPM1.apply(self());
  }

  /** expm1, in place. */
  public final Tensor expm1_() {
    return unary_(UnaryOps.EXPM1, 0, 0);
  }

  /** The natural logarithm. */
  public final Tensor log() {
    return UnaryOps.LOG.apply(self());
  }

  /** log, in place. */
  public final Tensor log_() {
    return unary_(UnaryOps.LOG, 0, 0);
  }

  /** The base-2 logarithm. */
  public final Tensor log2() {
    return UnaryOps.LOG2.apply(self());
  }

  /** log2, in place. */
  public final Tensor log2_() {
    return unary_(UnaryOps.LOG2, 0, 0);
  }

  /** The base-10 logarithm. */
  public final Tensor log10() {
    return UnaryOps.LOG10.apply(self());
  }

  /** log10, in place. */
  public final Tensor log10_() {
    return unary_(UnaryOps.LOG10, 0, 0);
  }

  /** {@code log(1 + this)}, accurate near 0. */
  public final Tensor log1p() {
    return UnaryOps.LOG1P.apply(self());
  }

  /** log1p, in place. */
  public final Tensor log1p_() {
    return unary_(UnaryOps.LOG1P, 0, 0);
  }

  /** The square root. */
  public final Tensor sqrt() {
    return UnaryOps.SQRT.apply(self());
  }

  /** sqrt, in place. */
  public final Tensor sqrt_() {
    return unary_(UnaryOps.SQRT, 0, 0);
  }

  /** {@code 1 / sqrt(this)}. */
  public final Tensor rsqrt() {
    return UnaryOps.RSQRT.apply(self());
  }

  /** rsqrt, in place. */
  public final Tensor rsqrt_() {
    return unary_(UnaryOps.RSQRT, 0, 0);
  }

  /** {@code 1 / this}. */
  public final Tensor reciprocal() {
    return UnaryOps.RECIPROCAL.apply(self());
  }

  /** reciprocal, in place. */
  public final Tensor reciprocal_() {
    return unary_(UnaryOps.RECIPROCAL, 0, 0);
  }

  /** The sine. */
  public final Tensor sin() {
    return UnaryOps.SIN.apply(self());
  }

  /** sin, in place. */
  public final Tensor sin_() {
    return unary_(UnaryOps.SIN, 0, 0);
  }

  /** The cosine. */
  public final Tensor cos() {
    return UnaryOps.COS.apply(self());
  }

  /** cos, in place. */
  public final Tensor cos_() {
    return unary_(UnaryOps.COS, 0, 0);
  }

  /** The tangent. */
  public final Tensor tan() {
    return UnaryOps.TAN.apply(self());
  }

  /** tan, in place. */
  public final Tensor tan_() {
    return unary_(UnaryOps.TAN, 0, 0);
  }

  /** The arcsine. */
  public final Tensor asin() {
    return UnaryOps.ASIN.apply(self());
  }

  /** asin, in place. */
  public final Tensor asin_() {
    return unary_(UnaryOps.ASIN, 0, 0);
  }

  /** The arccosine. */
  public final Tensor acos() {
    return UnaryOps.ACOS.apply(self());
  }

  /** acos, in place. */
  public final Tensor acos_() {
    return unary_(UnaryOps.ACOS, 0, 0);
  }

  /** The arctangent. */
  public final Tensor atan() {
    return UnaryOps.ATAN.apply(self());
  }

  /** atan, in place. */
  public final Tensor atan_() {
    return unary_(UnaryOps.ATAN, 0, 0);
  }

  /** The hyperbolic sine. */
  public final Tensor sinh() {
    return UnaryOps.SINH.apply(self());
  }

  /** sinh, in place. */
  public final Tensor sinh_() {
    return unary_(UnaryOps.SINH, 0, 0);
  }

  /** The hyperbolic cosine. */
  public final Tensor cosh() {
    return UnaryOps.COSH.apply(self());
  }

  /** cosh, in place. */
  public final Tensor cosh_() {
    return unary_(UnaryOps.COSH, 0, 0);
  }

  /** The hyperbolic tangent. */
  public final Tensor tanh() {
    return UnaryOps.TANH.apply(self());
  }

  /** tanh, in place. */
  public final Tensor tanh_() {
    return unary_(UnaryOps.TANH, 0, 0);
  }

  /** {@code 1 / (1 + e^-this)}. */
  public final Tensor sigmoid() {
    return UnaryOps.SIGMOID.apply(self());
  }

  /** sigmoid, in place. */
  public final Tensor sigmoid_() {
    return unary_(UnaryOps.SIGMOID, 0, 0);
  }

  /** The error function. */
  public final Tensor erf() {
    return UnaryOps.ERF.apply(self());
  }

  /** erf, in place. */
  public final Tensor erf_() {
    return unary_(UnaryOps.ERF, 0, 0);
  }

  /** {@code 1 - erf(this)}, accurate in the tail. */
  public final Tensor erfc() {
    return UnaryOps.ERFC.apply(self());
  }

  /** erfc, in place. */
  public final Tensor erfc_() {
    return unary_(UnaryOps.ERFC, 0, 0);
  }

  /** The inverse error function. */
  public final Tensor erfinv() {
    return UnaryOps.ERFINV.apply(self());
  }

  /** erfinv, in place. */
  public final Tensor erfinv_() {
    return unary_(UnaryOps.ERFINV, 0, 0);
  }

  /** Rounds down (integers unchanged). */
  public final Tensor floor() {
    return UnaryOps.FLOOR.apply(self());
  }

  /** floor, in place. */
  public final Tensor floor_() {
    return unary_(UnaryOps.FLOOR, 0, 0);
  }

  /** Rounds up (integers unchanged). */
  public final Tensor ceil() {
    return UnaryOps.CEIL.apply(self());
  }

  /** ceil, in place. */
  public final Tensor ceil_() {
    return unary_(UnaryOps.CEIL, 0, 0);
  }

  /** Rounds half to even (integers unchanged). */
  public final Tensor round() {
    return UnaryOps.ROUND.apply(self());
  }

  /** round, in place. */
  public final Tensor round_() {
    return unary_(UnaryOps.ROUND, 0, 0);
  }

  /** Rounds toward zero (integers unchanged). */
  public final Tensor trunc() {
    return UnaryOps.TRUNC.apply(self());
  }

  /** trunc, in place. */
  public final Tensor trunc_() {
    return unary_(UnaryOps.TRUNC, 0, 0);
  }

  /** {@code this - trunc(this)}, floating only. */
  public final Tensor frac() {
    return UnaryOps.FRAC.apply(self());
  }

  /** frac, in place. */
  public final Tensor frac_() {
    return unary_(UnaryOps.FRAC, 0, 0);
  }

  /**
   * Rounds half to even at {@code decimals} decimal places (negative: tens, hundreds, ...);
   * floating tensors only when {@code decimals != 0}.
   *
   * <p>{@code Tensor.of(1.25f, 2.5f).round(1) // [1.2, 2.5]}
   */
  public final Tensor round(int decimals) {
    if (decimals != 0 && !dtype.isFloatingPoint()) {
      throw new IllegalArgumentException(
          "round: decimals is only supported on floating-point tensors, got dtype " + dtype);
    }
    return UnaryOps.ROUND.apply(self(), decimals, 0);
  }

  /** {@code this * this} (bool gives int64). */
  public final Tensor square() {
    return PointwiseOps.square(self());
  }

  /** square, in place. */
  public final Tensor square_() {
    return assign_("square", t -> t.square());
  }

  /** {@code log(this / (1 - this))}. */
  public final Tensor logit() {
    return UnaryOps.LOGIT.apply(self(), Double.NaN, 0);
  }

  /** {@code logit} of this clamped to {@code [eps, 1 - eps]}. */
  public final Tensor logit(double eps) {
    return UnaryOps.LOGIT.apply(self(), eps, 0);
  }

  /**
   * Replaces NaN by 0 and ±inf by the dtype's largest/lowest finite value (integers copied).
   *
   * <p>{@code Tensor.of(Float.NaN, Float.POSITIVE_INFINITY).nanToNum() // [0, 3.4028e38]}
   */
  public final Tensor nanToNum() {
    return PointwiseOps.nanToNum(self(), null, null, null);
  }

  /** Replaces NaN, +inf and -inf by the given values. */
  public final Tensor nanToNum(double nan, double posinf, double neginf) {
    return PointwiseOps.nanToNum(self(), nan, posinf, neginf);
  }

  /** nanToNum with PyTorch's defaults, in place. */
  public final Tensor nanToNum_() {
    return assign_("nanToNum", t -> t.nanToNum());
  }

  // ---- clamping ----

  /**
   * Clamps to {@code [min, max]}; NaN stays NaN; integer tensors with float bounds give float32.
   *
   * <p>{@code Tensor.of(-2f, 0.5f, 3f).clamp(0, 1) // [0, 0.5, 1]}
   */
  public final Tensor clamp(double min, double max) {
    return PointwiseOps.clamp(self(), num(min), num(max));
  }

  /** Clamps to integer bounds (integer tensors stay integer). */
  public final Tensor clamp(long min, long max) {
    return PointwiseOps.clamp(self(), num(min), num(max));
  }

  /** Clamps from below. */
  public final Tensor clampMin(double min) {
    return PointwiseOps.clamp(self(), num(min), null);
  }

  /** Clamps from below by an integer. */
  public final Tensor clampMin(long min) {
    return PointwiseOps.clamp(self(), num(min), null);
  }

  /** Clamps from above. */
  public final Tensor clampMax(double max) {
    return PointwiseOps.clamp(self(), null, num(max));
  }

  /** Clamps from above by an integer. */
  public final Tensor clampMax(long max) {
    return PointwiseOps.clamp(self(), null, num(max));
  }

  /** Clamps to tensor bounds, broadcast; either may be null (not both); NaN bounds give NaN. */
  public final Tensor clamp(Tensor min, Tensor max) {
    return PointwiseOps.clamp(self(), min, max);
  }

  /** clamp, in place. */
  public final Tensor clamp_(double min, double max) {
    return assign_("clamp", t -> t.clamp(min, max));
  }

  /** clamp to tensor bounds, in place. */
  public final Tensor clamp_(Tensor min, Tensor max) {
    return assign_("clamp", t -> t.clamp(min, max), min, max);
  }

  // ---- activations (floating tensors unless noted) ----

  /**
   * {@code max(this, 0)}; NaN stays NaN; integers allowed.
   *
   * <p>{@code Tensor.of(-1f, 2f).relu() // [0, 2]}
   */
  public final Tensor relu() {
    return UnaryOps.RELU.apply(self());
  }

  /** relu, in place. */
  public final Tensor relu_() {
    return unary_(UnaryOps.RELU, 0, 0);
  }

  /** {@code min(max(this, 0), 6)}; integers allowed. */
  public final Tensor relu6() {
    return PointwiseOps.relu6(self());
  }

  /** GELU, exact form {@code x * Phi(x)}. */
  public final Tensor gelu() {
    return UnaryOps.GELU.apply(self(), 0, 0);
  }

  /** GELU with {@code approximate} {@code "none"} (exact) or {@code "tanh"}. */
  public final Tensor gelu(String approximate) {
    return switch (approximate) {
      case "none" -> gelu();
      case "tanh" -> UnaryOps.GELU.apply(self(), 1, 0);
      default ->
          throw new IllegalArgumentException(
              "gelu: expected approximate \"none\" or \"tanh\", got \"" + approximate + "\"");
    };
  }

  /** SiLU (swish): {@code x * sigmoid(x)}. */
  public final Tensor silu() {
    return UnaryOps.SILU.apply(self());
  }

  /** Mish: {@code x * tanh(softplus(x))}. */
  public final Tensor mish() {
    return UnaryOps.MISH.apply(self());
  }

  /** Softplus {@code log(1 + e^x)} (beta 1, threshold 20). */
  public final Tensor softplus() {
    return softplus(1, 20);
  }

  /** Softplus {@code log(1 + e^(beta x)) / beta}, linear where {@code beta x > threshold}. */
  public final Tensor softplus(double beta, double threshold) {
    return UnaryOps.SOFTPLUS.apply(self(), beta, threshold);
  }

  /** ELU with alpha 1. */
  public final Tensor elu() {
    return elu(1);
  }

  /** ELU: {@code x} for positive x, {@code alpha (e^x - 1)} otherwise. */
  public final Tensor elu(double alpha) {
    return UnaryOps.ELU.apply(self(), alpha, 1);
  }

  /** SELU: ELU scaled by PyTorch's constants. */
  public final Tensor selu() {
    return PointwiseOps.selu(self());
  }

  /** Leaky ReLU with slope 0.01. */
  public final Tensor leakyRelu() {
    return leakyRelu(0.01);
  }

  /** Leaky ReLU: {@code x} for positive x, {@code slope x} otherwise. */
  public final Tensor leakyRelu(double negativeSlope) {
    return UnaryOps.LEAKY_RELU.apply(self(), negativeSlope, 0);
  }

  /** Hardtanh: clamps to {@code [-1, 1]} keeping the dtype. */
  public final Tensor hardtanh() {
    return hardtanh(-1, 1);
  }

  /** Hardtanh: clamps to {@code [min, max]} keeping the dtype. */
  public final Tensor hardtanh(double min, double max) {
    return PointwiseOps.hardtanh(self(), min, max);
  }

  /** Hard sigmoid {@code clamp(x / 6 + 1/2, 0, 1)}. */
  public final Tensor hardsigmoid() {
    return UnaryOps.HARDSIGMOID.apply(self());
  }

  /** Hard swish {@code x * hardsigmoid(x)}. */
  public final Tensor hardswish() {
    return UnaryOps.HARDSWISH.apply(self());
  }
}
