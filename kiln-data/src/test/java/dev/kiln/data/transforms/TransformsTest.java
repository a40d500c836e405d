package dev.kiln.data.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.data.Rng;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Storage;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TransformsTest {
  /** A float32 [c, h, w] image with pixel value = its flat index. */
  private static Tensor ramp(int c, int h, int w) {
    float[] v = new float[c * h * w];
    for (int i = 0; i < v.length; i++) {
      v[i] = i;
    }
    return Tensor.of(v).reshape(c, h, w);
  }

  @Test
  void toTensorMovesChannelsFirstAndScales() {
    byte[] hwc = {0, (byte) 255, 51, 102, (byte) 153, (byte) 204}; // [1, 2, 3]
    Tensor img = Tensor.wrap(new Storage.ByteStorage(hwc), DType.UINT8, 1, 2, 3);
    Tensor out = new ToTensor().apply(img, Rng.of(0));
    assertArrayEquals(new int[] {3, 1, 2}, out.shape());
    assertArrayEquals(
        new float[] {0f, 102 / 255f, 1f, 153 / 255f, 51 / 255f, 204 / 255f}, out.toFloatArray());
    assertThrows(
        IllegalArgumentException.class, () -> new ToTensor().apply(Tensor.zeros(2, 2), Rng.of(0)));
  }

  @Test
  void normalizeIsPerChannel() {
    Tensor out =
        new Normalize(new double[] {1, 10}, new double[] {2, 5}).apply(ramp(2, 1, 2), Rng.of(0));
    assertArrayEquals(new float[] {-0.5f, 0f, -1.6f, -1.4f}, out.toFloatArray(), 1e-6f);
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new Normalize(new double[] {0}, new double[] {1}).apply(ramp(3, 1, 1), Rng.of(0)));
    assertTrue(e.getMessage().contains("3 channels"), e.getMessage());
  }

  @Test
  void centerCropAndResize() {
    Tensor c = new CenterCrop(2, 2).apply(ramp(1, 4, 4), Rng.of(0));
    assertArrayEquals(new float[] {5, 6, 9, 10}, c.toFloatArray());
    Tensor same = new Resize(4, 4).apply(ramp(1, 4, 4), Rng.of(0));
    assertArrayEquals(ramp(1, 4, 4).toFloatArray(), same.toFloatArray());
    // halving a 1x4 row by bilinear at pixel centres averages neighbours
    Tensor half = new Resize(1, 2).apply(ramp(1, 1, 4), Rng.of(0));
    assertArrayEquals(new float[] {0.5f, 2.5f}, half.toFloatArray(), 1e-6f);
    Tensor up = new Resize(2, 2).apply(Tensor.full(3f, 1, 1, 1), Rng.of(0));
    assertArrayEquals(new float[] {3, 3, 3, 3}, up.toFloatArray());
  }

  @Test
  void randomCropPadsWithZerosAndIsSeeded() {
    Tensor img = Tensor.full(1f, 3, 4, 4);
    boolean sawPadding = false;
    for (int seed = 0; seed < 20; seed++) {
      Tensor a = new RandomCrop(4, 2).apply(img, Rng.of(seed));
      assertArrayEquals(new int[] {3, 4, 4}, a.shape());
      assertArrayEquals(
          a.toFloatArray(), new RandomCrop(4, 2).apply(img, Rng.of(seed)).toFloatArray());
      float[] v = a.toFloatArray();
      sawPadding |= v[0] == 0f || v[v.length - 1] == 0f;
    }
    assertTrue(sawPadding, "some crops include the zero padding");
  }

  @Test
  void flipRotationJitterAndErasing() {
    Tensor img = ramp(2, 2, 3);
    assertArrayEquals(
        new float[] {2, 1, 0, 5, 4, 3, 8, 7, 6, 11, 10, 9},
        new RandomHorizontalFlip(1).apply(img, Rng.of(0)).toFloatArray());
    assertArrayEquals(
        img.toFloatArray(), new RandomHorizontalFlip(0).apply(img, Rng.of(0)).toFloatArray());
    assertArrayEquals(
        img.toFloatArray(), new RandomRotation(0).apply(img, Rng.of(0)).toFloatArray());
    Tensor rotated = new RandomRotation(180).apply(ramp(1, 5, 5), Rng.of(3));
    assertEquals(12f, rotated.get(0, 2, 2), "the centre pixel stays put");
    Tensor grey = Tensor.full(0.5f, 3, 2, 2);
    assertArrayEquals(
        grey.toFloatArray(), new ColorJitter(0, 0).apply(grey, Rng.of(0)).toFloatArray());
    float[] jittered =
        new ColorJitter(0.5, 0.5).apply(ramp(3, 2, 2).div(12.0), Rng.of(1)).toFloatArray();
    for (float v : jittered) {
      assertTrue(v >= 0 && v <= 1, "clamped to [0, 1]: " + v);
    }
    Tensor ones = Tensor.ones(3, 8, 8);
    float[] erased =
        new RandomErasing(1, 0.1, 0.2, 0.5, 2, 0f).apply(ones, Rng.of(4)).toFloatArray();
    long zeros = 0;
    for (float v : erased) {
      zeros += v == 0 ? 1 : 0;
    }
    assertTrue(zeros > 0 && zeros % 3 == 0 && zeros <= 3 * 64 * 0.3, "erased " + zeros);
  }

  @Test
  void composeAppliesStepsInOrderFromOneGenerator() {
    Compose aug =
        Compose.of(new RandomCrop(4, 1), new RandomHorizontalFlip(0.5), new RandomErasing());
    Tensor img = ramp(3, 4, 4);
    float[] a = aug.apply(img, Rng.of(9)).toFloatArray();
    assertArrayEquals(a, aug.apply(img, Rng.of(9)).toFloatArray());
    boolean differs = false;
    for (int s = 10; s < 20 && !differs; s++) {
      differs = !Arrays.equals(a, aug.apply(img, Rng.of(s)).toFloatArray());
    }
    assertTrue(differs, "other seeds augment differently");
    assertNotEquals(0, aug.steps().size());
  }
}
