package dev.kiln.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kiln quickstart}: train a small CNN on the bundled digits and write its results. */
@Command(
    name = "quickstart",
    description = {
      "Train a small CNN on the bundled 8x8 digits (about half a minute on 2 cores), test it,",
      "and write the best checkpoint, TensorBoard logs and plots."
    })
final class QuickstartCommand implements Callable<Integer> {
  @Option(
      names = "--out",
      defaultValue = "runs/quickstart",
      description = "Folder for the results (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--epochs",
      defaultValue = "15",
      description = "Training epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--batch-size",
      defaultValue = "32",
      description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: 0).")
  long seed;

  @Option(
      names = "--verbose",
      defaultValue = "1",
      description = "0 silent, 1 progress bar, 2 one line per epoch (default: 1).")
  int verbose;

  @Override
  public Integer call() throws Exception {
    Quickstart.run(new Quickstart.Settings(out, epochs, batchSize, seed, verbose), System.out);
    return 0;
  }
}
