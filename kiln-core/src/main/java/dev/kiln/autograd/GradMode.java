package dev.kiln.autograd;

/**
 * Thread-local grad mode: whether ops on tensors that require grad record graph nodes. Scopes are
 * closed with try-with-resources and restore the previous mode.
 *
 * {@snippet :
 * try (var scope = GradMode.noGrad()) {
 *   Tensor y = w.mul(2);   // not recorded
 * }
 * }
 */
public final class GradMode {
  private GradMode() {}

  private record State(boolean enabled, boolean inference) {}

  private static final State ENABLED = new State(true, false);
  private static final State DISABLED = new State(false, false);
  private static final State INFERENCE = new State(false, true);
  private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(() -> ENABLED);

  /** A grad-mode scope; closing it restores the mode that was active when it was opened. */
  public interface Scope extends AutoCloseable {
    /** Restores the previous mode. */
    @Override
    void close();
  }

  /** Whether ops record graph nodes on this thread. */
  public static boolean isEnabled() {
    return STATE.get().enabled();
  }

  /** Whether this thread is in inference mode (no recording, as in {@link #noGrad()}). */
  public static boolean isInferenceMode() {
    return STATE.get().inference();
  }

  /** Sets grad mode on this thread (PyTorch's {@code torch.set_grad_enabled}). */
  public static void setGradEnabled(boolean enabled) {
    STATE.set(enabled ? ENABLED : DISABLED);
  }

  /** Disables recording until the scope closes. */
  public static Scope noGrad() {
    return enter(DISABLED);
  }

  /** Enables recording until the scope closes (e.g. inside a {@link #noGrad()} block). */
  public static Scope enableGrad() {
    return enter(ENABLED);
  }

  /** Disables recording and marks inference mode until the scope closes. */
  public static Scope inferenceMode() {
    return enter(INFERENCE);
  }

  static Scope withGradEnabled(boolean enabled) {
    return enter(enabled ? ENABLED : DISABLED);
  }

  private static Scope enter(State next) {
    State previous = STATE.get();
    STATE.set(next);
    return () -> STATE.set(previous);
  }
}
