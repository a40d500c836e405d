package dev.kiln.nn;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.GradMode;
import dev.kiln.autograd.HookHandle;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The table of {@link Module#summary(Tensor)}: a dry run with forward hooks on every module. */
final class ModelSummary {
  private static final String[] HEADER = {"Layer (type)", "Output Shape", "Param #"};

  private ModelSummary() {}

  /** Runs {@code root} on {@code example} without recording gradients and formats the table. */
  static String of(Module root, Tensor example) {
    Map<String, Module> modules = root.namedModules();
    Map<Module, int[]> shapes = new IdentityHashMap<>();
    List<HookHandle> handles = new ArrayList<>();
    try (GradMode.Scope s = Autograd.noGrad()) {
      for (Module m : modules.values()) {
        handles.add(
            m.registerForwardHook(
                (mod, in, out) -> {
                  shapes.putIfAbsent(mod, out.shape());
                  return null;
                }));
      }
      root.call(example);
    } finally {
      handles.forEach(HookHandle::remove);
    }
    List<String[]> rows = new ArrayList<>();
    for (Map.Entry<String, Module> e : modules.entrySet()) {
      rows.add(row(e.getKey(), e.getValue(), shapes.get(e.getValue())));
    }
    return format(rows, root.parameters());
  }

  private static String[] row(String path, Module m, int[] shape) {
    String name;
    if (path.isEmpty()) {
      name = m.kind();
    } else {
      int depth = (int) path.chars().filter(c -> c == '.').count() + 1;
      name = "  ".repeat(depth) + path.substring(path.lastIndexOf('.') + 1) + " (" + m.kind() + ")";
    }
    long own =
        m.namedParameters().entrySet().stream()
            .filter(p -> p.getKey().indexOf('.') < 0)
            .mapToLong(p -> p.getValue().numel())
            .sum();
    return new String[] {
      name, shape == null ? "--" : Arrays.toString(shape), own == 0 ? "--" : count(own)
    };
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String format(List<String[]> rows, List<Tensor> params) {
    int[] width = new int[3];
    for (String[] r : concat(HEADER, rows)) {
      for (int c = 0; c < 3; c++) {
        width[c] = Math.max(width[c], r[c].length());
      }
    }
    int total = width[0] + width[1] + width[2] + 4;
    String rule = "=".repeat(total) + "\n";
    StringBuilder sb = new StringBuilder();
    appendRow(sb, HEADER, width);
    sb.append(rule);
    rows.forEach(r -> appendRow(sb, r, width));
    sb.append(rule);
    long all = params.stream().mapToLong(Tensor::numel).sum();
    long trainable = params.stream().filter(Tensor::requiresGrad).mapToLong(Tensor::numel).sum();
    sb.append("Total params: ").append(count(all)).append('\n');
    sb.append("Trainable params: ").append(count(trainable)).append('\n');
    sb.append("Non-trainable params: ").append(count(all - trainable)).append('\n');
    return sb.toString();
  }

  private static List<String[]> concat(String[] first, List<String[]> rest) {
    List<String[]> all = new ArrayList<>(rest);
    all.add(first);
    return all;
  }

  private static void appendRow(StringBuilder sb, String[] r, int[] width) {
    sb.append(pad(r[0], width[0]))
        .append("  ")
        .append(pad(r[1], width[1]))
        .append("  ")
        .append(" ".repeat(width[2] - r[2].length()))
        .append(r[2])
        .append('\n');
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }
}
