package dev.kiln.nn;

import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Holds parameters named {@code 0}, {@code 1}, ..., like PyTorch's {@code nn.ParameterList}: a
 * model that registers it as {@code params} gets state-dict keys {@code params.0}, {@code
 * params.1}.
 */
public final class ParameterList extends Module {
  private int size;

  /**
   * A list holding {@code params} in order; each must be a leaf tensor that requires grad.
   *
   * {@snippet :
   * ParameterList scales = new ParameterList(Tensor.ones(3).requiresGrad_(true));
   * }
   */
  public ParameterList(Tensor... params) {
    for (Tensor p : params) {
      add(p);
    }
  }

  /** Appends {@code param} (a leaf that requires grad) under the next index; returns this. */
  public ParameterList add(Tensor param) {
    registerParameter(Integer.toString(size), param);
    size++;
    return this;
  }

  /** The parameter at {@code index}. */
  public Tensor get(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException(
          describe() + ".get: index " + index + " out of range for size " + size);
    }
    return parameter(Integer.toString(index));
  }

  /** The parameters in order. */
  public List<Tensor> asList() {
    return IntStream.range(0, size).mapToObj(this::get).toList();
  }

  /** Number of parameters. */
  public int size() {
    return size;
  }

  /** Always fails: a ParameterList has no forward; use its parameters from the owning module. */
  @Override
  public Tensor forward(Tensor input) {
    throw new UnsupportedOperationException(
        describe() + ": ParameterList has no forward; use its parameters from the owning module");
  }

  @Override
  protected String extraRepr() {
    return "size=" + size;
  }
}
