package dev.kiln.train.callbacks;

import dev.kiln.tensor.Tensor;
import dev.kiln.train.Callback;
import java.util.Map;

/**
 * Stops training when a monitored value stops improving (Keras's {@code EarlyStopping}): after
 * {@code patience} epochs in a row without an improvement larger than {@code minDelta}, {@link
 * dev.kiln.train.Model#stopTraining(boolean)} is set. With {@code restoreBestWeights} the weights
 * of the best epoch are copied back when training ends, whether it stopped early or ran out of
 * epochs.
 *
 * <pre>{@code
 * new EarlyStopping("val_loss", 3).minDelta(1e-3).restoreBestWeights(true)
 * }</pre>
 */
public final class EarlyStopping extends Callback {
  private final Monitor monitor;
  private final int patience;
  private double minDelta;
  private boolean restoreBestWeights;
  private double baseline = Double.NaN;
  private int startFromEpoch;
  private double best;
  private int bestEpoch;
  private int wait;
  private int stoppedEpoch;
  private Map<String, Tensor> bestWeights;

  /** Monitors {@code monitor} (mode auto) with {@code patience} epochs. */
  public EarlyStopping(String monitor, int patience) {
    this(monitor, patience, Mode.AUTO);
  }

  /**
   * Monitors {@code monitor} in direction {@code mode}.
   *
   * @throws IllegalArgumentException if patience &lt; 0
   */
  public EarlyStopping(String monitor, int patience, Mode mode) {
    if (patience < 0) {
      throw new IllegalArgumentException("EarlyStopping: patience must be >= 0, got " + patience);
    }
    this.monitor = new Monitor(monitor, mode);
    this.patience = patience;
  }

  /** Only changes larger than {@code minDelta} count as improvements (default 0). */
  public EarlyStopping minDelta(double minDelta) {
    this.minDelta = Math.abs(minDelta);
    return this;
  }

  /**
   * Keras's {@code baseline}: the best epoch still counts as best, but the patience only restarts
   * when the value also beats {@code baseline}, so training stops after {@code patience} epochs
   * that stay short of it (default: none).
   */
  public EarlyStopping baseline(double baseline) {
    this.baseline = baseline;
    return this;
  }

  /**
   * Keras's {@code start_from_epoch}: epochs before {@code epoch} (0-based) are not monitored,
   * neither as best nor against the patience (a warm-up; default 0).
   *
   * @throws IllegalArgumentException if epoch &lt; 0
   */
  public EarlyStopping startFromEpoch(int epoch) {
    if (epoch < 0) {
      throw new IllegalArgumentException(
          "EarlyStopping: startFromEpoch must be >= 0, got " + epoch);
    }
    this.startFromEpoch = epoch;
    return this;
  }

  /** Whether to copy the best epoch's weights back at the end (default false). */
  public EarlyStopping restoreBestWeights(boolean restore) {
    this.restoreBestWeights = restore;
    return this;
  }

  /** The best monitored value so far. */
  public double best() {
    return best;
  }

  /** The epoch of the best value (0-based). */
  public int bestEpoch() {
    return bestEpoch;
  }

  /** The epoch training was stopped at (0-based), or -1 if it was not stopped. */
  public int stoppedEpoch() {
    return stoppedEpoch;
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    best = monitor.worst();
    bestEpoch = -1;
    wait = 0;
    stoppedEpoch = -1;
    bestWeights = null;
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    double current = monitor.read("EarlyStopping", logs);
    if (epoch < startFromEpoch) {
      return;
    }
    wait++;
    if (monitor.improves(current, best, minDelta) || bestEpoch < 0) {
      best = current;
      bestEpoch = epoch;
      if (Double.isNaN(baseline) || monitor.improves(current, baseline, minDelta)) {
        wait = 0;
      }
      if (restoreBestWeights) {
        bestWeights = model().getWeights();
      }
      return;
    }
    if (wait >= patience) {
      stoppedEpoch = epoch;
      model().stopTraining(true);
    }
  }

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    if (restoreBestWeights && bestWeights != null) {
      model().setWeights(bestWeights);
    }
  }
}
