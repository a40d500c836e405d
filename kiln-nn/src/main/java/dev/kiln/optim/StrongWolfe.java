package dev.kiln.optim;

import dev.kiln.tensor.Tensor;
import java.util.List;

/**
 * The strong-Wolfe line search of PyTorch 1.13's LBFGS ({@code _strong_wolfe}, from Torch7's
 * lswolfe.lua): bracket a step satisfying the Armijo and curvature conditions, then zoom in with
 * cubic interpolation. Scalars are kept in double precision.
 */
final class StrongWolfe {
  private StrongWolfe() {}

  private static final double C1 = 1e-4;
  private static final double C2 = 0.9;
  private static final double TOLERANCE_CHANGE = 1e-9;
  private static final int MAX_LS = 25;

  /** Loss and flat gradient at a trial point. */
  record Evaluation(double loss, Tensor flatGrad) {}

  /** Evaluates the objective at {@code x + t * d}. */
  interface Objective {
    /** Loss and gradient at {@code x + t * d}; leaves the parameters at {@code x}. */
    Evaluation at(List<Tensor> x, double t, Tensor d);
  }

  /** The accepted step, its loss and gradient, and how many evaluations the search made. */
  record Result(double loss, Tensor flatGrad, double t, int evals) {}

  /** Searches along {@code d} from {@code x} (loss {@code f}, gradient {@code g}, slope gtd). */
  static Result search(
      Objective obj, List<Tensor> x, double t, Tensor d, double f, Tensor g, double gtd) {
    double dNorm = d.abs().max().item();
    Evaluation e = obj.at(x, t, d);
    int evals = 1;
    double gtdNew = e.flatGrad().dot(d).item();
    double tPrev = 0;
    double fPrev = f;
    Tensor gPrev = g;
    double gtdPrev = gtd;
    boolean done = false;
    int lsIter = 0;
    double[] bracket = null;
    double[] bf = null;
    Tensor[] bg = null;
    double[] bgtd = null;
    while (lsIter < MAX_LS) {
      boolean armijoFails = e.loss() > f + C1 * t * gtd || (lsIter > 1 && e.loss() >= fPrev);
      if (!armijoFails && Math.abs(gtdNew) <= -C2 * gtd) {
        bracket = new double[] {t};
        bf = new double[] {e.loss()};
        bg = new Tensor[] {e.flatGrad()};
        done = true;
        break;
      }
      if (armijoFails || gtdNew >= 0) {
        bracket = new double[] {tPrev, t};
        bf = new double[] {fPrev, e.loss()};
        bg = new Tensor[] {gPrev, e.flatGrad()};
        bgtd = new double[] {gtdPrev, gtdNew};
        break;
      }
      double minStep = t + 0.01 * (t - tPrev);
      double maxStep = t * 10;
      double tmp = t;
      t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, e.loss(), gtdNew, minStep, maxStep);
      tPrev = tmp;
      fPrev = e.loss();
      gPrev = e.flatGrad();
      gtdPrev = gtdNew;
      e = obj.at(x, t, d);
      evals++;
      gtdNew = e.flatGrad().dot(d).item();
      lsIter++;
    }
    if (lsIter == MAX_LS) {
      bracket = new double[] {0, t};
      bf = new double[] {f, e.loss()};
      bg = new Tensor[] {g, e.flatGrad()};
    }
    boolean insufficientProgress = false;
    int low = bf[0] <= bf[bf.length - 1] ? 0 : 1;
    int high = 1 - low;
    while (!done && lsIter < MAX_LS) {
      if (Math.abs(bracket[1] - bracket[0]) * dNorm < TOLERANCE_CHANGE) {
        break;
      }
      double lo = Math.min(bracket[0], bracket[1]);
      double hi = Math.max(bracket[0], bracket[1]);
      t = cubicInterpolate(bracket[0], bf[0], bgtd[0], bracket[1], bf[1], bgtd[1], lo, hi);
      double eps = 0.1 * (hi - lo);
      if (Math.min(hi - t, t - lo) < eps) {
        if (insufficientProgress || t >= hi || t <= lo) {
          t = Math.abs(t - hi) < Math.abs(t - lo) ? hi - eps : lo + eps;
          insufficientProgress = false;
        } else {
          insufficientProgress = true;
        }
      } else {
        insufficientProgress = false;
      }
      e = obj.at(x, t, d);
      evals++;
      gtdNew = e.flatGrad().dot(d).item();
      lsIter++;
      if (e.loss() > f + C1 * t * gtd || e.loss() >= bf[low]) {
        bracket[high] = t;
        bf[high] = e.loss();
        bg[high] = e.flatGrad();
        bgtd[high] = gtdNew;
        low = bf[0] <= bf[1] ? 0 : 1;
        high = 1 - low;
      } else {
        if (Math.abs(gtdNew) <= -C2 * gtd) {
          done = true;
        } else if (gtdNew * (bracket[high] - bracket[low]) >= 0) {
          bracket[high] = bracket[low];
          bf[high] = bf[low];
          bg[high] = bg[low];
          bgtd[high] = bgtd[low];
        }
        bracket[low] = t;
        bf[low] = e.loss();
        bg[low] = e.flatGrad();
        bgtd[low] = gtdNew;
      }
    }
    return new Result(bf[low], bg[low], bracket[low], evals);
  }

  /** Minimiser of the cubic through two points with slopes, clamped to [lo, hi]. */
  private static double cubicInterpolate(
      double x1, double f1, double g1, double x2, double f2, double g2, double lo, double hi) {
    double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
    double d2Square = d1 * d1 - g1 * g2;
    if (d2Square < 0) {
      return (lo + hi) / 2;
    }
    double d2 = Math.sqrt(d2Square);
    double minPos =
        x1 <= x2
            ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
            : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
    return Math.min(Math.max(minPos, lo), hi);
  }
}
