package dev.kiln.data.builtin;

import dev.kiln.data.TensorDataset;
import dev.kiln.tensor.Tensor;
import java.util.List;

/**
 * Fisher's Iris data (1936; UCI Machine Learning Repository, CC BY 4.0), bundled: 150 flowers, 4
 * measurements in cm, 3 species of 50 each. No download needed.
 *
 * <pre>{@code
 * TensorDataset iris = Iris.load(); // features float32 [150, 4], labels int64 [150] in 0..2
 * }</pre>
 */
public final class Iris {
  /** Feature names, in column order. */
  public static final List<String> FEATURES =
      List.of("sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)");

  /** Class names, index = label. */
  public static final List<String> CLASSES = List.of("setosa", "versicolor", "virginica");

  /** Number of samples. */
  public static final int SIZE = 150;

  private Iris() {}

  /** The 150 samples: float32 features {@code [150, 4]} and int64 labels {@code [150]}. */
  public static TensorDataset load() {
    double[][] rows = BundledCsv.rows("/dev/kiln/data/builtin/iris.csv", 1, 5);
    float[][] x = new float[rows.length][4];
    long[] y = new long[rows.length];
    for (int i = 0; i < rows.length; i++) {
      for (int j = 0; j < 4; j++) {
        x[i][j] = (float) rows[i][j];
      }
      y[i] = (long) rows[i][4];
    }
    return new TensorDataset(Tensor.of(x), Tensor.of(y));
  }
}
