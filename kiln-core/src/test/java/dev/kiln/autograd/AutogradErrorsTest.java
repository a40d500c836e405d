package dev.kiln.autograd;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Autograd's errors say what went wrong, naming the op and the shapes involved. */
class AutogradErrorsTest {
  private static Tensor leaf(double... v) {
    return Tensor.of(v).requiresGrad_(true);
  }

  private static void assertMessage(
      Class<? extends Throwable> type, Executable call, String... parts) {
    Throwable e = assertThrows(type, call);
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "message lacks '" + p + "': " + e.getMessage());
    }
  }

  @Test
  void backwardTwiceWithoutRetainGraph() {
    Tensor x = leaf(1, 2);
    Tensor y = x.exp().sum();
    y.backward();
    assertMessage(
        IllegalStateException.class,
        y::backward,
        "backward through the graph a second time",
        "retainGraph");
  }

  @Test
  void backwardOnANonScalarWithoutAGradient() {
    Tensor y = leaf(1, 2).mul(2);
    assertMessage(IllegalArgumentException.class, y::backward, "only for scalar outputs", "[2]");
  }

  @Test
  void gradOfATensorThatDoesNotRequireGrad() {
    Tensor x = Tensor.of(new double[] {1, 2});
    assertMessage(
        IllegalArgumentException.class,
        () -> x.sum().backward(),
        "does not require grad and does not have a grad_fn");
    Tensor w = leaf(1, 2);
    Tensor y = w.sum();
    assertMessage(
        IllegalArgumentException.class, () -> Autograd.grad(y, x), "input 0 does not require grad");
  }

  @Test
  void modifiedSavedTensor() {
    Tensor x = leaf(1, 2);
    Tensor h = x.mul(2);
    Tensor y = h.sin().sum(); // sin saves its input h
    h.add_(1);
    assertMessage(
        IllegalStateException.class,
        y::backward,
        "modified by an inplace operation",
        "input 0 of sin",
        "is at version 1; expected version 0");
  }

  @Test
  void savedOutputModified() {
    Tensor x = leaf(1, 2);
    Tensor e = x.exp(); // exp saves its output
    Tensor y = e.sum();
    e.mul_(2);
    assertMessage(IllegalStateException.class, y::backward, "output 0 of exp");
  }

  @Test
  void shapeMismatchOfAUserGradient() {
    Tensor y = leaf(1, 2, 3).mul(2);
    assertMessage(
        IllegalArgumentException.class,
        () -> y.backward(Tensor.of(new double[] {1, 2})),
        "mismatch in shape",
        "[2]",
        "[3]");
  }

  @Test
  void inPlaceOnALeafThatRequiresGrad() {
    Tensor x = leaf(1, 2);
    assertMessage(
        IllegalStateException.class, () -> x.add_(1), "leaf tensor that requires grad", "add");
    assertMessage(
        IllegalStateException.class,
        () -> x.narrow(0, 0, 1).fill_(0),
        "view of a leaf tensor that requires grad");
    try (var s = Autograd.noGrad()) {
      x.add_(1); // allowed without recording, as in an optimizer step
    }
  }

  @Test
  void nonDifferentiableResultsDoNotRequireGrad() {
    Tensor x = leaf(1, 2);
    assertTrue(!x.gt(1).requiresGrad() && !x.argmax().requiresGrad());
    assertMessage(
        IllegalArgumentException.class,
        () -> x.gt(1).backward(),
        "does not require grad and does not have a grad_fn");
  }

  @Test
  void changingRequiresGradOfANonLeaf() {
    Tensor y = leaf(1).mul(2);
    assertMessage(
        IllegalStateException.class, () -> y.requiresGrad_(false), "only change requiresGrad");
  }

  @Test
  void hookOnATensorThatDoesNotRequireGrad() {
    assertMessage(
        IllegalStateException.class,
        () -> Tensor.of(new double[] {1}).registerHook(g -> g),
        "doesn't require gradient");
  }

  @Test
  void viewReadingOutsideItsSource() {
    Tensor base = Tensor.of(new double[] {1, 2, 3, 4}).requiresGrad_(true);
    Tensor head = base.mul(1).narrow(0, 0, 2);
    assertMessage(
        UnsupportedOperationException.class,
        () -> head.asStrided(new int[] {2}, new int[] {1}, 2),
        "reads outside the elements");
  }
}
