package dev.kiln.nn;

import dev.kiln.nn.EmbeddingBag.Mode;
import dev.kiln.nn.NnFixtures.Case;
import dev.kiln.ops.PadOps.PadMode;
import dev.kiln.tensor.ConvOptions;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.PoolOptions;
import dev.kiln.tensor.ValuesIndices;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The nn fixture table of the layers added for issue #5 (see {@link NnFixtures}): bilinear, 3-d and
 * transposed convolutions, 1-d and adaptive pools, group/instance/RMS norms, dropout in eval mode,
 * embeddings with a max norm and embedding bags, resampling, padding, LP pools, fold/unfold,
 * channel shuffle and local response norm.
 */
class NnFixturesLayersTest {
  static final Map<String, Case> CASES = new LinkedHashMap<>();

  private static final Generator G = new Generator(7);

  static {
    CASES.put(
        "bilinear",
        Case.calling(
            () -> new Bilinear(3, 4, 2), (m, x, e) -> ((Bilinear) m).forward(x, e.get("input2"))));
    CASES.put(
        "bilinear_nobias_3d",
        Case.calling(
            () -> new Bilinear(2, 2, 3, false, G),
            (m, x, e) -> ((Bilinear) m).forward(x, e.get("input2"))));
    CASES.put(
        "conv3d",
        Case.of(
            () ->
                new Conv3d(
                    2,
                    4,
                    new int[] {2, 3, 2},
                    ConvOptions.defaults().withStride(1, 2, 1).withPadding(1).withGroups(2),
                    true,
                    G)));
    CASES.put(
        "conv3d_dilation_nobias",
        Case.of(
            () ->
                new Conv3d(
                    1, 2, new int[] {2, 2, 2}, ConvOptions.defaults().withDilation(2), false, G)));
    CASES.put(
        "conv_transpose1d",
        Case.of(
            () ->
                new ConvTranspose1d(
                    2,
                    3,
                    3,
                    ConvOptions.defaults().withStride(2).withPadding(1).withOutputPadding(1),
                    true,
                    G)));
    CASES.put(
        "conv_transpose2d",
        Case.of(
            () ->
                new ConvTranspose2d(
                    4,
                    2,
                    new int[] {3, 2},
                    ConvOptions.defaults()
                        .withStride(2, 3)
                        .withPadding(1, 0)
                        .withOutputPadding(1, 2)
                        .withGroups(2),
                    true,
                    G)));
    CASES.put(
        "conv_transpose2d_dilation_nobias",
        Case.of(
            () ->
                new ConvTranspose2d(
                    2, 3, new int[] {3, 3}, ConvOptions.defaults().withDilation(2), false, G)));
    CASES.put(
        "maxpool1d",
        Case.of(
            () ->
                new MaxPool1d(PoolOptions.of(3).withStride(2).withPadding(1).withCeilMode(true))));
    CASES.put(
        "avgpool1d",
        Case.of(
            () ->
                new AvgPool1d(
                    PoolOptions.of(3).withStride(2).withPadding(1).withCountIncludePad(false))));
    CASES.put("adaptive_avgpool1d", Case.of(() -> new AdaptiveAvgPool1d(3)));
    CASES.put("adaptive_maxpool1d", Case.of(() -> new AdaptiveMaxPool1d(4)));
    CASES.put("adaptive_maxpool2d", Case.of(() -> new AdaptiveMaxPool2d(2, 3)));
    CASES.put("group_norm", Case.of(() -> new GroupNorm(2, 4)));
    CASES.put("group_norm_no_affine_4d", Case.of(() -> new GroupNorm(3, 6, 1e-3, false)));
    CASES.put("instance_norm2d", Case.of(() -> new InstanceNorm2d(3)));
    CASES.put(
        "instance_norm2d_affine_tracked",
        Case.of(() -> new InstanceNorm2d(3, 1e-5, 0.2, true, true)));
    CASES.put(
        "instance_norm2d_tracked_eval",
        Case.eval(() -> new InstanceNorm2d(2, 1e-5, 0.1, true, true)));
    CASES.put("instance_norm1d", Case.of(() -> new InstanceNorm1d(3, 1e-5, 0.1, true, false)));
    CASES.put("instance_norm2d_unbatched", Case.of(() -> new InstanceNorm2d(2)));
    CASES.put("rms_norm", Case.of(() -> new RMSNorm(4)));
    CASES.put("rms_norm_2d_eps", Case.of(() -> new RMSNorm(new int[] {3, 4}, 1e-3, false)));
    CASES.put("dropout2d_eval", Case.eval(() -> new Dropout2d(0.5, G)));
    CASES.put("alpha_dropout_eval", Case.eval(() -> new AlphaDropout(0.3, G)));
    CASES.put("embedding_max_norm", Case.of(() -> new Embedding(8, 4, null, 1.5, 2.0, G)));
    CASES.put(
        "embedding_bag_sum",
        Case.calling(
            () -> new EmbeddingBag(10, 3, Mode.SUM, null, false, G),
            (m, x, e) ->
                ((EmbeddingBag) m).forward(x, e.get("offsets"), e.get("per_sample_weights"))));
    CASES.put("embedding_bag_mean_2d", Case.of(() -> new EmbeddingBag(10, 3)));
    CASES.put(
        "embedding_bag_max",
        Case.calling(
            () -> new EmbeddingBag(10, 3, Mode.MAX, null, false, G),
            (m, x, e) -> ((EmbeddingBag) m).forward(x, e.get("offsets"), null)));
    CASES.put(
        "embedding_bag_padding_mean",
        Case.calling(
            () -> new EmbeddingBag(6, 3, Mode.MEAN, 1, true, G),
            (m, x, e) -> ((EmbeddingBag) m).forward(x, e.get("offsets"), null)));
    CASES.put("upsample_nearest", Case.of(() -> new Upsample(2)));
    CASES.put(
        "upsample_nearest_size", Case.of(() -> new Upsample(new int[] {5, 7}, "nearest", false)));
    CASES.put(
        "upsample_bilinear_align", Case.of(() -> new Upsample(new int[] {5, 6}, "bilinear", true)));
    CASES.put(
        "upsample_bilinear_scale",
        Case.of(() -> new Upsample(new double[] {1.5}, "bilinear", false)));
    CASES.put("pixel_shuffle", Case.of(() -> new PixelShuffle(2)));
    CASES.put("pixel_unshuffle", Case.of(() -> new PixelUnshuffle(2)));
    CASES.put("zero_pad2d", Case.of(() -> new ZeroPad2d(new int[] {1, 2, 0, 3})));
    CASES.put("constant_pad1d", Case.of(() -> new ConstantPad1d(new int[] {2, 1}, 0.5)));
    CASES.put("constant_pad2d", Case.of(() -> new ConstantPad2d(2, -1.5)));
    CASES.put("reflection_pad1d", Case.of(() -> new ReflectionPad1d(new int[] {3, 1})));
    CASES.put("reflection_pad2d", Case.of(() -> new ReflectionPad2d(new int[] {2, 1, 1, 2})));
    CASES.put("replication_pad1d", Case.of(() -> new ReplicationPad1d(2)));
    CASES.put("replication_pad2d", Case.of(() -> new ReplicationPad2d(new int[] {1, 0, 2, 1})));
    CASES.put("batch_norm3d", Case.of(() -> new BatchNorm3d(2)));
    CASES.put("instance_norm3d", Case.of(() -> new InstanceNorm3d(2, 1e-5, 0.1, true, false)));
    CASES.put(
        "conv_transpose2d_output_size",
        Case.calling(
            () ->
                new ConvTranspose2d(
                    2,
                    2,
                    new int[] {3, 3},
                    ConvOptions.defaults().withStride(3, 2).withPadding(1),
                    true,
                    G),
            (m, x, e) -> ((ConvTranspose2d) m).forward(x, new int[] {8, 8})));
    CASES.put(
        "conv_transpose1d_output_size",
        Case.calling(
            () -> new ConvTranspose1d(2, 1, 2, ConvOptions.defaults().withStride(3), true, G),
            (m, x, e) -> ((ConvTranspose1d) m).forward(x, 12)));
    CASES.put(
        "constant_pad3d", Case.of(() -> new ConstantPad3d(new int[] {1, 0, 2, 1, 0, 1}, 0.25)));
    CASES.put("reflection_pad3d", Case.of(() -> new ReflectionPad3d(1)));
    CASES.put(
        "replication_pad3d", Case.of(() -> new ReplicationPad3d(new int[] {0, 1, 1, 0, 2, 0})));
    CASES.put("lp_pool1d", Case.of(() -> new LPPool1d(2, 3, 2, false)));
    CASES.put("lp_pool2d", Case.of(() -> new LPPool2d(4, PoolOptions.of(2, 3).withStride(1, 2))));
    CASES.put(
        "unfold",
        Case.of(
            () -> new Unfold(new int[] {2, 3}, new int[] {1, 2}, new int[] {1}, new int[] {2, 1})));
    CASES.put(
        "fold",
        Case.of(
            () ->
                new Fold(
                    new int[] {4, 5},
                    new int[] {2, 2},
                    new int[] {1},
                    new int[] {0},
                    new int[] {2, 1})));
    CASES.put("channel_shuffle", Case.of(() -> new ChannelShuffle(3)));
    CASES.put("local_response_norm", Case.of(() -> new LocalResponseNorm(3, 0.5, 0.8, 2.0)));
    CASES.put("local_response_norm_4d", Case.of(() -> new LocalResponseNorm(4)));
    CASES.put("feature_alpha_dropout_eval", Case.eval(() -> new FeatureAlphaDropout(0.3, G)));
    CASES.put(
        "embedding_bag_max_norm_sum",
        Case.of(() -> new EmbeddingBag(7, 3, Mode.SUM, null, false, 1.2, 1.5, G)));
    CASES.put(
        "max_unpool2d",
        Case.calling(
            () -> new MaxUnpool2d(2),
            (m, x, e) -> {
              ValuesIndices p = new MaxPool2d(2).forwardWithIndices(x);
              return ((MaxUnpool2d) m).forward(p.values(), p.indices());
            }));
    CASES.put(
        "max_unpool2d_output_size",
        Case.calling(
            () -> new MaxUnpool2d(2),
            (m, x, e) -> {
              ValuesIndices p = new MaxPool2d(2).forwardWithIndices(x);
              return ((MaxUnpool2d) m).forward(p.values(), p.indices(), new int[] {5, 5});
            }));
    CASES.put(
        "max_unpool1d",
        Case.calling(
            () -> new MaxUnpool1d(3, 2, 1),
            (m, x, e) -> {
              ValuesIndices p =
                  new MaxPool1d(PoolOptions.of(3).withStride(2).withPadding(1))
                      .forwardWithIndices(x);
              return ((MaxUnpool1d) m).forward(p.values(), p.indices());
            }));
    CASES.put("dropout1d_eval", Case.eval(() -> new Dropout1d(0.5, G)));
    CASES.put("dropout3d_eval", Case.eval(() -> new Dropout3d(0.5, G)));
    CASES.put("upsample_linear", Case.of(() -> new Upsample(new double[] {2.5}, "linear", false)));
    CASES.put(
        "upsample_bicubic_align", Case.of(() -> new Upsample(new int[] {5, 4}, "bicubic", true)));
    CASES.put(
        "conv2d_reflect",
        Case.of(
            () ->
                new Conv2d(
                    2,
                    3,
                    new int[] {3, 3},
                    ConvOptions.defaults().withPadding(1, 2),
                    PadMode.REFLECT,
                    true,
                    G)));
    CASES.put(
        "conv1d_circular",
        Case.of(
            () ->
                new Conv1d(
                    1,
                    2,
                    3,
                    ConvOptions.defaults().withStride(2).withPadding(2),
                    PadMode.CIRCULAR,
                    true,
                    G)));
    CASES.put(
        "conv2d_replicate_same",
        Case.of(
            () ->
                new Conv2d(
                    2,
                    2,
                    new int[] {4, 3},
                    ConvOptions.defaults().withPadding("same").withDilation(1, 2),
                    PadMode.REPLICATE,
                    true,
                    G)));
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
