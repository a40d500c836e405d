package dev.kiln.nn.checkpoint;

import dev.kiln.io.SafeTensors;
import dev.kiln.nn.LoadResult;
import dev.kiln.nn.Module;
import dev.kiln.optim.Optimizer;
import dev.kiln.optim.OptimizerState;
import dev.kiln.optim.lr.LRScheduler;
import dev.kiln.optim.lr.ReduceLROnPlateau;
import dev.kiln.optim.lr.SchedulerState;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Everything needed to resume training bit for bit, in one safetensors file written atomically: the
 * model's state dict (tensors {@code model.<key>}), the optimizer's state tensors ({@code
 * optimizer.state.<index>.<name>}) and group options, an optional scheduler's state, the states of
 * the random generators (the default generator always, others by name) and the epoch and step
 * reached. Scalars and structure are string entries of the safetensors {@code __metadata__} map.
 *
 * {@snippet :
 * TrainingCheckpoint ckpt = new TrainingCheckpoint(model, optimizer).withScheduler(scheduler);
 * ckpt.save(Path.of("run.ckpt.safetensors"), epoch, step);
 * // later, possibly in another process, with freshly built objects:
 * TrainingCheckpoint.Restored r = ckpt.load(Path.of("run.ckpt.safetensors"));
 * long nextStep = r.step() + 1;
 * }
 */
public final class TrainingCheckpoint {
  /** The value of the metadata entry {@code format}. */
  public static final String FORMAT = "kiln.training-checkpoint.v1";

  private static final String DEFAULT_GENERATOR = "default";

  private final Module model;
  private final Optimizer optimizer;
  private Supplier<SchedulerState> schedulerState;
  private Consumer<SchedulerState> schedulerLoad;
  private final Map<String, Generator> generators = new LinkedHashMap<>();

  /**
   * What {@link #load} restored besides the objects' state.
   *
   * @param epoch the epoch passed to {@link #save}
   * @param step the step passed to {@link #save}
   * @param model the model keys that were missing or unexpected (a non-strict load)
   */
  public record Restored(long epoch, long step, LoadResult model) {}

  /** A checkpoint of {@code model} and {@code optimizer} and the default generator. */
  public TrainingCheckpoint(Module model, Optimizer optimizer) {
    this.model = model;
    this.optimizer = optimizer;
    generators.put(DEFAULT_GENERATOR, Generator.defaultGenerator());
  }

  /** Also saves and restores {@code scheduler}; returns this. */
  public TrainingCheckpoint withScheduler(LRScheduler scheduler) {
    return scheduler(scheduler::stateDict, scheduler::loadStateDict);
  }

  /** Also saves and restores {@code scheduler}; returns this. */
  public TrainingCheckpoint withScheduler(ReduceLROnPlateau scheduler) {
    return scheduler(scheduler::stateDict, scheduler::loadStateDict);
  }

  private TrainingCheckpoint scheduler(
      Supplier<SchedulerState> state, Consumer<SchedulerState> load) {
    if (schedulerState != null) {
      throw new IllegalStateException("TrainingCheckpoint: a scheduler is already set");
    }
    schedulerState = state;
    schedulerLoad = load;
    return this;
  }

  /**
   * Also saves and restores generator {@code g} (e.g. a dropout layer's own) under {@code name};
   * returns this.
   *
   * @throws IllegalArgumentException when the name is empty, holds a '.', or is taken
   */
  public TrainingCheckpoint withGenerator(String name, Generator g) {
    if (name.isEmpty() || name.contains(".") || generators.containsKey(name)) {
      throw new IllegalArgumentException(
          "TrainingCheckpoint.withGenerator: name must be non-empty, without '.', and unused; got '"
              + name
              + "' (used: "
              + generators.keySet()
              + ")");
    }
    generators.put(name, g);
    return this;
  }

  /**
   * Writes the checkpoint to {@code path} atomically; a failed write leaves the old file intact.
   */
  public void save(Path path, long epoch, long step) throws IOException {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    Map<String, String> meta = new LinkedHashMap<>();
    model.stateDict().forEach((k, t) -> tensors.put("model." + k, t));
    StateCodec codec = new StateCodec(tensors, meta, path.toString());
    codec.putOptimizer("optimizer.", optimizer.stateDict());
    if (schedulerState != null) {
      codec.putScheduler("scheduler.", schedulerState.get());
    }
    generators.forEach(
        (name, g) -> {
          Generator.State s = g.getState();
          meta.put("generator." + name + ".seed", Long.toString(s.seed()));
          meta.put("generator." + name + ".offset", Long.toString(s.offset()));
        });
    meta.put("format", FORMAT);
    meta.put("epoch", Long.toString(epoch));
    meta.put("step", Long.toString(step));
    SafeTensors.write(path, tensors, meta);
  }

  /** Same as {@code load(path, true)}. */
  public Restored load(Path path) throws IOException {
    return load(path, true);
  }

  /**
   * Restores every registered object from {@code path}. The model is loaded with {@code
   * loadStateDict(state, strict)}; if anything fails, nothing is changed. A saved scheduler or
   * generator that this object does not register is ignored.
   *
   * @throws IllegalArgumentException naming the file and the problem: a wrong format, missing
   *     entries, model keys that are missing, unexpected (when strict) or of another shape, or
   *     optimizer/scheduler state that does not fit
   */
  public Restored load(Path path, boolean strict) throws IOException {
    SafeTensors.Content content = SafeTensors.read(path);
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    Map<String, Tensor> modelState = new LinkedHashMap<>();
    content
        .tensors()
        .forEach(
            (k, t) -> {
              if (k.startsWith("model.")) {
                modelState.put(k.substring("model.".length()), t);
              } else {
                tensors.put(k, t);
              }
            });
    StateCodec codec = new StateCodec(tensors, content.metadata(), path.toString());
    if (!FORMAT.equals(content.metadata().get("format"))) {
      throw codec.malformed(
          "metadata 'format' is '" + content.metadata().get("format") + "', expected " + FORMAT);
    }
    OptimizerState opt = codec.optimizer("optimizer.");
    SchedulerState sched = schedulerState == null ? null : codec.scheduler("scheduler.");
    Map<Generator, Generator.State> rng = new LinkedHashMap<>();
    generators.forEach(
        (name, g) ->
            rng.put(
                g,
                new Generator.State(
                    codec.parseLong("generator." + name + ".seed"),
                    codec.parseLong("generator." + name + ".offset"))));
    long epoch = codec.parseLong("epoch");
    long step = codec.parseLong("step");
    OptimizerState oldOpt = optimizer.stateDict();
    SchedulerState oldSched = schedulerState == null ? null : schedulerState.get();
    LoadResult result;
    try {
      if (sched != null) {
        schedulerLoad.accept(sched);
      }
      optimizer.loadStateDict(opt);
      result = model.loadStateDict(modelState, strict);
    } catch (RuntimeException e) {
      optimizer.loadStateDict(oldOpt);
      if (oldSched != null) {
        schedulerLoad.accept(oldSched);
      }
      throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
    }
    rng.forEach(Generator::setState);
    return new Restored(epoch, step, result);
  }
}
