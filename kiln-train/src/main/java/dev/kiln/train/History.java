package dev.kiln.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-epoch logs of a {@link Model#fit} run (Keras's {@code History}): for every key ({@code
 * "loss"}, {@code "accuracy"}, {@code "val_loss"}, ...) one value per epoch run, and the epoch
 * numbers themselves (which start at {@code initialEpoch} when resuming).
 *
 * <pre>{@code
 * History h = model.fit(train, new FitOptions().epochs(10).validationSplit(0.2));
 * double last = h.get("val_loss").getLast();
 * h.plot(Path.of("history.png"));
 * }</pre>
 */
public final class History extends Callback {
  private final List<Integer> epochs = new ArrayList<>();
  private final Map<String, List<Double>> values = new LinkedHashMap<>();

  /** An empty history; {@link Model#fit} fills it. */
  public History() {}

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    record(epoch, logs);
  }

  private void record(int epoch, Map<String, Double> logs) {
    epochs.add(epoch);
    for (Map.Entry<String, Double> e : logs.entrySet()) {
      List<Double> list = values.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
      while (list.size() < epochs.size() - 1) {
        list.add(Double.NaN);
      }
      list.add(e.getValue());
    }
  }

  /** The epochs recorded, in order (0-based). */
  public List<Integer> epochs() {
    return Collections.unmodifiableList(epochs);
  }

  /** The keys recorded, in first-seen order. */
  public List<String> keys() {
    return List.copyOf(values.keySet());
  }

  /**
   * The values of {@code key}, one per epoch.
   *
   * @throws IllegalArgumentException naming the recorded keys if {@code key} is not one
   */
  public List<Double> get(String key) {
    List<Double> v = values.get(key);
    if (v == null) {
      throw new IllegalArgumentException(
          "History: no values for '" + key + "'; recorded keys are " + values.keySet());
    }
    return Collections.unmodifiableList(v);
  }

  /** Everything, key by key. */
  public Map<String, List<Double>> asMap() {
    Map<String, List<Double>> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return Collections.unmodifiableMap(out);
  }

  /**
   * The epochs up to and including {@code lastEpoch}, e.g. to continue from a checkpoint taken at
   * that epoch with {@link #concat}.
   */
  public History upTo(int lastEpoch) {
    History out = new History();
    for (int i = 0; i < epochs.size() && epochs.get(i) <= lastEpoch; i++) {
      out.record(epochs.get(i), row(i));
    }
    return out;
  }

  private Map<String, Double> row(int i) {
    Map<String, Double> logs = new LinkedHashMap<>();
    for (Map.Entry<String, List<Double>> e : values.entrySet()) {
      if (i < e.getValue().size()) {
        logs.put(e.getKey(), e.getValue().get(i));
      }
    }
    return logs;
  }

  /**
   * A history with this one's epochs followed by {@code later}'s, e.g. a run resumed with {@code
   * initialEpoch}.
   *
   * @throws IllegalArgumentException if {@code later} does not start after this one's last epoch
   */
  public History concat(History later) {
    if (!epochs.isEmpty()
        && !later.epochs.isEmpty()
        && later.epochs.getFirst() <= epochs.getLast()) {
      throw new IllegalArgumentException(
          "History.concat: the later history starts at epoch "
              + later.epochs.getFirst()
              + ", not after this one's last epoch "
              + epochs.getLast());
    }
    History out = new History();
    for (History h : List.of(this, later)) {
      for (int i = 0; i < h.epochs.size(); i++) {
        out.record(h.epochs.get(i), h.row(i));
      }
    }
    return out;
  }

  /**
   * Writes a PNG of the curves, one panel per metric ({@code loss} first), train and {@code val_}
   * on the same panel, 400 x 300 pixels per panel side by side.
   *
   * @throws IllegalStateException if nothing was recorded
   */
  public void plot(Path path) throws IOException {
    HistoryPlot.write(this, path);
  }

  @Override
  public String toString() {
    return "History" + values;
  }
}
