package dev.kiln.data.transforms;

import dev.kiln.data.Rng;
import dev.kiln.tensor.Tensor;
import java.util.List;

/**
 * Tensor transforms applied one after another (torchvision's {@code Compose}).
 *
 * @param steps the transforms, in order
 */
public record Compose(List<Transform<Tensor, Tensor>> steps) implements Transform<Tensor, Tensor> {
  /** Copies the list. */
  public Compose {
    steps = List.copyOf(steps);
  }

  /** Composes {@code steps} in order. */
  @SafeVarargs
  public static Compose of(Transform<Tensor, Tensor>... steps) {
    return new Compose(List.of(steps));
  }

  @Override
  public Tensor apply(Tensor input, Rng rng) {
    Tensor x = input;
    for (Transform<Tensor, Tensor> step : steps) {
      x = step.apply(x, rng);
    }
    return x;
  }
}
