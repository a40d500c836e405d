package dev.kiln.train.callbacks;

import dev.kiln.optim.lr.LRScheduler;
import dev.kiln.train.Callback;
import java.util.Map;

/**
 * Steps a {@code dev.kiln.optim.lr} scheduler during {@code fit}: after every epoch (the default,
 * like PyTorch's {@code scheduler.step()} per epoch) or after every training batch (for {@code
 * OneCycleLR}, {@code CyclicLR} and warm-ups measured in steps). Build the scheduler on the
 * optimizer given to {@code compile}. The epoch logs get {@code "lr"}: the first group's rate used
 * during that epoch (at its start, for per-batch stepping).
 *
 * <pre>{@code
 * var opt = new SGD(net.parameters(), 0.1);
 * model.compile(opt, new CrossEntropyLoss());
 * model.fit(data, new FitOptions().epochs(30)
 *     .callbacks(new LearningRateScheduler(new StepLR(opt, 10, 0.1))));
 * }</pre>
 */
public final class LearningRateScheduler extends Callback {
  private final LRScheduler scheduler;
  private final boolean perBatch;
  private double epochLr;

  /** Steps {@code scheduler} once per epoch. */
  public LearningRateScheduler(LRScheduler scheduler) {
    this(scheduler, false);
  }

  /** Steps {@code scheduler} after every batch when {@code perBatch}, else after every epoch. */
  public LearningRateScheduler(LRScheduler scheduler, boolean perBatch) {
    this.scheduler = scheduler;
    this.perBatch = perBatch;
  }

  /** The wrapped scheduler. */
  public LRScheduler scheduler() {
    return scheduler;
  }

  @Override
  public void onEpochBegin(int epoch, Map<String, Double> logs) {
    epochLr = model().optimizer().paramGroups().getFirst().get("lr");
  }

  @Override
  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
    if (perBatch) {
      scheduler.step();
    }
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    logs.put("lr", epochLr);
    if (!perBatch) {
      scheduler.step();
    }
  }
}
