package dev.kiln.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@code relu_} on a recorded tensor writes in place and records itself on the tensor's history.
 */
class ReluInPlaceRecordedTest {
  @Test
  void writesIntoTheTensorAndGivesTheOutOfPlaceGradient() {
    Tensor x = Tensor.of(-1f, 0.5f, 2f, -3f).requiresGrad_(true);
    Tensor a = x.mul(2);
    Tensor b = a.relu_();
    assertSame(a, b);
    assertEquals(1, a.version());
    assertEquals("relu", b.gradFn().name());
    b.mul(3).sum().backward();
    assertArrayEquals(new float[] {0, 6, 6, 0}, x.grad().toFloatArray());
  }

  @Test
  void aDerivativeThatReadsTheOverwrittenTensorStillFailsLoudly() {
    Tensor x = Tensor.of(-1f, 0.5f).requiresGrad_(true);
    Tensor e = x.exp(); // exp's derivative reads its output, which relu_ then overwrites
    e.relu_();
    Tensor y = e.sum();
    IllegalStateException err = assertThrows(IllegalStateException.class, y::backward);
    assertTrue(
        err.getMessage().contains("in-place") || err.getMessage().contains("inplace"),
        err.getMessage());
  }
}
