package dev.kiln.bench.data;

import dev.kiln.data.Collate;
import dev.kiln.data.Dataset;
import dev.kiln.data.Rng;
import dev.kiln.data.TensorDataset;
import dev.kiln.data.loader.DataLoader;
import dev.kiln.data.transforms.Compose;
import dev.kiln.data.transforms.Normalize;
import dev.kiln.data.transforms.RandomCrop;
import dev.kiln.data.transforms.RandomHorizontalFlip;
import dev.kiln.data.transforms.ToTensor;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Storage;
import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * DataLoader throughput in samples/s: one epoch of an in-memory CIFAR-sized dataset (2,048 uint8
 * images [32, 32, 3]) through {@code ToTensor + Normalize + RandomCrop(32, 4) +
 * RandomHorizontalFlip}, batch 64, at 0, 1 and 2 worker threads, with and without a simulated
 * training step (the consumer parks {@code stepMicros} per batch, as while waiting on an
 * accelerator). With a step, workers overlap loading with it, so throughput rises with workers even
 * on few cores.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
public class DataLoaderBenchmark {
  private static final int N = 2048;

  @Param({"0", "1", "2"})
  public int workers;

  @Param({"0", "5000"})
  public long stepMicros;

  private DataLoader<List<Tensor>, List<Tensor>> loader;

  @Setup(Level.Trial)
  public void setUp() {
    byte[] pixels = new byte[N * 32 * 32 * 3];
    long[] labels = new long[N];
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) r.nextInt(256);
    }
    for (int i = 0; i < N; i++) {
      labels[i] = r.nextInt(10);
    }
    Tensor images = Tensor.wrap(new Storage.ByteStorage(pixels), DType.UINT8, N, 32, 32, 3);
    Compose aug =
        Compose.of(
            new ToTensor(),
            new Normalize(new double[] {0.49, 0.48, 0.45}, new double[] {0.25, 0.24, 0.26}),
            new RandomCrop(32, 4),
            new RandomHorizontalFlip(0.5));
    Dataset<List<Tensor>> ds =
        new TensorDataset(images, Tensor.of(labels))
            .map((List<Tensor> row, Rng rng) -> List.of(aug.apply(row.get(0), rng), row.get(1)), 7);
    loader =
        DataLoader.builder(ds)
            .batchSize(64)
            .shuffle(true)
            .seed(42)
            .numWorkers(workers)
            .collate(Collate.tensors())
            .build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    loader.close();
  }

  /** One epoch; JMH's ops/s times {@value #N} per operation reads as samples/s. */
  @Benchmark
  @OperationsPerInvocation(N)
  public void epoch(Blackhole bh) {
    int samples = 0;
    for (List<Tensor> batch : loader) {
      samples += batch.get(0).size(0);
      bh.consume(batch);
      if (stepMicros > 0) {
        LockSupport.parkNanos(stepMicros * 1000);
      }
    }
    if (samples != N) {
      throw new IllegalStateException("epoch read " + samples + " samples, expected " + N);
    }
  }
}
