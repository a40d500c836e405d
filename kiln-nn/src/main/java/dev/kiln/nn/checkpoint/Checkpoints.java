package dev.kiln.nn.checkpoint;

import dev.kiln.io.SafeTensors;
import dev.kiln.nn.LoadResult;
import dev.kiln.nn.Module;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A model's state dict as a safetensors file with PyTorch's key names ({@code layers.0.weight}),
 * which PyTorch loads with {@code load_state_dict(strict=True)} and Kiln reads back exactly.
 *
 * {@snippet :
 * Checkpoints.saveModel(Path.of("model.safetensors"), model);
 * LoadResult r = Checkpoints.loadModel(Path.of("model.safetensors"), fresh);
 * }
 */
public final class Checkpoints {
  private Checkpoints() {}

  /**
   * Writes {@code model.stateDict()} (parameters and persistent buffers) to {@code path}
   * atomically: after a failure the previous file is untouched.
   */
  public static void saveModel(Path path, Module model) throws IOException {
    SafeTensors.write(path, model.stateDict());
  }

  /** Same as {@code loadModel(path, model, true)}. */
  public static LoadResult loadModel(Path path, Module model) throws IOException {
    return loadModel(path, model, true);
  }

  /**
   * Loads a state dict file into {@code model} with {@link Module#loadStateDict(java.util.Map,
   * boolean)}; a failing load changes nothing.
   *
   * @return the missing and unexpected keys (empty on a clean load)
   * @throws IllegalArgumentException naming the file and every missing, unexpected (when {@code
   *     strict}) or shape-mismatched key
   */
  public static LoadResult loadModel(Path path, Module model, boolean strict) throws IOException {
    try {
      return model.loadStateDict(SafeTensors.read(path).tensors(), strict);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
    }
  }
}
