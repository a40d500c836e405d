package dev.kiln.bench.workloads;

import dev.kiln.autograd.Autograd;
import dev.kiln.bench.WorkloadData;
import dev.kiln.nn.Conv2d;
import dev.kiln.nn.Flatten;
import dev.kiln.nn.Linear;
import dev.kiln.nn.MaxPool2d;
import dev.kiln.nn.Module;
import dev.kiln.nn.ReLU;
import dev.kiln.nn.Sequential;
import dev.kiln.nn.TransformerEncoderLayer;
import dev.kiln.nn.TransformerOptions;
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

  /**
   * W4: kiln-nn's post-norm {@link TransformerEncoderLayer} (d_model 256, 4 heads, feed-forward
   * 1024, dropout 0, relu, batch first), PyTorch's parameter names.
   */
  public static Module encoderLayer() {
    Module m =
        new TransformerEncoderLayer(
            256,
            4,
            TransformerOptions.defaults()
                .withDimFeedforward(1024)
                .withDropout(0)
                .withBatchFirst(true));
    setWeights(
        m,
        Map.of(
            "self_attn.in_proj_weight",
            200,
            "self_attn.out_proj.weight",
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
}
