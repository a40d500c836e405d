package dev.kiln.train.callbacks;

import dev.kiln.train.Callback;
import java.io.PrintStream;
import java.util.Map;

/**
 * Stops training as soon as a batch's running loss is NaN or infinite (Keras's {@code
 * TerminateOnNaN}), printing the batch to a stream.
 */
public final class TerminateOnNaN extends Callback {
  private final PrintStream out;
  private int terminatedBatch = -1;

  /** Reports to {@code System.out}. */
  public TerminateOnNaN() {
    this(System.out);
  }

  /** Reports to {@code out}. */
  public TerminateOnNaN(PrintStream out) {
    this.out = out;
  }

  /** The batch (of its epoch) training stopped at, or -1. */
  public int terminatedBatch() {
    return terminatedBatch;
  }

  @Override
  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
    Double loss = logs.get("loss");
    if (loss != null && !Double.isFinite(loss)) {
      terminatedBatch = batch;
      out.println("Batch " + batch + ": invalid loss " + loss + ", terminating training");
      model().stopTraining(true);
    }
  }
}
