package dev.kiln.optim;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.GradMode;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Limited-memory BFGS, like PyTorch 1.13's {@code torch.optim.LBFGS}: each {@link #step(Supplier)}
 * runs up to {@code max_iter} iterations, re-evaluating the closure (which must zero the gradients,
 * compute the loss and call backward), with a fixed step {@code lr} or a strong-Wolfe line search.
 * One parameter group only; the state lives with the first parameter (flat vectors over all
 * parameters, histories stacked as {@code [k, n]}).
 */
public final class LBFGS extends Optimizer {
  private final List<Tensor> params;

  /**
   * Defaults: lr 1, max_iter 20, max_eval 25, tolerance_grad 1e-7, tolerance_change 1e-9,
   * history_size 100, no line search.
   */
  public LBFGS(List<Tensor> params) {
    this(params, 1, 20, 25, 1e-7, 1e-9, 100, false);
  }

  /**
   * LBFGS over {@code params}; {@code strongWolfe} selects PyTorch's {@code
   * line_search_fn='strong_wolfe'}.
   *
   * @throws IllegalArgumentException for a negative rate or tolerance, or non-positive iteration,
   *     evaluation or history counts
   */
  public LBFGS(
      List<Tensor> params,
      double lr,
      int maxIter,
      int maxEval,
      double toleranceGrad,
      double toleranceChange,
      int historySize,
      boolean strongWolfe) {
    super(
        "LBFGS",
        single(params),
        Map.of(
            "lr",
            lr,
            "max_iter",
            (double) maxIter,
            "max_eval",
            (double) maxEval,
            "tolerance_grad",
            toleranceGrad,
            "tolerance_change",
            toleranceChange,
            "history_size",
            (double) historySize,
            "strong_wolfe",
            strongWolfe ? 1.0 : 0.0));
    requireOptions(
        "lr, tolerances >= 0 and max_iter, max_eval, history_size >= 1",
        g ->
            g.get("lr") >= 0
                && g.get("tolerance_grad") >= 0
                && g.get("tolerance_change") >= 0
                && g.get("max_iter") >= 1
                && g.get("max_eval") >= 1
                && g.get("history_size") >= 1);
    this.params = List.copyOf(params);
  }

  /** Always fails: LBFGS re-evaluates the loss; call {@link #step(Supplier)}. */
  @Override
  protected void update(ParamGroup group, Tensor param, Tensor grad, Map<String, Tensor> state) {
    throw new UnsupportedOperationException(
        "LBFGS: step() needs the loss; call step(closure) with a closure that recomputes it");
  }

  /** LBFGS's state vectors are flat over all parameters. */
  @Override
  protected boolean stateFits(Tensor param, String key, Tensor value) {
    return true;
  }

  /** Runs up to {@code max_iter} LBFGS iterations; returns the closure's first loss. */
  @Override
  public Tensor step(Supplier<Tensor> closure) {
    ParamGroup g = paramGroups().get(0);
    double lr = g.get("lr");
    int maxIter = (int) g.get("max_iter");
    int maxEval = (int) g.get("max_eval");
    double tolGrad = g.get("tolerance_grad");
    double tolChange = g.get("tolerance_change");
    int historySize = (int) g.get("history_size");
    boolean strongWolfe = g.get("strong_wolfe") != 0;
    Map<String, Tensor> state = stateOf(params.get(0));
    Tensor origLoss = evaluate(closure);
    double loss = origLoss.item();
    int currentEvals = 1;
    addCount(state, "func_evals", 1);
    try (GradMode.Scope s = Autograd.noGrad()) {
      Tensor flatGrad = flatGrad();
      if (flatGrad.abs().max().item() <= tolGrad) {
        return origLoss;
      }
      Tensor d = state.get("d");
      Tensor t = state.get("t");
      List<Tensor> oldDirs = unstack(state.get("old_dirs"));
      List<Tensor> oldStps = unstack(state.get("old_stps"));
      List<Tensor> ro = unstack(state.get("ro"));
      Tensor hDiag = state.get("H_diag");
      Tensor prevFlatGrad = state.get("prev_flat_grad");
      Tensor prevLoss = state.get("prev_loss");
      int nIter = 0;
      while (nIter < maxIter) {
        nIter++;
        double globalIter = addCount(state, "n_iter", 1);
        if (globalIter == 1) {
          d = flatGrad.neg();
          oldDirs.clear();
          oldStps.clear();
          ro.clear();
          hDiag = Tensor.scalar(1.0, flatGrad.dtype());
        } else {
          Tensor y = flatGrad.sub(prevFlatGrad);
          Tensor sv = d.mul(t);
          Tensor ys = y.dot(sv);
          if (ys.item() > 1e-10) {
            if (oldDirs.size() == historySize) {
              oldDirs.remove(0);
              oldStps.remove(0);
              ro.remove(0);
            }
            oldDirs.add(y);
            oldStps.add(sv);
            ro.add(ys.reciprocal());
            hDiag = ys.div(y.dot(y));
          }
          d = direction(flatGrad, oldDirs, oldStps, ro, hDiag);
        }
        prevFlatGrad = flatGrad.clone();
        prevLoss = Tensor.scalar(loss, DType.FLOAT64);
        if (globalIter == 1) {
          Tensor inv = flatGrad.abs().sum().reciprocal();
          t = inv.item() < 1 ? inv.mul(lr) : Tensor.scalar(lr, DType.FLOAT64);
        } else {
          t = Tensor.scalar(lr, DType.FLOAT64);
        }
        Tensor gtd = flatGrad.dot(d);
        if (gtd.item() > -tolChange) {
          break;
        }
        int lsEvals = 0;
        boolean optimal = false;
        if (strongWolfe) {
          List<Tensor> start = new ArrayList<>();
          params.forEach(p -> start.add(p.clone()));
          StrongWolfe.Result r =
              StrongWolfe.search(
                  (x, step, dir) -> directionalEvaluate(closure, x, step, dir),
                  start,
                  t.item(),
                  d,
                  loss,
                  flatGrad,
                  gtd.item());
          loss = r.loss();
          flatGrad = r.flatGrad();
          t = Tensor.scalar(r.t(), DType.FLOAT64);
          lsEvals = r.evals();
          addGrad(t.item(), d);
          optimal = flatGrad.abs().max().item() <= tolGrad;
        } else {
          addGrad(t.item(), d);
          if (nIter != maxIter) {
            loss = evaluate(closure).item();
            flatGrad = flatGrad();
            optimal = flatGrad.abs().max().item() <= tolGrad;
            lsEvals = 1;
          }
        }
        currentEvals += lsEvals;
        addCount(state, "func_evals", lsEvals);
        if (nIter == maxIter
            || currentEvals >= maxEval
            || optimal
            || d.mul(t).abs().max().item() <= tolChange
            || Math.abs(loss - prevLoss.item()) < tolChange) {
          break;
        }
      }
      state.put("d", d);
      state.put("t", t);
      state.put("old_dirs", stack(oldDirs, flatGrad));
      state.put("old_stps", stack(oldStps, flatGrad));
      state.put(
          "ro",
          ro.isEmpty()
              ? Tensor.zeros(flatGrad.dtype(), 0)
              : Tensor.stack(ro.toArray(Tensor[]::new)));
      state.put("H_diag", hDiag);
      state.put("prev_flat_grad", prevFlatGrad);
      state.put("prev_loss", prevLoss);
    }
    return origLoss;
  }

  /** The two-loop recursion: minus the approximate inverse Hessian times the gradient. */
  private static Tensor direction(
      Tensor flatGrad, List<Tensor> dirs, List<Tensor> stps, List<Tensor> ro, Tensor hDiag) {
    int k = dirs.size();
    Tensor[] al = new Tensor[k];
    Tensor q = flatGrad.neg();
    for (int i = k - 1; i >= 0; i--) {
      al[i] = stps.get(i).dot(q).mul(ro.get(i));
      q.add_(dirs.get(i), -al[i].item());
    }
    Tensor r = q.mul(hDiag);
    for (int i = 0; i < k; i++) {
      Tensor be = dirs.get(i).dot(r).mul(ro.get(i));
      r.add_(stps.get(i), al[i].sub(be).item());
    }
    return r;
  }

  private static Tensor evaluate(Supplier<Tensor> closure) {
    try (GradMode.Scope s = Autograd.enableGrad()) {
      return closure.get().detach();
    }
  }

  private static double addCount(Map<String, Tensor> state, String key, int n) {
    Tensor c = state.computeIfAbsent(key, k -> Tensor.scalar(0, DType.FLOAT64));
    return c.add_((double) n).item();
  }

  private Tensor flatGrad() {
    Tensor[] parts = new Tensor[params.size()];
    for (int i = 0; i < parts.length; i++) {
      Tensor p = params.get(i);
      parts[i] =
          p.grad() == null ? Tensor.zeros(p.dtype(), p.numel()) : p.grad().detach().reshape(-1);
    }
    return Tensor.cat(parts);
  }

  private void addGrad(double stepSize, Tensor update) {
    int offset = 0;
    for (Tensor p : params) {
      p.add_(update.slice(0, offset, offset + p.numel()).reshape(p.shape()), stepSize);
      offset += p.numel();
    }
  }

  /** Loss and flat gradient at {@code x + t * d}, restoring the parameters to {@code x}. */
  private StrongWolfe.Evaluation directionalEvaluate(
      Supplier<Tensor> closure, List<Tensor> x, double t, Tensor d) {
    addGrad(t, d);
    double loss = evaluate(closure).item();
    Tensor flat = flatGrad();
    for (int i = 0; i < params.size(); i++) {
      params.get(i).copy_(x.get(i));
    }
    return new StrongWolfe.Evaluation(loss, flat);
  }

  private static List<Tensor> unstack(Tensor stacked) {
    List<Tensor> out = new ArrayList<>();
    if (stacked != null) {
      for (int i = 0; i < stacked.size(0); i++) {
        out.add(stacked.select(0, i).clone());
      }
    }
    return out;
  }

  private static Tensor stack(List<Tensor> rows, Tensor like) {
    return rows.isEmpty()
        ? Tensor.zeros(like.dtype(), 0, like.numel())
        : Tensor.stack(rows.toArray(Tensor[]::new));
  }
}
