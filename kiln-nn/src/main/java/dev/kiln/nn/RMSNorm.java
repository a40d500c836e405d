package dev.kiln.nn;

import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * Root-mean-square normalisation over the trailing {@code normalizedShape} dims, like PyTorch 2.4's
 * {@code nn.RMSNorm}: {@code x * rsqrt(mean(x^2) + eps) * weight}, weight starting at ones. A null
 * eps means {@code torch.finfo(float32).eps} (2^-23), PyTorch 2.4's default. PyTorch 1.13, which
 * checks the fixtures, has no {@code nn.RMSNorm}: the fixture generator spells this formula out.
 */
public final class RMSNorm extends Module {
  /** {@code torch.finfo(torch.float32).eps}. */
  public static final double FLOAT32_EPS = Math.ulp(1.0f);

  private final int[] normalizedShape;
  private final double eps;

  /** Default eps, with weight. */
  public RMSNorm(int... normalizedShape) {
    this(normalizedShape, null, true);
  }

  /** eps null for {@link #FLOAT32_EPS}; a learnable weight when {@code affine}. */
  public RMSNorm(int[] normalizedShape, Double eps, boolean affine) {
    this.normalizedShape = normalizedShape.clone();
    this.eps = eps == null ? FLOAT32_EPS : eps;
    registerParameter("weight", affine ? Tensor.ones(normalizedShape).requiresGrad_(true) : null);
  }

  /**
   * @throws IllegalArgumentException when the input does not end with {@code normalizedShape}
   */
  @Override
  public Tensor forward(Tensor input) {
    LayerChecks.endsWith(this, input, normalizedShape, "normalizedShape");
    int[] dims = LayerChecks.lastDims(input.dim(), normalizedShape.length);
    Tensor y = input.mul(input.square().mean(dims, true).add(eps).rsqrt());
    Tensor w = parameter("weight");
    return w == null ? y : y.mul(w);
  }

  @Override
  protected String extraRepr() {
    return "normalizedShape=" + Arrays.toString(normalizedShape) + ", eps=" + eps;
  }
}
