package dev.kiln.nn.checkpoint;

import dev.kiln.optim.OptimizerState;
import dev.kiln.optim.lr.SchedulerState;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Flattens optimizer and scheduler states into safetensors tensors and string metadata, and back.
 * Optimizer state tensors are named {@code <prefix>state.<param index>.<name>}; group options and
 * scheduler fields are metadata entries under dotted keys, numbers written with {@link
 * Double#toString} so they read back exactly.
 */
final class StateCodec {
  private final Map<String, Tensor> tensors;
  private final Map<String, String> meta;
  private final String source;

  /** A codec over the given maps; {@code source} names the file in errors. */
  StateCodec(Map<String, Tensor> tensors, Map<String, String> meta, String source) {
    this.tensors = tensors;
    this.meta = meta;
    this.source = source;
  }

  /** Adds {@code s} under {@code prefix}. */
  void putOptimizer(String prefix, OptimizerState s) {
    s.state()
        .forEach(
            (index, st) ->
                st.forEach((k, t) -> tensors.put(prefix + "state." + index + "." + k, t)));
    meta.put(prefix + "groups", Integer.toString(s.groupOptions().size()));
    for (int i = 0; i < s.groupOptions().size(); i++) {
      String g = prefix + "group." + i + ".";
      s.groupOptions().get(i).forEach((k, v) -> meta.put(g + k, Double.toString(v)));
    }
  }

  /** Reads the optimizer state stored under {@code prefix}. */
  OptimizerState optimizer(String prefix) {
    Map<Integer, Map<String, Tensor>> state = new TreeMap<>();
    String statePrefix = prefix + "state.";
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      if (!e.getKey().startsWith(statePrefix)) {
        continue;
      }
      String rest = e.getKey().substring(statePrefix.length());
      int dot = rest.indexOf('.');
      int index = dot > 0 ? parseIndex(rest.substring(0, dot), e.getKey()) : -1;
      if (index < 0 || dot == rest.length() - 1) {
        throw malformed(
            "tensor '" + e.getKey() + "' is not named " + statePrefix + "<index>.<name>");
      }
      state
          .computeIfAbsent(index, i -> new LinkedHashMap<>())
          .put(rest.substring(dot + 1), e.getValue());
    }
    int groups = parseIndex(required(prefix + "groups"), prefix + "groups");
    List<Map<String, Double>> options = new ArrayList<>();
    for (int i = 0; i < groups; i++) {
      options.add(doubles(prefix + "group." + i + "."));
    }
    return new OptimizerState(state, options);
  }

  /** Adds {@code s} (and its children, recursively) under {@code prefix}. */
  void putScheduler(String prefix, SchedulerState s) {
    meta.put(prefix + "last_epoch", Integer.toString(s.lastEpoch()));
    meta.put(prefix + "base_lrs", join(s.baseLrs()));
    meta.put(prefix + "last_lr", join(s.lastLr()));
    s.extra().forEach((k, v) -> meta.put(prefix + "extra." + k, Double.toString(v)));
    meta.put(prefix + "children", Integer.toString(s.children().size()));
    for (int i = 0; i < s.children().size(); i++) {
      putScheduler(prefix + "child." + i + ".", s.children().get(i));
    }
  }

  /** Reads the scheduler state stored under {@code prefix}. */
  SchedulerState scheduler(String prefix) {
    int children = parseIndex(required(prefix + "children"), prefix + "children");
    List<SchedulerState> kids = new ArrayList<>();
    for (int i = 0; i < children; i++) {
      kids.add(scheduler(prefix + "child." + i + "."));
    }
    return new SchedulerState(
        (int) parseLong(prefix + "last_epoch"),
        split(prefix + "base_lrs"),
        split(prefix + "last_lr"),
        doubles(prefix + "extra."),
        kids);
  }

  /** Metadata entry {@code key} as a long. */
  long parseLong(String key) {
    String v = required(key);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw malformed("metadata '" + key + "' is not an integer: '" + v + "'");
    }
  }

  /** Metadata entry {@code key}, which must be present. */
  String required(String key) {
    String v = meta.get(key);
    if (v == null) {
      throw malformed("metadata has no entry '" + key + "'");
    }
    return v;
  }

  /** An error naming the file. */
  IllegalArgumentException malformed(String problem) {
    return new IllegalArgumentException(source + ": malformed checkpoint: " + problem);
  }

  private int parseIndex(String text, String key) {
    try {
      int i = Integer.parseInt(text);
      if (i >= 0) {
        return i;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw malformed("'" + key + "' has no valid count or index: '" + text + "'");
  }

  /** Metadata entries whose key starts with {@code prefix} and has no further dot, as numbers. */
  private Map<String, Double> doubles(String prefix) {
    Map<String, Double> out = new TreeMap<>();
    for (Map.Entry<String, String> e : meta.entrySet()) {
      String k = e.getKey();
      if (k.startsWith(prefix) && k.indexOf('.', prefix.length()) < 0) {
        out.put(k.substring(prefix.length()), number(k, e.getValue()));
      }
    }
    return out;
  }

  private double number(String key, String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw malformed("metadata '" + key + "' is not a number: '" + text + "'");
    }
  }

  private static String join(double[] values) {
    return Arrays.stream(values).mapToObj(Double::toString).collect(Collectors.joining(","));
  }

  private double[] split(String key) {
    String text = required(key);
    if (text.isEmpty()) {
      return new double[0];
    }
    return Arrays.stream(text.split(",", -1)).mapToDouble(v -> number(key, v)).toArray();
  }
}
