package dev.kiln.nn.utils;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.GradMode;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Flattening parameters to one vector and back, like PyTorch's {@code
 * torch.nn.utils.parameters_to_vector/vector_to_parameters}.
 */
public final class ParameterVectors {
  private ParameterVectors() {}

  /** The parameters flattened and concatenated in order (recorded by autograd). */
  public static Tensor parametersToVector(List<Tensor> params) {
    return Tensor.cat(params.stream().map(p -> p.reshape(-1)).toArray(Tensor[]::new));
  }

  /**
   * Copies consecutive slices of {@code vec} into the parameters, in place and without recording.
   *
   * @throws IllegalArgumentException when {@code vec} is not 1-D or its length is not the total
   *     parameter count
   */
  public static void vectorToParameters(Tensor vec, List<Tensor> params) {
    int total = params.stream().mapToInt(Tensor::numel).sum();
    if (vec.dim() != 1 || vec.numel() != total) {
      throw new IllegalArgumentException(
          "vectorToParameters: expected a 1-D vector of "
              + total
              + " elements, got shape "
              + Arrays.toString(vec.shape()));
    }
    try (GradMode.Scope s = Autograd.noGrad()) {
      int offset = 0;
      for (Tensor p : params) {
        p.copy_(vec.narrow(0, offset, p.numel()).view(p.shape()));
        offset += p.numel();
      }
    }
  }
}
