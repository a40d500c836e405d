package dev.kiln.train;

import dev.kiln.tensor.Tensor;
import dev.kiln.train.callbacks.ProgressBar;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The options of {@link Model#fit}, with Keras's names and defaults, set fluently:
 *
 * <pre>{@code
 * new FitOptions().epochs(20).validationSplit(0.2).callbacks(new EarlyStopping("val_loss", 3))
 * }</pre>
 *
 * <p>Defaults: 1 epoch, no validation, initial epoch 0, one pass over the data per epoch, no class
 * weights, no gradient accumulation (1 step), no clipping, verbose 1, progress to {@code
 * System.out}, shuffling of tensor and dataset sources with seed 0.
 */
public final class FitOptions {
  private int epochs = 1;
  private Batches validationData;
  private double validationSplit;
  private int initialEpoch;
  private int stepsPerEpoch;
  private double[] classWeights;
  private int accumulationSteps = 1;
  private double clipNorm = Double.NaN;
  private double clipValue = Double.NaN;
  private int verbose = 1;
  private final List<Callback> callbacks = new ArrayList<>();
  private boolean shuffle = true;
  private long seed;
  private PrintStream out = System.out;
  private Boolean interactive;
  private LongSupplier clock = System::nanoTime;

  /** Keras's defaults (see the type's description). */
  public FitOptions() {}

  private static int atLeast(String what, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(
          "FitOptions." + what + " must be >= " + min + ", got " + value);
    }
    return value;
  }

  private static double positive(String what, double value) {
    if (!(value > 0)) {
      throw new IllegalArgumentException("FitOptions." + what + " must be > 0, got " + value);
    }
    return value;
  }

  /** Trains until this epoch (exclusive; counting from 0, so {@code epochs(10)} runs 0..9). */
  public FitOptions epochs(int epochs) {
    this.epochs = atLeast("epochs", epochs, 1);
    return this;
  }

  /** The epoch to stop before. */
  public int epochs() {
    return epochs;
  }

  /** Evaluates on {@code data} after every epoch; its metrics get a {@code val_} prefix. */
  public FitOptions validationData(Batches data) {
    this.validationData = data;
    return this;
  }

  /** The validation data, or null. */
  public Batches validationData() {
    return validationData;
  }

  /**
   * Holds out the last {@code fraction} of the training samples (before shuffling) for validation,
   * as Keras does; only for tensor and dataset sources.
   */
  public FitOptions validationSplit(double fraction) {
    if (!(fraction >= 0 && fraction < 1)) {
      throw new IllegalArgumentException(
          "FitOptions.validationSplit must be in [0, 1), got " + fraction);
    }
    this.validationSplit = fraction;
    return this;
  }

  /** The held-out fraction (0 for none). */
  public double validationSplit() {
    return validationSplit;
  }

  /** Starts counting at this epoch, e.g. to resume from a checkpoint. */
  public FitOptions initialEpoch(int initialEpoch) {
    this.initialEpoch = atLeast("initialEpoch", initialEpoch, 0);
    return this;
  }

  /** The first epoch. */
  public int initialEpoch() {
    return initialEpoch;
  }

  /**
   * Trains this many batches per epoch, continuing through the data across epochs and starting it
   * over when it runs out (0: one pass per epoch).
   */
  public FitOptions stepsPerEpoch(int steps) {
    this.stepsPerEpoch = atLeast("stepsPerEpoch", steps, 0);
    return this;
  }

  /** Batches per epoch, 0 for one pass. */
  public int stepsPerEpoch() {
    return stepsPerEpoch;
  }

  /**
   * Weights each sample's loss by the weight of its class (index {@code c} for class {@code c}),
   * Keras's {@code class_weight}: the batch loss becomes {@code sum_i w[y_i] * loss_i / N}.
   */
  public FitOptions classWeights(double... weights) {
    for (double w : weights) {
      if (!(w >= 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException(
            "FitOptions.classWeights must be finite and >= 0, got " + Arrays.toString(weights));
      }
    }
    this.classWeights = weights.clone();
    return this;
  }

  /** The class weights, or null. */
  public double[] classWeights() {
    return classWeights == null ? null : classWeights.clone();
  }

  /** Adds the gradients of {@code steps} batches (each loss divided by steps) per update. */
  public FitOptions accumulationSteps(int steps) {
    this.accumulationSteps = atLeast("accumulationSteps", steps, 1);
    return this;
  }

  /** Batches per optimizer update. */
  public int accumulationSteps() {
    return accumulationSteps;
  }

  /** Rescales the gradients so their joint 2-norm is at most {@code maxNorm} before each update. */
  public FitOptions clipNorm(double maxNorm) {
    this.clipNorm = positive("clipNorm", maxNorm);
    return this;
  }

  /** The gradient norm limit, NaN for none. */
  public double clipNorm() {
    return clipNorm;
  }

  /** Clamps every gradient value to {@code [-value, value]} before each update. */
  public FitOptions clipValue(double value) {
    this.clipValue = positive("clipValue", value);
    return this;
  }

  /** The gradient value limit, NaN for none. */
  public double clipValue() {
    return clipValue;
  }

  /** 0: silent, 1: progress bar, 2: one line per epoch. */
  public FitOptions verbose(int verbose) {
    if (verbose < 0 || verbose > 2) {
      throw new IllegalArgumentException("FitOptions.verbose must be 0, 1 or 2, got " + verbose);
    }
    this.verbose = verbose;
    return this;
  }

  /** The verbosity. */
  public int verbose() {
    return verbose;
  }

  /** Adds callbacks, called in the order given (after the progress bar, before the history). */
  public FitOptions callbacks(Callback... callbacks) {
    this.callbacks.addAll(Arrays.asList(callbacks));
    return this;
  }

  /** The callbacks added. */
  public List<Callback> callbacks() {
    return List.copyOf(callbacks);
  }

  /** Whether tensor and dataset sources are reshuffled each epoch, and from which seed. */
  public FitOptions shuffle(boolean shuffle, long seed) {
    this.shuffle = shuffle;
    this.seed = seed;
    return this;
  }

  /** Whether to shuffle. */
  public boolean shuffle() {
    return shuffle;
  }

  /** The shuffling seed. */
  public long seed() {
    return seed;
  }

  /**
   * Where progress goes ({@code System.out} by default), whether it is a terminal that can redraw a
   * line with {@code '\r'} (default: {@link ProgressBar#isTerminal()}), and the nanosecond clock
   * for elapsed time and ETA.
   */
  public FitOptions progress(PrintStream out, boolean interactive, LongSupplier nanoClock) {
    this.out = out;
    this.interactive = interactive;
    this.clock = nanoClock;
    return this;
  }

  /** The progress stream. */
  public PrintStream progressOut() {
    return out;
  }

  /** Whether progress redraws in place. */
  public boolean interactive() {
    return interactive != null ? interactive : ProgressBar.isTerminal();
  }

  /** The progress clock (nanoseconds). */
  public LongSupplier clock() {
    return clock;
  }

  /** Validation data from tensors {@code x}, {@code y} in batches of {@code batchSize}. */
  public FitOptions validationData(Tensor x, Tensor y, int batchSize) {
    return validationData(Batches.of(x, y, batchSize));
  }
}
