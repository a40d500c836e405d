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
}
