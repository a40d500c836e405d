package dev.kiln.nn;

import dev.kiln.nn.functional.Reduction;
import dev.kiln.nn.functional.SequenceLosses;
import dev.kiln.tensor.Tensor;

/** Module form of {@link SequenceLosses#ctcLoss}. */
public final class CTCLoss extends MultiInputLoss {
  private final int blank;
  private final boolean zeroInfinity;

  /** Blank 0, mean reduction, infinite losses kept. */
  public CTCLoss() {
    this(0, Reduction.MEAN, false);
  }

  /** All options, as in PyTorch. */
  public CTCLoss(int blank, Reduction reduction, boolean zeroInfinity) {
    super(reduction);
    this.blank = blank;
    this.zeroInfinity = zeroInfinity;
  }

  /** The loss of {@code targets} under the frame log-probabilities {@code logProbs}. */
  public Tensor forward(
      Tensor logProbs, Tensor targets, Tensor inputLengths, Tensor targetLengths) {
    return SequenceLosses.ctcLoss(
        logProbs, targets, inputLengths, targetLengths, blank, reduction(), zeroInfinity);
  }

  @Override
  protected String arguments() {
    return "(logProbs, targets, inputLengths, targetLengths)";
  }
}
