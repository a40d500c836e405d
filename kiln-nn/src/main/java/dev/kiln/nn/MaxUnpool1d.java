package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/** {@link MaxUnpool} of {@code [N, C, L]} input, like PyTorch's {@code nn.MaxUnpool1d}. */
public final class MaxUnpool1d extends MaxUnpool {

  /** Window {@code kernel}, stride equal to the window, no padding. */
  public MaxUnpool1d(int kernel) {
    this(kernel, kernel, 0);
  }

  /** The window, stride and padding of the max pool it inverts. */
  public MaxUnpool1d(int kernel, int stride, int padding) {
    super(1, new int[] {kernel}, new int[] {stride}, new int[] {padding});
  }

  /** Unpools {@code input} with the indices {@link MaxPool1d#forwardWithIndices} gave. */
  public Tensor forward(Tensor input, Tensor indices) {
    return unpool(input, indices, null);
  }

  /** Unpools to length {@code outputSize}. */
  public Tensor forward(Tensor input, Tensor indices, int outputSize) {
    return unpool(input, indices, new int[] {outputSize});
  }
}
