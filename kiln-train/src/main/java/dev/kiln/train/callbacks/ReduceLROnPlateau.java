package dev.kiln.train.callbacks;

import dev.kiln.train.Callback;
import java.util.Map;

/**
 * Lowers the learning rates when a monitored value plateaus, by stepping {@link
 * dev.kiln.optim.lr.ReduceLROnPlateau} with it after every epoch. PyTorch's counting applies: the
 * rates are multiplied by {@code factor} once more than {@code patience} epochs in a row fail to
 * improve by more than {@code minDelta} (absolute), then {@code cooldown} epochs pass before
 * counting resumes, never going below {@code minLr}. The epoch logs get {@code "lr"}, the first
 * group's rate used during the epoch (as Keras logs it).
 *
 * <pre>{@code
 * new ReduceLROnPlateau("val_loss").factor(0.5).patience(2)
 * }</pre>
 */
public final class ReduceLROnPlateau extends Callback {
  private final String monitor;
  private final Mode mode;
  private double factor = 0.1;
  private int patience = 10;
  private double minDelta = 1e-4;
  private int cooldown;
  private double minLr;
  private dev.kiln.optim.lr.ReduceLROnPlateau plateau;

  /** Monitors {@code monitor}, mode auto, with Keras's defaults (factor 0.1, patience 10). */
  public ReduceLROnPlateau(String monitor) {
    this(monitor, Mode.AUTO);
  }

  /** Monitors {@code monitor} in direction {@code mode}. */
  public ReduceLROnPlateau(String monitor, Mode mode) {
    this.monitor = monitor;
    this.mode = mode.resolve(monitor);
  }

  /** The multiplier (below 1; default 0.1). */
  public ReduceLROnPlateau factor(double factor) {
    if (!(factor > 0 && factor < 1)) {
      throw new IllegalArgumentException(
          "ReduceLROnPlateau: factor must be in (0, 1), got " + factor);
    }
    this.factor = factor;
    return this;
  }

  /** Epochs without improvement tolerated (default 10). */
  public ReduceLROnPlateau patience(int patience) {
    this.patience = patience;
    return this;
  }

  /** The smallest change that counts as an improvement (default 1e-4). */
  public ReduceLROnPlateau minDelta(double minDelta) {
    this.minDelta = minDelta;
    return this;
  }

  /** Epochs to wait after a reduction (default 0). */
  public ReduceLROnPlateau cooldown(int cooldown) {
    this.cooldown = cooldown;
    return this;
  }

  /** The lowest rate (default 0). */
  public ReduceLROnPlateau minLr(double minLr) {
    this.minLr = minLr;
    return this;
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    plateau =
        new dev.kiln.optim.lr.ReduceLROnPlateau(
            model().optimizer(),
            mode == Mode.MAX
                ? dev.kiln.optim.lr.ReduceLROnPlateau.Mode.MAX
                : dev.kiln.optim.lr.ReduceLROnPlateau.Mode.MIN,
            factor,
            patience,
            minDelta,
            false,
            cooldown,
            minLr,
            1e-8);
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    double used = plateau.getLastLr()[0];
    plateau.step(new Monitor(monitor, mode).read("ReduceLROnPlateau", logs));
    logs.put("lr", used);
  }
}
