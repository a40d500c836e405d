package dev.kiln.nn.utils.rnn;

import dev.kiln.tensor.Tensor;

/**
 * What {@link RnnUtils#padPackedSequence} returns.
 *
 * @param padded {@code [time, batch, *]} (or {@code [batch, time, *]}), in the original batch
 *     order, padded after each sequence's end
 * @param lengths int64 {@code [batch]}: each sequence's length
 */
public record PaddedSequence(Tensor padded, Tensor lengths) {}
