package dev.kiln.backend.cpu.conv;

/**
 * The inner loop of the direct 3x3 convolution ({@link Conv3x3}): one block of {@link #BLOCK}
 * output channels over a flat, padded-width grid. The input planes are zero-padded images whose
 * rows are {@code rowWidth} wide, so output position {@code q = y * rowWidth + x} reads tap {@code
 * (ky, kx)} at {@code q + ky * rowWidth + kx}: a constant shift, so the kernel reads contiguous
 * vectors and needs no unrolled (im2col) copy. Two implementations: the Vector API one, chosen when
 * the Vector API kernels are ({@code CpuKernelsProvider}), and its plain-Java twin; both add each
 * position's products in the same order with fused multiply-adds, so they agree bit for bit.
 */
public interface Conv3x3Kernel {
  /** Output channels per block (the packed weights' innermost dim). */
  int BLOCK = 8;

  /** Grid positions per step: {@code qr} is a multiple of this. */
  int STEP = 48;

  /**
   * {@code grid[j * qr + q] = bias[biasOff + j] + sum over ci < cin, t < 9 of w[wOff + (ci * 9 + t)
   * * BLOCK + j] * in[inOff + ci * ld + q + (t / 3) * rowWidth + t % 3]} for {@code j < BLOCK},
   * {@code q < qr} ({@code qr} a multiple of {@link #STEP}); sums start at the bias and add in
   * order of ci, then t.
   */
  void block(
      float[] in,
      int inOff,
      int ld,
      int cin,
      int rowWidth,
      float[] w,
      int wOff,
      float[] bias,
      int biasOff,
      float[] grid,
      int qr);

  /**
   * {@code sums[sumsOff + r * sumsStride + t] += sum over k < len of g[gOff + r * gStride + k] *
   * x[xOff + k + (t / 3) * rowWidth + t % 3]} for the {@link #TAP_ROWS} rows {@code r} and nine
   * taps {@code t}, {@code len} a multiple of {@link #STEP}: float32 partial sums over runs of
   * {@link #RUN} positions, added in float64 (the weight-gradient rows of {@link #TAP_ROWS} output
   * channels with one input channel: each loaded input vector feeds every row).
   */
  void taps(
      float[] g,
      int gOff,
      int gStride,
      float[] x,
      int xOff,
      int len,
      int rowWidth,
      double[] sums,
      int sumsOff,
      int sumsStride);

  /** Output-gradient rows per {@link #taps} call. */
  int TAP_ROWS = 2;

  /** Positions per float32 partial sum of {@link #taps}. */
  int RUN = 4096;

  /** The kernel for this JVM: the Vector API one when the Vector API kernels are in use. */
  static Conv3x3Kernel get() {
    return Holder.INSTANCE;
  }

  /** The plain-Java twin. */
  static Conv3x3Kernel scalar() {
    return new ScalarConv3x3();
  }

  /** Lazily chosen instance. */
  final class Holder {
    private static final String VECTOR = "dev.kiln.backend.cpu.vector.VectorConv3x3";
    static final Conv3x3Kernel INSTANCE = choose();

    private Holder() {}

    private static Conv3x3Kernel choose() {
      return VectorChoice.vectorOr(Conv3x3Kernel.class, VECTOR, scalar());
    }
  }
}
