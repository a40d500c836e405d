package dev.kiln.train;

import dev.kiln.nn.Module;
import dev.kiln.tensor.Tensor;
import java.util.Locale;
import java.util.Map;

/**
 * A Keras-like table of a module tree: one row per module that holds parameters of its own (dotted
 * path, kind, parameter count), then total, trainable and non-trainable counts. Shapes of outputs
 * are not shown (that needs an input).
 */
final class ModelSummary {
  private ModelSummary() {}

  static String of(Module root) {
    StringBuilder sb = new StringBuilder();
    String rule = "-".repeat(64) + "\n";
    sb.append(String.format(Locale.ROOT, "%-40s %-12s %10s%n", "Layer (path)", "Kind", "Params"));
    sb.append(rule);
    for (Map.Entry<String, Module> e : root.namedModules().entrySet()) {
      Module m = e.getValue();
      long own = 0;
      for (Map.Entry<String, Tensor> p : m.namedParameters().entrySet()) {
        if (!p.getKey().contains(".")) {
          own += p.getValue().numel();
        }
      }
      if (own > 0) {
        String path = e.getKey().isEmpty() ? "(root)" : e.getKey();
        sb.append(String.format(Locale.ROOT, "%-40s %-12s %,10d%n", path, m.kind(), own));
      }
    }
    long total = 0;
    long trainable = 0;
    for (Tensor p : root.parameters()) {
      total += p.numel();
      trainable += p.requiresGrad() ? p.numel() : 0;
    }
    sb.append(rule);
    sb.append(String.format(Locale.ROOT, "Total params: %,d%n", total));
    sb.append(String.format(Locale.ROOT, "Trainable params: %,d%n", trainable));
    sb.append(String.format(Locale.ROOT, "Non-trainable params: %,d%n", total - trainable));
    return sb.toString();
  }
}
