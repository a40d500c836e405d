package dev.kiln.train;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.GradMode;
import dev.kiln.data.CloseableIterator;
import dev.kiln.nn.BCELoss;
import dev.kiln.nn.BCEWithLogitsLoss;
import dev.kiln.nn.CrossEntropyLoss;
import dev.kiln.nn.HuberLoss;
import dev.kiln.nn.L1Loss;
import dev.kiln.nn.Loss;
import dev.kiln.nn.MSELoss;
import dev.kiln.nn.Module;
import dev.kiln.nn.NLLLoss;
import dev.kiln.nn.SmoothL1Loss;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * Checks, before training starts, that the loss fits the model's output and the targets: shapes for
 * the known losses, class-index ranges for cross entropy / NLL and 0..1 targets for BCE.
 */
final class InputChecks {
  /** PyTorch's default ignore index, accepted as a label by the class-index losses. */
  private static final long IGNORE_INDEX = -100;

  private InputChecks() {}

  private static String describe(Tensor t) {
    return Arrays.toString(t.shape()) + " (" + t.dtype().toString().toLowerCase() + ")";
  }

  private static boolean classIndexLoss(Loss loss) {
    return loss instanceof CrossEntropyLoss || loss instanceof NLLLoss;
  }

  private static boolean sameShapeLoss(Loss loss) {
    return loss instanceof MSELoss
        || loss instanceof L1Loss
        || loss instanceof SmoothL1Loss
        || loss instanceof HuberLoss
        || loss instanceof BCELoss
        || loss instanceof BCEWithLogitsLoss;
  }

  /**
   * Checks that the shapes of {@code output} and {@code target} suit {@code loss}.
   *
   * @throws IllegalArgumentException naming the loss and both shapes otherwise
   */
  static void checkLoss(String where, Loss loss, Tensor output, Tensor target) {
    String name = loss.kind();
    String head =
        where
            + ": loss "
            + name
            + " does not fit the model output: output shape "
            + describe(output)
            + ", target shape "
            + describe(target);
    if (classIndexLoss(loss)) {
      if (output.dim() < 2) {
        throw new IllegalArgumentException(
            head + "; " + name + " needs scores [N, C] (one column per class)");
      }
      int[] expected = new int[output.dim() - 1];
      expected[0] = output.size(0);
      for (int d = 2; d < output.dim(); d++) {
        expected[d - 1] = output.size(d);
      }
      boolean indices =
          !target.dtype().isFloatingPoint() && Arrays.equals(target.shape(), expected);
      boolean probabilities =
          target.dtype().isFloatingPoint()
              && Arrays.equals(target.shape(), output.shape())
              && loss instanceof CrossEntropyLoss;
      if (!indices && !probabilities) {
        throw new IllegalArgumentException(
            head
                + "; "
                + name
                + " expects integer class indices of shape "
                + Arrays.toString(expected)
                + (loss instanceof CrossEntropyLoss
                    ? " or float class probabilities of shape " + Arrays.toString(output.shape())
                    : ""));
      }
    } else if (sameShapeLoss(loss) && !Arrays.equals(output.shape(), target.shape())) {
      throw new IllegalArgumentException(
          head + "; " + name + " expects a target of the output's shape (no broadcasting)");
    }
  }

  /**
   * Computes {@code loss} once on the checked batch.
   *
   * @throws IllegalArgumentException naming the loss and both shapes when it fails
   */
  static void tryLoss(String where, Loss loss, Tensor output, Tensor target) {
    try {
      loss.forward(output, target);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          where
              + ": loss "
              + loss.kind()
              + " failed on the model output: output shape "
              + describe(output)
              + ", target shape "
              + describe(target)
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Checks that class-index targets lie in {@code [0, C)} (C from the output's dim 1) and BCE
   * targets in {@code [0, 1]}.
   *
   * @throws IllegalArgumentException naming the offending value and the valid range
   */
  static void checkTargets(String where, String what, Loss loss, Tensor output, Tensor targets) {
    if (classIndexLoss(loss) && !targets.dtype().isFloatingPoint() && targets.numel() > 0) {
      int classes = output.size(1);
      for (long v : targets.toLongArray()) {
        if ((v < 0 || v >= classes) && v != IGNORE_INDEX) {
          throw new IllegalArgumentException(
              where
                  + ": "
                  + what
                  + " labels out of range for "
                  + loss.kind()
                  + ": found label "
                  + v
                  + ", but the model outputs "
                  + classes
                  + " classes (output shape "
                  + Arrays.toString(output.shape())
                  + "), so labels must be in 0.."
                  + (classes - 1));
        }
      }
    } else if ((loss instanceof BCELoss || loss instanceof BCEWithLogitsLoss)
        && targets.numel() > 0) {
      for (double v : targets.toDoubleArray()) {
        if (!(v >= 0 && v <= 1)) {
          throw new IllegalArgumentException(
              where
                  + ": "
                  + what
                  + " targets out of range for "
                  + loss.kind()
                  + ": found "
                  + v
                  + ", expected values in [0, 1]");
        }
      }
    }
  }

  /** The output of the checking forward pass, and whether every target was checked. */
  record Probe(Tensor output, boolean allTargetsChecked) {}

  /**
   * Empty data, a loss that does not fit, labels out of range: checked with one forward pass on the
   * first batch (eval mode, no gradients), before training starts.
   *
   * @throws IllegalArgumentException naming the problem
   */
  static Probe probe(Module module, Loss loss, String what, Batches data) {
    if (data.numSamples() == 0) {
      throw new IllegalArgumentException(
          "Model.fit: the " + what + " data is empty (0 samples); nothing to train on");
    }
    Batch first;
    try (CloseableIterator<Batch> it = data.epoch(0)) {
      first = it.next();
    }
    if (first.y() == null) {
      throw new IllegalArgumentException(
          "Model.fit: the " + what + " batches have inputs but no targets; expected [x, y]");
    }
    boolean wasTraining = module.isTraining();
    module.eval();
    try (GradMode.Scope _ = Autograd.noGrad()) {
      Tensor out = module.call(first.x());
      checkLoss("Model.fit", loss, out, first.y());
      Tensor all = data.targetsIfAtHand();
      checkTargets("Model.fit", what, loss, out, all != null ? all : first.y());
      tryLoss("Model.fit", loss, out, first.y());
      return new Probe(out, all != null);
    } finally {
      module.train(wasTraining);
    }
  }
}
