package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/**
 * What {@link LSTM} returns: the last layer's output at every step and each layer's final hidden
 * and cell states.
 *
 * @param output {@code [time, batch, dirs*out]} ({@code out} is {@code projSize} when set, else
 *     {@code hiddenSize}; batch first when the layer says so), or a {@link
 *     dev.kiln.nn.utils.rnn.PackedSequence} for packed input
 * @param hN {@code [layers*dirs, batch, out]}
 * @param cN {@code [layers*dirs, batch, hidden]}
 * @param <T> {@link Tensor} or {@link dev.kiln.nn.utils.rnn.PackedSequence}
 */
public record LstmOutput<T>(T output, Tensor hN, Tensor cN) {}
