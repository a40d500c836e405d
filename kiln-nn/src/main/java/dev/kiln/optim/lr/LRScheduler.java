package dev.kiln.optim.lr;

import dev.kiln.optim.Optimizer;
import dev.kiln.optim.ParamGroup;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Base of the learning-rate schedulers, like PyTorch 1.13's {@code _LRScheduler}: records each
 * group's {@code "initial_lr"} (kept if already present), then takes the initial step, so epoch 0's
 * rates are set on construction. Each {@link #step()} advances the epoch and writes the rates that
 * {@link #computeLr} derives (chainably, from the groups' current rates, as PyTorch does).
 */
public abstract class LRScheduler {
  /** The optimizer whose group learning rates this scheduler sets. */
  protected final Optimizer optimizer;

  /** Each group's {@code "initial_lr"}, PyTorch's {@code base_lrs}. */
  protected double[] baseLrs;

  /** The epoch of the last {@link #step()}, 0 after construction. */
  protected int lastEpoch;

  private double[] lastLr;

  /** Sets up and takes the initial step; subclasses call it after their fields are set. */
  protected LRScheduler(Optimizer optimizer) {
    this.optimizer = optimizer;
    List<ParamGroup> groups = optimizer.paramGroups();
    baseLrs = new double[groups.size()];
    for (int i = 0; i < baseLrs.length; i++) {
      ParamGroup g = groups.get(i);
      if (!g.options().containsKey("initial_lr")) {
        g.set("initial_lr", g.get("lr"));
      }
      baseLrs[i] = g.get("initial_lr");
    }
    lastEpoch = -1;
  }

  /**
   * Checks that {@code values} holds one entry for all groups or one per group, as PyTorch's
   * per-group lists ({@code lr_lambda}, ...); returns an unmodifiable copy.
   *
   * @throws IllegalArgumentException naming {@code scheduler} and {@code what} otherwise
   */
  static <T> List<T> oneOrPerGroup(
      String scheduler, String what, Optimizer optimizer, List<T> values) {
    int groups = optimizer.paramGroups().size();
    if (values.size() != 1 && values.size() != groups) {
      throw new IllegalArgumentException(
          scheduler + ": expected 1 or " + groups + " " + what + ", got " + values.size());
    }
    return List.copyOf(values);
  }

  /**
   * {@code values} (one for all groups or one per group, checked by {@link #oneOrPerGroup})
   * expanded to one per group.
   */
  static double[] expandPerGroup(
      String scheduler, String what, Optimizer optimizer, double[] values) {
    List<Double> checked =
        oneOrPerGroup(scheduler, what, optimizer, Arrays.stream(values).boxed().toList());
    double[] out = new double[optimizer.paramGroups().size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = checked.get(checked.size() == 1 ? 0 : i);
    }
    return out;
  }

  /** Takes the initial step (epoch 0); each concrete constructor calls it last. */
  protected final void initialStep() {
    step();
  }

  /** Advances one epoch and sets every group's learning rate. */
  public void step() {
    lastEpoch++;
    setLr(computeLr());
  }

  /** The rates for epoch {@link #lastEpoch}, one per group, in PyTorch's chainable form. */
  protected abstract double[] computeLr();

  /**
   * The rates for epoch {@link #lastEpoch} from the base rates alone, PyTorch's {@code
   * _get_closed_form_lr}; kinds without one use {@link #computeLr()}.
   */
  protected double[] closedFormLr() {
    return computeLr();
  }

  /** Jumps to epoch 0 as PyTorch's {@code step(0)} does (closed form where the kind has one). */
  final void restart() {
    lastEpoch = 0;
    setLr(closedFormLr());
  }

  /** Sets every group's learning rate to {@code lrs} and records them as the last rates. */
  final void setLr(double[] lrs) {
    List<ParamGroup> groups = optimizer.paramGroups();
    for (int i = 0; i < lrs.length; i++) {
      groups.get(i).set("lr", lrs[i]);
    }
    lastLr = lrs.clone();
  }

  /** The groups' current learning rates. */
  final double[] groupLrs() {
    double[] out = new double[baseLrs.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = groupLr(i);
    }
    return out;
  }

  /** The base rates scaled by {@code factor}. */
  protected final double[] baseScaled(double factor) {
    double[] out = new double[baseLrs.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = baseLrs[i] * factor;
    }
    return out;
  }

  /** Group {@code i}'s current learning rate. */
  protected final double groupLr(int i) {
    return optimizer.paramGroups().get(i).get("lr");
  }

  /** The current rates scaled by {@code factor}. */
  protected final double[] scaled(double factor) {
    double[] out = new double[baseLrs.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = groupLr(i) * factor;
    }
    return out;
  }

  /** The rates set by the last step, one per group. */
  public final double[] getLastLr() {
    return lastLr.clone();
  }

  /** The epoch counter (0 after construction). */
  public final int lastEpoch() {
    return lastEpoch;
  }

  /** The scheduler's progress: epoch, base rates and last rates. */
  public SchedulerState stateDict() {
    return new SchedulerState(
        lastEpoch,
        baseLrs.clone(),
        lastLr.clone(),
        extraState(),
        children().stream().map(LRScheduler::stateDict).toList());
  }

  /** Counters particular to this scheduler kind, saved in {@link SchedulerState#extra()}. */
  protected Map<String, Double> extraState() {
    return Map.of();
  }

  /** Restores what {@link #extraState()} saved. */
  protected void loadExtraState(Map<String, Double> extra) {}

  /** The schedulers a composite scheduler drives (saved with it); none by default. */
  protected List<LRScheduler> children() {
    return List.of();
  }

  /**
   * Restores progress saved by {@link #stateDict()}; like PyTorch, it does not touch the
   * optimizer's rates (restore the optimizer's own state for those).
   *
   * @throws IllegalArgumentException when the group count differs
   */
  public void loadStateDict(SchedulerState saved) {
    if (saved.baseLrs().length != baseLrs.length) {
      throw new IllegalArgumentException(
          getClass().getSimpleName()
              + ".loadStateDict: saved state has "
              + saved.baseLrs().length
              + " groups, optimizer has "
              + baseLrs.length);
    }
    lastEpoch = saved.lastEpoch();
    baseLrs = saved.baseLrs().clone();
    lastLr = saved.lastLr().clone();
    loadExtraState(saved.extra());
    List<LRScheduler> children = children();
    for (int i = 0; i < children.size(); i++) {
      children.get(i).loadStateDict(saved.children().get(i));
    }
  }
}
