package dev.kiln.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.Autograd;
import dev.kiln.tensor.ConvOptions;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.PoolOptions;
import dev.kiln.tensor.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The two paths of the window ops agree: the float32 kernels (no gradient needed) and the
 * differentiable composites of {@link ConvGrads} (taken when an input requires grad), on shapes
 * larger than the gradchecked float64 rows and with every option at once. Convolutions and max
 * pooling run their kernels when recording too, so their rows here check that recording leaves the
 * result unchanged; {@link ConvKernelPathTest} compares those kernels with the composites.
 */
class ConvPathsTest {
  private static final ConvOptions DEF = ConvOptions.defaults();

  /** Deterministic float32 values in [-1, 1] of the given shape. */
  private static Tensor values(int... shape) {
    Tensor t = Tensor.arange(0, dev.kiln.tensor.Shapes.numel(shape)).to(DType.FLOAT32);
    return t.mul(0.37).sin().reshape(shape);
  }

  /**
   * Runs {@code fn} on the inputs as they are (kernel path) and as leaves requiring grad (composite
   * path), and compares every output.
   */
  private static void agree(String what, Function<Tensor[], Tensor[]> fn, Tensor... inputs) {
    Tensor[] fast = fn.apply(inputs);
    Tensor[] leaves = new Tensor[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      leaves[i] = inputs[i].clone().requiresGrad_(true);
    }
    Tensor[] composite = fn.apply(leaves);
    assertTrue(composite[0].requiresGrad(), what + ": the composite path must record");
    assertTrue(!fast[0].requiresGrad(), what + ": the kernel path must not record");
    for (int o = 0; o < fast.length; o++) {
      assertArrayEquals(fast[o].shape(), composite[o].shape(), what + " output " + o + " shape");
      double[] a = fast[o].toDoubleArray();
      double[] b = composite[o].detach().toDoubleArray();
      for (int i = 0; i < a.length; i++) {
        // the two paths sum the same products in different orders
        assertTrue(
            Math.abs(a[i] - b[i]) <= 1e-5 + 1e-5 * Math.abs(a[i]),
            what + " output " + o + " at " + i + ": kernels " + a[i] + ", composite " + b[i]);
      }
    }
  }

  private static Function<Tensor[], Tensor[]> one(Function<Tensor[], Tensor> fn) {
    return x -> new Tensor[] {fn.apply(x)};
  }

  @Test
  void convolutionsAgree() {
    agree(
        "conv2d groups/dilation/stride",
        one(
            x ->
                Tensor.conv2d(
                    x[0],
                    x[1],
                    x[2],
                    DEF.withStride(2, 1).withPadding(2, 1).withDilation(2, 1).withGroups(2))),
        values(2, 4, 9, 8),
        values(6, 2, 3, 3),
        values(6));
    agree(
        "conv2d same",
        one(x -> Tensor.conv2d(x[0], x[1], null, DEF.withPadding("same"))),
        values(1, 3, 6, 7),
        values(2, 3, 4, 2));
    agree(
        "conv3d",
        one(x -> Tensor.conv3d(x[0], x[1], x[2], DEF.withStride(1, 2, 2).withPadding(1))),
        values(2, 2, 4, 5, 4),
        values(3, 2, 2, 3, 2),
        values(3));
    agree(
        "conv1d empty batch",
        one(x -> Tensor.conv1d(x[0], x[1], x[2], DEF.withPadding(1))),
        values(0, 2, 5),
        values(3, 2, 3),
        values(3));
    agree(
        "convTranspose2d options",
        one(
            x ->
                Tensor.convTranspose2d(
                    x[0],
                    x[1],
                    x[2],
                    DEF.withStride(2, 3)
                        .withPadding(1, 0)
                        .withOutputPadding(1, 2)
                        .withDilation(2, 1)
                        .withGroups(2))),
        values(2, 4, 4, 3),
        values(4, 3, 3, 2),
        values(6));
  }

  @Test
  void poolsAgree() {
    PoolOptions k3 = PoolOptions.of(3, 2).withStride(2).withPadding(1).withCeilMode(true);
    agree(
        "maxPool2d dilation/ceil",
        x -> {
          var r = Tensor.maxPool2dWithIndices(x[0], k3.withDilation(2, 1));
          return new Tensor[] {r.values(), r.indices()};
        },
        values(2, 3, 9, 8));
    agree("avgPool2d include pad", one(x -> Tensor.avgPool2d(x[0], k3)), values(2, 3, 8, 7));
    agree(
        "avgPool2d exclude pad",
        one(x -> Tensor.avgPool2d(x[0], k3.withCountIncludePad(false))),
        values(3, 8, 7));
    agree(
        "adaptiveMaxPool2d",
        x -> {
          var r = Tensor.adaptiveMaxPool2dWithIndices(x[0], 3, 5);
          return new Tensor[] {r.values(), r.indices()};
        },
        values(2, 3, 7, 4));
    agree("adaptiveAvgPool2d", one(x -> Tensor.adaptiveAvgPool2d(x[0], 4, 3)), values(2, 3, 9, 5));
    agree(
        "lpPool2d",
        one(x -> Tensor.lpPool2d(x[0], 2.0, PoolOptions.of(2).withStride(1))),
        values(2, 3, 6, 5));
  }

  @Test
  void columnsAndResamplingAgree() {
    int[] k = {3, 2};
    int[] dil = {1, 2};
    int[] pad = {1};
    int[] st = {2, 1};
    agree("im2col", one(x -> Tensor.im2col(x[0], k, dil, pad, st)), values(2, 3, 7, 6));
    agree(
        "fold",
        one(x -> Tensor.fold(x[0], new int[] {7, 6}, k, dil, pad, new int[] {2})),
        values(2, 12, 12));
    agree(
        "interpolate bicubic",
        one(x -> Tensor.interpolate(x[0], new int[] {8, 6}, "bicubic", false)),
        values(2, 2, 5, 4));
  }

  @Test
  void noGradRecordsNothing() {
    Tensor x = values(1, 2, 5, 5).requiresGrad_(true);
    try (var s = Autograd.noGrad()) {
      assertTrue(!Tensor.conv2d(x, values(1, 2, 3, 3)).requiresGrad());
    }
  }
}
