package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.io.Npy;
import dev.kiln.io.SafeTensors;
import dev.kiln.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The check behind the nn fixture tables: builds a case's module in Kiln, loads the PyTorch
 * module's weights with {@code loadStateDict(strict=true)} and compares the forward output,
 * parameters a forward changes, buffers and the gradients of {@code <output, grad_output>} for the
 * input, every floating extra argument and every parameter with PyTorch's (fixtures from
 * tools/fixtures/gen_nn_fixtures.py).
 */
final class NnFixtures {
  /** float32 results of a few fused multiply-adds: PyTorch and Kiln may sum in another order. */
  private static final double RTOL = 1e-5;

  private static final double ATOL = 1e-6;

  private NnFixtures() {}

  /** How a case calls its module: the input plus the {@code extra.<name>.npy} arguments. */
  @FunctionalInterface
  interface Forward {
    /** The module's output. */
    Tensor apply(Module m, Tensor input, Map<String, Tensor> extra);
  }

  /**
   * One fixture case.
   *
   * @param module builds the Kiln module
   * @param eval whether it runs in eval mode (the Python case says eval=True)
   * @param forward calls it
   */
  record Case(Supplier<Module> module, boolean eval, Forward forward) {
    /** A training-mode case called with {@link Module#call(Tensor)}. */
    static Case of(Supplier<Module> module) {
      return new Case(module, false, (m, x, extra) -> m.call(x));
    }

    /** An eval-mode case called with {@link Module#call(Tensor)}. */
    static Case eval(Supplier<Module> module) {
      return new Case(module, true, (m, x, extra) -> m.call(x));
    }

    /** A training-mode case with its own call. */
    static Case calling(Supplier<Module> module, Forward forward) {
      return new Case(module, false, forward);
    }
  }

  /** The fixture directory of case {@code name}. */
  static Path dir(String name) throws Exception {
    return Path.of(NnFixtures.class.getClassLoader().getResource("fixtures/nn/" + name).toURI());
  }

  /** Runs case {@code name} and compares everything the fixture holds. */
  static void check(String name, Case c) throws Exception {
    Path d = dir(name);
    Module m = c.module().get();
    LoadResult r = m.loadStateDict(SafeTensors.read(d.resolve("weights.safetensors")).tensors());
    assertTrue(r.isClean(), r.toString());
    if (c.eval()) {
      m.eval();
    }
    Tensor x = Npy.read(d.resolve("input.npy"));
    if (x.dtype().isFloatingPoint()) {
      x.requiresGrad_(true);
    }
    Map<String, Tensor> extra = new TreeMap<>();
    for (Path f : files(d, "extra.")) {
      Tensor t = Npy.read(f);
      extra.put(stem(f, "extra."), t.dtype().isFloatingPoint() ? t.requiresGrad_(true) : t);
    }
    Tensor y = c.forward().apply(m, x, extra);
    assertClose(name + " output", Npy.read(d.resolve("output.npy")), y.detach());
    for (Map.Entry<String, Tensor> p : m.namedParameters().entrySet()) {
      Path after = d.resolve("param." + p.getKey() + ".npy");
      if (Files.exists(after)) {
        assertClose(name + " value after forward " + p.getKey(), Npy.read(after), p.getValue());
      }
    }
    y.backward(Npy.read(d.resolve("grad_output.npy")));
    if (x.requiresGrad()) {
      assertClose(name + " grad input", Npy.read(d.resolve("grad_input.npy")), x.grad());
    }
    for (Path f : files(d, "grad_extra.")) {
      String e = stem(f, "grad_extra.");
      assertClose(name + " grad " + e, Npy.read(f), extra.get(e).grad());
    }
    for (Map.Entry<String, Tensor> b : m.namedBuffers().entrySet()) {
      Tensor expected = Npy.read(d.resolve("buffer." + b.getKey() + ".npy"));
      assertClose(name + " buffer " + b.getKey(), expected, b.getValue());
    }
    for (Map.Entry<String, Tensor> p : m.namedParameters().entrySet()) {
      Path g = d.resolve("grad." + p.getKey() + ".npy");
      assertTrue(Files.exists(g), name + ": PyTorch has no parameter " + p.getKey());
      assertClose(name + " grad " + p.getKey(), Npy.read(g), p.getValue().grad());
    }
    assertEquals(
        files(d, "grad.").size(), m.namedParameters().size(), name + ": parameter count differs");
  }

  private static java.util.List<Path> files(Path d, String prefix) throws Exception {
    try (Stream<Path> s = Files.list(d)) {
      return s.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted().toList();
    }
  }

  private static String stem(Path f, String prefix) {
    String n = f.getFileName().toString();
    return n.substring(prefix.length(), n.length() - ".npy".length());
  }

  private static void assertClose(String what, Tensor expected, Tensor actual) {
    assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
    assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
    assertTrue(
        actual.allclose(expected, RTOL, ATOL, false),
        what + ": expected " + expected + " got " + actual);
  }
}
