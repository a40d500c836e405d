package dev.kiln.train.callbacks;

import dev.kiln.train.Callback;
import java.io.Console;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Keras-style console progress for {@link dev.kiln.train.Model#fit}, {@link
 * dev.kiln.train.Model#evaluate} and {@link dev.kiln.train.Model#predict} (one bar for the run,
 * without the epoch header). {@link dev.kiln.train.Model#fit} adds one from its options unless the
 * callbacks already hold one; evaluate and predict add one at verbose 1 or 2. Validation inside
 * {@code fit} draws no bar of its own: its metrics end the epoch's line.
 *
 * <ul>
 *   <li>verbose 1 on a terminal ({@code interactive}): an {@code Epoch 3/10} header, then one bar
 *       redrawn in place with {@code '\r'} after a batch (at most every 50 ms, as Keras): {@code "
 *       7/12 [=================>............] - ETA: 1s - loss: 0.4312 - accuracy: 0.8750"}; at
 *       epoch end the finished bar with elapsed time, time per step and the epoch's metrics
 *       including validation ones, then a newline.
 *   <li>verbose 1 elsewhere (a log file, CI): the header and only the finished bar line per epoch.
 *   <li>verbose 2: the header and one line without the bar: {@code "12/12 - 1s - 85ms/step - loss:
 *       ..."}.
 *   <li>verbose 0: nothing.
 * </ul>
 *
 * <p>Values print as {@code %.4f}, or {@code %.4e} when smaller than 1e-3 in magnitude.
 */
public final class ProgressBar extends Callback {
  private static final int WIDTH = 30;

  /** Keras's {@code Progbar} interval: a running bar is redrawn at most every 50 ms. */
  private static final long REDRAW_NANOS = 50_000_000L;

  private final int verbose;
  private final PrintStream out;
  private final boolean interactive;
  private final LongSupplier clock;
  private long epochStart;
  private int lastWidth;
  private long lastDraw;
  private int seen;
  private boolean inFit;

  /**
   * @param verbose 0, 1 or 2 (see the type's description)
   * @param out where to print
   * @param interactive whether {@code out} is a terminal that can redraw a line
   * @param nanoClock nanosecond clock for elapsed time and ETA ({@code System::nanoTime})
   */
  public ProgressBar(int verbose, PrintStream out, boolean interactive, LongSupplier nanoClock) {
    if (verbose < 0 || verbose > 2) {
      throw new IllegalArgumentException("ProgressBar: verbose must be 0, 1 or 2, got " + verbose);
    }
    this.verbose = verbose;
    this.out = out;
    this.interactive = interactive;
    this.clock = nanoClock;
  }

  /** Verbose 1 to {@code System.out}, redrawing when it is a terminal ({@link #isTerminal}). */
  public ProgressBar() {
    this(1, System.out, isTerminal(), System::nanoTime);
  }

  /**
   * Whether standard output is an interactive terminal that can redraw a line: {@code
   * System.console()} exists and {@link java.io.Console#isTerminal()} (since JDK 22 a console may
   * exist while output is redirected to a file or pipe).
   */
  public static boolean isTerminal() {
    Console c = System.console();
    return c != null && c.isTerminal();
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    inFit = true;
  }

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    inFit = false;
  }

  @Override
  public void onEpochBegin(int epoch, Map<String, Double> logs) {
    if (verbose == 0) {
      return;
    }
    out.println("Epoch " + (epoch + 1) + "/" + params().epochs());
    out.flush();
    start();
  }

  @Override
  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
    step(batch, logs);
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    finish(logs);
  }

  /** Outside {@code fit} ({@link dev.kiln.train.Model#evaluate}): starts a bar. */
  @Override
  public void onTestBegin(Map<String, Double> logs) {
    if (!inFit) {
      start();
    }
  }

  @Override
  public void onTestBatchEnd(int batch, Map<String, Double> logs) {
    if (!inFit) {
      step(batch, logs);
    }
  }

  @Override
  public void onTestEnd(Map<String, Double> logs) {
    if (!inFit) {
      finish(logs);
    }
  }

  /** {@link dev.kiln.train.Model#predict}: a bar without metrics. */
  @Override
  public void onPredictBegin(Map<String, Double> logs) {
    start();
  }

  @Override
  public void onPredictBatchEnd(int batch, Map<String, Double> logs) {
    step(batch, Map.of());
  }

  @Override
  public void onPredictEnd(Map<String, Double> logs) {
    finish(Map.of());
  }

  private void start() {
    epochStart = clock.getAsLong();
    lastWidth = 0;
    seen = 0;
  }

  private void step(int batch, Map<String, Double> logs) {
    seen = batch + 1;
    if (verbose != 1 || !interactive) {
      return;
    }
    int steps = params().steps();
    int done = seen;
    if (done >= steps) {
      return; // the end draws the finished bar, with validation metrics
    }
    long now = clock.getAsLong();
    if (lastWidth > 0 && now - lastDraw < REDRAW_NANOS) {
      return; // fast batches: skip frames, as Keras does, so printing does not slow training
    }
    lastDraw = now;
    double elapsed = seconds(now - epochStart);
    redraw(
        counter(done, steps)
            + " "
            + bar(done, steps)
            + " - ETA: "
            + eta(elapsed / done * (steps - done))
            + metrics(logs));
  }

  private void finish(Map<String, Double> logs) {
    if (verbose == 0) {
      return;
    }
    int steps = params().steps();
    int done = Math.max(1, seen); // fewer than steps when training stopped mid-epoch
    double elapsed = seconds(clock.getAsLong() - epochStart);
    String timing = duration(elapsed) + " " + perStep(elapsed / done);
    String text =
        verbose == 2
            ? counter(done, steps) + " - " + duration(elapsed) + " - " + perStep(elapsed / done)
            : counter(done, steps) + " " + bar(done, steps) + " - " + timing;
    text += metrics(logs);
    if (interactive && verbose == 1) {
      redraw(text);
      out.println();
    } else {
      out.println(text);
    }
    out.flush();
  }

  private void redraw(String text) {
    int pad = Math.max(0, lastWidth - text.length());
    out.print("\r" + text + " ".repeat(pad));
    out.flush();
    lastWidth = text.length();
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static String counter(int done, int steps) {
    String total = Integer.toString(steps);
    return String.format(Locale.ROOT, "%" + total.length() + "d/%s", done, total);
  }

  /** Keras's bar: {@code [====>.....]}, 30 wide. */
  static String bar(int done, int steps) {
    int filled = (int) ((double) done / steps * WIDTH);
    StringBuilder sb = new StringBuilder("[");
    if (filled > 0) {
      sb.append("=".repeat(filled - 1)).append(done < steps ? ">" : "=");
    }
    sb.append(".".repeat(WIDTH - filled)).append("]");
    return sb.toString();
  }

  private static String eta(double s) {
    long t = Math.round(s);
    if (t >= 3600) {
      return String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, (t % 3600) / 60, t % 60);
    }
    if (t >= 60) {
      return String.format(Locale.ROOT, "%d:%02d", t / 60, t % 60);
    }
    return t + "s";
  }

  private static String duration(double s) {
    return ((long) s) + "s";
  }

  private static String perStep(double s) {
    if (s >= 1) {
      return String.format(Locale.ROOT, "%.0fs/step", s);
    }
    if (s >= 1e-3) {
      return String.format(Locale.ROOT, "%.0fms/step", s * 1e3);
    }
    return String.format(Locale.ROOT, "%.0fus/step", s * 1e6);
  }

  private static String metrics(Map<String, Double> logs) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Double> e : logs.entrySet()) {
      sb.append(" - ").append(e.getKey()).append(": ").append(format(e.getValue()));
    }
    return sb.toString();
  }

  /** {@code %.4f}, or {@code %.4e} below 1e-3 in magnitude (as Keras). */
  static String format(double v) {
    if (v != 0 && Math.abs(v) < 1e-3) {
      return String.format(Locale.ROOT, "%.4e", v);
    }
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
