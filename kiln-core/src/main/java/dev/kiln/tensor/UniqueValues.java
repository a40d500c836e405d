package dev.kiln.tensor;

/**
 * The result of {@code unique} and {@code uniqueConsecutive} (PyTorch's tuple with {@code
 * return_inverse=True, return_counts=True}).
 *
 * @param values the distinct values, 1-D, of the input's dtype
 * @param inverse for each input element (input's shape, int64), the position of its value in {@code
 *     values}
 * @param counts how many input elements each value stands for (int64, same length as values)
 */
public record UniqueValues(Tensor values, Tensor inverse, Tensor counts) {}
