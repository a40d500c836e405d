package dev.kiln.nn;

import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * Normalises over the trailing {@code normalizedShape} dimensions to zero mean and unit (biased)
 * variance, then applies an elementwise weight (ones) and bias (zeros), like {@code nn.LayerNorm}.
 */
public final class LayerNorm extends Module {
  private final int[] normalizedShape;
  private final double eps;

  /** eps 1e-5, with weight and bias. */
  public LayerNorm(int... normalizedShape) {
    this(normalizedShape, 1e-5, true);
  }

  /** Normalises over {@code normalizedShape}; learnable weight and bias when {@code affine}. */
  public LayerNorm(int[] normalizedShape, double eps, boolean affine) {
    this.normalizedShape = normalizedShape.clone();
    this.eps = eps;
    registerParameter("weight", affine ? Tensor.ones(normalizedShape).requiresGrad_(true) : null);
    registerParameter("bias", affine ? Tensor.zeros(normalizedShape).requiresGrad_(true) : null);
  }

  /**
   * @throws IllegalArgumentException when the input's trailing sizes are not {@code
   *     normalizedShape}
   */
  @Override
  public Tensor forward(Tensor input) {
    LayerChecks.endsWith(this, input, normalizedShape, "normalizedShape");
    return input.layerNorm(normalizedShape, parameter("weight"), parameter("bias"), eps);
  }

  @Override
  protected String extraRepr() {
    return "normalizedShape=" + Arrays.toString(normalizedShape) + ", eps=" + eps;
  }
}
