package dev.kiln.backend.cpu.conv;

/**
 * The inner loop of the direct 3x3 convolution ({@link Conv3x3}): one block of {@link #BLOCK}
 * output channels over a flat, padded-width grid. The input planes are zero-padded images whose
 * rows are {@code rowWidth} wide, so output position {@code q = y * rowWidth + x} reads tap {@code
 * (ky, kx)} at {@code q + ky * rowWidth + kx}: a constant shift, so the kernel reads contiguous
 * vectors and needs no unrolled (im2col) copy. Two implementations: the Vector API one, chosen when
 * the Vector API kernels are ({@code CpuKernelsProvider}), and its plain-Java twin; both add each
 * position's products in the same order with fused multiply-adds, so they agree bit for bit.
 *
 * <p>Tried and left out (2026-11-24, one JVM, interleaved, loaded shared 2-core VM, min ms): for
 * few input channels, positions in the lanes written straight into the output planes (two
 * 16-position row segments x 8 channels, masked stores, no grid): W3 conv1 2 threads 0.46 / 0.33 ->
 * 0.43 / 0.30 and 8 -> 64 channels at 14x14 0.59 -> 0.49, but 1 thread 0.57 -> 0.79 in one run, one
 * 1-thread JVM 40 times slower (the method too big for C1, the JIT's code for it boxing) and 3
 * segments x 8 channels 20-40 times slower every time. Conv1's forward op (1.1-1.3 ms min) is the
 * 6.4 MB output's allocation (0.5 ms) plus a kernel already near the time to write 6.4 MB. For
 * {@link #tiles}, each tile stored position-major into a per-thread buffer and the block's planes
 * gathered from it (contiguous stores instead of scatters): W3 conv2 forward 2 threads 2.96 ->
 * 2.98, input gradient 2.60 -> 2.52, but 64 -> 128 channels at 7x7 2.10 -> 2.50.
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
   * Output channels first: {@code out[outOff + (j * h + y) * width + x] = bias[biasOff + j] + sum
   * over ci < cin, t < 9 of w[wOff + (ci * 9 + t) * TAP_BLOCK + j] * in[inOff + ci * ld + (y + t /
   * 3) * rowWidth + x + t % 3]} for {@code j < channels} (at most {@link #TAP_BLOCK}), {@code y <
   * h}, {@code x < width}; sums start at the bias and add in order of ci, then t, with fused
   * multiply-adds. Reads {@code in} as far as column {@code width} rounded up to {@link
   * #TILE_COLS}, plus 2, and {@link #TAP_BLOCK} weights a tap and biases from their offsets
   * whatever {@code channels} is.
   */
  void tiles(
      float[] in,
      int inOff,
      int ld,
      int cin,
      int rowWidth,
      float[] w,
      int wOff,
      float[] bias,
      int biasOff,
      float[] out,
      int outOff,
      int channels,
      int h,
      int width);

  /** Positions of a row that {@link #tiles} takes at a time. */
  int TILE_COLS = 7;

  /**
   * Weight-gradient taps over {@code images} of {@code rows} rows of {@code w} positions: for
   * {@code i < cin}, {@code t < 9} and {@code o < oStride} (a multiple of {@link #TAP_BLOCK}),
   * {@code acc[(i * 9 + t) * oStride + o]} is carried on by float32 fused multiply-adds, in order
   * of image {@code m}, row {@code r}, column {@code c}, of {@code gt[gtOff + ((m * rows + r) * w +
   * c) * oStride + o] * x[xOff + i * ld + m * imageStride + r * rowWidth + c + (t / 3) * rowWidth +
   * t % 3]}. {@code gt} is the output gradient transposed (position-major, {@code oStride} channels
   * a position) and {@code x} the input's zero-padded images (rows {@code rowWidth} wide), so one
   * loaded gradient vector feeds every tap of every input channel and the taps' shifts are scalar
   * addresses.
   */
  void taps(
      float[] gt,
      int gtOff,
      int oStride,
      float[] x,
      int xOff,
      int ld,
      int cin,
      int rowWidth,
      int w,
      int rows,
      int images,
      int imageStride,
      float[] acc);

  /**
   * One sample's output gradient transposed for {@link #taps}: {@code gt[gtOff + p * oStride + c] =
   * g[gOff + c * plane + p]} for {@code c < channels}, {@code p < plane}; nothing else written.
   * When {@code sums} is not null, {@code sums[sumsOff + c]} = the float32 sum of plane {@code c},
   * added in order of {@code p}.
   */
  void transpose(
      float[] g,
      int gOff,
      int channels,
      int plane,
      float[] gt,
      int gtOff,
      int oStride,
      double[] sums,
      int sumsOff);

  /** {@link #taps}' output channels come in multiples of this. */
  int TAP_BLOCK = 32;

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
