package dev.kiln.train.metrics;

import dev.kiln.tensor.Tensor;
import java.util.function.BiFunction;

/**
 * A stateful metric, as in Keras: {@link #update} folds in one batch, {@link #result} gives the
 * value over every batch since the last {@link #reset}, so the result does not depend on how the
 * data was batched. {@link dev.kiln.train.Model} resets its metrics at the start of every epoch and
 * of every evaluation.
 *
 * <p>Implement this interface for a custom metric:
 *
 * <pre>{@code
 * class MaxError implements Metric {
 *   double max;
 *   public String name() { return "max_error"; }
 *   public void update(Tensor yPred, Tensor yTrue) {
 *     max = Math.max(max, yPred.sub(yTrue).abs().max().item());
 *   }
 *   public double result() { return max; }
 *   public void reset() { max = 0; }
 * }
 * }</pre>
 */
public interface Metric {
  /** The key in logs and history ({@code "accuracy"}; validation adds {@code "val_"}). */
  String name();

  /**
   * Folds in one batch.
   *
   * @param yPred the model's output for the batch ({@code [N, ...]})
   * @param yTrue the batch's targets ({@code [N, ...]})
   */
  void update(Tensor yPred, Tensor yTrue);

  /** The value over everything since the last reset (0 or NaN before any update, as stated). */
  double result();

  /** Forgets all batches. */
  void reset();

  /**
   * A metric from a function, as Keras's {@code metrics=[fn]}: {@code fn(yPred, yTrue)} returns one
   * value per sample (any shape), and the result is the mean of all values since the last reset, so
   * it does not depend on the batching. NaN before any update.
   *
   * <pre>{@code
   * Metric maxAbs = Metric.of("max_abs_error", (p, t) -> p.sub(t).abs().amax(1));
   * }</pre>
   */
  static Metric of(String name, BiFunction<Tensor, Tensor, Tensor> fn) {
    return new FunctionMetric(name, fn);
  }
}
