package dev.kiln.train.metrics;

import dev.kiln.tensor.Tensor;
import java.util.function.BiFunction;

/**
 * A metric from a function of {@code (yPred, yTrue)} giving per-sample values: the mean of every
 * value since the last reset (Keras's {@code MeanMetricWrapper}). See {@link Metric#of}.
 */
final class FunctionMetric implements Metric {
  private final Mean mean;
  private final BiFunction<Tensor, Tensor, Tensor> fn;

  FunctionMetric(String name, BiFunction<Tensor, Tensor, Tensor> fn) {
    this.mean = new Mean(name);
    this.fn = fn;
  }

  @Override
  public String name() {
    return mean.name();
  }

  @Override
  public void update(Tensor yPred, Tensor yTrue) {
    mean.update(fn.apply(yPred, yTrue), null);
  }

  @Override
  public double result() {
    return mean.result();
  }

  @Override
  public void reset() {
    mean.reset();
  }
}
