package dev.kiln.train;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.GradMode;
import dev.kiln.data.CloseableIterator;
import dev.kiln.io.SafeTensors;
import dev.kiln.nn.Loss;
import dev.kiln.nn.Module;
import dev.kiln.nn.utils.ClipGrad;
import dev.kiln.optim.Optimizer;
import dev.kiln.tensor.Tensor;
import dev.kiln.train.callbacks.ProgressBar;
import dev.kiln.train.metrics.Mean;
import dev.kiln.train.metrics.Metric;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keras-style training around any {@link Module}: {@link #compile} with an optimizer, a loss and
 * metrics, then {@link #fit}, {@link #evaluate} and {@link #predict}.
 *
 * <pre>{@code
 * var net = new Sequential(new Linear(64, 32), new ReLU(), new Linear(32, 10));
 * var model = new Model(net);
 * model.compile(new Adam(net.parameters(), 1e-2), new CrossEntropyLoss(),
 *     new SparseCategoricalAccuracy("accuracy"));
 * History h = model.fit(Batches.of(Digits.load(), 32),
 *     new FitOptions().epochs(10).validationSplit(0.2).callbacks(new EarlyStopping("val_loss", 3)));
 * Map<String, Double> test = model.evaluate(testData);
 * }</pre>
 *
 * <p>Subclass and override {@link #trainStep} / {@link #testStep} to change what one step does
 * (like Keras's {@code train_step}) while keeping the loop, callbacks and progress. Bad input is
 * reported before any training starts: fitting before compiling, a loss that does not fit the
 * output shape, labels out of range, empty data.
 */
public class Model {
  private final Module module;
  private Optimizer optimizer;
  private Loss loss;
  private final List<Metric> metrics = new ArrayList<>();
  private final Mean lossTracker = new Mean("loss");
  private boolean stopTraining;
  private double[] classWeights;
  private int accumulationSteps = 1;
  private int accumulated;
  private double clipNorm = Double.NaN;
  private double clipValue = Double.NaN;
  private Tensor probeOutput;
  private boolean targetsChecked;

  /** Wraps {@code module}; {@link #compile} before training. */
  public Model(Module module) {
    this.module = module;
  }

  /** The wrapped module. */
  public final Module module() {
    return module;
  }

  /** The optimizer given to {@link #compile}, or null. */
  public final Optimizer optimizer() {
    return optimizer;
  }

  /** The loss given to {@link #compile}, or null. */
  public final Loss loss() {
    return loss;
  }

  /** The metrics given to {@link #compile}. */
  public final List<Metric> metrics() {
    return List.copyOf(metrics);
  }

  /**
   * Sets the optimizer (over this module's parameters), the loss and the metrics.
   *
   * @throws IllegalArgumentException if two metrics share a name or one is named {@code loss}
   */
  public void compile(Optimizer optimizer, Loss loss, Metric... metrics) {
    Set<String> names = new HashSet<>(List.of("loss"));
    for (Metric m : metrics) {
      if (!names.add(m.name())) {
        throw new IllegalArgumentException(
            "Model.compile: two metrics are named '" + m.name() + "' (or it clashes with loss)");
      }
    }
    this.optimizer = optimizer;
    this.loss = loss;
    this.metrics.clear();
    this.metrics.addAll(List.of(metrics));
  }

  /** Whether {@link #compile} was called. */
  public final boolean isCompiled() {
    return optimizer != null && loss != null;
  }

  private void requireCompiled(String op) {
    if (!isCompiled()) {
      throw new IllegalStateException(
          "Model."
              + op
              + ": the model is not compiled; call compile(optimizer, loss, metrics...)"
              + " before "
              + op);
    }
  }

  /** Asks {@link #fit} to stop after the current batch (from a batch hook) or epoch. */
  public final void stopTraining(boolean stop) {
    this.stopTraining = stop;
  }

  /** Whether a stop was requested. */
  public final boolean stopTraining() {
    return stopTraining;
  }

  /** Trains on {@code x}, {@code y} in batches of {@code batchSize}. */
  public History fit(Tensor x, Tensor y, int batchSize, FitOptions options) {
    return fit(Batches.of(x, y, batchSize), options);
  }

  /**
   * Trains for {@code options.epochs()} epochs and returns the per-epoch history (train metrics and
   * {@code val_} ones with validation data).
   *
   * @throws IllegalStateException before compiling
   * @throws IllegalArgumentException for empty data, a loss that does not fit the output, or labels
   *     out of range, before any training step
   */
  public History fit(Batches data, FitOptions options) {
    requireCompiled("fit");
    Batches train = data;
    Batches val = options.validationData();
    if (options.validationSplit() > 0) {
      if (val != null) {
        throw new IllegalArgumentException(
            "Model.fit: give validationData or validationSplit, not both");
      }
      Batches[] parts = data.splitLast(options.validationSplit());
      train = parts[0];
      val = parts[1];
    }
    if (options.shuffle() && !train.isShuffled() && !train.isLoader()) {
      train = train.shuffle(true, options.seed());
    }
    InputChecks.Probe probe = InputChecks.probe(module, loss, "training", train);
    this.probeOutput = probe.output();
    this.targetsChecked = probe.allTargetsChecked();
    if (val != null) {
      InputChecks.probe(module, loss, "validation", val);
    }
    int steps = options.stepsPerEpoch() > 0 ? options.stepsPerEpoch() : train.numBatches();
    TrainParams params =
        new TrainParams(options.epochs(), options.initialEpoch(), steps, options.verbose());
    History history = new History();
    List<Callback> all = new ArrayList<>();
    List<Callback> given = options.callbacks();
    if (options.verbose() > 0 && given.stream().noneMatch(c -> c instanceof ProgressBar)) {
      all.add(
          new ProgressBar(
              options.verbose(), options.progressOut(), options.interactive(), options.clock()));
    }
    all.addAll(given);
    all.add(history); // last, so it records what other callbacks add (e.g. "lr")
    CallbackList callbacks = new CallbackList(all, this, params);
    this.classWeights = options.classWeights();
    this.accumulationSteps = options.accumulationSteps();
    this.clipNorm = options.clipNorm();
    this.clipValue = options.clipValue();
    this.stopTraining = false;
    this.accumulated = 0;
    optimizer.zeroGrad();
    try {
      runEpochs(train, val, options, steps, callbacks);
    } finally {
      this.classWeights = null;
      this.accumulationSteps = 1;
      this.clipNorm = Double.NaN;
      this.clipValue = Double.NaN;
    }
    return history;
  }

  private void runEpochs(
      Batches train, Batches val, FitOptions options, int steps, CallbackList callbacks) {
    Map<String, Double> logs = new LinkedHashMap<>();
    callbacks.trainBegin(logs);
    boolean continuous = options.stepsPerEpoch() > 0;
    Batches.Stream stream = continuous ? new Batches.Stream(train, options.initialEpoch()) : null;
    try {
      for (int epoch = options.initialEpoch(); epoch < options.epochs(); epoch++) {
        resetMetrics();
        module.train();
        callbacks.epochBegin(epoch, new LinkedHashMap<>());
        if (continuous) {
          for (int step = 0; step < steps && !stopTraining; step++) {
            logs = trainOne(step, stream.next(), callbacks);
          }
        } else {
          try (CloseableIterator<Batch> it = train.epoch(epoch)) {
            for (int step = 0; it.hasNext() && !stopTraining; step++) {
              logs = trainOne(step, it.next(), callbacks);
            }
          }
        }
        if (accumulated > 0) {
          applyGradients();
        }
        Map<String, Double> epochLogs = new LinkedHashMap<>(logs);
        if (val != null) {
          evaluateInto(val, callbacks).forEach((k, v) -> epochLogs.put("val_" + k, v));
        }
        callbacks.epochEnd(epoch, epochLogs);
        logs = epochLogs;
        if (stopTraining) {
          break;
        }
      }
    } finally {
      if (stream != null) {
        stream.close();
      }
    }
    callbacks.trainEnd(logs);
  }

  private Map<String, Double> trainOne(int step, Batch batch, CallbackList callbacks) {
    if (!targetsChecked && batch.y() != null) {
      InputChecks.checkTargets("Model.fit", "training batch " + step, loss, probeOutput, batch.y());
    }
    callbacks.trainBatchBegin(step, new LinkedHashMap<>());
    Map<String, Double> logs = trainStep(batch);
    callbacks.trainBatchEnd(step, logs);
    return logs;
  }

  /**
   * One training step on {@code batch}: forward, loss, backward (and an optimizer update when due,
   * see {@link #backwardAndUpdate}), metric updates. Returns the running metrics of the epoch.
   * Override to customise a step; keep calling {@link #updateMetrics} so logs stay right.
   */
  protected Map<String, Double> trainStep(Batch batch) {
    Tensor out = module.call(batch.x());
    Tensor lossValue = computeLoss(out, batch.y());
    backwardAndUpdate(lossValue);
    updateMetrics(lossValue, out, batch.y());
    return metricResults();
  }

  /**
   * One evaluation step on {@code batch} (run under {@code noGrad} in eval mode): forward, loss,
   * metric updates. Returns the running metrics of the evaluation.
   */
  protected Map<String, Double> testStep(Batch batch) {
    Tensor out = module.call(batch.x());
    Tensor lossValue = computeLoss(out, batch.y());
    updateMetrics(lossValue, out, batch.y());
    return metricResults();
  }

  /**
   * The compiled loss of {@code output} against {@code target}, weighted by class when {@code
   * classWeights} are set for this fit.
   */
  protected final Tensor computeLoss(Tensor output, Tensor target) {
    Tensor value = loss.forward(output, target);
    if (value.dim() > 0) {
      value = value.mean();
    }
    return classWeights == null || !module.isTraining()
        ? value
        : ClassWeighting.weightedLoss(loss, output, target, classWeights);
  }

  /**
   * Back-propagates {@code lossValue} (divided by the accumulation steps) and, once enough batches
   * have accumulated, clips the gradients and lets the optimizer update the parameters.
   */
  protected final void backwardAndUpdate(Tensor lossValue) {
    Tensor scaled = accumulationSteps == 1 ? lossValue : lossValue.div(accumulationSteps);
    scaled.backward();
    accumulated++;
    if (accumulated >= accumulationSteps) {
      applyGradients();
    }
  }

  private void applyGradients() {
    List<Tensor> params = module.parameters();
    if (!Double.isNaN(clipValue)) {
      ClipGrad.clipGradValue_(params, clipValue);
    }
    if (!Double.isNaN(clipNorm)) {
      ClipGrad.clipGradNorm_(params, clipNorm);
    }
    optimizer.step();
    optimizer.zeroGrad();
    accumulated = 0;
  }

  /** Folds a batch into the loss mean (weighted by batch size) and every metric. */
  protected final void updateMetrics(Tensor lossValue, Tensor output, Tensor target) {
    int n = output.dim() == 0 ? 1 : output.size(0);
    lossTracker.update(lossValue.item(), n);
    try (GradMode.Scope _ = Autograd.noGrad()) {
      Tensor detached = output.detach();
      for (Metric m : metrics) {
        m.update(detached, target);
      }
    }
  }

  /** The current results: {@code loss} first, then every metric by name. */
  protected final Map<String, Double> metricResults() {
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("loss", lossTracker.result());
    for (Metric m : metrics) {
      out.put(m.name(), m.result());
    }
    return out;
  }

  /** Resets the loss mean and every metric. */
  public final void resetMetrics() {
    lossTracker.reset();
    for (Metric m : metrics) {
      m.reset();
    }
  }

  /** Evaluates on {@code x}, {@code y} in batches of {@code batchSize}. */
  public Map<String, Double> evaluate(Tensor x, Tensor y, int batchSize, Callback... callbacks) {
    return evaluate(Batches.of(x, y, batchSize), callbacks);
  }

  /**
   * The loss and metrics over {@code data}, in eval mode without gradients.
   *
   * @throws IllegalStateException before compiling
   * @throws IllegalArgumentException for empty data
   */
  public Map<String, Double> evaluate(Batches data, Callback... callbacks) {
    requireCompiled("evaluate");
    if (data.numSamples() == 0) {
      throw new IllegalArgumentException("Model.evaluate: the data is empty (0 samples)");
    }
    return evaluateInto(data, new CallbackList(List.of(callbacks), this, null));
  }

  private Map<String, Double> evaluateInto(Batches data, CallbackList callbacks) {
    boolean wasTraining = module.isTraining();
    module.eval();
    resetMetrics();
    Map<String, Double> logs = new LinkedHashMap<>();
    callbacks.testBegin(logs);
    try (GradMode.Scope _ = Autograd.noGrad();
        CloseableIterator<Batch> it = data.epoch(0)) {
      for (int step = 0; it.hasNext(); step++) {
        Batch b = it.next();
        callbacks.testBatchBegin(step, new LinkedHashMap<>());
        logs = testStep(b);
        callbacks.testBatchEnd(step, logs);
      }
    } finally {
      module.train(wasTraining);
    }
    callbacks.testEnd(logs);
    return logs;
  }

  /** The outputs for {@code x}, computed in batches of {@code batchSize} and concatenated. */
  public Tensor predict(Tensor x, int batchSize, Callback... callbacks) {
    return predict(Batches.of(x, batchSize), callbacks);
  }

  /**
   * The module's outputs for the inputs of {@code data}, in eval mode without gradients,
   * concatenated along dim 0 (targets, if any, are ignored).
   *
   * @throws IllegalArgumentException for empty data
   */
  public Tensor predict(Batches data, Callback... callbacks) {
    if (data.numSamples() == 0) {
      throw new IllegalArgumentException("Model.predict: the data is empty (0 samples)");
    }
    CallbackList list = new CallbackList(List.of(callbacks), this, null);
    boolean wasTraining = module.isTraining();
    module.eval();
    List<Tensor> outs = new ArrayList<>();
    list.predictBegin(new LinkedHashMap<>());
    try (GradMode.Scope _ = Autograd.noGrad();
        CloseableIterator<Batch> it = data.epoch(0)) {
      for (int step = 0; it.hasNext(); step++) {
        Batch b = it.next();
        list.predictBatchBegin(step, new LinkedHashMap<>());
        outs.add(module.call(b.x()));
        list.predictBatchEnd(step, new LinkedHashMap<>());
      }
    } finally {
      module.train(wasTraining);
    }
    list.predictEnd(new LinkedHashMap<>());
    return Tensor.cat(0, outs.toArray(Tensor[]::new));
  }

  /**
   * One optimizer update on one batch; returns the loss and metrics of this batch alone (the
   * metrics are reset first, as Keras's {@code reset_metrics=True}).
   */
  public Map<String, Double> trainOnBatch(Tensor x, Tensor y) {
    requireCompiled("trainOnBatch");
    resetMetrics();
    module.train();
    optimizer.zeroGrad();
    accumulated = 0;
    return trainStep(new Batch(x, y));
  }

  /** The loss and metrics of one batch, in eval mode without gradients. */
  public Map<String, Double> testOnBatch(Tensor x, Tensor y) {
    requireCompiled("testOnBatch");
    resetMetrics();
    boolean wasTraining = module.isTraining();
    module.eval();
    try (GradMode.Scope _ = Autograd.noGrad()) {
      return testStep(new Batch(x, y));
    } finally {
      module.train(wasTraining);
    }
  }

  /** A detached copy of the module's state dict (parameters and persistent buffers). */
  public final Map<String, Tensor> getWeights() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    module.stateDict().forEach((k, v) -> out.put(k, v.detach().clone()));
    return out;
  }

  /**
   * Copies {@code weights} into the module in place (strict: every key must match), so the
   * optimizer keeps its parameters.
   */
  public final void setWeights(Map<String, Tensor> weights) {
    module.loadStateDict(weights, true);
  }

  /** Writes the module's state dict to a safetensors file, atomically. */
  public final void saveWeights(Path path) throws IOException {
    SafeTensors.write(path, getWeights());
  }

  /** Loads a safetensors file written by {@link #saveWeights} or a checkpoint (strictly). */
  public final void loadWeights(Path path) throws IOException {
    setWeights(SafeTensors.read(path).tensors());
  }

  /**
   * A table of the module's layers that hold parameters and the parameter counts, without running
   * the module (see {@link ModelSummary}); {@link #summary(int...)} adds output shapes.
   */
  public String summary() {
    return ModelSummary.of(module);
  }

  /**
   * The module's own summary ({@link Module#summary(int...)}): every module with its output shape
   * on a zero input of {@code inputShape} (batch first) and its parameters, then the totals.
   */
  public String summary(int... inputShape) {
    return module.summary(inputShape);
  }

  /** Saves weights and compile config into folder {@code dir} (see {@link ModelFiles}). */
  public void save(Path dir) throws IOException {
    ModelFiles.save(this, dir);
  }

  /**
   * Loads weights saved by {@link #save} into {@code module} and compiles the returned model from
   * the saved config (see {@link ModelFiles#load}).
   */
  public static Model load(Path dir, Module module, Metric... customMetrics) throws IOException {
    return ModelFiles.load(dir, module, customMetrics);
  }
}
