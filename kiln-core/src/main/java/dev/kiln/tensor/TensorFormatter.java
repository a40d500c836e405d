package dev.kiln.tensor;

/** Formats tensors as PyTorch prints them. */
final class TensorFormatter {
  private TensorFormatter() {}

  static String format(Tensor t) {
    StringBuilder sb = new StringBuilder("tensor(");
    Object arr = t.toArray();
    sb.append(arr.getClass().isArray() ? java.util.Arrays.deepToString(new Object[] {arr}) : arr);
    if (t.dtype() != DType.FLOAT32) {
      sb.append(", dtype=").append(t.dtype());
    }
    return sb.append(')').toString();
  }
}
