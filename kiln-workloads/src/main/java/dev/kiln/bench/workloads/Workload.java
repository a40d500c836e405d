package dev.kiln.bench.workloads;

/**
 * One measured step of WORKLOADS.md: an id shared with the PyTorch script and the tables, the step,
 * and what one step does for the derived figures.
 *
 * @param id the row id ({@code w2_train_b128}, {@code w5_sum}, ...)
 * @param step one call of the workload
 * @param samplesPerStep samples one step processes, for samples/s (0 for none)
 * @param bytes bytes the contract counts per step, for GB/s (0 for none)
 * @param flops floating-point operations per step, for GFLOP/s (0 for none)
 */
public record Workload(String id, Runnable step, int samplesPerStep, long bytes, long flops) {}
