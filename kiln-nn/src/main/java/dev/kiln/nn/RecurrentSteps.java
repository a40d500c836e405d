package dev.kiln.nn;

import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;

/**
 * One time step of each recurrence, shared by the cells and the sequence layers, in PyTorch's gate
 * order. {@code xp} is the input projection {@code x W_ih^T + b_ih} (for RNN and LSTM also {@code +
 * b_hh}, which they add once for all steps); states are {@code [batch, size]}.
 */
final class RecurrentSteps {
  private RecurrentSteps() {}

  /** A new parameter uniform in {@code ±bound} (PyTorch's recurrent-layer initialisation). */
  static Tensor uniformParameter(double bound, Generator g, int... shape) {
    Tensor p = Tensor.empty(shape);
    Init.uniform_(p, -bound, bound, g);
    return p.requiresGrad_(true);
  }

  /** The kind of recurrence: its gate count and step. */
  enum Kind {
    /** {@code h' = tanh(xp + h W_hh^T)}. */
    RNN_TANH(1),
    /** {@code h' = relu(xp + h W_hh^T)}. */
    RNN_RELU(1),
    /** Gates i, f, g, o: {@code c' = f c + i g}, {@code h' = (o tanh(c')) W_hr^T}. */
    LSTM(4),
    /** Gates r, z, n: {@code n = tanh(xn + r (h W_hn^T + b_hn))}, {@code h' = (1-z) n + z h}. */
    GRU(3);

    /** Rows of {@code W_ih} per hidden unit. */
    final int gates;

    Kind(int gates) {
      this.gates = gates;
    }

    /** Whether {@code b_hh} is added inside the step (GRU) rather than folded into {@code xp}. */
    boolean hiddenBiasInStep() {
      return this == GRU;
    }

    /** Number of state tensors: h, or h and c. */
    int states() {
      return this == LSTM ? 2 : 1;
    }

    /**
     * One step.
     *
     * @param xp input projection rows {@code [batch, gates*hidden]}
     * @param state {h} or {h, c}
     * @param whh {@code W_hh}
     * @param bhh {@code b_hh} for GRU (null without bias); ignored by the others
     * @param whr the LSTM projection {@code W_hr}, or null
     * @return the new {h} or {h, c}
     */
    Tensor[] step(Tensor xp, Tensor[] state, Tensor whh, Tensor bhh, Tensor whr) {
      Tensor h = state[0];
      return switch (this) {
        case RNN_TANH -> new Tensor[] {xp.add(h.matmul(whh.t())).tanh()};
        case RNN_RELU -> new Tensor[] {xp.add(h.matmul(whh.t())).relu()};
        case LSTM -> {
          Tensor[] g = xp.add(h.matmul(whh.t())).chunk(4, 1);
          Tensor c = g[1].sigmoid().mul(state[1]).add(g[0].sigmoid().mul(g[2].tanh()));
          Tensor hNew = g[3].sigmoid().mul(c.tanh());
          yield new Tensor[] {whr == null ? hNew : hNew.matmul(whr.t()), c};
        }
        case GRU -> {
          Tensor hp = h.matmul(whh.t());
          if (bhh != null) {
            hp = hp.add(bhh);
          }
          Tensor[] x = xp.chunk(3, 1);
          Tensor[] hh = hp.chunk(3, 1);
          Tensor r = x[0].add(hh[0]).sigmoid();
          Tensor z = x[1].add(hh[1]).sigmoid();
          Tensor n = x[2].add(r.mul(hh[2])).tanh();
          yield new Tensor[] {n.add(z.mul(h.sub(n)))};
        }
      };
    }

    /** {@code x W_ih^T} plus the biases this kind folds into the input projection. */
    Tensor project(Tensor x, Tensor wih, Tensor bih, Tensor bhh) {
      Tensor xp = x.matmul(wih.t());
      if (bih != null) {
        xp = xp.add(hiddenBiasInStep() ? bih : bih.add(bhh));
      }
      return xp;
    }
  }
}
