package dev.kiln.tensor;

/**
 * The result of {@code max(dim)} and {@code min(dim)}: the extreme values and their int64 indices
 * along the reduced dim (PyTorch's {@code torch.return_types.max}).
 *
 * @param values the extreme values, of the input's dtype
 * @param indices where each value sits along the reduced dim (int64, first occurrence)
 */
public record ValuesIndices(Tensor values, Tensor indices) {}
