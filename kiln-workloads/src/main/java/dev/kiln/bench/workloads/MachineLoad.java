package dev.kiln.bench.workloads;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU ticks read from {@code /proc/stat} (the whole machine) and {@code /proc/self/stat} (this
 * process), for WORKLOADS.md's noise filter: the share of the machine's capacity that other
 * processes used while a sample ran. Where /proc is missing (not Linux) every reading is zero and
 * no sample is ever dropped.
 *
 * @param busy ticks the machine spent busy (user, nice, system, irq, softirq, steal), all CPUs
 * @param total all ticks of all CPUs, idle and iowait included (the machine's capacity)
 * @param own ticks this process spent (user + system, all its threads)
 */
public record MachineLoad(long busy, long total, long own) {
  /** Reads the counters now. */
  public static MachineLoad now() {
    try {
      String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      long total = 0;
      for (int i = 1; i < cpu.length && i <= 8; i++) {
        long v = Long.parseLong(cpu[i]);
        total += v;
        busy += i == 4 || i == 5 ? 0 : v; // fields 4 and 5 are idle and iowait
      }
      String self = Files.readString(Path.of("/proc/self/stat"));
      // fields after the parenthesised command name; utime and stime are fields 14 and 15
      String[] f = self.substring(self.lastIndexOf(')') + 2).split(" ");
      long own = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      return new MachineLoad(busy, total, own);
    } catch (IOException | RuntimeException e) {
      return new MachineLoad(0, 0, 0);
    }
  }

  /**
   * The share of the machine's capacity used by other processes between {@code before} and this
   * reading: (busy ticks - own ticks) / all ticks, 0 when nothing could be read.
   */
  public double foreignSince(MachineLoad before) {
    long capacity = total - before.total;
    if (capacity <= 0) {
      return 0;
    }
    long foreign = (busy - before.busy) - (own - before.own);
    return Math.max(0, (double) foreign / capacity);
  }
}
