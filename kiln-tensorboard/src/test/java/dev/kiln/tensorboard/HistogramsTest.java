package dev.kiln.tensorboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The exponent-table bucket lookup agrees with a plain upper-bound search everywhere. */
class HistogramsTest {
  @Test
  void defaultLimitsAreTensorFlows() {
    double[] l = Histograms.DEFAULT_LIMITS;
    int mid = l.length / 2;
    assertEquals(0.0, l[mid]);
    assertEquals(1e-12, l[mid + 1]);
    assertEquals(-1e-12, l[mid - 1]);
    assertEquals(Double.MAX_VALUE, l[l.length - 1]);
    assertEquals(-Double.MAX_VALUE, l[0]);
    for (int i = 1; i < l.length; i++) {
      assertEquals(-l[l.length - 1 - i], l[i], 0.0);
    }
  }

  @Test
  void bucketOfIsTheFirstLimitAboveTheValue() {
    List<Double> values = new ArrayList<>();
    for (double limit : Histograms.DEFAULT_LIMITS) {
      values.addAll(List.of(limit, Math.nextUp(limit), Math.nextDown(limit)));
    }
    values.addAll(
        List.of(
            0.0,
            -0.0,
            Double.MIN_VALUE,
            -Double.MIN_VALUE,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            1e-300,
            -1e300,
            1.0,
            -1.0));
    Random random = new Random(7);
    for (int i = 0; i < 100_000; i++) {
      double v = random.nextGaussian() * Math.pow(10, random.nextInt(60) - 30);
      values.add(v);
    }
    for (double v : values) {
      assertEquals(upperBound(v + 0.0), Histograms.bucketOf(v), "value " + v);
    }
  }

  private static int upperBound(double v) {
    double[] l = Histograms.DEFAULT_LIMITS;
    int i = 0;
    while (i < l.length && l[i] <= v) {
      i++;
    }
    return Math.min(i, l.length - 1);
  }
}
