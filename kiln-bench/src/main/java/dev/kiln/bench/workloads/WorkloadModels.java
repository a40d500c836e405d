package dev.kiln.bench.workloads;

import dev.kiln.autograd.Autograd;
import dev.kiln.bench.WorkloadData;
import dev.kiln.nn.Conv2d;
import dev.kiln.nn.Flatten;
import dev.kiln.nn.LayerNorm;
import dev.kiln.nn.Linear;
import dev.kiln.nn.MaxPool2d;
import dev.kiln.nn.Module;
import dev.kiln.nn.ReLU;
import dev.kiln.nn.Sequential;
import dev.kiln.tensor.ConvOptions;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.Map;

/**
 * The networks of WORKLOADS.md W2–W4 built from kiln-nn modules, with the contract's weights:
 * {@code weight(shape, seed, fan_in) = fill(shape, seed, -1/sqrt(fan_in), 1/sqrt(fan_in))}, biases
 * 0, LayerNorm gamma 1 and beta 0.
 */
public final class WorkloadModels {
  private WorkloadModels() {}

  /** W2: {@code Linear(784,512) → ReLU → Linear(512,512) → ReLU → Linear(512,10)}. */
  public static Module mlp() {
    Module m =
        new Sequential(
            new Linear(784, 512),
            new ReLU(),
            new Linear(512, 512),
            new ReLU(),
            new Linear(512, 10));
    setWeights(m, Map.of("0.weight", 100, "2.weight", 102, "4.weight", 104));
    return m;
  }

  /** W3: the LeNet-style CNN (421,642 parameters). */
  public static Module cnn() {
    Generator g = Generator.defaultGenerator();
    ConvOptions pad1 = ConvOptions.defaults().withPadding(1);
    Module m =
        new Sequential(
            new Conv2d(1, 32, new int[] {3, 3}, pad1, true, g),
            new ReLU(),
            new MaxPool2d(2),
            new Conv2d(32, 64, new int[] {3, 3}, pad1, true, g),
            new ReLU(),
            new MaxPool2d(2),
            new Flatten(),
            new Linear(3136, 128),
            new ReLU(),
            new Linear(128, 10));
    setWeights(m, Map.of("0.weight", 300, "3.weight", 302, "7.weight", 304, "9.weight", 306));
    return m;
  }

  /** W4: the post-norm transformer encoder layer (d_model 256, 4 heads, feed-forward 1024). */
  public static Module encoderLayer() {
    Module m = new EncoderLayer(256, 4, 1024);
    setWeights(
        m,
        Map.of(
            "inProj.weight",
            200,
            "outProj.weight",
            201,
            "linear1.weight",
            202,
            "linear2.weight",
            203));
    return m;
  }

  /**
   * Overwrites every parameter: the named weights from {@code fill} with their seed (fan-in = the
   * product of all dims but the first), every other parameter with 0 (biases) or 1 (LayerNorm
   * weights, whose names end in {@code norm1.weight} / {@code norm2.weight}).
   */
  static void setWeights(Module m, Map<String, Integer> seeds) {
    try (var g = Autograd.noGrad()) {
      for (var e : m.namedParameters().entrySet()) {
        Tensor p = e.getValue();
        Integer seed = seeds.get(e.getKey());
        if (seed != null) {
          p.copy_(weight(p.shape(), seed));
        } else {
          p.fill_(e.getKey().matches(".*norm\\d\\.weight") ? 1 : 0);
        }
      }
    }
  }

  /** {@code weight(shape, seed, fan_in)} with fan_in = the product of all dims but the first. */
  static Tensor weight(int[] shape, int seed) {
    int numel = 1;
    for (int d : shape) {
      numel *= d;
    }
    int fanIn = numel / shape[0];
    float bound = (float) (1 / Math.sqrt(fanIn));
    return WorkloadData.tensor(WorkloadData.fill(numel, seed, -bound, bound), shape);
  }

  /** {@code fill(shape, seed, lo, hi)} as a float32 tensor. */
  static Tensor fill(int[] shape, int seed, float lo, float hi) {
    int numel = 1;
    for (int d : shape) {
      numel *= d;
    }
    return WorkloadData.tensor(WorkloadData.fill(numel, seed, lo, hi), shape);
  }

  /** Labels {@code i mod 10} as int64. */
  static Tensor labels(int n) {
    return Tensor.arange(n).remainder(10L).to(DType.INT64);
  }

  /**
   * PyTorch's {@code TransformerEncoderLayer(batch_first=True, norm_first=False, dropout=0,
   * activation=relu)} from kiln-nn Linear and LayerNorm and core ops for the attention: {@code h =
   * norm1(x + MHA(x)); out = norm2(h + linear2(relu(linear1(h))))}.
   */
  static final class EncoderLayer extends Module {
    private final int dModel;
    private final int heads;
    private final Linear inProj;
    private final Linear outProj;
    private final Linear linear1;
    private final Linear linear2;
    private final LayerNorm norm1;
    private final LayerNorm norm2;

    EncoderLayer(int dModel, int heads, int feedForward) {
      this.dModel = dModel;
      this.heads = heads;
      this.inProj = registerModule("inProj", new Linear(dModel, 3 * dModel));
      this.outProj = registerModule("outProj", new Linear(dModel, dModel));
      this.linear1 = registerModule("linear1", new Linear(dModel, feedForward));
      this.linear2 = registerModule("linear2", new Linear(feedForward, dModel));
      this.norm1 = registerModule("norm1", new LayerNorm(dModel));
      this.norm2 = registerModule("norm2", new LayerNorm(dModel));
    }

    @Override
    public Tensor forward(Tensor x) {
      int b = x.shape()[0];
      int l = x.shape()[1];
      int hd = dModel / heads;
      Tensor qkv = inProj.call(x); // [B, L, 3D]
      Tensor q = heads(qkv.narrow(2, 0, dModel), b, l, hd);
      Tensor k = heads(qkv.narrow(2, dModel, dModel), b, l, hd);
      Tensor v = heads(qkv.narrow(2, 2 * dModel, dModel), b, l, hd);
      Tensor scores = q.matmul(k.transpose(2, 3)).mul(1 / Math.sqrt(hd));
      Tensor attn = scores.softmax(-1).matmul(v); // [B, H, L, hd]
      Tensor merged = attn.transpose(1, 2).reshape(b, l, dModel);
      Tensor h = norm1.call(x.add(outProj.call(merged)));
      return norm2.call(h.add(linear2.call(linear1.call(h).relu())));
    }

    private Tensor heads(Tensor t, int b, int l, int hd) {
      return t.reshape(b, l, heads, hd).transpose(1, 2);
    }
  }
}
