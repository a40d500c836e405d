package dev.kiln.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Generator.getState/setState: a restored state replays the same draws, in another generator. */
class GeneratorStateTest {
  @Test
  void restoredStateReplaysTheDraws() {
    Generator g = new Generator(11);
    Tensor.rand(g, 5);
    Generator.State s = g.getState();
    assertEquals(new Generator.State(11, 5), s);
    float[] a = Tensor.randn(g, 7).toFloatArray();
    Generator other = new Generator(99).setState(s);
    assertArrayEquals(a, Tensor.randn(other, 7).toFloatArray());
    g.setState(s);
    assertArrayEquals(a, Tensor.randn(g, 7).toFloatArray());
    assertFalse(Arrays.equals(a, Tensor.randn(g, 7).toFloatArray()));
  }

  @Test
  void negativeOffsetIsRefused() {
    Generator g = new Generator(1);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> g.setState(new Generator.State(1, -2)));
    assertEquals("Generator.setState: expected offset >= 0, got -2", e.getMessage());
  }
}
