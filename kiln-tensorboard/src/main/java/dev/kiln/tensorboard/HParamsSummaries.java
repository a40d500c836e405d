package dev.kiln.tensorboard;

import com.google.protobuf.ByteString;
import com.google.protobuf.ListValue;
import com.google.protobuf.Value;
import dev.kiln.tensorboard.proto.DataClass;
import dev.kiln.tensorboard.proto.DataType;
import dev.kiln.tensorboard.proto.Summary;
import dev.kiln.tensorboard.proto.TensorProto;
import dev.kiln.tensorboard.proto.hparams.Experiment;
import dev.kiln.tensorboard.proto.hparams.HParamInfo;
import dev.kiln.tensorboard.proto.hparams.HParamsPluginData;
import dev.kiln.tensorboard.proto.hparams.MetricInfo;
import dev.kiln.tensorboard.proto.hparams.MetricName;
import dev.kiln.tensorboard.proto.hparams.SessionEndInfo;
import dev.kiln.tensorboard.proto.hparams.SessionStartInfo;
import dev.kiln.tensorboard.proto.hparams.Status;
import java.util.List;
import java.util.Map;

/**
 * The hparams plugin's three summaries (experiment, session start, session end) that make a run
 * appear in the HParams dashboard; the payload lives in the metadata and the tensor is the plugin's
 * empty NULL_TENSOR (FORMATS.md section 3).
 */
final class HParamsSummaries {
  static final String PLUGIN = "hparams";
  static final String EXPERIMENT_TAG = "_hparams_/experiment";
  static final String SESSION_START_TAG = "_hparams_/session_start_info";
  static final String SESSION_END_TAG = "_hparams_/session_end_info";

  private HParamsSummaries() {}

  /**
   * Checks that every value is a {@link Number}, {@link String} or {@link Boolean}.
   *
   * @throws IllegalArgumentException naming the key and the value's type otherwise
   */
  static void check(Map<String, ?> hparams) {
    hparams.forEach(
        (k, v) -> {
          if (!(v instanceof Number || v instanceof String || v instanceof Boolean)) {
            throw new IllegalArgumentException(
                "addHparams: hparam '"
                    + k
                    + "' is a "
                    + (v == null ? "null" : v.getClass().getName())
                    + "; expected a Number, String or Boolean");
          }
        });
  }

  /** The experiment: one HParamInfo per hparam (with its discrete domain if given), metrics. */
  static Summary experiment(
      Map<String, ?> hparams, Iterable<String> metrics, Map<String, List<?>> domains) {
    Experiment.Builder exp = Experiment.newBuilder();
    hparams.forEach(
        (k, v) -> {
          HParamInfo.Builder info = HParamInfo.newBuilder().setName(k).setType(typeOf(v));
          List<?> domain = domains.get(k);
          if (domain != null) {
            ListValue.Builder list = ListValue.newBuilder();
            domain.forEach(d -> list.addValues(valueOf(d)));
            info.setDomainDiscrete(list);
          }
          exp.addHparamInfos(info);
        });
    for (String m : metrics) {
      exp.addMetricInfos(MetricInfo.newBuilder().setName(MetricName.newBuilder().setTag(m)));
    }
    return summary(
        EXPERIMENT_TAG, HParamsPluginData.newBuilder().setVersion(0).setExperiment(exp).build());
  }

  /** The session start: the hparam values of this run. */
  static Summary sessionStart(Map<String, ?> hparams, double startTimeSecs) {
    SessionStartInfo.Builder ssi = SessionStartInfo.newBuilder().setStartTimeSecs(startTimeSecs);
    hparams.forEach((k, v) -> ssi.putHparams(k, valueOf(v)));
    return summary(
        SESSION_START_TAG,
        HParamsPluginData.newBuilder().setVersion(0).setSessionStartInfo(ssi).build());
  }

  /** The session end, with status SUCCESS. */
  static Summary sessionEnd(double endTimeSecs) {
    SessionEndInfo sei =
        SessionEndInfo.newBuilder()
            .setStatus(Status.STATUS_SUCCESS)
            .setEndTimeSecs(endTimeSecs)
            .build();
    return summary(
        SESSION_END_TAG,
        HParamsPluginData.newBuilder().setVersion(0).setSessionEndInfo(sei).build());
  }

  private static Summary summary(String tag, HParamsPluginData data) {
    ByteString content = data.toByteString();
    TensorProto nullTensor =
        TensorProto.newBuilder()
            .setDtype(DataType.DT_FLOAT)
            .setTensorShape(Summaries.shape(0))
            .build();
    return Summaries.one(
        Summary.Value.newBuilder()
            .setTag(tag)
            .setMetadata(
                Summaries.metadata(PLUGIN, content).setDataClass(DataClass.DATA_CLASS_TENSOR))
            .setTensor(nullTensor));
  }

  private static dev.kiln.tensorboard.proto.hparams.DataType typeOf(Object v) {
    return switch (v) {
      case String s -> dev.kiln.tensorboard.proto.hparams.DataType.DATA_TYPE_STRING;
      case Boolean b -> dev.kiln.tensorboard.proto.hparams.DataType.DATA_TYPE_BOOL;
      default -> dev.kiln.tensorboard.proto.hparams.DataType.DATA_TYPE_FLOAT64;
    };
  }

  private static Value valueOf(Object v) {
    return switch (v) {
      case String s -> Value.newBuilder().setStringValue(s).build();
      case Boolean b -> Value.newBuilder().setBoolValue(b).build();
      case Number n -> Value.newBuilder().setNumberValue(n.doubleValue()).build();
      default ->
          throw new IllegalArgumentException(
              "addHparams: " + v + " is not a Number, String or Boolean");
    };
  }
}
