package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/**
 * What {@link RNN} and {@link GRU} return: the last layer's output at every step and each layer's
 * final hidden state.
 *
 * @param output {@code [time, batch, dirs*hidden]} (batch first when the layer says so), or a
 *     {@link dev.kiln.nn.utils.rnn.PackedSequence} for packed input
 * @param hN {@code [layers*dirs, batch, hidden]}: for packed input, each sequence's state at its
 *     last valid step
 * @param <T> {@link Tensor} or {@link dev.kiln.nn.utils.rnn.PackedSequence}
 */
public record RnnOutput<T>(T output, Tensor hN) {}
