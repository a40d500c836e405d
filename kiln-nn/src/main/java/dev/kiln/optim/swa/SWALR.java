package dev.kiln.optim.swa;

import dev.kiln.optim.Optimizer;
import dev.kiln.optim.ParamGroup;
import dev.kiln.optim.lr.LRScheduler;
import java.util.Arrays;
import java.util.List;

/**
 * Anneals each group's rate to its SWA rate over {@code annealEpochs} steps (cosine or linear) and
 * holds it there, like PyTorch 1.13's {@code torch.optim.swa_utils.SWALR}. The SWA rate is stored
 * in each group as option {@code "swa_lr"}.
 */
public final class SWALR extends LRScheduler {
  private final int annealEpochs;
  private final boolean cosine;

  /** Cosine annealing to {@code swaLr} (all groups) over 10 steps. */
  public SWALR(Optimizer optimizer, double swaLr) {
    this(optimizer, filled(optimizer, swaLr), 10, true);
  }

  /**
   * Anneals group {@code i} to {@code swaLrs[i]} over {@code annealEpochs} steps, by a cosine
   * ({@code cosine}) or linear ramp.
   *
   * @throws IllegalArgumentException when the rate count differs from the group count or {@code
   *     annealEpochs} is negative
   */
  public SWALR(Optimizer optimizer, double[] swaLrs, int annealEpochs, boolean cosine) {
    super(prepare(optimizer, swaLrs, annealEpochs));
    this.annealEpochs = annealEpochs;
    this.cosine = cosine;
    initialStep();
  }

  private static double[] filled(Optimizer optimizer, double value) {
    double[] out = new double[optimizer.paramGroups().size()];
    Arrays.fill(out, value);
    return out;
  }

  private static Optimizer prepare(Optimizer optimizer, double[] swaLrs, int annealEpochs) {
    List<ParamGroup> groups = optimizer.paramGroups();
    if (swaLrs.length != groups.size()) {
      throw new IllegalArgumentException(
          "SWALR: expected " + groups.size() + " SWA rates (one per group), got " + swaLrs.length);
    }
    if (annealEpochs < 0) {
      throw new IllegalArgumentException("SWALR: annealEpochs must be >= 0, got " + annealEpochs);
    }
    for (int i = 0; i < swaLrs.length; i++) {
      groups.get(i).set("swa_lr", swaLrs[i]);
    }
    return optimizer;
  }

  private double anneal(double t) {
    return cosine ? (1 - Math.cos(Math.PI * t)) / 2 : t;
  }

  @Override
  protected double[] computeLr() {
    int step = annealEpochs == 0 ? Math.max(1, lastEpoch) : lastEpoch;
    double span = Math.max(1, annealEpochs);
    double prevAlpha = anneal(Math.max(0, Math.min(1, (step - 1) / span)));
    double alpha = anneal(Math.max(0, Math.min(1, step / span)));
    List<ParamGroup> groups = optimizer.paramGroups();
    double[] out = new double[groups.size()];
    for (int i = 0; i < out.length; i++) {
      double swaLr = groups.get(i).get("swa_lr");
      double prevLr = prevAlpha == 1 ? swaLr : (groupLr(i) - prevAlpha * swaLr) / (1 - prevAlpha);
      out[i] = swaLr * alpha + prevLr * (1 - alpha);
    }
    return out;
  }
}
