package dev.kiln.backend.cpu.conv;

/**
 * Output rows of the 2x2, stride-2 max pool (every window inside the plane), forward and backward:
 * {@code rows} rows, row {@code r} of input at {@code top + 2 r inW} and output at {@code o + r
 * outW}, each as below. Window {@code ox < outW} reads {@code a = src[top + 2 ox]}, {@code b = a +
 * 1}, {@code c} and {@code d} one input row ({@code inW}) below. Its winner is kept as a <em>tap
 * code</em>, one byte: 0, 1, 2, 3 for a, b, c, d (in-plane offset {@code (code & 1) + (code >> 1) *
 * inW}), a quarter of the bytes of an int64 index. The taps are read in the order a, b, c, d: a tap
 * wins when it is greater than the maximum so far or NaN, so the first maximum (or the last NaN)
 * wins, as in the generic pooling loop. Two implementations, chosen as {@link Conv3x3Kernel}'s;
 * they agree bit for bit, tap codes included.
 */
public interface MaxPool2x2Kernel {
  /**
   * {@code dst[o + ox]} gets the maximum of window {@code ox} and {@code taps[o + ox]} (when {@code
   * taps} is not null) its tap code.
   */
  void forward(float[] src, int top, int inW, int outW, int rows, float[] dst, int o, byte[] taps);

  /**
   * The adjoint of {@link #forward} for one row, written rather than added: the four input elements
   * of window {@code ox} get {@code 0 + g[o + ox]} at the tap {@code taps[o + ox]} names and +0
   * elsewhere (the bits a zero-filled gradient plus a scatter-add gives). Elements outside the
   * windows (an odd last column) are not touched.
   */
  void backward(float[] g, byte[] taps, int o, int outW, int rows, float[] dst, int top, int inW);

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
