package dev.kiln.train.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the built-in metrics into {@code (type, name, config)} and back, for {@link
 * dev.kiln.train.Model#save} and {@link dev.kiln.train.Model#load}. The config holds each metric's
 * numeric options ({@code threshold}, {@code k}, ...).
 */
public final class MetricConfigs {
  private MetricConfigs() {}

  /** The numeric options of a built-in metric (empty for others). */
  public static Map<String, Double> config(Metric m) {
    Map<String, Double> c = new LinkedHashMap<>();
    switch (m) {
      case BinaryAccuracy b -> c.put("threshold", b.threshold());
      case TopKCategoricalAccuracy t -> c.put("k", (double) t.k());
      case ClassificationMetric m2 when m2.average() == Average.BINARY ->
          c.put("threshold", m2.threshold());
      case ClassificationMetric m2 -> {
        c.put("num_classes", (double) m2.numClasses());
        c.put("macro", m2.average() == Average.MACRO ? 1.0 : 0.0);
      }
      case AUC a -> {
        c.put("pr", a.curve() == AUC.Curve.PR ? 1.0 : 0.0);
        c.put("num_classes", (double) a.numClasses());
      }
      default -> {}
    }
    return c;
  }

  /**
   * A new built-in metric of simple class name {@code type}, reported under {@code name}.
   *
   * @throws IllegalArgumentException for a type that is not built in
   */
  public static Metric create(String type, String name, Map<String, Double> config) {
    return switch (type) {
      case "BinaryAccuracy" -> new BinaryAccuracy(name, config.getOrDefault("threshold", 0.5));
      case "CategoricalAccuracy" -> new CategoricalAccuracy(name);
      case "SparseCategoricalAccuracy" -> new SparseCategoricalAccuracy(name);
      case "TopKCategoricalAccuracy" ->
          new TopKCategoricalAccuracy(name, config.getOrDefault("k", 5.0).intValue());
      case "Precision", "Recall", "F1Score" -> classification(type, name, config);
      case "AUC" -> {
        AUC.Curve curve = config.getOrDefault("pr", 0.0) != 0 ? AUC.Curve.PR : AUC.Curve.ROC;
        int classes = config.getOrDefault("num_classes", 0.0).intValue();
        yield classes == 0 ? new AUC(name, curve) : new AUC(name, curve, classes);
      }
      case "MeanAbsoluteError" -> new MeanAbsoluteError(name);
      case "MeanSquaredError" -> new MeanSquaredError(name);
      case "RootMeanSquaredError" -> new RootMeanSquaredError(name);
      case "R2Score" -> new R2Score(name);
      case "Mean" -> new Mean(name);
      default ->
          throw new IllegalArgumentException(
              "Model.load: metric '"
                  + name
                  + "' of type "
                  + type
                  + " is not built in; pass it to Model.load as a custom metric");
    };
  }

  private static Metric classification(String type, String name, Map<String, Double> config) {
    Double threshold = config.get("threshold");
    if (threshold != null) {
      return switch (type) {
        case "Precision" -> new Precision(name, threshold);
        case "Recall" -> new Recall(name, threshold);
        default -> new F1Score(name, threshold);
      };
    }
    int classes = config.getOrDefault("num_classes", 2.0).intValue();
    Average avg = config.getOrDefault("macro", 0.0) != 0 ? Average.MACRO : Average.MICRO;
    return switch (type) {
      case "Precision" -> new Precision(name, classes, avg);
      case "Recall" -> new Recall(name, classes, avg);
      default -> new F1Score(name, classes, avg);
    };
  }
}
