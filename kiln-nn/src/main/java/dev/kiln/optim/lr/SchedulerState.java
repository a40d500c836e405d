package dev.kiln.optim.lr;

/**
 * A scheduler's saved progress, like PyTorch's scheduler {@code state_dict()}.
 *
 * @param lastEpoch the epoch of the last step
 * @param baseLrs each group's initial learning rate
 * @param lastLr each group's learning rate after the last step
 */
public record SchedulerState(int lastEpoch, double[] baseLrs, double[] lastLr) {}
