package dev.kiln.train;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Calls each hook on every callback, in order. */
final class CallbackList {
  private final List<Callback> callbacks;

  CallbackList(List<Callback> callbacks, Model model, TrainParams params) {
    this.callbacks = List.copyOf(callbacks);
    for (Callback c : this.callbacks) {
      c.setModel(model);
      if (params != null) {
        c.setParams(params);
      }
    }
  }

  private void each(Consumer<Callback> hook) {
    for (Callback c : callbacks) {
      hook.accept(c);
    }
  }

  void trainBegin(Map<String, Double> logs) {
    each(c -> c.onTrainBegin(logs));
  }

  void trainEnd(Map<String, Double> logs) {
    each(c -> c.onTrainEnd(logs));
  }

  void epochBegin(int epoch, Map<String, Double> logs) {
    each(c -> c.onEpochBegin(epoch, logs));
  }

  void epochEnd(int epoch, Map<String, Double> logs) {
    each(c -> c.onEpochEnd(epoch, logs));
  }

  void trainBatchBegin(int batch, Map<String, Double> logs) {
    each(c -> c.onTrainBatchBegin(batch, logs));
  }

  void trainBatchEnd(int batch, Map<String, Double> logs) {
    each(c -> c.onTrainBatchEnd(batch, logs));
  }

  void testBegin(Map<String, Double> logs) {
    each(c -> c.onTestBegin(logs));
  }

  void testEnd(Map<String, Double> logs) {
    each(c -> c.onTestEnd(logs));
  }

  void testBatchBegin(int batch, Map<String, Double> logs) {
    each(c -> c.onTestBatchBegin(batch, logs));
  }

  void testBatchEnd(int batch, Map<String, Double> logs) {
    each(c -> c.onTestBatchEnd(batch, logs));
  }

  void predictBegin(Map<String, Double> logs) {
    each(c -> c.onPredictBegin(logs));
  }

  void predictEnd(Map<String, Double> logs) {
    each(c -> c.onPredictEnd(logs));
  }

  void predictBatchBegin(int batch, Map<String, Double> logs) {
    each(c -> c.onPredictBatchBegin(batch, logs));
  }

  void predictBatchEnd(int batch, Map<String, Double> logs) {
    each(c -> c.onPredictBatchEnd(batch, logs));
  }
}
