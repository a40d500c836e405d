package dev.kiln.bench;

import dev.kiln.Kiln;
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
 * The two W3 convolutions of {@link Conv2dW3Benchmark} (same inputs and weights), forward and
 * backward as in a W3 train step: {@code conv1}'s input needs no gradient (weight and bias grads
 * only), {@code conv2}'s does (input, weight and bias grads). The output gradient is {@code
 * fill(y.shape, 8, -1, 1)}. Conv backward time = this - {@code Conv2dW3Benchmark}'s forward.
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
public class Conv2dW3Backward {
  /** Which W3 convolution: "conv1" or "conv2". */
  @Param({"conv1", "conv2"})
  public String layer;

  /** Intra-op threads. */
  @Param({"2"})
  public int threads;

  private static final ConvOptions PAD1 = ConvOptions.defaults().withPadding(1);

  private Tensor x;
  private Tensor w;
  private Tensor b;
  private Tensor gy;

  /** Builds the inputs (not timed). */
  @Setup(Level.Trial)
  public void setup() {
    Kiln.setNumThreads(threads);
    boolean first = "conv1".equals(layer);
    int cin = first ? 1 : 32;
    int cout = first ? 32 : 64;
    int hw = first ? 28 : 14;
    float bound = (float) (1 / Math.sqrt(cin * 9.0));
    x =
        WorkloadData.tensor(
            WorkloadData.fill(64 * cin * hw * hw, first ? 6 : 7, 0, 1), 64, cin, hw, hw);
    x.requiresGrad_(!first);
    w =
        WorkloadData.tensor(
            WorkloadData.fill(cout * cin * 9, first ? 300 : 302, -bound, bound), cout, cin, 3, 3);
    w.requiresGrad_(true);
    b = WorkloadData.tensor(new float[cout], cout).requiresGrad_(true);
    gy = WorkloadData.tensor(WorkloadData.fill(64 * cout * hw * hw, 8, -1, 1), 64, cout, hw, hw);
  }

  /** One recorded forward convolution and its backward (the leaves' grads are replaced). */
  @Benchmark
  public Tensor forwardBackward() {
    x.setGrad(null);
    w.setGrad(null);
    b.setGrad(null);
    Tensor.conv2d(x, w, b, PAD1).backward(gy);
    return w.grad();
  }
}
