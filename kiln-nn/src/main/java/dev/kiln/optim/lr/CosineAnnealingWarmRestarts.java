package dev.kiln.optim.lr;

import dev.kiln.optim.Optimizer;
import java.util.Map;

/**
 * Cosine annealing from each base rate to {@code etaMin} over {@code t0} epochs, restarting at the
 * base with each period {@code tMult} times the last, like {@code CosineAnnealingWarmRestarts}
 * stepped without an explicit epoch.
 */
public final class CosineAnnealingWarmRestarts extends LRScheduler {
  private final int t0;
  private final int tMult;
  private final double etaMin;
  private int tCur;
  private int tI;

  /**
   * @throws IllegalArgumentException when {@code t0 < 1} or {@code tMult < 1}
   */
  public CosineAnnealingWarmRestarts(Optimizer optimizer, int t0, int tMult, double etaMin) {
    super(optimizer);
    if (t0 < 1) {
      throw new IllegalArgumentException(
          "CosineAnnealingWarmRestarts: expected a positive t0, got " + t0);
    }
    if (tMult < 1) {
      throw new IllegalArgumentException(
          "CosineAnnealingWarmRestarts: expected tMult >= 1, got " + tMult);
    }
    this.t0 = t0;
    this.tMult = tMult;
    this.etaMin = etaMin;
    initialStep();
  }

  /** Advances the position in the current period (restarting when it ends), then anneals. */
  @Override
  protected double[] computeLr() {
    if (lastEpoch == 0) {
      tCur = 0;
      tI = t0;
    } else if (++tCur >= tI) {
      tCur -= tI;
      tI *= tMult;
    }
    double[] out = new double[baseLrs.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = etaMin + (baseLrs[i] - etaMin) * (1 + Math.cos(Math.PI * tCur / tI)) / 2;
    }
    return out;
  }

  @Override
  protected Map<String, Double> extraState() {
    return Map.of("T_cur", (double) tCur, "T_i", (double) tI);
  }

  @Override
  protected void loadExtraState(Map<String, Double> extra) {
    tCur = extra.get("T_cur").intValue();
    tI = extra.get("T_i").intValue();
  }
}
