package dev.kiln.bench;

import dev.kiln.Kiln;
import dev.kiln.autograd.Autograd;
import dev.kiln.bench.workloads.WorkloadModels;
import dev.kiln.nn.CrossEntropyLoss;
import dev.kiln.nn.Module;
import dev.kiln.optim.SGD;
import dev.kiln.tensor.DType;
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
 * WORKLOADS.md W3: the LeNet-style CNN (kiln-nn {@code Conv2d}, {@code ReLU}, {@code MaxPool2d},
 * {@code Flatten}, {@code Linear}, built by {@link WorkloadModels#cnn()} with the contract's
 * weights) on {@code x = fill([64, 1, 28, 28], 6, 0, 1)}, labels {@code i mod 10}. {@code step} is
 * one train step (zero grads, forward, cross-entropy, backward, SGD lr 0.01); {@code forward} is
 * the recorded forward and loss alone, so backward + update = step - forward. {@code @Setup} checks
 * the documented initial loss 2.302816. The PyTorch side of the issue table is {@code
 * scripts/compare_pytorch.py} (workload {@code w3_train_b64}).
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
public class W3TrainStep {
  /** Intra-op threads. */
  @Param({"2"})
  public int threads;

  private Module cnn;
  private Tensor x;
  private Tensor labels;
  private CrossEntropyLoss ce;
  private SGD sgd;

  /** Builds the model and data (not timed) and checks the initial loss. */
  @Setup(Level.Trial)
  public void setup() {
    Kiln.setNumThreads(threads);
    cnn = WorkloadModels.cnn();
    x = WorkloadData.tensor(WorkloadData.fill(64 * 28 * 28, 6, 0, 1), 64, 1, 28, 28);
    labels = Tensor.arange(64).remainder(10L).to(DType.INT64);
    ce = new CrossEntropyLoss();
    try (var g = Autograd.noGrad()) {
      double loss = ce.forward(cnn.call(x), labels).item();
      WorkloadData.check("W3 initial loss", 2.302816, loss, 1, 1e-6);
    }
    sgd = new SGD(cnn.parameters(), 0.01);
  }

  /** One train step. */
  @Benchmark
  public void step() {
    sgd.zeroGrad();
    ce.forward(cnn.call(x), labels).backward();
    sgd.step();
  }

  /** The recorded forward and loss of one step (the graph is dropped). */
  @Benchmark
  public Tensor forward() {
    return ce.forward(cnn.call(x), labels);
  }
}
