package dev.kiln.optim.swa;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.GradMode;
import dev.kiln.nn.Module;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A running average of a model's weights, like PyTorch 1.13's {@code
 * torch.optim.swa_utils.AveragedModel}: an equal average of every update (stochastic weight
 * averaging) by default, or any {@link AvgFn} such as an exponential moving average ({@link #ema}).
 * The averaged copy is the child {@code "module"} and the update count the buffer {@code
 * "n_averaged"}, so the state dict keys match PyTorch's ({@code module.0.weight}, {@code
 * n_averaged}).
 *
 * {@snippet :
 * AveragedModel<Sequential> swa = new AveragedModel<>(model, buildModel());
 * for (...) { train(model); swa.updateParameters(model); }
 * swa.call(x);   // predicts with the averaged weights
 * }
 *
 * @param <M> the model's type
 */
public final class AveragedModel<M extends Module> extends Module {
  /** How one averaged tensor absorbs the model's current tensor. */
  @FunctionalInterface
  public interface AvgFn {
    /**
     * The new average from the {@code averaged} value, the model's {@code current} value and the
     * number of updates averaged so far (at least 1).
     */
    Tensor apply(Tensor averaged, Tensor current, long numAveraged);
  }

  /** The equal average {@code averaged + (current - averaged) / (n + 1)} (PyTorch's default). */
  public static final AvgFn EQUAL =
      (averaged, current, n) -> averaged.add(current.sub(averaged).div((double) (n + 1)));

  private final M module;
  private final AvgFn avgFn;
  private final boolean useBuffers;

  /**
   * An equal (SWA) average of parameters; see {@link #AveragedModel(Module, Module, AvgFn,
   * boolean)}.
   */
  public AveragedModel(M model, M copy) {
    this(model, copy, EQUAL, false);
  }

  /**
   * Averages {@code model} into {@code copy}, a module of the same architecture whose parameters
   * and buffers are overwritten with the model's now (PyTorch deep-copies the model instead). With
   * {@code useBuffers}, buffers (e.g. batch-norm statistics) are averaged like parameters;
   * otherwise they keep whatever the averaged copy computes.
   *
   * @throws IllegalArgumentException when {@code copy}'s state dict does not fit the model's
   */
  public AveragedModel(M model, M copy, AvgFn avgFn, boolean useBuffers) {
    if (model == copy) {
      throw new IllegalArgumentException(
          "AveragedModel: the copy must be a separate module, not the model itself");
    }
    copy.loadStateDict(model.stateDict(), true);
    this.module = registerModule("module", copy);
    registerBuffer("n_averaged", Tensor.zeros(DType.INT64));
    this.avgFn = avgFn;
    this.useBuffers = useBuffers;
  }

  /**
   * An exponential moving average {@code decay * averaged + (1 - decay) * current}, as the EMA
   * helpers of later PyTorch versions.
   *
   * @throws IllegalArgumentException when {@code decay} is outside [0, 1]
   */
  public static AvgFn ema(double decay) {
    if (!(decay >= 0 && decay <= 1)) {
      throw new IllegalArgumentException(
          "AveragedModel.ema: decay must be in [0, 1], got " + decay);
    }
    return (averaged, current, n) -> averaged.mul(decay).add(current.mul(1 - decay));
  }

  /** The module holding the averaged weights. */
  public M module() {
    return module;
  }

  /** How many updates have been averaged. */
  public long nAveraged() {
    return buffer("n_averaged").itemLong();
  }

  /** Runs the averaged module. */
  @Override
  public Tensor forward(Tensor input) {
    return module.call(input);
  }

  /**
   * Averages {@code model}'s current parameters (and buffers, with {@code useBuffers}) into this
   * one; the first update copies them.
   *
   * @throws IllegalArgumentException when the model's tensors do not match the averaged copy's
   */
  public void updateParameters(Module model) {
    List<Tensor> mine = tensors(module);
    List<Tensor> theirs = tensors(model);
    if (mine.size() != theirs.size()) {
      throw new IllegalArgumentException(
          describe()
              + ": the model has "
              + theirs.size()
              + " tensors to average, the averaged copy "
              + mine.size());
    }
    long n = nAveraged();
    try (GradMode.Scope s = Autograd.noGrad()) {
      for (int i = 0; i < mine.size(); i++) {
        Tensor avg = mine.get(i).detach();
        Tensor cur = theirs.get(i).detach();
        avg.copy_(n == 0 ? cur : avgFn.apply(avg, cur, n));
      }
      buffer("n_averaged").add_(1L);
    }
  }

  private List<Tensor> tensors(Module m) {
    List<Tensor> out = new ArrayList<>(m.parameters());
    if (useBuffers) {
      out.addAll(m.buffers());
    }
    return out;
  }

  @Override
  protected String extraRepr() {
    return "useBuffers=" + useBuffers;
  }
}
