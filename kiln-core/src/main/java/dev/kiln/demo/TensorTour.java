package dev.kiln.demo;

import dev.kiln.Kiln;
import dev.kiln.tensor.Tensor;

/** The README's first command: a short tour of tensors on the CPU. */
public final class TensorTour {
  private TensorTour() {}

  /** Prints a few tensors and the results of ops on them. */
  public static void main(String[] args) {
    System.out.println("Kiln tensor tour (CPU kernels: " + Kiln.cpuKernels() + ")");
    Tensor x = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
    System.out.println("x = " + x);
    System.out.println("x.t() = " + x.t());
    System.out.println("x * 2 + 1 = " + x.mul(2).add(1));
    System.out.println("x.sum(1) = " + x.sum(1));
    System.out.println("x.exp() = " + x.exp());
  }
}
