package dev.kiln.bench;

import dev.kiln.Kiln;
import dev.kiln.backend.cpu.conv.Conv3x3;
import dev.kiln.backend.cpu.conv.Conv3x3.Layout;
import dev.kiln.backend.cpu.conv.Conv3x3WeightGemm;
import dev.kiln.tensor.ConvOptions;
import dev.kiln.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The two W3 convolutions, forward only, through {@code Tensor.conv2d} (the direct 3x3 path; {@code
 * -Dkiln.conv.direct=false} gives the im2col + GEMM one; output allocated each call): {@code conv1}
 * = Conv2d(1 -> 32, 3x3, pad 1) on [64, 1, 28, 28] = {@code fill(..., 6, 0, 1)}, {@code conv2} =
 * Conv2d(32 -> 64, 3x3, pad 1) on [64, 32, 14, 14] = {@code fill(..., 7, 0, 1)}; weights {@code
 * weight(..., seed 300 / 302, fan_in = Cin * 9)}, bias 0. {@link Report} prints GFLOP/s with FLOPs
 * = 2 N Cout Hout Wout Cin kh kw. {@link #weightTaps} and {@link #weightGemm}: the weight gradient
 * alone (same FLOPs) from the output gradient {@code fill(y.shape, 8, -1, 1)}, by the two kernels
 * that {@code ConvDirectPath} chooses between by input channels.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "--add-modules=jdk.incubator.vector",
      "--enable-native-access=ALL-UNNAMED",
      "-Xms2g",
      "-Xmx2g",
      "-XX:G1HeapRegionSize=32m",
      "-XX:+AlwaysPreTouch"
    })
public class Conv2dW3Benchmark {
  /** Which W3 convolution: "conv1" or "conv2". */
  @Param({"conv1", "conv2"})
  public String layer;

  /** Intra-op threads. */
  @Param({"1", "2"})
  public int threads;

  private static final int BATCH = 64;
  private static final ConvOptions PAD1 = ConvOptions.defaults().withPadding(1);

  private Tensor x;
  private Tensor w;
  private Tensor b;
  private float[] xa;
  private float[] ga;
  private Layout grid;
  private int cin;
  private int cout;

  /** Multiply-adds x 2 of one forward: 2 N Cout Hout Wout Cin kh kw. */
  static double flops(String layer) {
    return "conv1".equals(layer)
        ? 2.0 * BATCH * 32 * 28 * 28 * 9
        : 2.0 * BATCH * 64 * 14 * 14 * 32 * 9;
  }

  /** Builds the inputs (not timed) and checks five outputs against float64 sums. */
  @Setup(Level.Trial)
  public void setup() {
    Kiln.setNumThreads(threads);
    cin = "conv1".equals(layer) ? 1 : 32;
    cout = "conv1".equals(layer) ? 32 : 64;
    int hw = "conv1".equals(layer) ? 28 : 14;
    long seed = "conv1".equals(layer) ? 300 : 302;
    float bound = (float) (1 / Math.sqrt(cin * 9.0));
    float[] xv = WorkloadData.fill(BATCH * cin * hw * hw, "conv1".equals(layer) ? 6 : 7, 0, 1);
    float[] wv = WorkloadData.fill(cout * cin * 9, seed, -bound, bound);
    x = WorkloadData.tensor(xv, BATCH, cin, hw, hw);
    w = WorkloadData.tensor(wv, cout, cin, 3, 3);
    b = WorkloadData.tensor(new float[cout], cout);
    Tensor y = conv2d();
    int[][] at = {{0, 0, 0, 0}, {1, cout - 1, hw - 1, hw - 1}, {63, 5, 3, hw - 2}, {7, 9, 0, 4}};
    for (int[] e : at) {
      double ref = 0;
      double scale = 0;
      for (int c = 0; c < cin; c++) {
        for (int i = 0; i < 3; i++) {
          for (int j = 0; j < 3; j++) {
            int h = e[2] + i - 1;
            int v = e[3] + j - 1;
            if (h >= 0 && h < hw && v >= 0 && v < hw) {
              double t =
                  (double) xv[((e[0] * cin + c) * hw + h) * hw + v]
                      * wv[((e[1] * cin + c) * 3 + i) * 3 + j];
              ref += t;
              scale += Math.abs(t);
            }
          }
        }
      }
      WorkloadData.check("y" + java.util.Arrays.toString(e), ref, y.get(e), scale, 1e-5);
    }
    xa = xv;
    ga = WorkloadData.fill(BATCH * cout * hw * hw, 8, -1, 1);
    grid = new Layout(BATCH, hw, hw);
    float[][] gw = {weightTaps(), weightGemm()};
    // float64 dW[o, i, ky, kx] at three entries, both kernels
    for (int[] e : new int[][] {{0, 0, 0, 0}, {cout - 1, cin - 1, 2, 2}, {5, cin / 2, 1, 0}}) {
      double ref = 0;
      double scale = 0;
      for (int s = 0; s < BATCH; s++) {
        for (int h = 0; h < hw; h++) {
          for (int v = 0; v < hw; v++) {
            int ih = h + e[2] - 1;
            int iv = v + e[3] - 1;
            if (ih >= 0 && ih < hw && iv >= 0 && iv < hw) {
              double t =
                  (double) ga[((s * cout + e[0]) * hw + h) * hw + v]
                      * xv[((s * cin + e[1]) * hw + ih) * hw + iv];
              ref += t;
              scale += Math.abs(t);
            }
          }
        }
      }
      int idx = ((e[0] * cin + e[1]) * 3 + e[2]) * 3 + e[3];
      for (int k = 0; k < 2; k++) {
        WorkloadData.check(
            "dW" + java.util.Arrays.toString(e) + " kernel " + k, ref, gw[k][idx], scale, 1e-5);
      }
    }
  }

  /** One forward convolution, output allocated. */
  @Benchmark
  public Tensor conv2d() {
    return Tensor.conv2d(x, w, b, PAD1);
  }

  /**
   * The weight gradient by one streaming pass per chunk of samples ({@code Conv3x3.weightTaps}).
   */
  @Benchmark
  public float[] weightTaps() {
    float[] gw = new float[cout * cin * 9];
    Conv3x3.weightTaps(ga, 0, xa, 0, grid, cout, cin, gw, null);
    return gw;
  }

  /** The weight gradient by one GEMM per chunk of samples ({@code Conv3x3WeightGemm}). */
  @Benchmark
  public float[] weightGemm() {
    float[] gw = new float[cout * cin * 9];
    Conv3x3WeightGemm.weightGradient(ga, 0, xa, 0, grid, cout, cin, gw, null);
    return gw;
  }
}
