package dev.kiln.tensorboard;

import com.google.protobuf.ByteString;
import dev.kiln.tensorboard.proto.DataClass;
import dev.kiln.tensorboard.proto.DataType;
import dev.kiln.tensorboard.proto.HistogramProto;
import dev.kiln.tensorboard.proto.Layout;
import dev.kiln.tensorboard.proto.PrCurvePluginData;
import dev.kiln.tensorboard.proto.Summary;
import dev.kiln.tensorboard.proto.SummaryMetadata;
import dev.kiln.tensorboard.proto.TensorProto;
import dev.kiln.tensorboard.proto.TensorShapeProto;
import dev.kiln.tensorboard.proto.TextPluginData;
import java.nio.charset.StandardCharsets;

/**
 * Builds the {@link Summary} of each kind the way PyTorch's {@code torch.utils.tensorboard} writes
 * it (FORMATS.md section 3): scalars as {@code simple_value}, histograms as {@code histo}, images
 * as {@code image}, text, PR curves and the custom-scalars layout as plugin tensors.
 */
final class Summaries {
  /** Plugin names TensorBoard dispatches on. */
  static final String TEXT_PLUGIN = "text";

  static final String PR_CURVES_PLUGIN = "pr_curves";
  static final String CUSTOM_SCALARS_PLUGIN = "custom_scalars";

  /** The tag under which the custom scalars plugin looks for its layout. */
  static final String CUSTOM_SCALARS_TAG = "custom_scalars__config__";

  private Summaries() {}

  static Summary scalar(String tag, float value) {
    return one(Summary.Value.newBuilder().setTag(tag).setSimpleValue(value));
  }

  static Summary histogram(String tag, HistogramProto histo) {
    return one(Summary.Value.newBuilder().setTag(tag).setHisto(histo));
  }

  static Summary image(String tag, int height, int width, int channels, byte[] png) {
    Summary.Image image =
        Summary.Image.newBuilder()
            .setHeight(height)
            .setWidth(width)
            .setColorspace(channels)
            .setEncodedImageString(ByteString.copyFrom(png))
            .build();
    return one(Summary.Value.newBuilder().setTag(tag).setImage(image));
  }

  /** Markdown text, under {@code tag + "/text_summary"} as PyTorch names it. */
  static Summary text(String tag, String text) {
    TensorProto tensor =
        TensorProto.newBuilder()
            .setDtype(DataType.DT_STRING)
            .setTensorShape(shape(1))
            .addStringVal(ByteString.copyFrom(text, StandardCharsets.UTF_8))
            .build();
    SummaryMetadata metadata =
        metadata(TEXT_PLUGIN, TextPluginData.newBuilder().setVersion(0).build().toByteString())
            .setDataClass(DataClass.DATA_CLASS_TENSOR)
            .build();
    return one(
        Summary.Value.newBuilder()
            .setTag(tag + "/text_summary")
            .setMetadata(metadata)
            .setTensor(tensor));
  }

  /** A PR curve: {@code data} is the row-major [6, numThresholds] table of {@link PrCurves}. */
  static Summary prCurve(String tag, float[] data, int numThresholds) {
    TensorProto.Builder tensor =
        TensorProto.newBuilder()
            .setDtype(DataType.DT_FLOAT)
            .setTensorShape(shape(6, numThresholds));
    for (float v : data) {
      tensor.addFloatVal(v);
    }
    ByteString content =
        PrCurvePluginData.newBuilder()
            .setVersion(0)
            .setNumThresholds(numThresholds)
            .build()
            .toByteString();
    SummaryMetadata metadata =
        metadata(PR_CURVES_PLUGIN, content).setDataClass(DataClass.DATA_CLASS_TENSOR).build();
    return one(Summary.Value.newBuilder().setTag(tag).setMetadata(metadata).setTensor(tensor));
  }

  /** The custom scalars layout: a scalar string tensor holding the serialized {@link Layout}. */
  static Summary customScalars(Layout layout) {
    TensorProto tensor =
        TensorProto.newBuilder()
            .setDtype(DataType.DT_STRING)
            .setTensorShape(TensorShapeProto.getDefaultInstance())
            .addStringVal(layout.toByteString())
            .build();
    SummaryMetadata metadata =
        metadata(CUSTOM_SCALARS_PLUGIN, ByteString.EMPTY)
            .setDataClass(DataClass.DATA_CLASS_TENSOR)
            .build();
    return one(
        Summary.Value.newBuilder()
            .setTag(CUSTOM_SCALARS_TAG)
            .setMetadata(metadata)
            .setTensor(tensor));
  }

  static SummaryMetadata.Builder metadata(String plugin, ByteString content) {
    return SummaryMetadata.newBuilder()
        .setPluginData(
            SummaryMetadata.PluginData.newBuilder().setPluginName(plugin).setContent(content));
  }

  static TensorShapeProto shape(long... dims) {
    TensorShapeProto.Builder b = TensorShapeProto.newBuilder();
    for (long d : dims) {
      b.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
    }
    return b.build();
  }

  static Summary one(Summary.Value.Builder value) {
    return Summary.newBuilder().addValue(value).build();
  }
}
