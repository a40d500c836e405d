package dev.kiln.bench;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
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
 * Autograd overhead on a small two-layer network (matrix products as broadcast multiply-and-sum,
 * tanh, bias, mean-squared loss; about 15 recorded ops), float32 batch 8, hidden size {@code n}:
 * the forward with nothing requiring grad ({@code forwardPlain}), the same forward recording a
 * graph ({@code forwardRecording}), and forward plus backward ({@code forwardBackward}). At small n
 * the difference between the first two is the per-op cost of recording; {@code forwardPlain} also
 * shows that the no-grad path pays nothing for autograd.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 2,
    jvmArgsAppend = {
      "--add-modules=jdk.incubator.vector",
      "--enable-native-access=ALL-UNNAMED",
      "-Xms1g",
      "-Xmx1g"
    })
public class AutogradOverhead {
  /** Hidden size (inputs are 8 x n). */
  @Param({"4", "64"})
  public int n;

  private Tensor x;
  private Tensor target;
  private Tensor w1;
  private Tensor w2;
  private Tensor w1Plain;
  private Tensor w2Plain;

  /** Builds the weights and checks that backward fills both gradients (not timed). */
  @Setup(Level.Trial)
  public void setup() {
    Generator g = new Generator(1);
    x = Tensor.randn(g, DType.FLOAT32, 8, n);
    target = Tensor.randn(g, DType.FLOAT32, 8, n);
    w1Plain = Tensor.randn(g, DType.FLOAT32, n, n).mul(0.1);
    w2Plain = Tensor.randn(g, DType.FLOAT32, n, n).mul(0.1);
    w1 = w1Plain.clone().requiresGrad_(true);
    w2 = w2Plain.clone().requiresGrad_(true);
    forwardBackward();
    if (w1.grad() == null || w2.grad() == null || !Double.isFinite(w1.grad().sum().item())) {
      throw new IllegalStateException("AutogradOverhead: backward did not fill the gradients");
    }
    double recorded = loss(w1, w2).item();
    double plain = loss(w1Plain, w2Plain).item();
    if (recorded != plain) {
      throw new IllegalStateException(
          "AutogradOverhead: recording changed the loss (" + recorded + " vs " + plain + ")");
    }
  }

  private static Tensor mm(Tensor a, Tensor b) {
    return a.unsqueeze(-1).mul(b.unsqueeze(-3)).sum(new int[] {-2}, false);
  }

  private Tensor loss(Tensor a, Tensor b) {
    Tensor h = mm(x, a).add(0.5).tanh();
    return mm(h, b).sub(target).square().mean();
  }

  /** The forward on weights that do not require grad. */
  @Benchmark
  public Tensor forwardPlain() {
    return loss(w1Plain, w2Plain);
  }

  /** The forward recording a graph. */
  @Benchmark
  public Tensor forwardRecording() {
    return loss(w1, w2);
  }

  /** Forward and backward, gradients cleared each time. */
  @Benchmark
  public Tensor forwardBackward() {
    w1.setGrad(null);
    w2.setGrad(null);
    Tensor l = loss(w1, w2);
    l.backward();
    return w1.grad();
  }
}
