package dev.kiln.autograd;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;

/** The graph's saved tensors are freed by backward unless retained, and training does not leak. */
class AutogradMemoryTest {
  /** Runs the GC until {@code ref} is cleared or a few rounds pass. */
  private static void collect(WeakReference<?> ref) throws InterruptedException {
    for (int i = 0; i < 20 && ref.get() != null; i++) {
      System.gc();
      Thread.sleep(10);
    }
  }

  /** An intermediate that only the graph keeps (sin saves its input). */
  private static WeakReference<Tensor> intermediate(Tensor x, Tensor[] loss) {
    Tensor h = x.mul(2);
    loss[0] = h.sin().sum();
    return new WeakReference<>(h);
  }

  @Test
  void savedTensorsAreFreedAfterBackward() throws InterruptedException {
    Tensor x = Tensor.of(new double[] {1, 2, 3}).requiresGrad_(true);
    Tensor[] loss = new Tensor[1];
    WeakReference<Tensor> h = intermediate(x, loss);
    loss[0].backward();
    collect(h);
    assertNull(h.get(), "the graph still holds the intermediate after backward");
    assertNotNull(loss[0].gradFn()); // the nodes remain, their saved tensors do not
  }

  @Test
  void retainedGraphKeepsSavedTensors() throws InterruptedException {
    Tensor x = Tensor.of(new double[] {1, 2, 3}).requiresGrad_(true);
    Tensor[] loss = new Tensor[1];
    WeakReference<Tensor> h = intermediate(x, loss);
    loss[0].backward(null, true, false);
    collect(h);
    assertNotNull(h.get(), "retainGraph must keep the saved tensors");
    loss[0].backward(); // and they are usable
  }

  @Test
  void tenThousandTrainingStepsDoNotGrowTheHeap() throws InterruptedException {
    Generator gen = new Generator(7);
    Tensor w = Tensor.randn(gen, DType.FLOAT64, 8, 4).requiresGrad_(true);
    Tensor x = Tensor.randn(gen, DType.FLOAT64, 16, 8);
    long afterWarmup = 0;
    for (int step = 0; step < 10_000; step++) {
      Tensor loss = x.unsqueeze(-1).mul(w).sum(new int[] {1}, false).tanh().square().mean();
      loss.backward();
      try (var s = Autograd.noGrad()) {
        w.sub_(w.grad().mul(0.01));
      }
      w.setGrad(null);
      if (step == 1_000) {
        afterWarmup = usedHeap();
      }
    }
    long growth = usedHeap() - afterWarmup;
    assertTrue(growth < 8L << 20, "heap grew by " + (growth >> 10) + " KiB over 9,000 steps");
  }

  private static long usedHeap() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(20);
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
