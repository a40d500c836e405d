package dev.kiln.optim.lr;

import dev.kiln.optim.Optimizer;
import dev.kiln.optim.ParamGroup;
import java.util.function.DoubleUnaryOperator;

/**
 * Cyclical learning rates, like PyTorch 1.13's {@code CyclicLR}: each rate moves between {@code
 * baseLr} and {@code maxLr} in triangles of {@code stepSizeUp + stepSizeDown} steps, the height
 * scaled per cycle or per iteration; the group's {@code "momentum"} cycles inversely between {@code
 * maxMomentum} and {@code baseMomentum}.
 */
public final class CyclicLR extends LRScheduler {
  /** PyTorch's built-in amplitude policies. */
  public enum Mode {
    /** Constant amplitude. */
    TRIANGULAR,
    /** Amplitude halved each cycle. */
    TRIANGULAR2,
    /** Amplitude {@code gamma^iteration}. */
    EXP_RANGE
  }

  private final double[] maxLrs;
  private final double totalSize;
  private final double stepRatio;
  private final DoubleUnaryOperator scaleFn;
  private final boolean scaleByCycle;
  private final boolean cycleMomentum;
  private final double[] baseMomenta;
  private final double[] maxMomenta;

  /**
   * With a custom amplitude {@code scaleFn} of the cycle number ({@code scaleByCycle}) or of the
   * iteration; {@code baseLrs}, {@code maxLrs} and the momenta hold one value for every group or
   * one per group.
   *
   * @throws IllegalArgumentException for a step size below 1, {@code cycleMomentum} with an
   *     optimizer that has no momentum option, or a rate count that is neither 1 nor the group
   *     count
   */
  public CyclicLR(
      Optimizer optimizer,
      double[] baseLrs,
      double[] maxLrs,
      int stepSizeUp,
      int stepSizeDown,
      DoubleUnaryOperator scaleFn,
      boolean scaleByCycle,
      boolean cycleMomentum,
      double[] baseMomenta,
      double[] maxMomenta) {
    super(prepare(optimizer, baseLrs, stepSizeUp, stepSizeDown, cycleMomentum, baseMomenta));
    this.maxLrs = expandPerGroup("CyclicLR", "maximum rates", optimizer, maxLrs);
    this.totalSize = (double) stepSizeUp + stepSizeDown;
    this.stepRatio = stepSizeUp / totalSize;
    this.scaleFn = scaleFn;
    this.scaleByCycle = scaleByCycle;
    this.cycleMomentum = cycleMomentum;
    this.baseMomenta = expandPerGroup("CyclicLR", "base momenta", optimizer, baseMomenta);
    this.maxMomenta = expandPerGroup("CyclicLR", "maximum momenta", optimizer, maxMomenta);
    initialStep();
    // Like PyTorch, the initial step uses the groups' initial_lr; later ones the cycle's base.
    this.baseLrs = expandPerGroup("CyclicLR", "base rates", optimizer, baseLrs);
  }

  /**
   * With a built-in {@code mode} ({@code gamma} is for {@link Mode#EXP_RANGE}).
   *
   * @throws IllegalArgumentException as the general constructor
   */
  public CyclicLR(
      Optimizer optimizer,
      double[] baseLrs,
      double[] maxLrs,
      int stepSizeUp,
      int stepSizeDown,
      Mode mode,
      double gamma,
      boolean cycleMomentum,
      double[] baseMomenta,
      double[] maxMomenta) {
    this(
        optimizer,
        baseLrs,
        maxLrs,
        stepSizeUp,
        stepSizeDown,
        switch (mode) {
          case TRIANGULAR -> x -> 1.;
          case TRIANGULAR2 -> x -> 1 / Math.pow(2., x - 1);
          case EXP_RANGE -> x -> Math.pow(gamma, x);
        },
        mode != Mode.EXP_RANGE,
        cycleMomentum,
        baseMomenta,
        maxMomenta);
  }

  /** Triangular cycles of {@code 2 * stepSize} steps with momentum 0.9 to 0.8. */
  public CyclicLR(Optimizer optimizer, double baseLr, double maxLr, int stepSize) {
    this(
        optimizer,
        new double[] {baseLr},
        new double[] {maxLr},
        stepSize,
        stepSize,
        Mode.TRIANGULAR,
        1,
        true,
        new double[] {0.8},
        new double[] {0.9});
  }

  private static Optimizer prepare(
      Optimizer optimizer,
      double[] baseLrs,
      int stepSizeUp,
      int stepSizeDown,
      boolean cycleMomentum,
      double[] baseMomenta) {
    if (stepSizeUp < 1 || stepSizeDown < 1) {
      throw new IllegalArgumentException(
          "CyclicLR: step sizes must be >= 1, got up " + stepSizeUp + " and down " + stepSizeDown);
    }
    if (cycleMomentum && !optimizer.paramGroups().get(0).options().containsKey("momentum")) {
      throw new IllegalArgumentException(
          "CyclicLR: cycleMomentum needs an optimizer with a momentum option");
    }
    double[] base = expandPerGroup("CyclicLR", "base rates", optimizer, baseLrs);
    double[] momenta = expandPerGroup("CyclicLR", "base momenta", optimizer, baseMomenta);
    for (int i = 0; i < base.length; i++) {
      ParamGroup g = optimizer.paramGroups().get(i);
      g.set("lr", base[i]);
      if (cycleMomentum) {
        g.set("momentum", momenta[i]);
      }
    }
    return optimizer;
  }

  @Override
  protected double[] computeLr() {
    double cycle = Math.floor(1 + lastEpoch / totalSize);
    double x = 1. + lastEpoch / totalSize - cycle;
    double scaleFactor = x <= stepRatio ? x / stepRatio : (x - 1) / (stepRatio - 1);
    double scale = scaleFn.applyAsDouble(scaleByCycle ? cycle : lastEpoch);
    double[] out = new double[baseLrs.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = baseLrs[i] + (maxLrs[i] - baseLrs[i]) * scaleFactor * scale;
      if (cycleMomentum) {
        optimizer
            .paramGroups()
            .get(i)
            .set(
                "momentum", maxMomenta[i] - (maxMomenta[i] - baseMomenta[i]) * scaleFactor * scale);
      }
    }
    return out;
  }
}
