package dev.kiln.data.transforms;

import dev.kiln.data.Rng;

/**
 * One step of sample preprocessing or augmentation. Random transforms draw only from the {@link
 * Rng} they are given, so a run is reproducible; deterministic ones ignore it.
 *
 * <pre>{@code
 * Transform<Tensor, Tensor> aug = Compose.of(new RandomCrop(32, 4), new RandomHorizontalFlip(0.5));
 * Tensor out = aug.apply(image, Rng.of(7));
 * }</pre>
 *
 * @param <A> the input type
 * @param <B> the output type
 */
@FunctionalInterface
public interface Transform<A, B> {
  /** Transforms {@code input}, drawing any randomness from {@code rng}. */
  B apply(A input, Rng rng);

  /** This transform followed by {@code next}, both drawing from the same generator. */
  default <C> Transform<A, C> andThen(Transform<? super B, ? extends C> next) {
    return (x, rng) -> next.apply(apply(x, rng), rng);
  }
}
