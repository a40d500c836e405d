package dev.kiln.nn;

import dev.kiln.tensor.Tensor;

/**
 * An {@link LSTMCell}'s hidden and cell states, each {@code [batch, hidden]} (or {@code [hidden]}
 * for an unbatched input).
 *
 * @param h the hidden state
 * @param c the cell state
 */
public record LstmState(Tensor h, Tensor c) {}
