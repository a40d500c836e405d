package dev.kiln.nn.checkpoint;

import dev.kiln.Kiln;
import dev.kiln.nn.BatchNorm1d;
import dev.kiln.nn.Dropout;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Module;
import dev.kiln.nn.ReLU;
import dev.kiln.nn.Sequential;
import dev.kiln.nn.functional.Losses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.optim.Adam;
import dev.kiln.optim.Optimizer;
import dev.kiln.optim.lr.LRScheduler;
import dev.kiln.optim.lr.LinearLR;
import dev.kiln.optim.lr.SequentialLR;
import dev.kiln.optim.lr.StepLR;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;

/**
 * A small training run whose result depends on every part of a training checkpoint: dropout draws
 * from the default generator, batch norm keeps running statistics, Adam keeps moments and a step
 * count, and a warm-up-then-step scheduler keeps its epoch. Its {@link #main} resumes a checkpoint
 * in a fresh JVM, for {@link TrainingCheckpointTest}.
 */
final class ResumeRun {
  /** Steps of a whole run. */
  static final int STEPS = 20;

  final Module model;
  final Optimizer optimizer;
  final LRScheduler scheduler;
  final TrainingCheckpoint checkpoint;

  private final Tensor x;
  private final Tensor target;

  /** A fresh run; its initial weights come from the default generator's current state. */
  ResumeRun() {
    model =
        new Sequential(
            new Linear(8, 16),
            new BatchNorm1d(16),
            new ReLU(),
            new Dropout(0.3, Generator.defaultGenerator()),
            new Linear(16, 4));
    optimizer = new Adam(model.parameters(), 0.01);
    scheduler =
        new SequentialLR(
            optimizer,
            List.of(new LinearLR(optimizer, 0.25, 1.0, 4), new StepLR(optimizer, 3, 0.5)),
            new int[] {4});
    checkpoint = new TrainingCheckpoint(model, optimizer).withScheduler(scheduler);
    Generator data = new Generator(2024);
    x = Tensor.randn(data, STEPS, 6, 8);
    target = Tensor.randn(data, STEPS, 6, 4);
  }

  /** Trains steps {@code from} (inclusive) to {@code to} (exclusive), one batch each. */
  void train(long from, long to) {
    for (long s = from; s < to; s++) {
      optimizer.zeroGrad();
      Tensor out = model.call(x.select(0, (int) s));
      Losses.mseLoss(out, target.select(0, (int) s), Reduction.MEAN).backward();
      optimizer.step();
      scheduler.step();
    }
  }

  /**
   * Resumes the checkpoint {@code args[0]} with freshly built objects (after seeding the default
   * generator differently, so only the checkpoint can restore it), trains to the end and saves the
   * model to {@code args[1]}.
   */
  public static void main(String[] args) throws Exception {
    Kiln.manualSeed(987654321);
    ResumeRun run = new ResumeRun();
    TrainingCheckpoint.Restored r = run.checkpoint.load(Path.of(args[0]));
    run.train(r.step(), STEPS);
    Checkpoints.saveModel(Path.of(args[1]), run.model);
  }
}
