package dev.kiln.demo;

import dev.kiln.Kiln;
import dev.kiln.io.Npy;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The README's first command: a short tour of tensors on the CPU. */
public final class TensorTour {
  private TensorTour() {}

  /** Prints a few tensors and the results of ops on them. */
  public static void main(String[] args) throws IOException {
    System.out.println("Kiln tensor tour (CPU kernels: " + Kiln.cpuKernels() + ")\n");
    Tensor x = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
    show("x", x);
    show("x.t()   (a view: no copy)", x.t());
    show("x * 2 + 1", x.mul(2).add(1));
    show("x.sum(1)", x.sum(1));
    show("x.softmax(1)", x.softmax(1));
    show("x.to(int64) / 2   (true division promotes to float)", x.to(DType.INT64).div(2));

    Tensor column = x.slice(1, 0, 3, 2);
    column.mul_(10);
    show("after x[:, ::2] *= 10, x", x);

    Kiln.manualSeed(0);
    Tensor noise = Tensor.randn(2, 3);
    show("randn(2, 3) with seed 0", noise);
    show("mean and std of randn(100000)", Tensor.of(meanStd(Tensor.randn(100_000))));

    Path file = Files.createTempFile("kiln-tour", ".npy");
    Npy.write(file, x);
    show("read back from " + file.getFileName(), Npy.read(file));
    Files.delete(file);
  }

  private static float[] meanStd(Tensor t) {
    return new float[] {(float) t.mean().item(), (float) t.std().item()};
  }

  private static void show(String label, Tensor t) {
    System.out.println(label + ":\n" + t + "\n");
  }
}
