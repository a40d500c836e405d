package dev.kiln.nn.functional;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * Scaled dot-product attention, {@code softmax(Q K^T / sqrt(E) + mask) V}, with the semantics of
 * PyTorch 2's {@code F.scaled_dot_product_attention} (math path).
 *
 * {@snippet :
 * Tensor out = Attention.scaledDotProductAttention(q, k, v, null, 0.0, true); // causal
 * }
 */
public final class Attention {
  private Attention() {}

  /** The attention output and the (post-dropout) attention weights it was computed with. */
  public record Result(Tensor output, Tensor weights) {}

  /** Attention without mask, dropout or causal masking. */
  public static Tensor scaledDotProductAttention(Tensor query, Tensor key, Tensor value) {
    return scaledDotProductAttention(query, key, value, null, 0.0, false);
  }

  /** Same as the generator overload, dropout drawn from the default generator. */
  public static Tensor scaledDotProductAttention(
      Tensor query, Tensor key, Tensor value, Tensor attnMask, double dropoutP, boolean isCausal) {
    return scaledDotProductAttention(
        query, key, value, attnMask, dropoutP, isCausal, Generator.defaultGenerator());
  }

  /**
   * Attends {@code query [..., L, E]} over {@code key [..., S, E]} and {@code value [..., S, Ev]}
   * (leading dims broadcast) and returns {@code [..., L, Ev]}.
   *
   * @param attnMask null, a bool mask broadcastable to {@code [..., L, S]} whose {@code true}
   *     entries may be attended (false ones are excluded), or a floating mask added to the scores
   * @param dropoutP probability of zeroing each attention weight (the rest scaled by {@code 1 / (1
   *     - p)}), always applied like PyTorch's function; pass 0 in evaluation
   * @param isCausal masks out keys after the query's position (top-left aligned lower triangle);
   *     cannot be combined with {@code attnMask}
   * @param g the generator of the dropout masks
   * @throws IllegalArgumentException on mismatched shapes, a mask that is neither bool nor
   *     floating, both a mask and {@code isCausal}, or {@code dropoutP} outside [0, 1]
   */
  public static Tensor scaledDotProductAttention(
      Tensor query,
      Tensor key,
      Tensor value,
      Tensor attnMask,
      double dropoutP,
      boolean isCausal,
      Generator g) {
    checkShapes(query, key, value);
    int l = query.size(-2);
    int s = key.size(-2);
    Tensor mask;
    if (isCausal) {
      if (attnMask != null) {
        throw new IllegalArgumentException(
            "scaledDotProductAttention: pass either attnMask or isCausal, not both");
      }
      Tensor allowed = Tensor.ones(DType.BOOL, l, s).tril();
      mask = additive(allowed.logicalNot(), query.dtype());
    } else if (attnMask == null) {
      mask = null;
    } else if (attnMask.dtype() == DType.BOOL) {
      mask = additive(attnMask.logicalNot(), query.dtype());
    } else if (attnMask.dtype().isFloatingPoint()) {
      mask = attnMask;
    } else {
      throw new IllegalArgumentException(
          "scaledDotProductAttention: attnMask must be bool or floating, got " + attnMask.dtype());
    }
    return attend(query, key, value, mask, dropoutP, g).output();
  }

  /**
   * The kernel shared with {@code MultiheadAttention}: {@code w = dropout(softmax(Q K^T / sqrt(E) +
   * mask))}, output {@code w V}, computed in this order as PyTorch 1.13's multi-head attention does
   * (query scaled before the product).
   *
   * @param additiveMask null or a floating mask broadcastable to the scores {@code [..., L, S]}
   * @param dropoutP probability of zeroing each weight; 0 for none
   * @param g the generator of the dropout mask
   */
  public static Result attend(
      Tensor query, Tensor key, Tensor value, Tensor additiveMask, double dropoutP, Generator g) {
    if (!(dropoutP >= 0 && dropoutP <= 1)) {
      throw new IllegalArgumentException(
          "scaledDotProductAttention: dropoutP must be in [0, 1], got " + dropoutP);
    }
    Tensor scaled = query.div(Math.sqrt(query.size(-1)));
    Tensor scores = scaled.matmul(key.transpose(-2, -1));
    if (additiveMask != null) {
      scores = scores.add(additiveMask);
    }
    Tensor weights = scores.softmax(-1);
    if (dropoutP > 0) {
      weights = dropout(weights, dropoutP, g);
    }
    return new Result(weights.matmul(value), weights);
  }

  private static Tensor dropout(Tensor x, double p, Generator g) {
    if (p == 1) {
      return x.mul(0.0);
    }
    Tensor keep = Tensor.rand(g, x.dtype(), x.shape()).ge(p).to(x.dtype());
    return x.mul(keep).mul(1 / (1 - p));
  }

  /** {@code -inf} where {@code excluded} is true, 0 elsewhere, in {@code dtype}. */
  private static Tensor additive(Tensor excluded, DType dtype) {
    return Tensor.zeros(dtype, excluded.shape()).maskedFill(excluded, Double.NEGATIVE_INFINITY);
  }

  private static void checkShapes(Tensor q, Tensor k, Tensor v) {
    if (q.dim() < 2 || k.dim() < 2 || v.dim() < 2) {
      throw new IllegalArgumentException(
          "scaledDotProductAttention: query, key and value need at least 2 dims, got "
              + Arrays.toString(q.shape())
              + ", "
              + Arrays.toString(k.shape())
              + ", "
              + Arrays.toString(v.shape()));
    }
    if (q.size(-1) != k.size(-1) || k.size(-2) != v.size(-2)) {
      throw new IllegalArgumentException(
          "scaledDotProductAttention: expected query [..., L, E], key [..., S, E], value [..., S,"
              + " Ev], got "
              + Arrays.toString(q.shape())
              + ", "
              + Arrays.toString(k.shape())
              + ", "
              + Arrays.toString(v.shape()));
    }
    if (!q.dtype().isFloatingPoint() || q.dtype() != k.dtype() || q.dtype() != v.dtype()) {
      throw new IllegalArgumentException(
          "scaledDotProductAttention: query, key and value must share one floating dtype, got "
              + q.dtype()
              + ", "
              + k.dtype()
              + ", "
              + v.dtype());
    }
  }
}
