package dev.kiln.optim.lr;

import dev.kiln.optim.Optimizer;

/**
 * Anneals each rate from its base to {@code etaMin} along a cosine over {@code tMax} epochs and
 * back, with PyTorch 1.13's chainable recurrence ({@code CosineAnnealingLR}).
 */
public final class CosineAnnealingLR extends LRScheduler {
  private final int tMax;
  private final double etaMin;

  /**
   * @throws IllegalArgumentException when {@code tMax < 1}
   */
  public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
    super(optimizer);
    if (tMax < 1) {
      throw new IllegalArgumentException("CosineAnnealingLR: tMax must be >= 1, got " + tMax);
    }
    this.tMax = tMax;
    this.etaMin = etaMin;
    initialStep();
  }

  /** With {@code etaMin = 0}. */
  public CosineAnnealingLR(Optimizer optimizer, int tMax) {
    this(optimizer, tMax, 0);
  }

  @Override
  protected double[] closedFormLr() {
    double[] out = new double[baseLrs.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = etaMin + (baseLrs[i] - etaMin) * (1 + Math.cos(Math.PI * lastEpoch / tMax)) / 2;
    }
    return out;
  }

  @Override
  protected double[] computeLr() {
    if (lastEpoch == 0) {
      return scaled(1);
    }
    double[] out = new double[baseLrs.length];
    boolean restart = Math.floorMod(lastEpoch - 1 - tMax, 2 * tMax) == 0;
    for (int i = 0; i < out.length; i++) {
      double lr = groupLr(i);
      out[i] =
          restart
              ? lr + (baseLrs[i] - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2
              : (1 + Math.cos(Math.PI * lastEpoch / tMax))
                      / (1 + Math.cos(Math.PI * (lastEpoch - 1) / tMax))
                      * (lr - etaMin)
                  + etaMin;
    }
    return out;
  }
}
