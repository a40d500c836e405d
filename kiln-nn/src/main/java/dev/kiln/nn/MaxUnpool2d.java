package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/** {@link MaxUnpool} of {@code [N, C, H, W]} input, like PyTorch's {@code nn.MaxUnpool2d}. */
public final class MaxUnpool2d extends MaxUnpool {

  /** Square window {@code kernel}, stride equal to the window, no padding. */
  public MaxUnpool2d(int kernel) {
    this(new int[] {kernel}, new int[] {kernel}, new int[] {0});
  }

  /** The window, stride and padding (one value or {@code (h, w)}) of the max pool it inverts. */
  public MaxUnpool2d(int[] kernel, int[] stride, int[] padding) {
    super(2, kernel, stride, padding);
  }

  /** Unpools {@code input} with the indices {@link MaxPool2d#forwardWithIndices} gave. */
  public Tensor forward(Tensor input, Tensor indices) {
    return unpool(input, indices, null);
  }

  /** Unpools to spatial size {@code outputSize} ({@code [h, w]}). */
  public Tensor forward(Tensor input, Tensor indices, int[] outputSize) {
    return unpool(input, indices, outputSize);
  }
}
