package dev.kiln.data.builtin;

import dev.kiln.data.TensorDataset;
import dev.kiln.tensor.Tensor;

/**
 * The UCI optical recognition of handwritten digits data (Alpaydin and Kaynak, 1998; UCI Machine
 * Learning Repository, CC BY 4.0), bundled: 1,797 images of 8x8 pixels with values 0..16, digits
 * 0-9 (the data scikit-learn ships as {@code load_digits}). No download needed.
 *
 * <pre>{@code
 * TensorDataset flat = Digits.load();        // float32 [1797, 64], int64 [1797]
 * TensorDataset images = Digits.loadImages(); // float32 [1797, 8, 8], int64 [1797]
 * }</pre>
 */
public final class Digits {
  /** Number of samples. */
  public static final int SIZE = 1797;

  /** Number of classes (the digits 0-9). */
  public static final int NUM_CLASSES = 10;

  private Digits() {}

  /** Flattened images: float32 {@code [1797, 64]} in 0..16 and int64 labels {@code [1797]}. */
  public static TensorDataset load() {
    double[][] rows = BundledCsv.rows("/dev/kiln/data/builtin/digits.csv.gz", 0, 65);
    float[][] x = new float[rows.length][64];
    long[] y = new long[rows.length];
    for (int i = 0; i < rows.length; i++) {
      for (int j = 0; j < 64; j++) {
        x[i][j] = (float) rows[i][j];
      }
      y[i] = (long) rows[i][64];
    }
    return new TensorDataset(Tensor.of(x), Tensor.of(y));
  }

  /** The same samples as images: float32 {@code [1797, 8, 8]} and int64 labels. */
  public static TensorDataset loadImages() {
    TensorDataset flat = load();
    return new TensorDataset(flat.tensors().get(0).reshape(SIZE, 8, 8), flat.tensors().get(1));
  }
}
