package dev.kiln.nn;

import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * Interleaves the channels of {@code [N, C, *]} input across {@code groups} (ShuffleNet), like
 * PyTorch's {@code nn.ChannelShuffle}: channel {@code g * (C / groups) + i} moves to {@code i *
 * groups + g}.
 */
public final class ChannelShuffle extends Module {
  private final int groups;

  /** Shuffles across {@code groups} groups. */
  public ChannelShuffle(int groups) {
    if (groups <= 0) {
      throw new IllegalArgumentException("ChannelShuffle: groups must be positive, got " + groups);
    }
    this.groups = groups;
  }

  /**
   * @throws IllegalArgumentException when the input has fewer than 3 dims or its channels do not
   *     divide by {@code groups}
   */
  @Override
  public Tensor forward(Tensor input) {
    int[] s = input.shape();
    if (s.length < 3 || s[1] % groups != 0) {
      throw new IllegalArgumentException(
          LayerChecks.name(this)
              + ": expected [N, C, *] input with C divisible by groups "
              + groups
              + ", got shape "
              + Arrays.toString(s));
    }
    return input.unflatten(1, groups, s[1] / groups).transpose(1, 2).reshape(s);
  }

  @Override
  protected String extraRepr() {
    return "groups=" + groups;
  }
}
