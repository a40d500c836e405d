package dev.kiln.optim.lr;

import dev.kiln.optim.Optimizer;
import dev.kiln.optim.ParamGroup;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Multiplies the rates by {@code factor} (not below {@code minLr}) once a metric has not improved
 * for more than {@code patience} steps, then waits {@code cooldown} steps, like PyTorch 1.13's
 * {@code ReduceLROnPlateau}; a change no larger than {@code eps} is skipped.
 */
public final class ReduceLROnPlateau {
  /** Whether smaller or larger metrics are better. */
  public enum Mode {
    /** Lower is better (a loss). */
    MIN,
    /** Higher is better (an accuracy). */
    MAX
  }

  private final Optimizer optimizer;
  private final Mode mode;
  private final double factor;
  private final int patience;
  private final double threshold;
  private final boolean relativeThreshold;
  private final int cooldown;
  private final double[] minLrs;
  private final double eps;
  private int lastEpoch;
  private double best;
  private int numBadEpochs;
  private int cooldownCounter;

  /**
   * @param relativeThreshold PyTorch's {@code threshold_mode='rel'} (else {@code 'abs'})
   * @throws IllegalArgumentException when {@code factor >= 1}
   */
  public ReduceLROnPlateau(
      Optimizer optimizer,
      Mode mode,
      double factor,
      int patience,
      double threshold,
      boolean relativeThreshold,
      int cooldown,
      double minLr,
      double eps) {
    this(
        optimizer,
        mode,
        factor,
        patience,
        threshold,
        relativeThreshold,
        cooldown,
        filled(optimizer, minLr),
        eps);
  }

  /**
   * As above with one minimum rate per group ({@code minLrs}), PyTorch's list {@code min_lr}.
   *
   * @throws IllegalArgumentException when {@code factor >= 1} or the count of minimum rates differs
   *     from the group count
   */
  public ReduceLROnPlateau(
      Optimizer optimizer,
      Mode mode,
      double factor,
      int patience,
      double threshold,
      boolean relativeThreshold,
      int cooldown,
      double[] minLrs,
      double eps) {
    if (factor >= 1.0) {
      throw new IllegalArgumentException("ReduceLROnPlateau: factor must be < 1, got " + factor);
    }
    if (minLrs.length != optimizer.paramGroups().size()) {
      throw new IllegalArgumentException(
          "ReduceLROnPlateau: expected "
              + optimizer.paramGroups().size()
              + " minimum rates (one per group), got "
              + minLrs.length);
    }
    this.optimizer = optimizer;
    this.mode = mode;
    this.factor = factor;
    this.patience = patience;
    this.threshold = threshold;
    this.relativeThreshold = relativeThreshold;
    this.cooldown = cooldown;
    this.minLrs = minLrs.clone();
    this.eps = eps;
    this.best = worst();
  }

  /** PyTorch's defaults: factor 0.1, patience 10, relative threshold 1e-4, no cooldown. */
  public ReduceLROnPlateau(Optimizer optimizer, Mode mode) {
    this(optimizer, mode, 0.1, 10, 1e-4, true, 0, 0, 1e-8);
  }

  private static double[] filled(Optimizer optimizer, double value) {
    double[] out = new double[optimizer.paramGroups().size()];
    Arrays.fill(out, value);
    return out;
  }

  private double worst() {
    return mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
  }

  private boolean isBetter(double a) {
    if (mode == Mode.MIN) {
      return relativeThreshold ? a < best * (1. - threshold) : a < best - threshold;
    }
    return relativeThreshold ? a > best * (threshold + 1.) : a > best + threshold;
  }

  /** Records one epoch's {@code metric} and reduces the rates when it has plateaued. */
  public void step(double metric) {
    lastEpoch++;
    if (isBetter(metric)) {
      best = metric;
      numBadEpochs = 0;
    } else {
      numBadEpochs++;
    }
    if (cooldownCounter > 0) {
      cooldownCounter--;
      numBadEpochs = 0;
    }
    if (numBadEpochs > patience) {
      List<ParamGroup> groups = optimizer.paramGroups();
      for (int i = 0; i < groups.size(); i++) {
        ParamGroup g = groups.get(i);
        double old = g.get("lr");
        double updated = Math.max(old * factor, minLrs[i]);
        if (old - updated > eps) {
          g.set("lr", updated);
        }
      }
      cooldownCounter = cooldown;
      numBadEpochs = 0;
    }
  }

  /** The groups' current learning rates. */
  public double[] getLastLr() {
    return optimizer.paramGroups().stream().mapToDouble(g -> g.get("lr")).toArray();
  }

  /** The progress: epoch, rates and the {@code best}, {@code num_bad_epochs}, cooldown counters. */
  public SchedulerState stateDict() {
    return new SchedulerState(
        lastEpoch,
        new double[0],
        getLastLr(),
        Map.of(
            "best",
            best,
            "num_bad_epochs",
            (double) numBadEpochs,
            "cooldown_counter",
            (double) cooldownCounter),
        List.of());
  }

  /** Restores the counters saved by {@link #stateDict()} (not the optimizer's rates). */
  public void loadStateDict(SchedulerState saved) {
    lastEpoch = saved.lastEpoch();
    best = saved.extra().get("best");
    numBadEpochs = saved.extra().get("num_bad_epochs").intValue();
    cooldownCounter = saved.extra().get("cooldown_counter").intValue();
  }
}
