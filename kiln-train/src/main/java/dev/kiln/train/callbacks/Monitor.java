package dev.kiln.train.callbacks;

import java.util.Map;

/** A monitored log value with a direction: reads it from logs and compares it with a best. */
final class Monitor {
  private final String key;
  private final Mode mode;

  Monitor(String key, Mode mode) {
    this.key = key;
    this.mode = mode.resolve(key);
  }

  String key() {
    return key;
  }

  Mode mode() {
    return mode;
  }

  /** The worst possible value (where "best so far" starts). */
  double worst() {
    return mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
  }

  /** Whether {@code current} beats {@code best} by more than {@code minDelta}. */
  boolean improves(double current, double best, double minDelta) {
    return mode == Mode.MIN ? current + minDelta < best : current - minDelta > best;
  }

  /**
   * The monitored value in {@code logs}.
   *
   * @throws IllegalStateException naming the available keys when it is missing
   */
  double read(String who, Map<String, Double> logs) {
    Double v = logs.get(key);
    if (v == null) {
      throw new IllegalStateException(
          who
              + ": monitored value '"
              + key
              + "' is not in the logs; available: "
              + logs.keySet()
              + (key.startsWith("val_") ? " (validation keys need validation data)" : ""));
    }
    return v;
  }
}
