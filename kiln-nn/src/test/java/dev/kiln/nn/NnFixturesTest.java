package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.nn.NnFixtures.Case;
import dev.kiln.tensor.ConvOptions;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.PoolOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The first nn fixture table (see {@link NnFixtures}): linear, convolution, pooling, norm,
 * embedding and activation cases; later layers are in {@link NnFixturesLayersTest} and {@link
 * NnFixturesActivationsTest}. Also checks that every fixture directory has a case in one table.
 */
class NnFixturesTest {
  static final Map<String, Case> CASES = new LinkedHashMap<>();

  private static final Generator G = new Generator(7);

  static {
    CASES.put("linear", Case.of(() -> new Linear(4, 3)));
    CASES.put("linear_nobias", Case.of(() -> new Linear(4, 3, false, G)));
    CASES.put("linear_3d_input", Case.of(() -> new Linear(3, 2)));
    CASES.put("mlp", Case.of(() -> new Sequential(new Linear(4, 5), new ReLU(), new Linear(5, 2))));
    CASES.put(
        "mlp_named",
        Case.of(
            () -> {
              Map<String, Module> layers = new LinkedHashMap<>();
              layers.put("hidden", new Linear(3, 4));
              layers.put("act", new ReLU());
              layers.put("id", new Identity());
              layers.put("head", new Linear(4, 2));
              return new Sequential(layers);
            }));
    CASES.put(
        "conv1d",
        Case.of(
            () ->
                new Conv1d(2, 3, 3, ConvOptions.defaults().withStride(2).withPadding(1), true, G)));
    CASES.put(
        "conv2d_groups",
        Case.of(
            () ->
                new Conv2d(
                    2,
                    4,
                    new int[] {3, 2},
                    ConvOptions.defaults().withPadding(1).withGroups(2),
                    true,
                    G)));
    CASES.put(
        "conv2d_dilation_nobias",
        Case.of(
            () ->
                new Conv2d(
                    2, 2, new int[] {3, 3}, ConvOptions.defaults().withDilation(2), false, G)));
    CASES.put(
        "cnn",
        Case.of(
            () ->
                new Sequential(
                    new Conv2d(1, 2, 3),
                    new ReLU(),
                    new MaxPool2d(2),
                    new Flatten(),
                    new Linear(18, 3))));
    CASES.put(
        "maxpool2d", Case.of(() -> new MaxPool2d(PoolOptions.of(3).withStride(2).withPadding(1))));
    CASES.put("avgpool2d", Case.of(() -> new AvgPool2d(2)));
    CASES.put("adaptive_avgpool2d", Case.of(() -> new AdaptiveAvgPool2d(3, 2)));
    CASES.put(
        "flatten_unflatten", Case.of(() -> new Sequential(new Flatten(), new Unflatten(1, 4, 3))));
    CASES.put("tanh", Case.of(Tanh::new));
    CASES.put("sigmoid", Case.of(Sigmoid::new));
    CASES.put("silu", Case.of(SiLU::new));
    CASES.put("gelu", Case.of(GELU::new));
    CASES.put("gelu_tanh", Case.of(() -> new GELU("tanh")));
    CASES.put("leaky_relu", Case.of(() -> new LeakyReLU(0.2)));
    CASES.put("elu", Case.of(() -> new ELU(0.5)));
    CASES.put("softmax", Case.of(() -> new Softmax(1)));
    CASES.put("log_softmax", Case.of(() -> new LogSoftmax(0)));
    CASES.put("dropout_eval", Case.eval(() -> new Dropout(0.5, G)));
    CASES.put("layer_norm", Case.of(() -> new LayerNorm(3, 4)));
    CASES.put("layer_norm_no_affine", Case.of(() -> new LayerNorm(new int[] {4}, 1e-3, false)));
    CASES.put("batch_norm1d", Case.of(() -> new BatchNorm1d(3)));
    CASES.put("batch_norm1d_3d", Case.of(() -> new BatchNorm1d(3, 1e-5, 0.3, true, true)));
    CASES.put("batch_norm2d", Case.of(() -> new BatchNorm2d(2)));
    CASES.put("batch_norm2d_eval", Case.eval(() -> new BatchNorm2d(2)));
    CASES.put("batch_norm2d_no_affine", Case.of(() -> new BatchNorm2d(2, 1e-5, 0.1, false, true)));
    CASES.put("batch_norm1d_cumulative", Case.of(() -> new BatchNorm1d(3, 1e-5, null, true, true)));
    CASES.put("embedding", Case.of(() -> new Embedding(10, 3)));
    CASES.put("embedding_padding", Case.of(() -> new Embedding(6, 3, 2, G)));
  }

  @Test
  void everyFixtureDirectoryHasACase() throws Exception {
    Set<String> all = new TreeSet<>(CASES.keySet());
    all.addAll(NnFixturesLayersTest.CASES.keySet());
    all.addAll(NnFixturesActivationsTest.CASES.keySet());
    try (Stream<Path> dirs = Files.list(NnFixtures.dir("linear").getParent())) {
      assertEquals(
          all,
          dirs.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new)));
    }
  }

  static Stream<String> cases() {
    return CASES.keySet().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesPyTorch(String name) throws Exception {
    NnFixtures.check(name, CASES.get(name));
  }
}
