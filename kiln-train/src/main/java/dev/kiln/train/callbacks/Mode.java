package dev.kiln.train.callbacks;

/** Whether a monitored value improves by going down or up (Keras's {@code mode}). */
public enum Mode {
  /**
   * Up for accuracies, AUC, precision, recall, F1 and R² (the name contains {@code acc}, {@code
   * auc}, {@code precision}, {@code recall}, {@code f1} or {@code r2}), down otherwise.
   */
  AUTO,
  /** Lower is better. */
  MIN,
  /** Higher is better. */
  MAX;

  /** MIN or MAX for {@code monitor}. */
  public Mode resolve(String monitor) {
    if (this != AUTO) {
      return this;
    }
    String m = monitor.toLowerCase();
    for (String up : new String[] {"acc", "auc", "precision", "recall", "f1", "r2"}) {
      if (m.contains(up)) {
        return MAX;
      }
    }
    return MIN;
  }
}
