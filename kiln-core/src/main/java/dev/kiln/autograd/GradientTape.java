package dev.kiln.autograd;

import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * TensorFlow's {@code GradientTape} over Kiln's autograd: ops run while the tape is open are
 * recorded (grad mode is on inside it), {@link #watch} makes a tensor a source, and {@link
 * #gradient} returns gradients without touching {@code .grad()}. A watched tensor requires grad
 * until the tape's last gradient (the first for a non-persistent tape) or {@link #reset()}.
 *
 * {@snippet :
 * GradientTape tape = new GradientTape(false);
 * try (tape) {
 *   tape.watch(x);
 *   y = x.mul(x).sum();
 * }
 * Tensor dx = tape.gradient(y, x)[0];
 * }
 */
public final class GradientTape implements AutoCloseable {
  private final boolean persistent;
  private final GradMode.Scope scope;
  private final List<Tensor> watched = new ArrayList<>();
  private boolean used;

  /**
   * Opens a tape.
   *
   * @param persistent whether {@link #gradient} may be called more than once
   */
  public GradientTape(boolean persistent) {
    this.persistent = persistent;
    this.scope = GradMode.enableGrad();
  }

  /** Makes {@code t} (a floating leaf) a source that ops on the tape record; returns it. */
  public Tensor watch(Tensor t) {
    if (!t.requiresGrad()) {
      t.requiresGrad_(true);
      watched.add(t);
    }
    return t;
  }

  /**
   * The gradients of {@code target} with respect to {@code sources} (null for a source the target
   * does not depend on).
   *
   * @throws IllegalStateException on a second call to a non-persistent tape
   */
  public Tensor[] gradient(Tensor target, Tensor... sources) {
    if (used && !persistent) {
      throw new IllegalStateException(
          "GradientTape.gradient can only be called once on a non-persistent tape; open it with"
              + " persistent=true to compute several gradients");
    }
    used = true;
    try {
      return Autograd.grad(new Tensor[] {target}, sources, null, persistent, false, true);
    } finally {
      if (!persistent) {
        reset();
      }
    }
  }

  /** Stops watching: the tensors {@link #watch} marked no longer require grad. */
  public void reset() {
    for (Tensor t : watched) {
      t.requiresGrad_(false);
    }
    watched.clear();
  }

  /** Stops recording (restores the grad mode in force when the tape was opened). */
  @Override
  public void close() {
    scope.close();
  }
}
