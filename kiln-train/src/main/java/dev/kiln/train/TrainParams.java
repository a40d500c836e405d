package dev.kiln.train;

/**
 * The shape of a {@link Model#fit} run, as callbacks see it.
 *
 * @param epochs the epoch to stop before (epochs run from {@code initialEpoch} to {@code epochs -
 *     1})
 * @param initialEpoch the first epoch
 * @param steps training batches per epoch
 * @param verbose 0 silent, 1 progress bar, 2 one line per epoch
 */
public record TrainParams(int epochs, int initialEpoch, int steps, int verbose) {}
