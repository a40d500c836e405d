package dev.kiln.bench.workloads;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * WORKLOADS.md's measurement protocol for one workload step:
 *
 * <ol>
 *   <li>warm-up: call the step until at least 1 s and 6 calls have passed and the median of the
 *       last 3 call times is within 5 % of the median of the 3 before; stop anyway after 8 s (at
 *       least 2 calls);
 *   <li>{@code reps = ceil(0.05 s / median(last 3 warm-up calls))}, at least 1;
 *   <li>{@code samples} samples, each timing {@code reps} back-to-back calls with {@link
 *       System#nanoTime} and recording elapsed / reps, with the machine's foreign load around it
 *       ({@link MachineLoad});
 *   <li>samples with foreign load over 10 % of capacity are dropped if at least 5 clean ones remain
 *       (otherwise all are kept and the result is flagged); median, min and max of the rest.
 * </ol>
 *
 * {@link #measureAlternating} interleaves the samples of steps that are compared (step 5).
 */
public final class Protocol {
  /** Foreign load (share of machine capacity) above which a sample is noisy. */
  public static final double NOISE_LIMIT = 0.10;

  /** Clean samples needed before noisy ones are dropped. */
  public static final int MIN_CLEAN = 5;

  private Protocol() {}

  /** One timed sample: seconds per call, and the foreign load while it ran. */
  public record Sample(double seconds, double foreign) {}

  /**
   * The pooled samples of one workload and the statistics of those kept.
   *
   * @param samples every sample, in order
   * @param kept the samples the noise filter kept
   * @param flagged true when fewer than {@link #MIN_CLEAN} samples were clean, so all were kept
   */
  public record Result(List<Sample> samples, double[] kept, boolean flagged) {
    /** Median seconds per call of the kept samples. */
    public double median() {
      double[] s = kept.clone();
      Arrays.sort(s);
      int n = s.length;
      return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** Fastest kept sample, seconds per call. */
    public double min() {
      return Arrays.stream(kept).min().orElse(Double.NaN);
    }

    /** Slowest kept sample, seconds per call. */
    public double max() {
      return Arrays.stream(kept).max().orElse(Double.NaN);
    }
  }

  /** Warms {@code step} up by the rule above and returns the calls per sample ({@code reps}). */
  public static int warmUp(Runnable step) {
    List<Double> times = new ArrayList<>();
    long start = System.nanoTime();
    while (true) {
      long t0 = System.nanoTime();
      step.run();
      long t1 = System.nanoTime();
      times.add((t1 - t0) / 1e9);
      double elapsed = (t1 - start) / 1e9;
      int n = times.size();
      if (elapsed >= 8 && n >= 2) {
        break;
      }
      if (elapsed >= 1 && n >= 6) {
        double last = median(times.subList(n - 3, n));
        double before = median(times.subList(n - 6, n - 3));
        if (Math.abs(last - before) <= 0.05 * before) {
          break;
        }
      }
    }
    int n = times.size();
    double last3 = median(times.subList(Math.max(0, n - 3), n));
    return (int) Math.max(1, Math.ceil(0.05 / Math.max(last3, 1e-9)));
  }

  /** Takes {@code count} samples of {@code reps} calls each. */
  public static List<Sample> sample(Runnable step, int reps, int count) {
    List<Sample> out = new ArrayList<>();
    for (int s = 0; s < count; s++) {
      MachineLoad before = MachineLoad.now();
      long t0 = System.nanoTime();
      for (int r = 0; r < reps; r++) {
        step.run();
      }
      long t1 = System.nanoTime();
      out.add(new Sample((t1 - t0) / 1e9 / reps, MachineLoad.now().foreignSince(before)));
    }
    return out;
  }

  /** Applies the noise filter to pooled samples. */
  public static Result filter(List<Sample> samples) {
    double[] clean =
        samples.stream()
            .filter(s -> s.foreign() <= NOISE_LIMIT)
            .mapToDouble(Sample::seconds)
            .toArray();
    if (clean.length >= MIN_CLEAN) {
      return new Result(List.copyOf(samples), clean, false);
    }
    double[] all = samples.stream().mapToDouble(Sample::seconds).toArray();
    return new Result(List.copyOf(samples), all, true);
  }

  /** Warm-up, then {@code count} samples, then the filter: the whole protocol for one process. */
  public static Result measure(Runnable step, int count) {
    return filter(sample(step, warmUp(step), count));
  }

  /**
   * The protocol for steps compared with each other in one process (Kiln and its limit): each is
   * warmed up in turn, then {@code count} rounds take one sample of every step, starting each round
   * with the next step in turn (round r: steps r, r + 1, ... mod their number), so that a change in
   * the machine's load or clock, or being first after the other, hits all of them alike; each
   * step's samples are filtered on their own.
   *
   * @return one result per step, in the order of {@code steps}; sample r of each is from round r
   */
  public static List<Result> measureAlternating(List<Runnable> steps, int count) {
    int[] reps = steps.stream().mapToInt(Protocol::warmUp).toArray();
    int k = steps.size();
    List<List<Sample>> samples = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      samples.add(new ArrayList<>());
    }
    for (int round = 0; round < count; round++) {
      for (int j = 0; j < k; j++) {
        int i = (round + j) % k;
        samples.get(i).addAll(sample(steps.get(i), reps[i], 1));
      }
    }
    return samples.stream().map(Protocol::filter).toList();
  }

  /**
   * The median over the rounds of {@link #measureAlternating} of {@code limit}'s time ÷ {@code
   * measured}'s time (≥ 1: as fast as the limit), from the rounds where both samples are clean (all
   * rounds when fewer than {@link #MIN_CLEAN} are). Each round's two samples ran back to back, so
   * their ratio cancels the drift of a shared machine that the ratio of two medians keeps (W1 at n
   * = 256: paired medians 0.93-0.96 in runs where the two medians' ratio said 0.84-0.91).
   */
  public static double pairedRatio(Result measured, Result limit) {
    List<Double> clean = new ArrayList<>();
    List<Double> all = new ArrayList<>();
    for (int r = 0; r < measured.samples().size(); r++) {
      Sample m = measured.samples().get(r);
      Sample l = limit.samples().get(r);
      double ratio = l.seconds() / m.seconds();
      all.add(ratio);
      if (m.foreign() <= NOISE_LIMIT && l.foreign() <= NOISE_LIMIT) {
        clean.add(ratio);
      }
    }
    return median(clean.size() >= MIN_CLEAN ? clean : all);
  }

  private static double median(List<Double> xs) {
    double[] s = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
