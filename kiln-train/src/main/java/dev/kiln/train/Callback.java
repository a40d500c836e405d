package dev.kiln.train;

import java.util.Map;

/**
 * Hooks into {@link Model#fit}, {@link Model#evaluate} and {@link Model#predict}, with Keras's
 * lifecycle. Every method does nothing by default; override the ones you need. {@code logs} are the
 * current metric values by name (train metrics plus {@code val_}-prefixed ones at epoch end);
 * epochs and batches count from 0.
 *
 * <p>Order during {@code fit}: {@code onTrainBegin}; per epoch {@code onEpochBegin}, per batch
 * {@code onTrainBatchBegin}/{@code onTrainBatchEnd}, then with validation data {@code onTestBegin},
 * per batch {@code onTestBatchBegin}/{@code onTestBatchEnd}, {@code onTestEnd}, then {@code
 * onEpochEnd}; finally {@code onTrainEnd}. {@link Model#stopTraining()} ends training after the
 * current batch (from a batch hook) or epoch.
 */
public abstract class Callback {
  private Model model;
  private TrainParams params;

  /** Called by the model before training, evaluating or predicting starts. */
  public void setModel(Model model) {
    this.model = model;
  }

  /** The model this callback serves (null before {@link #setModel}). */
  public final Model model() {
    return model;
  }

  /**
   * Called with the run's shape by {@code fit} before {@link #onTrainBegin}, and by {@code
   * evaluate} / {@code predict} (one epoch of the data's batches) before they start.
   */
  public void setParams(TrainParams params) {
    this.params = params;
  }

  /** The current run's epochs and steps (null before the first run). */
  public final TrainParams params() {
    return params;
  }

  /** Before the first epoch. */
  public void onTrainBegin(Map<String, Double> logs) {}

  /** After the last epoch (also after an early stop). */
  public void onTrainEnd(Map<String, Double> logs) {}

  /** At the start of epoch {@code epoch}. */
  public void onEpochBegin(int epoch, Map<String, Double> logs) {}

  /** At the end of epoch {@code epoch}; {@code logs} hold train and {@code val_} metrics. */
  public void onEpochEnd(int epoch, Map<String, Double> logs) {}

  /** Before training batch {@code batch} of the current epoch. */
  public void onTrainBatchBegin(int batch, Map<String, Double> logs) {}

  /** After training batch {@code batch}; {@code logs} hold the running epoch metrics. */
  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {}

  /** Before an evaluation (validation in {@code fit}, or {@link Model#evaluate}). */
  public void onTestBegin(Map<String, Double> logs) {}

  /** After an evaluation; {@code logs} hold its metrics (without prefix). */
  public void onTestEnd(Map<String, Double> logs) {}

  /** Before evaluation batch {@code batch}. */
  public void onTestBatchBegin(int batch, Map<String, Double> logs) {}

  /** After evaluation batch {@code batch}. */
  public void onTestBatchEnd(int batch, Map<String, Double> logs) {}

  /** Before {@link Model#predict}. */
  public void onPredictBegin(Map<String, Double> logs) {}

  /** After {@link Model#predict}. */
  public void onPredictEnd(Map<String, Double> logs) {}

  /** Before prediction batch {@code batch}. */
  public void onPredictBatchBegin(int batch, Map<String, Double> logs) {}

  /** After prediction batch {@code batch}. */
  public void onPredictBatchEnd(int batch, Map<String, Double> logs) {}
}
