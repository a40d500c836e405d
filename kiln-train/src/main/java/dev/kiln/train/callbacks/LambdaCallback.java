package dev.kiln.train.callbacks;

import dev.kiln.train.Callback;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A callback from lambdas (Keras's {@code LambdaCallback}); hooks not given do nothing.
 *
 * <pre>{@code
 * LambdaCallback.builder()
 *     .onEpochEnd((epoch, logs) -> System.out.println(epoch + " " + logs))
 *     .build()
 * }</pre>
 */
public final class LambdaCallback extends Callback {
  private final Builder b;

  private LambdaCallback(Builder b) {
    this.b = b;
  }

  /** A builder with every hook empty. */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects the hooks. */
  public static final class Builder {
    private Consumer<Map<String, Double>> trainBegin = l -> {};
    private Consumer<Map<String, Double>> trainEnd = l -> {};
    private BiConsumer<Integer, Map<String, Double>> epochBegin = (e, l) -> {};
    private BiConsumer<Integer, Map<String, Double>> epochEnd = (e, l) -> {};
    private BiConsumer<Integer, Map<String, Double>> batchBegin = (e, l) -> {};
    private BiConsumer<Integer, Map<String, Double>> batchEnd = (e, l) -> {};

    private Builder() {}

    /** Runs {@code fn} at the start of training. */
    public Builder onTrainBegin(Consumer<Map<String, Double>> fn) {
      trainBegin = fn;
      return this;
    }

    /** Runs {@code fn} at the end of training. */
    public Builder onTrainEnd(Consumer<Map<String, Double>> fn) {
      trainEnd = fn;
      return this;
    }

    /** Runs {@code fn(epoch, logs)} at the start of every epoch. */
    public Builder onEpochBegin(BiConsumer<Integer, Map<String, Double>> fn) {
      epochBegin = fn;
      return this;
    }

    /** Runs {@code fn(epoch, logs)} at the end of every epoch. */
    public Builder onEpochEnd(BiConsumer<Integer, Map<String, Double>> fn) {
      epochEnd = fn;
      return this;
    }

    /** Runs {@code fn(batch, logs)} before every training batch. */
    public Builder onTrainBatchBegin(BiConsumer<Integer, Map<String, Double>> fn) {
      batchBegin = fn;
      return this;
    }

    /** Runs {@code fn(batch, logs)} after every training batch. */
    public Builder onTrainBatchEnd(BiConsumer<Integer, Map<String, Double>> fn) {
      batchEnd = fn;
      return this;
    }

    /** The callback. */
    public LambdaCallback build() {
      return new LambdaCallback(this);
    }
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    b.trainBegin.accept(logs);
  }

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    b.trainEnd.accept(logs);
  }

  @Override
  public void onEpochBegin(int epoch, Map<String, Double> logs) {
    b.epochBegin.accept(epoch, logs);
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    b.epochEnd.accept(epoch, logs);
  }

  @Override
  public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
    b.batchBegin.accept(batch, logs);
  }

  @Override
  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
    b.batchEnd.accept(batch, logs);
  }
}
