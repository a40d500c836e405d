package dev.kiln.autograd;

/**
 * Anomaly detection (PyTorch's {@code detect_anomaly}), thread-local: while on, every recorded node
 * keeps the stack trace of its forward call, an error in a node's backward carries that trace (as a
 * suppressed exception), and a backward that returns NaN fails naming the op.
 *
 * {@snippet :
 * try (var anomaly = AnomalyMode.detectAnomaly()) {
 *   loss.backward();
 * }
 * }
 */
public final class AnomalyMode {
  private AnomalyMode() {}

  private static final ThreadLocal<Boolean> ENABLED = ThreadLocal.withInitial(() -> false);

  /** Whether anomaly detection is on for this thread. */
  public static boolean isEnabled() {
    return ENABLED.get();
  }

  /** Turns anomaly detection on until the scope closes. */
  public static GradMode.Scope detectAnomaly() {
    boolean previous = ENABLED.get();
    ENABLED.set(true);
    return () -> ENABLED.set(previous);
  }
}
