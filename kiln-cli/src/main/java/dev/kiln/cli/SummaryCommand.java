package dev.kiln.cli;

import dev.kiln.io.SafeTensors;
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
      description = "A safetensors checkpoint (Model.save, ModelCheckpoint, a state dict).")
  Path file;

  @Override
  public Integer call() throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("summary: no such file: " + file);
    }
    SafeTensors.Content content = SafeTensors.read(file);
    PrintWriter out = spec.commandLine().getOut();
    out.print(CheckpointTable.of(content.tensors()).render(file.getFileName().toString()));
    out.flush();
    return 0;
  }
}
