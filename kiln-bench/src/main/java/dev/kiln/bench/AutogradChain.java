package dev.kiln.bench;

import dev.kiln.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The autograd-overhead workload of the autograd issue: a chain of 100 small elementwise ops (50
 * times {@code y = (y * 0.999 + 0.001)}) on a 64-element float32 tensor, then {@code sum()}. {@code
 * forward} runs it on a tensor that requires grad (recording the graph), {@code forwardBackward}
 * adds {@code backward()}. The same chain in PyTorch is {@code scripts/autograd_chain.py}; the
 * ratio of the two benchmarks is the cost of backward per recorded op.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "--add-modules=jdk.incubator.vector",
      "--enable-native-access=ALL-UNNAMED",
      "-Xms1g",
      "-Xmx1g"
    })
public class AutogradChain {
  private Tensor x;

  /** The input, and a check that backward gives the chain's known derivative (not timed). */
  @Setup(Level.Trial)
  public void setup() {
    x = Tensor.linspace(-1, 1, 64).requiresGrad_(true);
    forwardBackward();
    double expected = Math.pow(0.999, 50);
    double got = x.grad().get(0);
    if (Math.abs(got - expected) > 1e-5) {
      throw new IllegalStateException("AutogradChain: grad " + got + ", expected " + expected);
    }
  }

  private Tensor chain() {
    Tensor y = x;
    for (int i = 0; i < 50; i++) {
      y = y.mul(0.999).add(0.001);
    }
    return y.sum();
  }

  /** The forward alone, recording the graph. */
  @Benchmark
  public Tensor forward() {
    return chain();
  }

  /** Forward and backward (the gradient is cleared each time). */
  @Benchmark
  public Tensor forwardBackward() {
    x.setGrad(null);
    Tensor loss = chain();
    loss.backward();
    return x.grad();
  }
}
