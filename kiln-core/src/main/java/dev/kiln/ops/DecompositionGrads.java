package dev.kiln.ops;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.Derivative;
import dev.kiln.autograd.Derivatives;
import dev.kiln.autograd.Node;
import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * The derivatives of {@link DecompositionOps}, written with Tensor ops (matmul, mT, inv, solve) so
 * that they record themselves and higher orders work. Ops reading only the lower triangle of a
 * symmetric input (cholesky, eigh) give a gradient supported on that triangle.
 */
final class DecompositionGrads {
  private DecompositionGrads() {}

  /** The backward of an op with several outputs: their values and gradients, one per output. */
  @FunctionalInterface
  interface MultiDerivative {
    /** The gradients of the op's inputs (null where not needed). */
    Tensor[] apply(Node node, Tensor[] outputs, Tensor[] grads);
  }

  /**
   * Records one node for several outputs sharing the batch shape {@code batch}: they are packed
   * along one flat trailing dim, the node is recorded on the pack, and the returned outputs are
   * views of it (an output nobody differentiates gets a zero gradient). Returns {@code outs}
   * unchanged when nothing records.
   */
  static Tensor[] recordAll(
      String op, Tensor[] outs, int[] batch, MultiDerivative derivative, Tensor... inputs) {
    if (!Autograd.isRecording(inputs)) {
      return outs;
    }
    int[][] shapes = new int[outs.length][];
    Tensor[] flat = new Tensor[outs.length];
    for (int i = 0; i < outs.length; i++) {
      shapes[i] = outs[i].shape();
      int tail = Shapes.numel(Arrays.copyOfRange(shapes[i], batch.length, shapes[i].length));
      flat[i] = outs[i].reshape(MatmulOps.concat(batch, tail));
    }
    Tensor packed = JoinOps.cat(batch.length, flat);
    Derivative grad =
        (n, g) -> derivative.apply(n, split(n.output(), shapes, batch), split(g, shapes, batch));
    Autograd.record(op, packed, grad, inputs);
    return split(packed, shapes, batch);
  }

  private static Tensor[] split(Tensor packed, int[][] shapes, int[] batch) {
    Tensor[] parts = new Tensor[shapes.length];
    int offset = 0;
    for (int i = 0; i < shapes.length; i++) {
      int len = Shapes.numel(Arrays.copyOfRange(shapes[i], batch.length, shapes[i].length));
      parts[i] = packed.narrow(batch.length, offset, len).reshape(shapes[i]);
      offset += len;
    }
    return parts;
  }

  private static Tensor eye(Tensor like) {
    return Tensor.eye(like.size(-1), like.size(-1), like.dtype());
  }

  /**
   * The gradient with respect to an input whose lower triangle alone is read as a symmetric matrix,
   * from the gradient {@code g} with respect to that symmetric matrix: each strictly lower element
   * stands for itself and its mirror.
   */
  private static Tensor lowerRead(Tensor g) {
    return g.add(g.mT()).tril(-1).add(g.mul(eye(g)));
  }

  /** inv: {@code dA = -Xᵀ g Xᵀ} with {@code X = A⁻¹}. */
  static Tensor[] inv(Node n, Tensor g) {
    Tensor xt = n.output().mT();
    return new Tensor[] {xt.matmul(g).matmul(xt).neg()};
  }

  /** det: {@code dA = g det(A) A⁻ᵀ} (A must be invertible). */
  static Tensor[] det(Node n, Tensor g) {
    Tensor scale = g.mul(n.output()).unsqueeze(-1).unsqueeze(-1);
    return new Tensor[] {scale.mul(DecompositionOps.inv(n.input(0)).mT())};
  }

  /** slogdet's logabsdet: {@code dA = g A⁻ᵀ}; the sign has no gradient. */
  static Tensor[] logabsdet(Node n, Tensor g) {
    return new Tensor[] {g.unsqueeze(-1).unsqueeze(-1).mul(DecompositionOps.inv(n.input(0)).mT())};
  }

  /**
   * solve ({@code X = A⁻¹ B}): {@code dB = A⁻ᵀ g}, {@code dA = -dB Xᵀ}, each summed back over
   * broadcast batch dims; {@code vector} when B (and so X) is a stack of vectors.
   */
  static Derivative solve(boolean vector) {
    return (n, g) -> {
      Tensor a = n.input(0);
      Tensor g2 = vector ? g.unsqueeze(-1) : g;
      Tensor x2 = vector ? n.output().unsqueeze(-1) : n.output();
      Tensor gb = DecompositionOps.solve(a.mT(), g2);
      Tensor ga =
          n.needsGrad(0)
              ? Derivatives.sumToShape(gb.matmul(x2.mT()).neg(), n.inputShape(0)).to(a.dtype())
              : null;
      Tensor gbOut =
          n.needsGrad(1)
              ? Derivatives.sumToShape(vector ? gb.squeeze(-1) : gb, n.inputShape(1))
                  .to(n.input(1).dtype())
              : null;
      return new Tensor[] {ga, gbOut};
    };
  }

  /**
   * cholesky (lower L): {@code P = Φ(Lᵀ g)} (lower triangle, diagonal halved), {@code dA = L⁻ᵀ P
   * L⁻¹} symmetrised, then carried onto the lower triangle that was read.
   */
  static Tensor[] cholesky(Node n, Tensor g) {
    Tensor l = n.output();
    Tensor phi = l.mT().matmul(g);
    Tensor p = phi.tril(-1).add(phi.mul(eye(l)).mul(0.5));
    Tensor li = DecompositionOps.inv(l);
    Tensor s = li.mT().matmul(p).matmul(li);
    return new Tensor[] {lowerRead(s.add(s.mT()).mul(0.5))};
  }

  /**
   * eigh (w ascending, V): {@code dA = V (diag(dw) + F ∘ skew(Vᵀ dV)) Vᵀ} with {@code F_ij = 1 /
   * (w_j - w_i)} off the diagonal, carried onto the lower triangle that was read.
   */
  static Tensor[] eigh(Node n, Tensor[] outs, Tensor[] grads) {
    Tensor w = outs[0];
    Tensor v = outs[1];
    Tensor eye = eye(v);
    Tensor vtgv = v.mT().matmul(grads[1]);
    Tensor skew = vtgv.sub(vtgv.mT()).mul(0.5);
    // the gaps w_j - w_i, with ones on the diagonal where skew is zero
    Tensor gaps = w.unsqueeze(-2).sub(w.unsqueeze(-1)).add(eye);
    Tensor inner = skew.div(gaps).add(grads[0].unsqueeze(-2).mul(eye));
    return new Tensor[] {lowerRead(v.matmul(inner).matmul(v.mT()))};
  }

  /**
   * Reduced QR. For m >= n: {@link #tallQr}. For m < n, A = [X | Y] with X m x m: X = Q U is a
   * square QR and {@code V = Qᵀ Y}, so {@code dX} is the square case with {@code gQ + Y gVᵀ} and
   * {@code dY = Q gV}.
   */
  static Tensor[] qr(Node n, Tensor[] outs, Tensor[] grads) {
    Tensor q = outs[0];
    Tensor r = outs[1];
    int m = q.size(-2);
    int cols = r.size(-1);
    if (cols <= m) {
      return new Tensor[] {tallQr(q, r, grads[0], grads[1])};
    }
    Tensor y = n.input(0).narrow(-1, m, cols - m);
    Tensor gv = grads[1].narrow(-1, m, cols - m);
    Tensor gx =
        tallQr(q, r.narrow(-1, 0, m), grads[0].add(y.matmul(gv.mT())), grads[1].narrow(-1, 0, m));
    return new Tensor[] {JoinOps.cat(-1, gx, q.matmul(gv))};
  }

  /**
   * QR with m >= n: {@code M = R gRᵀ - gQᵀ Q}, {@code dA = (gQ + Q copyltu(M)) R⁻ᵀ}, where copyltu
   * mirrors the lower triangle onto the upper one.
   */
  private static Tensor tallQr(Tensor q, Tensor r, Tensor gq, Tensor gr) {
    Tensor m = r.matmul(gr.mT()).sub(gq.mT().matmul(q));
    Tensor copyltu = m.tril().add(m.tril(-1).mT());
    Tensor x = gq.add(q.matmul(copyltu));
    return x.matmul(DecompositionOps.inv(r).mT());
  }

  /**
   * Reduced SVD {@code A = U diag(S) Vh} with distinct nonzero singular values: {@code dA = U
   * [(skew(Uᵀ gU) S + S skew(Vh gVhᵀ)) / E + diag(gS)] Vh} with {@code E_jk = S_k² - S_j²}, plus
   * the parts of gU (tall) or gVh (wide) outside the spans of U or Vh, divided by S.
   */
  static Tensor[] svd(Node n, Tensor[] outs, Tensor[] grads) {
    Tensor u = outs[0];
    Tensor s = outs[1];
    Tensor vh = outs[2];
    Tensor gu = grads[0];
    Tensor gvh = grads[2];
    int m = u.size(-2);
    int cols = vh.size(-1);
    int k = s.size(-1);
    Tensor eye = Tensor.eye(k, k, s.dtype());
    Tensor utgu = u.mT().matmul(gu);
    Tensor vhgv = vh.matmul(gvh.mT());
    Tensor s2 = s.mul(s);
    Tensor e = s2.unsqueeze(-2).sub(s2.unsqueeze(-1)).add(eye);
    Tensor inner =
        utgu.sub(utgu.mT())
            .mul(s.unsqueeze(-2))
            .add(s.unsqueeze(-1).mul(vhgv.sub(vhgv.mT())))
            .div(e)
            .add(grads[1].unsqueeze(-2).mul(eye));
    Tensor ga;
    if (m > k) {
      Tensor gusInv = gu.div(s.unsqueeze(-2));
      ga = u.matmul(inner).add(gusInv).sub(u.matmul(u.mT().matmul(gusInv))).matmul(vh);
    } else if (cols > k) {
      Tensor sInvGvh = gvh.div(s.unsqueeze(-1));
      ga = u.matmul(inner.matmul(vh).add(sInvGvh).sub(sInvGvh.matmul(vh.mT()).matmul(vh)));
    } else {
      ga = u.matmul(inner).matmul(vh);
    }
    return new Tensor[] {ga};
  }
}
