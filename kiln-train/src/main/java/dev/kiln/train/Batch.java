package dev.kiln.train;

import dev.kiln.tensor.Tensor;

/**
 * One batch of inputs and targets, as {@link Model#trainStep} and {@link Model#testStep} see it.
 *
 * @param x the inputs, batch first ({@code [N, ...]})
 * @param y the targets, batch first ({@code [N, ...]}); null when predicting
 */
public record Batch(Tensor x, Tensor y) {
  /** The number of samples ({@code x.size(0)}). */
  public int size() {
    return x.size(0);
  }
}
