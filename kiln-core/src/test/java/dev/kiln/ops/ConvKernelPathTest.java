package dev.kiln.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.Autograd;
import dev.kiln.tensor.ConvOptions;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.PoolOptions;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The float32 kernel path of convolution and max pooling, forward and backward, agrees with the
 * straightforward reference: the float64 composite of {@link ConvGrads} (window gather, batched
 * matmul, index-add), differentiated through its own ops' derivatives, on odd shapes (stride,
 * padding, dilation, groups, non-contiguous and unbatched inputs, several sample chunks with a
 * remainder).
 *
 * <p>Tolerance: float32 sums of at most a few thousand products of values in [-1, 1] against
 * float64, so every element is within {@code 2e-5 * (1 + max |reference|)} of the reference (the
 * summation-order error of float32 is about {@code 6e-8 * sqrt(terms)} of the sum of |terms|).
 */
class ConvKernelPathTest {
  private static final ConvOptions DEF = ConvOptions.defaults();

  /** Deterministic values in [-1, 1] of the given shape and dtype ({@code phase} varies them). */
  private static Tensor values(DType t, double phase, int... shape) {
    Tensor a = Tensor.arange(0, Shapes.numel(shape)).to(DType.FLOAT64);
    return a.mul(0.37).add(phase).sin().reshape(shape).to(t);
  }

  private static void close(String what, Tensor expected, Tensor actual) {
    assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
    double[] e = expected.toDoubleArray();
    double[] a = actual.toDoubleArray();
    double max = 0;
    for (double v : e) {
      max = Math.max(max, Math.abs(v));
    }
    double tol = 2e-5 * (1 + max);
    for (int i = 0; i < e.length; i++) {
      assertTrue(
          Math.abs(e[i] - a[i]) <= tol,
          what + " at " + i + ": reference " + e[i] + ", kernels " + a[i] + " (tol " + tol + ")");
    }
  }

  /**
   * Runs {@code fn} in float32 (the kernels) and the reference {@code ref} in float64 on the same
   * values, then the gradients of {@code sum(y * g)} for the inputs flagged in {@code needs}.
   */
  private static void agree(
      String what,
      Function<Tensor[], Tensor> fn,
      Function<Tensor[], Tensor> ref,
      boolean[] needs,
      int[]... shapes) {
    Tensor[] f32 = new Tensor[shapes.length];
    Tensor[] f64 = new Tensor[shapes.length];
    for (int i = 0; i < shapes.length; i++) {
      f32[i] = values(DType.FLOAT32, i, shapes[i]).requiresGrad_(needs[i]);
      f64[i] = values(DType.FLOAT64, i, shapes[i]).requiresGrad_(needs[i]);
    }
    Tensor y = fn.apply(f32);
    Tensor yRef = ref.apply(f64);
    close(what + " forward", yRef, y);
    Tensor g = values(DType.FLOAT64, 7, y.shape());
    y.mul(g.to(DType.FLOAT32)).sum().backward();
    yRef.mul(g).sum().backward();
    for (int i = 0; i < shapes.length; i++) {
      if (needs[i]) {
        close(what + " grad " + i, f64[i].grad(), f32[i].grad());
      } else {
        assertNull(f32[i].grad(), what + ": input " + i + " needs no gradient");
      }
    }
  }

  /** The reference convolution: the composite of {@link ConvGrads} (spatial rank 1, 2 or 3). */
  private static Tensor reference(
      Tensor x, Tensor w, Tensor b, int[] stride, int[] pad, int[] dil, int groups) {
    int rank = w.dim() - 2;
    Tensor xb = x.dim() == rank + 1 ? x.unsqueeze(0) : x;
    int[] in = ConvShapes.spatial(xb, rank);
    int[] k = ConvShapes.spatial(w, rank);
    int[] out = new int[rank];
    for (int d = 0; d < rank; d++) {
      out[d] = (in[d] + 2 * pad[d] - dil[d] * (k[d] - 1) - 1) / stride[d] + 1;
    }
    Tensor map = ConvGrads.slidingMap(in, k, stride, pad, dil, out);
    Tensor y = ConvGrads.conv(xb, w, b, groups, map, out);
    return x.dim() == rank + 1 ? y.squeeze(0) : y;
  }

  private static int[] s(int... v) {
    return v;
  }

  private static boolean[] all(int n) {
    boolean[] r = new boolean[n];
    java.util.Arrays.fill(r, true);
    return r;
  }

  @Test
  void conv2dStridePaddingDilationGroups() {
    ConvOptions o = DEF.withStride(2, 1).withPadding(2, 1).withDilation(2, 1).withGroups(2);
    agree(
        "conv2d options",
        x -> Tensor.conv2d(x[0], x[1], x[2], o),
        x -> reference(x[0], x[1], x[2], s(2, 1), s(2, 1), s(2, 1), 2),
        all(3),
        s(3, 4, 9, 8),
        s(6, 2, 3, 3),
        s(6));
  }

  /** Runs {@code body} with the direct 3x3 path on or off ({@code -Dkiln.conv.direct}). */
  private static void withDirect(boolean on, Runnable body) {
    String before = System.getProperty("kiln.conv.direct");
    System.setProperty("kiln.conv.direct", Boolean.toString(on));
    try {
      body.run();
    } finally {
      if (before == null) {
        System.clearProperty("kiln.conv.direct");
      } else {
        System.setProperty("kiln.conv.direct", before);
      }
    }
  }

  @Test
  void conv2dSeveralChunksWithRemainder() {
    // 16 * 9 * 30 * 30 = 129,600 column floats per sample: chunks of 2 samples, 7 = 2 + 2 + 2 + 1
    withDirect(
        false,
        () ->
            agree(
                "conv2d chunks",
                x -> Tensor.conv2d(x[0], x[1], x[2], DEF.withPadding(1)),
                x -> reference(x[0], x[1], x[2], s(1, 1), s(1, 1), s(1, 1), 1),
                all(3),
                s(7, 16, 30, 30),
                s(8, 16, 3, 3),
                s(8)));
  }

  @Test
  void conv2dDirect3x3OddSizesBothPaths() {
    // 11 output channels: a partial block of 8; widths 7 and 1; 2 and 9 input channels
    for (boolean direct : new boolean[] {true, false}) {
      withDirect(
          direct,
          () -> {
            agree(
                "conv2d 3x3 direct=" + direct,
                x -> Tensor.conv2d(x[0], x[1], x[2], DEF.withPadding(1)),
                x -> reference(x[0], x[1], x[2], s(1, 1), s(1, 1), s(1, 1), 1),
                all(3),
                s(3, 2, 5, 7),
                s(11, 2, 3, 3),
                s(11));
            agree(
                "conv2d 3x3 width 1 direct=" + direct,
                x -> Tensor.conv2d(x[0], x[1], null, DEF.withPadding(1)),
                x -> reference(x[0], x[1], null, s(1, 1), s(1, 1), s(1, 1), 1),
                all(2),
                s(2, 9, 6, 1),
                s(3, 9, 3, 3));
            agree(
                "conv2d 3x3 NHWC view, transposed weight, unbatched direct=" + direct,
                x ->
                    Tensor.conv2d(
                        x[0].permute(2, 0, 1), x[1].transpose(0, 1), x[2], DEF.withPadding(1)),
                x ->
                    reference(
                        x[0].permute(2, 0, 1),
                        x[1].transpose(0, 1),
                        x[2],
                        s(1, 1),
                        s(1, 1),
                        s(1, 1),
                        1),
                all(3),
                s(4, 9, 3),
                s(3, 16, 3, 3),
                s(16));
            // 17 and 35 channels: both directions on Conv3x3Kernel.tiles, partial blocks of 32
            agree(
                "conv2d 3x3 17 -> 35 channels direct=" + direct,
                x -> Tensor.conv2d(x[0], x[1], x[2], DEF.withPadding(1)),
                x -> reference(x[0], x[1], x[2], s(1, 1), s(1, 1), s(1, 1), 1),
                all(3),
                s(2, 17, 5, 9),
                s(35, 17, 3, 3),
                s(35));
            agree(
                "conv2d 3x3 1x1 plane, 20 -> 16 channels direct=" + direct,
                x -> Tensor.conv2d(x[0], x[1], x[2], DEF.withPadding(1)),
                x -> reference(x[0], x[1], x[2], s(1, 1), s(1, 1), s(1, 1), 1),
                all(3),
                s(3, 20, 1, 1),
                s(16, 20, 3, 3),
                s(16));
          });
    }
  }

  @Test
  void conv3dWithAFlat3x3KernelIsNotTakenForTheDirect2dPath() {
    // depth 1 and a (1, 3, 3) kernel look like the 2-D case in the 3-D window; padding the depth
    // makes the output 3 deep
    agree(
        "conv3d (1, 3, 3) kernel, padding 1",
        x -> Tensor.conv3d(x[0], x[1], x[2], DEF.withPadding(1)),
        x -> reference(x[0], x[1], x[2], s(1, 1, 1), s(1, 1, 1), s(1, 1, 1), 1),
        all(3),
        s(2, 3, 1, 5, 4),
        s(4, 3, 1, 3, 3),
        s(4));
    agree(
        "conv3d (1, 3, 3) kernel, padding (0, 1, 1)",
        x -> Tensor.conv3d(x[0], x[1], null, DEF.withPadding(0, 1, 1)),
        x -> reference(x[0], x[1], null, s(1, 1, 1), s(0, 1, 1), s(1, 1, 1), 1),
        all(2),
        s(2, 3, 1, 5, 4),
        s(4, 3, 1, 3, 3));
  }

  @Test
  void conv2dOneInputChannelWeightGradOnly() {
    // W3's first layer: the input needs no gradient
    agree(
        "conv2d 1 channel",
        x -> Tensor.conv2d(x[0], x[1], x[2], DEF.withPadding(1)),
        x -> reference(x[0], x[1], x[2], s(1, 1), s(1, 1), s(1, 1), 1),
        new boolean[] {false, true, true},
        s(5, 1, 11, 13),
        s(4, 1, 3, 3),
        s(4));
  }

  @Test
  void conv2dWeightGradOnlyOnTheGemmPath() {
    // more than 64 output channels (ConvDirectPath.weightByGemm): the bias sums come from the
    // weight-gradient pass, as in a layer whose input needs no gradient
    agree(
        "conv2d 65 output channels",
        x -> Tensor.conv2d(x[0], x[1], x[2], DEF.withPadding(1)),
        x -> reference(x[0], x[1], x[2], s(1, 1), s(1, 1), s(1, 1), 1),
        new boolean[] {false, true, true},
        s(3, 12, 9, 7),
        s(65, 12, 3, 3),
        s(65));
  }

  @Test
  void conv2dNonContiguousAndUnbatched() {
    agree(
        "conv2d NHWC view",
        x -> Tensor.conv2d(x[0].permute(0, 3, 1, 2), x[1], null, DEF.withPadding(1).withStride(2)),
        x -> reference(x[0].permute(0, 3, 1, 2), x[1], null, s(2, 2), s(1, 1), s(1, 1), 1),
        all(2),
        s(2, 7, 6, 3),
        s(5, 3, 2, 3));
    agree(
        "conv2d unbatched",
        x -> Tensor.conv2d(x[0], x[1], x[2], DEF.withGroups(3)),
        x -> reference(x[0], x[1], x[2], s(1, 1), s(0, 0), s(1, 1), 3),
        all(3),
        s(3, 5, 4),
        s(6, 1, 2, 2),
        s(6));
  }

  @Test
  void conv1dAndConv3d() {
    agree(
        "conv1d",
        x -> Tensor.conv1d(x[0], x[1], x[2], DEF.withStride(2).withPadding(2).withDilation(2)),
        x -> reference(x[0], x[1], x[2], s(2), s(2), s(2), 1),
        all(3),
        s(3, 2, 11),
        s(4, 2, 3),
        s(4));
    agree(
        "conv3d",
        x -> Tensor.conv3d(x[0], x[1], null, DEF.withStride(1, 2, 2).withPadding(1).withGroups(2)),
        x -> reference(x[0], x[1], null, s(1, 2, 2), s(1, 1, 1), s(1, 1, 1), 2),
        all(2),
        s(2, 4, 3, 5, 4),
        s(2, 2, 2, 3, 2));
  }

  @Test
  void maxPool2x2TiesAndNaNPickTheGenericLoopsTap() {
    // windows: a tie (the first tap wins), NaN twice (the last NaN wins, as in PyTorch's loop), a
    // plain maximum, a NaN before a larger value; the generic loop (the same values plus a column
    // of -1, pooled with ceil mode, so not the 2x2 fast path) picks the same taps
    float nan = Float.NaN;
    float inf = Float.NEGATIVE_INFINITY;
    Tensor x =
        Tensor.of(3f, 1f, nan, 0f, 3f, inf, 5f, nan, 2f, 3f, 1f, nan, inf, inf, 7f, 1f)
            .reshape(1, 1, 4, 4);
    var fast = PoolOps.maxPool(2, x, PoolOptions.of(2));
    var generic =
        PoolOps.maxPool(
            2,
            Tensor.cat(3, x, Tensor.full(-1, DType.FLOAT32, 1, 1, 4, 1)),
            PoolOptions.of(2).withCeilMode(true));
    assertArrayEquals(
        new double[] {0, 7, 9, 11}, fast.indices().to(DType.FLOAT64).toDoubleArray(), "fast");
    assertArrayEquals(
        new double[] {0, 8, 11, 13},
        generic.indices().narrow(3, 0, 2).to(DType.FLOAT64).toDoubleArray(),
        "generic loop, row stride 5");
    assertArrayEquals(new double[] {3, nan, 3, nan}, fast.values().toDoubleArray(), "maxima");
  }

  @Test
  void maxPoolForwardAndBackward() {
    agree(
        "maxPool2d 2x2 odd sizes",
        x -> Tensor.maxPool2d(x[0], 2),
        x -> reference2x2(x[0]),
        all(1),
        s(3, 5, 7, 9));
    PoolOptions k3 = PoolOptions.of(3, 2).withStride(2).withPadding(1).withCeilMode(true);
    agree(
        "maxPool2d padded ceil non-contiguous",
        x -> Tensor.maxPool2d(x[0].transpose(2, 3), k3),
        x -> referencePool(x[0].transpose(2, 3), k3),
        all(1),
        s(2, 3, 6, 9));
  }

  @Test
  void maxPool2x2ValuesOnlyWithIndicesAndGraphOfBackwardAgree() {
    // the values-only op (tap codes kept for the backward), the op with int64 indices, a
    // non-contiguous input, and the backward recorded (scatterAdd at the codes' indices) give the
    // same values and gradients, bit for bit
    Tensor base = values(DType.FLOAT32, 0, 2, 3, 9, 7).mul(3).round().div(3);
    Tensor g = values(DType.FLOAT32, 5, 2, 3, 3, 4).mul(2).round();
    Tensor x = base.transpose(2, 3).requiresGrad_(true);
    assertTrue(!x.isContiguous(), "non-contiguous input");
    Tensor y = Tensor.maxPool2d(x, 2);
    Tensor gradValues = Autograd.grad(y.mul(g).sum(), x)[0];
    var vi = Tensor.maxPool2dWithIndices(x, PoolOptions.of(2));
    Tensor gradIndexed = Autograd.grad(vi.values().mul(g).sum(), x)[0];
    Tensor[] graph =
        Autograd.grad(
            new Tensor[] {Tensor.maxPool2d(x, 2).mul(g.detach().requiresGrad_(true)).sum()},
            new Tensor[] {x},
            null,
            false,
            true,
            false);
    Tensor contiguous = x.detach().contiguous().requiresGrad_(true);
    Tensor gradContiguous =
        Autograd.grad(Tensor.maxPool2d(contiguous, 2).mul(g).sum(), contiguous)[0];
    assertArrayEquals(y.toDoubleArray(), vi.values().toDoubleArray(), "values");
    assertArrayEquals(gradValues.toDoubleArray(), gradIndexed.toDoubleArray(), "indexed grad");
    assertTrue(graph[0].requiresGrad(), "graph of the backward recorded");
    assertArrayEquals(gradValues.toDoubleArray(), graph[0].toDoubleArray(), "recorded grad");
    assertArrayEquals(gradValues.toDoubleArray(), gradContiguous.toDoubleArray(), "contiguous");
    Tensor scattered =
        Tensor.zeros(DType.FLOAT32, 6, 63)
            .scatterAdd(1, vi.indices().reshape(6, 12), g.reshape(6, 12))
            .reshape(2, 3, 7, 9);
    assertArrayEquals(scattered.toDoubleArray(), gradValues.toDoubleArray(), "scatter at indices");
  }

  /** Max over 2x2 windows through the composite (no kernel): four strided slices. */
  private static Tensor reference2x2(Tensor x) {
    int h = x.size(2) / 2 * 2;
    int w = x.size(3) / 2 * 2;
    Tensor c = x.narrow(2, 0, h).narrow(3, 0, w);
    Tensor a = c.unfold(2, 2, 2).unfold(3, 2, 2);
    return a.amax(new int[] {-1, -2}, false);
  }

  /** A max pool through {@link ConvGrads#maxPool}, the window-gather composite. */
  private static Tensor referencePool(Tensor x, PoolOptions o) {
    // the float64 op runs that composite and records the scatter backward, so build it directly
    int[] k = o.kernel();
    int[] in = ConvShapes.spatial(x, 2);
    int[] out = new int[2];
    for (int d = 0; d < 2; d++) {
      out[d] =
          ConvShapes.windows(
              "ref", x, in[d], k[d], o.stride()[0], o.padding()[0], 2 * o.padding()[0], 1, true);
    }
    Tensor map = ConvGrads.slidingMap(in, k, s(2, 2), s(1, 1), s(1, 1), out);
    return ConvGrads.maxPool(x, 2, map, s(x.size(0), x.size(1), out[0], out[1]))[0];
  }

  @Test
  void backwardIsRepeatable() {
    Tensor x = values(DType.FLOAT32, 0, 9, 16, 20, 20).requiresGrad_(true);
    Tensor w = values(DType.FLOAT32, 1, 8, 16, 3, 3).requiresGrad_(true);
    Tensor[] first = grads(x, w);
    Tensor[] second = grads(x, w);
    for (int i = 0; i < 2; i++) {
      assertArrayEquals(first[i].toDoubleArray(), second[i].toDoubleArray(), "grad " + i);
    }
  }

  private static Tensor[] grads(Tensor x, Tensor w) {
    Tensor y = Tensor.conv2d(x, w, null, DEF.withPadding(1));
    return Autograd.grad(Tensor.maxPool2d(y, 2).square().sum(), x, w);
  }
}
