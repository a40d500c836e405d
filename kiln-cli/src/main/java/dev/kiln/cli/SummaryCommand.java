package dev.kiln.cli;

import dev.kiln.io.SafeTensors;
import dev.kiln.train.ModelFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kiln summary FILE}: the layers, shapes and parameter counts stored in a checkpoint. */
@Command(
    name = "summary",
    description = "Print the layers, tensor shapes and parameter counts of a saved model.")
final class SummaryCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "FILE",
      description =
          "A safetensors checkpoint (ModelCheckpoint, a state dict) or a Model.save folder.")
  Path file;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Path weights = file;
    if (Files.isDirectory(file)) {
      weights = file.resolve(ModelFiles.WEIGHTS);
      Path config = file.resolve(ModelFiles.CONFIG);
      if (Files.isRegularFile(config)) {
        out.println(config + ":");
        out.println(Files.readString(config).strip());
        out.println();
      }
    }
    if (!Files.isRegularFile(weights)) {
      throw new IllegalArgumentException("summary: no such file: " + weights);
    }
    SafeTensors.Content content = SafeTensors.read(weights);
    out.print(CheckpointTable.of(content.tensors()).render(weights.toString()));
    out.flush();
    return 0;
  }
}
