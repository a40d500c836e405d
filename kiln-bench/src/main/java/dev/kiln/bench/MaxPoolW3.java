package dev.kiln.bench;

import dev.kiln.Kiln;
import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.GradMode;
import dev.kiln.tensor.Tensor;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * W3's two max pools (2x2, stride 2, float32: pool1 [64, 32, 28, 28], pool2 [64, 64, 14, 14] of
 * relu'd Gaussian values, as in the step): recorded forward, forward + backward (output gradient
 * Gaussian), and unrecorded forward, in ms. A plain {@code main}, not JMH, so that two builds can
 * run interleaved in one JVM: with a jar argument, the same cases run against that jar's kiln
 * (another class loader) alternating with this build's, round by round, and both are printed
 * (median and min per case), so noise hits both alike.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xms4g -Xmx4g \
 *   -cp kiln-bench/target/benchmarks.jar dev.kiln.bench.MaxPoolW3 [BASELINE.jar] [rounds]
 * </pre>
 */
public final class MaxPoolW3 {
  private MaxPoolW3() {}

  /** The case names, in order. */
  private static final String[] CASES = {
    "pool1 fwd", "pool1 fwd+bwd", "pool1 fwd nograd", "pool2 fwd", "pool2 fwd+bwd"
  };

  /** Calls per timed sample. */
  private static final int CALLS = 20;

  /** One build's cases, loaded in its own class loader (public for the reflective loader). */
  public static final class Cases implements java.util.function.IntConsumer {
    private final Tensor x1 = relu(64, 32, 28, 28);
    private final Tensor g1 = gaussian(64, 32, 14, 14);
    private final Tensor x2 = relu(64, 64, 14, 14);
    private final Tensor g2 = gaussian(64, 64, 7, 7);

    /** Builds the inputs (2 threads) and checks the pools once. */
    public Cases() {
      Kiln.setNumThreads(2);
      check(x1, g1);
      check(x2, g2);
    }

    /**
     * Fails unless the pool equals the max over unfolded windows and its input gradient holds each
     * output gradient once (sums agree).
     */
    private static void check(Tensor x, Tensor g) {
      Tensor y = Tensor.maxPool2d(x, 2);
      Tensor ref = x.detach().unfold(2, 2, 2).unfold(3, 2, 2).amax(new int[] {-1, -2}, false);
      Tensor gx =
          Autograd.grad(new Tensor[] {y}, new Tensor[] {x}, new Tensor[] {g}, false, false, false)[
              0];
      double gap = Math.abs(gx.sum().item() - g.sum().item());
      if (!Arrays.equals(y.toFloatArray(), ref.toFloatArray())
          || gap > 1e-4 * g.abs().sum().item()) {
        throw new IllegalStateException("max pool check failed, gradient sum gap " + gap);
      }
    }

    private static Tensor gaussian(int... shape) {
      Random r = new Random(Arrays.hashCode(shape));
      float[] v = new float[Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) r.nextGaussian();
      }
      return Tensor.of(v).reshape(shape);
    }

    private static Tensor relu(int... shape) {
      return gaussian(shape).relu().requiresGrad_(true);
    }

    /** Runs case {@code c} once. */
    @Override
    public void accept(int c) {
      Tensor x = c < 3 ? x1 : x2;
      Tensor g = c < 3 ? g1 : g2;
      switch (c) {
        case 0, 3 -> Tensor.maxPool2d(x, 2);
        case 1, 4 ->
            Autograd.grad(
                new Tensor[] {Tensor.maxPool2d(x, 2)},
                new Tensor[] {x},
                new Tensor[] {g},
                false,
                false,
                false);
        default -> {
          try (var s = GradMode.noGrad()) {
            Tensor.maxPool2d(x, 2);
          }
        }
      }
    }
  }

  /** Runs the cases of this build, or interleaved with a baseline jar's (first argument). */
  public static void main(String[] args) throws Exception {
    URL self = MaxPoolW3.class.getProtectionDomain().getCodeSource().getLocation();
    List<String> names = new ArrayList<>(List.of("this"));
    List<java.util.function.IntConsumer> builds = new ArrayList<>();
    builds.add(load(new URL[] {self}));
    if (args.length > 0) {
      names.add(Path.of(args[0]).getFileName().toString());
      builds.add(load(new URL[] {Path.of(args[0]).toUri().toURL(), self}));
    }
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    double[][][] ms = new double[builds.size()][CASES.length][rounds];
    for (int r = -3; r < rounds; r++) {
      for (int k = 0; k < builds.size(); k++) {
        int b = (k + Math.max(r, 0)) % builds.size();
        for (int c = 0; c < CASES.length; c++) {
          long t0 = System.nanoTime();
          for (int i = 0; i < CALLS; i++) {
            builds.get(b).accept(c);
          }
          double each = (System.nanoTime() - t0) / 1e6 / CALLS;
          if (r >= 0) {
            ms[b][c][r] = each;
          }
        }
      }
    }
    for (int c = 0; c < CASES.length; c++) {
      StringBuilder line = new StringBuilder(String.format("%-18s", CASES[c]));
      for (int b = 0; b < builds.size(); b++) {
        double[] s = ms[b][c].clone();
        Arrays.sort(s);
        line.append(
            String.format(
                "  %s: median %.3f min %.3f max %.3f ms",
                names.get(b), s[s.length / 2], s[0], s[s.length - 1]));
      }
      System.out.println(line);
    }
  }

  private static java.util.function.IntConsumer load(URL[] urls) throws Exception {
    ClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
    Thread.currentThread().setContextClassLoader(loader);
    Class<?> cls = Class.forName(Cases.class.getName(), true, loader);
    var cases = (java.util.function.IntConsumer) cls.getConstructor().newInstance();
    return c -> {
      Thread.currentThread().setContextClassLoader(loader);
      cases.accept(c);
    };
  }
}
