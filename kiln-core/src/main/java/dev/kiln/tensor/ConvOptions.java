package dev.kiln.tensor;

/**
 * Options of the convolutions ({@code conv1d/2d/3d}, {@code convTranspose1d/2d}), as in PyTorch.
 * Each spatial option is one value for every spatial dim or one value per dim.
 *
 * {@snippet :
 * ConvOptions o = ConvOptions.defaults().withStride(2).withPadding(1).withGroups(4);
 * ConvOptions same = ConvOptions.defaults().withPadding("same").withDilation(2);
 * }
 *
 * @param stride step between windows (default 1)
 * @param padding zero padding on both sides of each spatial dim (default 0)
 * @param paddingMode {@code "same"} or {@code "valid"} instead of {@code padding}, or null
 * @param dilation step between kernel taps (default 1)
 * @param groups channel groups: input and output channels both divide by it (default 1)
 * @param outputPadding extra size on one side of a transposed convolution's output (default 0)
 */
public record ConvOptions(
    int[] stride,
    int[] padding,
    String paddingMode,
    int[] dilation,
    int groups,
    int[] outputPadding) {
  private static final ConvOptions DEFAULTS =
      new ConvOptions(new int[] {1}, new int[] {0}, null, new int[] {1}, 1, new int[] {0});

  /** Stride 1, padding 0, dilation 1, groups 1, output padding 0. */
  public static ConvOptions defaults() {
    return DEFAULTS;
  }

  /** These options with another stride. */
  public ConvOptions withStride(int... s) {
    return new ConvOptions(s.clone(), padding, paddingMode, dilation, groups, outputPadding);
  }

  /** These options with explicit zero padding. */
  public ConvOptions withPadding(int... p) {
    return new ConvOptions(stride, p.clone(), null, dilation, groups, outputPadding);
  }

  /**
   * These options with {@code "same"} (output size = input size; stride must be 1; an odd total
   * padding puts the extra element at the end) or {@code "valid"} (no padding).
   */
  public ConvOptions withPadding(String mode) {
    if (!"same".equals(mode) && !"valid".equals(mode)) {
      throw new IllegalArgumentException(
          "ConvOptions: padding mode must be \"same\" or \"valid\", got \"" + mode + "\"");
    }
    return new ConvOptions(stride, new int[] {0}, mode, dilation, groups, outputPadding);
  }

  /** These options with another dilation. */
  public ConvOptions withDilation(int... d) {
    return new ConvOptions(stride, padding, paddingMode, d.clone(), groups, outputPadding);
  }

  /** These options with another number of groups. */
  public ConvOptions withGroups(int g) {
    return new ConvOptions(stride, padding, paddingMode, dilation, g, outputPadding);
  }

  /** These options with another output padding (transposed convolutions only). */
  public ConvOptions withOutputPadding(int... p) {
    return new ConvOptions(stride, padding, paddingMode, dilation, groups, p.clone());
  }
}
