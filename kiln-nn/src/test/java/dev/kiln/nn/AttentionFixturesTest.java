package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.io.Npy;
import dev.kiln.io.SafeTensors;
import dev.kiln.nn.functional.Attention;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each case builds the attention function or module in Kiln, loads PyTorch's weights with {@code
 * loadStateDict(strict=true)}, runs the same forward on the fixture's inputs and compares the
 * output (and attention weights), the input gradients and every parameter gradient of {@code
 * <output, grad_output> + <attn_weights, grad_attn_weights>} (fixtures from
 * tools/fixtures/gen_nn_attention_fixtures.py).
 */
class AttentionFixturesTest {
  /** float32 dot products and softmax sums over at most 16 terms, summed in another order. */
  private static final double RTOL = 1e-5;

  private static final double ATOL = 1e-6;

  /**
   * Cases with several layers: their gradients sum terms as large as the tensor's largest element
   * through up to four attention layers, so an element that cancels to near zero keeps the float32
   * rounding of those terms (seen: 5.7e-6 absolute with max |grad| 3.86). For them the absolute
   * tolerance is RTOL times the tensor's largest magnitude.
   */
  private static final Set<String> STACKS = Set.of("encoder_stack_norm", "transformer");

  private static final Generator G = new Generator(11);

  private static final TransformerOptions SMALL =
      TransformerOptions.defaults().withDimFeedforward(16).withDropout(0).withGenerator(G);

  /** A case: the module (null for functional cases) and the forward on the named inputs. */
  record Case(Supplier<Module> module, BiFunction<Module, Map<String, Tensor>, Out> run) {}

  /** The output and the attention weights (null when the case returns none). */
  private record Out(Tensor output, Tensor weights) {}

  static final Map<String, Case> CASES = new LinkedHashMap<>();

  private static void functional(String name, BiFunction<Module, Map<String, Tensor>, Out> run) {
    CASES.put(name, new Case(null, run));
  }

  private static Out out(Tensor y) {
    return new Out(y, null);
  }

  private static Out out(MultiheadAttention.Output o) {
    return new Out(o.output(), o.weights());
  }

  static {
    functional(
        "sdpa_causal",
        (m, in) ->
            out(
                Attention.scaledDotProductAttention(
                    in.get("query"), in.get("key"), in.get("value"), null, 0, true)));
    for (String name : new String[] {"sdpa_bool_mask", "sdpa_float_mask"}) {
      functional(
          name,
          (m, in) ->
              out(
                  Attention.scaledDotProductAttention(
                      in.get("query"),
                      in.get("key"),
                      in.get("value"),
                      in.get("attn_mask"),
                      0,
                      false)));
    }
    CASES.put(
        "mha_self",
        new Case(
            () -> new MultiheadAttention(8, 2),
            (m, in) -> {
              Tensor x = in.get("x");
              return out(((MultiheadAttention) m).forward(x, x, x));
            }));
    CASES.put(
        "mha_cross_kdim_vdim",
        new Case(
            () -> new MultiheadAttention(8, 2, 0, true, false, false, 6, 4, true, G),
            (m, in) -> mha(m, in, true, false)));
    CASES.put(
        "mha_masks",
        new Case(
            () -> new MultiheadAttention(8, 4, 0, true, false, false, 8, 8, true, G),
            (m, in) -> mha(m, in, true, true)));
    CASES.put(
        "mha_bias_kv_zero_attn",
        new Case(
            () -> new MultiheadAttention(8, 2, 0, true, true, true, 8, 8, false, G),
            (m, in) -> mha(m, in, true, true)));
    CASES.put(
        "mha_float_key_padding_no_weights",
        new Case(
            () -> new MultiheadAttention(8, 2, 0, true, false, false, 8, 8, false, G),
            (m, in) -> mha(m, in, false, true)));
    CASES.put(
        "mha_unbatched_no_bias",
        new Case(
            () -> new MultiheadAttention(6, 3, 0, false, false, false, 6, 6, false, G),
            (m, in) -> mha(m, in, true, true)));
    CASES.put(
        "encoder_layer_post_norm",
        new Case(
            () -> new TransformerEncoderLayer(8, 2, SMALL.withBatchFirst(true)),
            (m, in) ->
                out(
                    ((TransformerEncoderLayer) m)
                        .forward(in.get("src"), null, in.get("src_key_padding_mask")))));
    CASES.put(
        "encoder_layer_norm_first_gelu",
        new Case(
            () ->
                new TransformerEncoderLayer(8, 2, SMALL.withActivation("gelu").withNormFirst(true)),
            (m, in) ->
                out(
                    ((TransformerEncoderLayer) m)
                        .forward(in.get("src"), in.get("src_mask"), null))));
    CASES.put(
        "encoder_stack_norm",
        new Case(
            () ->
                new TransformerEncoder(
                    new TransformerEncoderLayer(8, 2, SMALL.withBatchFirst(true)),
                    2,
                    new LayerNorm(8)),
            (m, in) ->
                out(
                    ((TransformerEncoder) m)
                        .forward(in.get("src"), null, in.get("src_key_padding_mask")))));
    CASES.put(
        "decoder_layer",
        new Case(
            () -> new TransformerDecoderLayer(8, 2, SMALL),
            (m, in) ->
                out(
                    ((TransformerDecoderLayer) m)
                        .forward(
                            in.get("tgt"),
                            in.get("memory"),
                            in.get("tgt_mask"),
                            null,
                            null,
                            in.get("memory_key_padding_mask")))));
    CASES.put(
        "decoder_layer_norm_first",
        new Case(
            () -> new TransformerDecoderLayer(8, 2, SMALL.withNormFirst(true).withBatchFirst(true)),
            (m, in) ->
                out(
                    ((TransformerDecoderLayer) m)
                        .forward(
                            in.get("tgt"),
                            in.get("memory"),
                            null,
                            in.get("memory_mask"),
                            null,
                            null))));
    CASES.put(
        "transformer",
        new Case(
            () -> new Transformer(8, 2, 2, 2, SMALL.withBatchFirst(true)),
            (m, in) ->
                out(
                    ((Transformer) m)
                        .forward(
                            in.get("src"),
                            in.get("tgt"),
                            null,
                            in.get("tgt_mask"),
                            null,
                            in.get("src_key_padding_mask"),
                            null,
                            in.get("memory_key_padding_mask")))));
  }

  /** Calls PyTorch's full MultiheadAttention forward with whichever masks the case has. */
  private static Out mha(Module m, Map<String, Tensor> in, boolean needWeights, boolean average) {
    return out(
        ((MultiheadAttention) m)
            .forward(
                in.get("query"),
                in.get("key"),
                in.get("value"),
                in.get("key_padding_mask"),
                needWeights,
                in.get("attn_mask"),
                average));
  }

  @Test
  void everyFixtureDirectoryHasACase() throws Exception {
    try (Stream<Path> dirs = Files.list(dir("sdpa_causal").getParent())) {
      assertEquals(
          new TreeSet<>(CASES.keySet()),
          dirs.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new)));
    }
  }

  static Stream<String> cases() {
    return CASES.keySet().stream();
  }

  private static Path dir(String name) throws Exception {
    return Path.of(
        AttentionFixturesTest.class
            .getClassLoader()
            .getResource("fixtures/attention/" + name)
            .toURI());
  }

  /** Floating inputs that are not masks get gradients, as in the generator. */
  private static boolean differentiable(String name, Tensor t) {
    return t.dtype().isFloatingPoint() && !name.endsWith("mask");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesPyTorch(String name) throws Exception {
    Path d = dir(name);
    Case c = CASES.get(name);
    Module m = null;
    if (c.module() != null) {
      m = c.module().get();
      LoadResult r = m.loadStateDict(SafeTensors.read(d.resolve("weights.safetensors")).tensors());
      assertTrue(r.isClean(), r.toString());
    }
    Map<String, Tensor> inputs = new TreeMap<>();
    try (Stream<Path> files = Files.list(d)) {
      for (Path f : files.toList()) {
        String file = f.getFileName().toString();
        if (file.startsWith("input.")) {
          String key = file.substring("input.".length(), file.length() - ".npy".length());
          Tensor t = Npy.read(f);
          inputs.put(key, differentiable(key, t) ? t.requiresGrad_(true) : t);
        }
      }
    }
    Out o = c.run().apply(m, inputs);
    assertClose(name + " output", Npy.read(d.resolve("output.npy")), o.output().detach());
    Tensor loss = o.output().mul(Npy.read(d.resolve("grad_output.npy"))).sum();
    Path w = d.resolve("attn_weights.npy");
    assertEquals(Files.exists(w), o.weights() != null, name + ": attention weights returned");
    if (o.weights() != null) {
      assertClose(name + " attention weights", Npy.read(w), o.weights().detach());
      loss = loss.add(o.weights().mul(Npy.read(d.resolve("grad_attn_weights.npy"))).sum());
    }
    loss.backward();
    for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
      if (e.getValue().requiresGrad()) {
        Tensor expected = Npy.read(d.resolve("grad_input." + e.getKey() + ".npy"));
        assertClose(name + " grad input " + e.getKey(), expected, e.getValue().grad());
      }
    }
    if (m != null) {
      for (Map.Entry<String, Tensor> p : m.namedParameters().entrySet()) {
        Path g = d.resolve("grad." + p.getKey() + ".npy");
        assertTrue(Files.exists(g), name + ": PyTorch has no parameter " + p.getKey());
        assertClose(name + " grad " + p.getKey(), Npy.read(g), p.getValue().grad());
      }
    }
    try (Stream<Path> files = Files.list(d)) {
      long grads = files.filter(f -> f.getFileName().toString().startsWith("grad.")).count();
      assertEquals(grads, m == null ? 0 : m.namedParameters().size(), name + ": parameter count");
    }
  }

  private static void assertClose(String what, Tensor expected, Tensor actual) {
    assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
    assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
    String name = what.substring(0, what.indexOf(' '));
    double atol = STACKS.contains(name) ? RTOL * expected.abs().max().item() : ATOL;
    assertTrue(
        actual.allclose(expected, RTOL, atol, false),
        what
            + ": max abs diff "
            + actual.sub(expected).abs().max().item()
            + " at max |expected| "
            + expected.abs().max().item()
            + ": expected "
            + expected
            + " got "
            + actual);
  }
}
