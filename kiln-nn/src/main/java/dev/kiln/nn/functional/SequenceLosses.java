package dev.kiln.nn.functional;

import dev.kiln.autograd.CustomFunction;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * Sequence losses: the connectionist temporal classification loss ({@code ctcLoss}) with PyTorch
 * 1.13's forward-backward algorithm and gradient.
 */
public final class SequenceLosses {
  private SequenceLosses() {}

  /**
   * CTC loss: the negative log probability of each target sequence summed over every alignment of
   * it to the frames of {@code logProbs} ({@code [T, N, C]} log-softmax outputs, or {@code [T, C]}
   * for one sequence). {@code targets} is {@code [N, S]} (padded) or 1-D (the targets
   * concatenated); {@code inputLengths} and {@code targetLengths} are integer {@code [N]} (0-dim
   * for one sequence). {@link Reduction#MEAN} divides each loss by its target length (at least 1)
   * and averages over the batch, as PyTorch does; {@code zeroInfinity} replaces infinite losses
   * (impossible alignments) and their gradients by zero.
   *
   * <p>The gradient is PyTorch's: {@code exp(logProbs) - posterior}, the gradient with respect to
   * the logits when {@code logProbs} is their log-softmax (it differs from the plain derivative
   * with respect to {@code logProbs} by {@code exp(logProbs)}, which log-softmax's backward
   * cancels).
   *
   * @throws IllegalArgumentException for mismatched shapes, lengths out of range, or a blank or
   *     target outside the classes
   */
  public static Tensor ctcLoss(
      Tensor logProbs,
      Tensor targets,
      Tensor inputLengths,
      Tensor targetLengths,
      int blank,
      Reduction reduction,
      boolean zeroInfinity) {
    if (logProbs.dim() == 2) {
      Tensor loss =
          ctcLoss(
              logProbs.unsqueeze(1),
              targets.reshape(1, -1),
              inputLengths.reshape(1),
              targetLengths.reshape(1),
              blank,
              reduction,
              zeroInfinity);
      return reduction == Reduction.NONE ? loss.squeeze(0) : loss;
    }
    Alignment a = Alignment.of(logProbs, targets, inputLengths, targetLengths, blank);
    Tensor nll = new CtcFunction(a, zeroInfinity).apply(logProbs);
    return switch (reduction) {
      case NONE -> nll;
      case SUM -> nll.sum();
      case MEAN -> nll.div(targetLengths.reshape(-1).clampMin(1L).to(nll.dtype())).mean();
    };
  }

  /** Checked sizes, lengths and the targets of each sequence. */
  private record Alignment(int frames, int batch, int classes, int blank, long[] inLen, int[][] t) {
    static Alignment of(
        Tensor logProbs, Tensor targets, Tensor inputLengths, Tensor targetLengths, int blank) {
      if (logProbs.dim() != 3 || !logProbs.dtype().isFloatingPoint()) {
        throw new IllegalArgumentException(
            "ctcLoss: expected floating logProbs [T, N, C] or [T, C], got "
                + logProbs.dtype()
                + " "
                + Arrays.toString(logProbs.shape()));
      }
      int frames = logProbs.size(0);
      int batch = logProbs.size(1);
      int classes = logProbs.size(2);
      if (blank < 0 || blank >= classes) {
        throw new IllegalArgumentException(
            "ctcLoss: blank " + blank + " must be in [0, " + classes + ")");
      }
      long[] inLen = lengths("inputLengths", inputLengths, batch, 1, frames);
      long[] tLen = lengths("targetLengths", targetLengths, batch, 0, Integer.MAX_VALUE);
      if (targets.dtype().isFloatingPoint() || targets.dtype() == DType.BOOL) {
        throw new IllegalArgumentException(
            "ctcLoss: targets must be integer, got " + targets.dtype());
      }
      long[] flat = targets.contiguous().to(DType.INT64).toLongArray();
      int[][] t = new int[batch][];
      long offset = 0;
      for (int n = 0; n < batch; n++) {
        if (targets.dim() == 2) {
          if (targets.size(0) != batch || tLen[n] > targets.size(1)) {
            throw new IllegalArgumentException(
                "ctcLoss: targets "
                    + Arrays.toString(targets.shape())
                    + " must be [N="
                    + batch
                    + ", S] with S at least every target length, got length "
                    + tLen[n]);
          }
          offset = (long) n * targets.size(1);
        } else if (targets.dim() != 1 || offset + tLen[n] > flat.length) {
          throw new IllegalArgumentException(
              "ctcLoss: 1-D targets must hold the sum of the target lengths "
                  + Arrays.toString(tLen)
                  + ", got shape "
                  + Arrays.toString(targets.shape()));
        }
        t[n] = new int[(int) tLen[n]];
        for (int i = 0; i < t[n].length; i++) {
          long v = flat[(int) (offset + i)];
          if (v < 0 || v >= classes) {
            throw new IllegalArgumentException(
                "ctcLoss: target value " + v + " outside [0, " + classes + ")");
          }
          t[n][i] = (int) v;
        }
        if (targets.dim() == 1) {
          offset += tLen[n];
        }
      }
      return new Alignment(frames, batch, classes, blank, inLen, t);
    }

    private static long[] lengths(String what, Tensor lengths, int batch, long min, long max) {
      if (lengths.numel() != batch || lengths.dtype().isFloatingPoint()) {
        throw new IllegalArgumentException(
            "ctcLoss: "
                + what
                + " must be "
                + batch
                + " integers, got "
                + lengths.dtype()
                + " "
                + Arrays.toString(lengths.shape()));
      }
      long[] v = lengths.contiguous().to(DType.INT64).toLongArray();
      for (long x : v) {
        if (x < min || x > max) {
          throw new IllegalArgumentException(
              "ctcLoss: "
                  + what
                  + " "
                  + Arrays.toString(v)
                  + " must be in ["
                  + min
                  + ", "
                  + max
                  + "]");
        }
      }
      return v;
    }

    /** Label of extended position {@code s} (blanks between and around the targets). */
    int label(int n, int s) {
      return (s & 1) == 0 ? blank : t[n][s >> 1];
    }
  }

  /** Per-sequence losses {@code [N]} with PyTorch's CTC gradient, computed in double precision. */
  private static final class CtcFunction extends CustomFunction {
    private final Alignment a;
    private final boolean zeroInfinity;
    private double[] grad;

    CtcFunction(Alignment a, boolean zeroInfinity) {
      this.a = a;
      this.zeroInfinity = zeroInfinity;
    }

    @Override
    protected String name() {
      return "CtcLossBackward";
    }

    @Override
    protected Tensor forward(Context ctx, Tensor... in) {
      double[] lp = in[0].contiguous().to(DType.FLOAT64).toDoubleArray();
      double[] nll = new double[a.batch()];
      grad = new double[lp.length];
      for (int n = 0; n < a.batch(); n++) {
        nll[n] = sequence(lp, n);
      }
      return Tensor.of(nll).to(in[0].dtype());
    }

    private int at(int t, int n, int c) {
      return (t * a.batch() + n) * a.classes() + c;
    }

    /**
     * Alpha and beta recursions for sequence {@code n}; fills its gradient and returns its loss.
     */
    private double sequence(double[] lp, int n) {
      int frames = (int) a.inLen()[n];
      int ext = 2 * a.t()[n].length + 1;
      double[][] alpha = new double[frames][ext];
      double[][] beta = new double[frames][ext];
      for (double[] row : alpha) {
        Arrays.fill(row, Double.NEGATIVE_INFINITY);
      }
      for (double[] row : beta) {
        Arrays.fill(row, Double.NEGATIVE_INFINITY);
      }
      alpha[0][0] = lp[at(0, n, a.blank())];
      if (ext > 1) {
        alpha[0][1] = lp[at(0, n, a.label(n, 1))];
      }
      for (int t = 1; t < frames; t++) {
        for (int s = 0; s < ext; s++) {
          int l = a.label(n, s);
          double skip =
              s > 1 && a.label(n, s - 2) != l ? alpha[t - 1][s - 2] : Double.NEGATIVE_INFINITY;
          double prev = s > 0 ? alpha[t - 1][s - 1] : Double.NEGATIVE_INFINITY;
          alpha[t][s] = logSumExp(alpha[t - 1][s], prev, skip) + lp[at(t, n, l)];
        }
      }
      int last = frames - 1;
      beta[last][ext - 1] = lp[at(last, n, a.blank())];
      if (ext > 1) {
        beta[last][ext - 2] = lp[at(last, n, a.label(n, ext - 2))];
      }
      for (int t = last - 1; t >= 0; t--) {
        for (int s = 0; s < ext; s++) {
          int l = a.label(n, s);
          double skip =
              s < ext - 2 && a.label(n, s + 2) != l ? beta[t + 1][s + 2] : Double.NEGATIVE_INFINITY;
          double next = s < ext - 1 ? beta[t + 1][s + 1] : Double.NEGATIVE_INFINITY;
          beta[t][s] = logSumExp(beta[t + 1][s], next, skip) + lp[at(t, n, l)];
        }
      }
      double nll =
          -logSumExp(
              alpha[last][ext - 1],
              ext > 1 ? alpha[last][ext - 2] : Double.NEGATIVE_INFINITY,
              Double.NEGATIVE_INFINITY);
      if (zeroInfinity && nll == Double.POSITIVE_INFINITY) {
        return 0;
      }
      double[] lcab = new double[a.classes()];
      for (int t = 0; t < frames; t++) {
        Arrays.fill(lcab, Double.NEGATIVE_INFINITY);
        for (int s = 0; s < ext; s++) {
          int l = a.label(n, s);
          lcab[l] = logSumExp(lcab[l], alpha[t][s] + beta[t][s], Double.NEGATIVE_INFINITY);
        }
        for (int c = 0; c < a.classes(); c++) {
          double v = lp[at(t, n, c)];
          grad[at(t, n, c)] = Math.exp(v) - Math.exp(lcab[c] + nll - v);
        }
      }
      return nll;
    }

    private static double logSumExp(double x, double y, double z) {
      double m = Math.max(x, Math.max(y, z));
      if (m == Double.NEGATIVE_INFINITY) {
        return m;
      }
      return m + Math.log(Math.exp(x - m) + Math.exp(y - m) + Math.exp(z - m));
    }

    @Override
    protected Tensor[] backward(Context ctx, Tensor g) {
      Tensor perUnit = Tensor.of(grad).reshape(a.frames(), a.batch(), a.classes());
      return new Tensor[] {perUnit.mul(g.reshape(1, a.batch(), 1)).to(g.dtype())};
    }
  }
}
