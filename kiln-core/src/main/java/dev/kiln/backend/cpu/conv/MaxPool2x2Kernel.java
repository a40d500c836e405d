package dev.kiln.backend.cpu.conv;

/**
 * One output row of the 2x2, stride-2 max pool (every window inside the plane): window {@code ox <
 * outW} reads {@code a = src[top + 2 ox]}, {@code b = a + 1}, {@code c} and {@code d} one input row
 * ({@code inW}) below; {@code dst[o + ox]} gets the maximum and {@code indices[o + ox]} (when not
 * null) {@code at + 2 ox} plus the winner's offset (0, 1, {@code inW}, {@code inW + 1}). The taps
 * are read in the order a, b, c, d: a tap wins when it is greater than the maximum so far or NaN,
 * so the first maximum (or the last NaN) wins, as in the generic pooling loop. Two implementations,
 * chosen as {@link Conv3x3Kernel}'s; they agree bit for bit, indices included.
 */
public interface MaxPool2x2Kernel {
  /** The row described above. */
  void row(float[] src, int top, int inW, int outW, float[] dst, long[] indices, int o, int at);

  /** The kernel for this JVM: the Vector API one when the Vector API kernels are in use. */
  static MaxPool2x2Kernel get() {
    return Holder.INSTANCE;
  }

  /** The plain-Java twin. */
  static MaxPool2x2Kernel scalar() {
    return new ScalarMaxPool2x2();
  }

  /** Lazily chosen instance. */
  final class Holder {
    private static final String VECTOR = "dev.kiln.backend.cpu.vector.VectorMaxPool2x2";
    static final MaxPool2x2Kernel INSTANCE =
        VectorChoice.vectorOr(MaxPool2x2Kernel.class, VECTOR, scalar());

    private Holder() {}
  }
}
