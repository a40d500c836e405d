package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.GradCheck;
import dev.kiln.nn.functional.Attention;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Gradient checks, dropout statistics, argument errors and structure of the attention modules. */
class AttentionTest {
  private static Tensor randn(Generator g, int... shape) {
    return Tensor.randn(g, DType.FLOAT64, shape).requiresGrad_(true);
  }

  @Test
  void sdpaGradcheckWithFloatMaskAndCausal() {
    Generator g = new Generator(1);
    Tensor q = randn(g, 2, 3, 4);
    Tensor k = randn(g, 2, 5, 4);
    Tensor v = randn(g, 2, 5, 3);
    Tensor mask = Tensor.randn(g, DType.FLOAT64, 3, 5);
    GradCheck.gradcheck(
        in ->
            new Tensor[] {Attention.scaledDotProductAttention(in[0], in[1], in[2], mask, 0, false)},
        new Tensor[] {q, k, v});
    Tensor kc = randn(g, 2, 3, 4);
    Tensor vc = randn(g, 2, 3, 3);
    GradCheck.gradcheck(
        in ->
            new Tensor[] {Attention.scaledDotProductAttention(in[0], in[1], in[2], null, 0, true)},
        new Tensor[] {q, kc, vc});
  }

  @Test
  void mhaGradcheckOverInputsAndParameters() {
    Generator g = new Generator(2);
    MultiheadAttention m = new MultiheadAttention(4, 2, 0, true, true, false, 3, 4, true, g);
    m.to(DType.FLOAT64);
    Tensor q = randn(g, 2, 3, 4);
    Tensor k = randn(g, 2, 2, 3);
    Tensor v = randn(g, 2, 2, 4);
    Tensor kpm = Tensor.of(new boolean[][] {{false, false}, {false, true}});
    List<Tensor> inputs = new ArrayList<>(List.of(q, k, v));
    inputs.addAll(m.parameters());
    GradCheck.gradcheck(
        in -> {
          MultiheadAttention.Output o = m.forward(in[0], in[1], in[2], kpm, true, null, false);
          return new Tensor[] {o.output(), o.weights()};
        },
        inputs.toArray(new Tensor[0]));
  }

  @Test
  void sdpaBoolMaskTrueMeansAttend() {
    Generator g = new Generator(3);
    Tensor q = Tensor.randn(g, 1, 2, 3);
    Tensor k = Tensor.randn(g, 1, 4, 3);
    Tensor v = Tensor.randn(g, 1, 4, 2);
    Tensor allowed =
        Tensor.of(new boolean[][] {{true, true, false, false}, {false, true, true, true}});
    Tensor additive = Tensor.of(new float[][] {{0, 0, -1e30f, -1e30f}, {-1e30f, 0, 0, 0}});
    Tensor expected = Attention.scaledDotProductAttention(q, k, v, additive, 0, false);
    Tensor actual = Attention.scaledDotProductAttention(q, k, v, allowed, 0, false);
    assertTrue(actual.allclose(expected, 1e-6, 1e-7, false), actual.toString());
  }

  @Test
  void sdpaDropoutKeepsTheExpectation() {
    Generator g = new Generator(4);
    int l = 400;
    int s = 50;
    double p = 0.3;
    // Equal scores: every weight is 1/s before dropout, so each output is (kept count)/(s(1-p)).
    Tensor q = Tensor.zeros(1, l, 2);
    Tensor k = Tensor.zeros(1, s, 2);
    Tensor v = Tensor.ones(1, s, 1);
    Tensor y = Attention.scaledDotProductAttention(q, k, v, null, p, false, g);
    assertEquals(1.0, y.mean().item(), 0.02);
    double unit = 1.0 / (s * (1 - p));
    for (double x : y.toDoubleArray()) {
      assertEquals(Math.round(x / unit), x / unit, 1e-3, "output is a whole number of kept keys");
    }
    Tensor noDrop = Attention.scaledDotProductAttention(q, k, v, null, 0, false, g);
    assertTrue(noDrop.allclose(Tensor.ones(1, l, 1), 1e-6, 1e-6, false));
  }

  @Test
  void mhaDropoutOnlyInTraining() {
    Generator g = new Generator(5);
    MultiheadAttention m = new MultiheadAttention(4, 2, 0.5, true, false, false, 4, 4, false, g);
    Tensor x = Tensor.randn(g, 6, 2, 4);
    Tensor w1 = m.forward(x, x, x).weights();
    Tensor w2 = m.forward(x, x, x).weights();
    assertTrue(!w1.allclose(w2), "two training passes draw different dropout masks");
    m.eval();
    Tensor e1 = m.forward(x, x, x).weights();
    assertTrue(e1.allclose(m.forward(x, x, x).weights()));
    assertTrue(e1.sum(-1).allclose(Tensor.ones(2, 6), 1e-6, 1e-6, false));
  }

  @Test
  void sdpaRejectsMaskWithCausalAndBadShapes() {
    Tensor q = Tensor.zeros(2, 3);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Attention.scaledDotProductAttention(q, q, q, Tensor.zeros(2, 2), 0, true));
    assertTrue(e.getMessage().contains("either attnMask or isCausal"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Attention.scaledDotProductAttention(q, Tensor.zeros(2, 4), q));
    assertTrue(e.getMessage().contains("[2, 4]"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Attention.scaledDotProductAttention(
                    q, q, q, Tensor.zeros(DType.INT64, 2, 2), 0, false));
    assertTrue(e.getMessage().contains("int64"), e.getMessage());
  }

  @Test
  void mhaErrorsNameTheModuleAndShapes() {
    TransformerEncoderLayer layer =
        new TransformerEncoderLayer(8, 2, TransformerOptions.defaults().withDimFeedforward(4));
    TransformerEncoder enc = new TransformerEncoder(layer, 1, null);
    Tensor x = Tensor.zeros(3, 2, 8);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> enc.forward(x, Tensor.zeros(3, 4), null));
    assertTrue(e.getMessage().startsWith("MultiheadAttention(layers.0.self_attn)"), e.getMessage());
    assertTrue(e.getMessage().contains("[3, 3]") && e.getMessage().contains("[3, 4]"));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> enc.forward(x, null, Tensor.zeros(DType.BOOL, 2, 5)));
    assertTrue(e.getMessage().contains("keyPaddingMask must be [N, S] = [2, 3]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> enc.forward(Tensor.zeros(3, 2, 6)));
    assertTrue(e.getMessage().contains("embedDim 8"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new MultiheadAttention(6, 4));
  }

  @Test
  void needWeightsFalseAndSelfAttentionConvenience() {
    Generator g = new Generator(6);
    MultiheadAttention m = new MultiheadAttention(4, 2, 0, true, false, false, 4, 4, true, g);
    Tensor x = Tensor.randn(g, 2, 3, 4);
    MultiheadAttention.Output o = m.forward(x, x, x, null, false, null, true);
    assertNull(o.weights());
    assertTrue(o.output().allclose(m.call(x)));
    assertArrayEquals(new int[] {2, 3, 4}, o.output().shape());
  }

  @Test
  void squareSubsequentMask() {
    Tensor m = Transformer.generateSquareSubsequentMask(3);
    double inf = Double.NEGATIVE_INFINITY;
    assertArrayEquals(new double[] {0, inf, inf, 0, 0, inf, 0, 0, 0}, m.toDoubleArray());
    assertEquals(DType.FLOAT32, m.dtype());
  }

  @Test
  void stacksCopyTheLayerWithPyTorchKeys() {
    TransformerEncoderLayer layer =
        new TransformerEncoderLayer(8, 2, TransformerOptions.defaults().withDimFeedforward(16));
    TransformerEncoder enc = new TransformerEncoder(layer, 2, new LayerNorm(8));
    Map<String, Tensor> p = enc.namedParameters();
    Tensor w0 = p.get("layers.0.self_attn.in_proj_weight");
    Tensor w1 = p.get("layers.1.self_attn.in_proj_weight");
    assertNotSame(w0, w1);
    assertTrue(w0.equal(w1), "copies start with identical weights, as PyTorch's deep copies");
    assertTrue(w0.equal(layer.namedParameters().get("self_attn.in_proj_weight")));
    assertTrue(p.containsKey("layers.1.linear1.weight") && p.containsKey("norm.weight"));
    assertEquals(2 * 12 + 2, p.size());
    Transformer t =
        new Transformer(8, 2, 1, 1, TransformerOptions.defaults().withDimFeedforward(4));
    assertTrue(t.namedParameters().containsKey("decoder.layers.0.multihead_attn.out_proj.weight"));
    assertThrows(UnsupportedOperationException.class, () -> t.forward(Tensor.zeros(2, 1, 8)));
  }

  @Test
  void activationByNameOrFunction() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TransformerOptions.defaults().withActivation("tanh"));
    assertTrue(e.getMessage().contains("relu/gelu, not tanh"), e.getMessage());
    TransformerOptions o = TransformerOptions.defaults().withDimFeedforward(8).withDropout(0);
    Tensor x = Tensor.randn(new Generator(8), 3, 2, 4);
    Tensor byName =
        new TransformerEncoderLayer(4, 2, o.withActivation("gelu").withGenerator(new Generator(9)))
            .forward(x);
    Tensor byFunction =
        new TransformerEncoderLayer(
                4, 2, o.withActivation(t -> t.gelu()).withGenerator(new Generator(9)))
            .forward(x);
    Tensor relu = new TransformerEncoderLayer(4, 2, o.withGenerator(new Generator(9))).forward(x);
    assertTrue(byName.equal(byFunction));
    assertTrue(!byName.allclose(relu));
  }
}
