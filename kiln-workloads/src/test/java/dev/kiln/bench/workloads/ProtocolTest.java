package dev.kiln.bench.workloads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The protocol's bookkeeping (filter, alternation) and the yardstick's copy; never timings. */
class ProtocolTest {
  @Test
  void filterDropsNoisySamplesOnlyWhenFiveCleanOnesRemain() {
    List<Protocol.Sample> six = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      six.add(new Protocol.Sample(i, 0.05));
    }
    six.add(new Protocol.Sample(100, 0.5));
    Protocol.Result kept = Protocol.filter(six);
    assertFalse(kept.flagged());
    assertArrayEquals(new double[] {1, 2, 3, 4, 5}, kept.kept());
    assertEquals(3, kept.median());
    assertEquals(1, kept.min());
    assertEquals(5, kept.max());

    Protocol.Result flagged = Protocol.filter(six.subList(2, 6));
    assertTrue(flagged.flagged());
    assertArrayEquals(new double[] {3, 4, 5, 100}, flagged.kept());
    assertEquals(4.5, flagged.median());
  }

  @Test
  void alternatingWarmsUpEachStepThenTakesOneSampleOfEachPerRoundTurningTheOrder() {
    StringBuilder blocks = new StringBuilder();
    float[] work = new float[100_000];
    Runnable a = () -> step(work, blocks, 'a');
    Runnable b = () -> step(work, blocks, 'b');
    List<Protocol.Result> r = Protocol.measureAlternating(List.of(a, b), 3);
    // warm-up of a, warm-up of b, then rounds (a, b), (b, a), (a, b): consecutive blocks of one
    // step merge, so "ab" "ab" "ba" "ab" reads "ababab" (in a fixed order it would be "abababab")
    assertEquals("ababab", blocks.toString());
    assertEquals(2, r.size());
    for (Protocol.Result x : r) {
      assertEquals(3, x.samples().size());
      assertTrue(x.flagged(), "3 samples are fewer than MIN_CLEAN, so all are kept and flagged");
      assertEquals(3, x.kept().length);
    }
  }

  @Test
  void pairedRatioIsTheMedianOfCleanRoundsRatios() {
    // rounds: limit / measured = 0.5, 1, 2, 4 (noisy), 1.5, 3
    double[] measured = {2, 1, 1, 1, 2, 1};
    double[] limit = {1, 1, 2, 4, 3, 3};
    List<Protocol.Sample> m = new ArrayList<>();
    List<Protocol.Sample> l = new ArrayList<>();
    for (int r = 0; r < measured.length; r++) {
      m.add(new Protocol.Sample(measured[r], r == 3 ? 0.5 : 0));
      l.add(new Protocol.Sample(limit[r], 0));
    }
    assertEquals(1.5, Protocol.pairedRatio(Protocol.filter(m), Protocol.filter(l)));
    // fewer than five clean rounds: all of them count
    assertEquals(
        1.75,
        Protocol.pairedRatio(Protocol.filter(m.subList(1, 5)), Protocol.filter(l.subList(1, 5))));
  }

  /** Some work, and the step's name appended when the previous call was another step's. */
  private static void step(float[] work, StringBuilder blocks, char name) {
    Arrays.fill(work, name);
    if (blocks.isEmpty() || blocks.charAt(blocks.length() - 1) != name) {
      blocks.append(name);
    }
  }

  @Test
  void copyYardstickCopiesEveryElementAndRefusesMismatchedArrays() {
    float[] src = new float[1000];
    for (int i = 0; i < src.length; i++) {
      src[i] = i * 0.5f;
    }
    float[] dst = new float[1000];
    CopyYardstick.step(src, dst).run();
    assertArrayEquals(src, dst);
    var e =
        assertThrows(IllegalArgumentException.class, () -> CopyYardstick.step(src, new float[3]));
    assertTrue(e.getMessage().contains("src has 1000 floats but dst 3"), e.getMessage());
  }
}
