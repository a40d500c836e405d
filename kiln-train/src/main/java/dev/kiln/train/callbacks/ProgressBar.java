package dev.kiln.train.callbacks;

import dev.kiln.train.Callback;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Keras-style console progress for {@link dev.kiln.train.Model#fit}. {@link
 * dev.kiln.train.Model#fit} adds one from its options unless the callbacks already hold one.
 *
 * <ul>
 *   <li>verbose 1 on a terminal ({@code interactive}): an {@code Epoch 3/10} header, then one bar
 *       redrawn in place with {@code '\r'} after every batch: {@code " 7/12
 *       [=================>............] - ETA: 1s - loss: 0.4312 - accuracy: 0.8750"}; at epoch
 *       end the finished bar with elapsed time, time per step and the epoch's metrics including
 *       validation ones, then a newline.
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
  private final int verbose;
  private final PrintStream out;
  private final boolean interactive;
  private final LongSupplier clock;
  private long epochStart;
  private int lastWidth;
  private int seen;

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

  /** Verbose 1 to {@code System.out}, redrawing when a console is attached. */
  public ProgressBar() {
    this(1, System.out, System.console() != null, System::nanoTime);
  }

  @Override
  public void onEpochBegin(int epoch, Map<String, Double> logs) {
    if (verbose == 0) {
      return;
    }
    out.println("Epoch " + (epoch + 1) + "/" + params().epochs());
    out.flush();
    epochStart = clock.getAsLong();
    lastWidth = 0;
    seen = 0;
  }

  @Override
  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
    seen = batch + 1;
    if (verbose != 1 || !interactive) {
      return;
    }
    int steps = params().steps();
    int done = seen;
    if (done >= steps) {
      return; // the epoch's end draws the finished bar, with validation metrics
    }
    double elapsed = seconds(clock.getAsLong() - epochStart);
    redraw(
        counter(done, steps)
            + " "
            + bar(done, steps)
            + " - ETA: "
            + eta(elapsed / done * (steps - done))
            + metrics(logs));
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
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
    return String.format("%" + total.length() + "d/%s", done, total);
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
      return String.format("%d:%02d:%02d", t / 3600, (t % 3600) / 60, t % 60);
    }
    if (t >= 60) {
      return String.format("%d:%02d", t / 60, t % 60);
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
