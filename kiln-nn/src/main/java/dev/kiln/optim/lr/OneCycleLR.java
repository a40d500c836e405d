package dev.kiln.optim.lr;

import dev.kiln.optim.Optimizer;
import dev.kiln.optim.ParamGroup;

/**
 * The 1cycle policy, like PyTorch 1.13's {@code OneCycleLR}: the rate rises from {@code maxLr /
 * divFactor} to {@code maxLr} over the first {@code pctStart} of {@code totalSteps}, then anneals
 * to {@code initial / finalDivFactor} (with {@code threePhase}, first back down to the initial
 * rate); the momentum ({@code "momentum"}, or {@code "beta1"} for Adam) cycles inversely between
 * {@code maxMomentum} and {@code baseMomentum}. Stepping past {@code totalSteps} fails.
 */
public final class OneCycleLR extends LRScheduler {
  /** How a phase moves between its end points. */
  public enum Anneal {
    /** Half a cosine. */
    COS,
    /** A straight line. */
    LINEAR
  }

  private final int totalSteps;
  private final Anneal anneal;
  private final boolean cycleMomentum;
  private final String momentumKey;
  private final double[] phaseEnds;
  private final String[][] phaseKeys;

  /**
   * @param maxLrs the peak rate of every group (one value) or of each group; the momenta likewise
   * @throws IllegalArgumentException for {@code totalSteps < 1}, {@code pctStart} outside [0, 1],
   *     {@code cycleMomentum} with an optimizer that has neither momentum nor beta1, or a count of
   *     peak rates that is neither 1 nor the group count
   */
  public OneCycleLR(
      Optimizer optimizer,
      double[] maxLrs,
      int totalSteps,
      double pctStart,
      Anneal anneal,
      boolean cycleMomentum,
      double[] baseMomenta,
      double[] maxMomenta,
      double divFactor,
      double finalDivFactor,
      boolean threePhase) {
    super(
        prepare(
            optimizer,
            maxLrs,
            totalSteps,
            pctStart,
            cycleMomentum,
            baseMomenta,
            maxMomenta,
            divFactor,
            finalDivFactor));
    this.totalSteps = totalSteps;
    this.anneal = anneal;
    this.cycleMomentum = cycleMomentum;
    this.momentumKey = momentumKey(optimizer);
    if (threePhase) {
      phaseEnds =
          new double[] {pctStart * totalSteps - 1, 2 * pctStart * totalSteps - 2, totalSteps - 1};
      phaseKeys =
          new String[][] {
            {"initial_lr", "max_lr", "max_momentum", "base_momentum"},
            {"max_lr", "initial_lr", "base_momentum", "max_momentum"},
            {"initial_lr", "min_lr", "max_momentum", "max_momentum"}
          };
    } else {
      phaseEnds = new double[] {pctStart * totalSteps - 1, totalSteps - 1};
      phaseKeys =
          new String[][] {
            {"initial_lr", "max_lr", "max_momentum", "base_momentum"},
            {"max_lr", "min_lr", "base_momentum", "max_momentum"}
          };
    }
    initialStep();
  }

  /** PyTorch's defaults: 30% warm-up, cosine, momentum 0.95 to 0.85, divisors 25 and 1e4. */
  public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps) {
    this(
        optimizer,
        new double[] {maxLr},
        totalSteps,
        0.3,
        Anneal.COS,
        true,
        new double[] {0.85},
        new double[] {0.95},
        25,
        1e4,
        false);
  }

  private static String momentumKey(Optimizer optimizer) {
    return optimizer.paramGroups().get(0).options().containsKey("beta1") ? "beta1" : "momentum";
  }

  private static Optimizer prepare(
      Optimizer optimizer,
      double[] maxLrs,
      int totalSteps,
      double pctStart,
      boolean cycleMomentum,
      double[] baseMomenta,
      double[] maxMomenta,
      double divFactor,
      double finalDivFactor) {
    if (totalSteps < 1) {
      throw new IllegalArgumentException(
          "OneCycleLR: expected a positive totalSteps, got " + totalSteps);
    }
    if (!(pctStart >= 0 && pctStart <= 1)) {
      throw new IllegalArgumentException(
          "OneCycleLR: expected pctStart between 0 and 1, got " + pctStart);
    }
    String key = momentumKey(optimizer);
    if (cycleMomentum && !optimizer.paramGroups().get(0).options().containsKey(key)) {
      throw new IllegalArgumentException(
          "OneCycleLR: cycleMomentum needs an optimizer with momentum or beta1");
    }
    double[] peaks = expandPerGroup("OneCycleLR", "maximum rates", optimizer, maxLrs);
    double[] base = expandPerGroup("OneCycleLR", "base momenta", optimizer, baseMomenta);
    double[] top = expandPerGroup("OneCycleLR", "maximum momenta", optimizer, maxMomenta);
    for (int i = 0; i < peaks.length; i++) {
      ParamGroup g = optimizer.paramGroups().get(i);
      g.set("initial_lr", peaks[i] / divFactor);
      g.set("max_lr", peaks[i]);
      g.set("min_lr", g.get("initial_lr") / finalDivFactor);
      if (cycleMomentum) {
        g.set(key, top[i]);
        g.set("max_momentum", top[i]);
        g.set("base_momentum", base[i]);
      }
    }
    return optimizer;
  }

  private double anneal(double start, double end, double pct) {
    return switch (anneal) {
      case COS -> end + (start - end) / 2.0 * (Math.cos(Math.PI * pct) + 1);
      case LINEAR -> (end - start) * pct + start;
    };
  }

  @Override
  protected double[] computeLr() {
    if (lastEpoch > totalSteps) {
      throw new IllegalStateException(
          "OneCycleLR: tried to step "
              + (lastEpoch + 1)
              + " times; the specified number of total steps is "
              + totalSteps);
    }
    double[] out = new double[baseLrs.length];
    for (int i = 0; i < out.length; i++) {
      ParamGroup g = optimizer.paramGroups().get(i);
      double start = 0;
      for (int ph = 0; ph < phaseEnds.length; ph++) {
        double end = phaseEnds[ph];
        if (lastEpoch <= end || ph == phaseEnds.length - 1) {
          double pct = (lastEpoch - start) / (end - start);
          String[] k = phaseKeys[ph];
          out[i] = anneal(g.get(k[0]), g.get(k[1]), pct);
          if (cycleMomentum) {
            g.set(momentumKey, anneal(g.get(k[2]), g.get(k[3]), pct));
          }
          break;
        }
        start = end;
      }
    }
    return out;
  }
}
