package dev.kiln.nn;

import dev.kiln.nn.functional.Attention;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.Arrays;

/**
 * Multi-head attention, PyTorch 1.13's {@code nn.MultiheadAttention}: queries, keys and values are
 * projected ({@code in_proj_weight [3E, E]} rows q|k|v, or {@code q_proj_weight}, {@code
 * k_proj_weight}, {@code v_proj_weight} when {@code kdim}/{@code vdim} differ from {@code E}, and
 * {@code in_proj_bias [3E]}), split into heads, attended with {@code softmax(QK^T/sqrt(d) + mask)},
 * merged and projected by {@code out_proj}. Inputs are {@code [L, N, E]} ({@code [N, L, E]} with
 * {@code batchFirst}) or unbatched {@code [L, E]}.
 *
 * {@snippet :
 * MultiheadAttention mha = new MultiheadAttention(16, 4);
 * MultiheadAttention.Output o = mha.forward(q, k, v, keyPaddingMask, true, attnMask, true);
 * }
 */
public final class MultiheadAttention extends Module {
  private final int embedDim;
  private final int numHeads;
  private final int kdim;
  private final int vdim;
  private final double dropout;
  private final boolean batchFirst;
  private final boolean addBiasKv;
  private final boolean addZeroAttn;
  private final Generator generator;
  private final Linear outProj;

  /** The attention output and the attention weights (null unless requested). */
  public record Output(Tensor output, Tensor weights) {}

  /** No dropout, with biases, sequence-first, from the default generator. */
  public MultiheadAttention(int embedDim, int numHeads) {
    this(
        embedDim,
        numHeads,
        0.0,
        true,
        false,
        false,
        embedDim,
        embedDim,
        false,
        Generator.defaultGenerator());
  }

  /**
   * A layer with PyTorch's initialisation: input projections xavier-uniform, projection biases 0,
   * {@code out_proj.weight} as in {@link Linear}, {@code bias_k}/{@code bias_v} xavier-normal.
   *
   * @param dropout drop probability of the attention weights in training
   * @param bias whether the projections have biases
   * @param addBiasKv append learnt {@code bias_k}, {@code bias_v} [1, 1, E] to the keys and values
   * @param addZeroAttn append a zero key and value after the projections
   * @param kdim features of the keys
   * @param vdim features of the values
   * @param batchFirst inputs and outputs are {@code [N, L, E]} instead of {@code [L, N, E]}
   * @param g the generator of the initial weights and dropout masks
   */
  public MultiheadAttention(
      int embedDim,
      int numHeads,
      double dropout,
      boolean bias,
      boolean addBiasKv,
      boolean addZeroAttn,
      int kdim,
      int vdim,
      boolean batchFirst,
      Generator g) {
    if (embedDim <= 0 || numHeads <= 0 || embedDim % numHeads != 0) {
      throw new IllegalArgumentException(
          "MultiheadAttention: embedDim must be a positive multiple of numHeads, got embedDim "
              + embedDim
              + ", numHeads "
              + numHeads);
    }
    if (!(dropout >= 0 && dropout <= 1) || kdim <= 0 || vdim <= 0) {
      throw new IllegalArgumentException(
          "MultiheadAttention: expected dropout in [0, 1] and positive kdim, vdim, got dropout "
              + dropout
              + ", kdim "
              + kdim
              + ", vdim "
              + vdim);
    }
    this.embedDim = embedDim;
    this.numHeads = numHeads;
    this.kdim = kdim;
    this.vdim = vdim;
    this.dropout = dropout;
    this.batchFirst = batchFirst;
    this.addBiasKv = addBiasKv;
    this.addZeroAttn = addZeroAttn;
    this.generator = g;
    if (sameEmbedDim()) {
      registerParameter("in_proj_weight", xavier(g, 3 * embedDim, embedDim));
    } else {
      registerParameter("q_proj_weight", xavier(g, embedDim, embedDim));
      registerParameter("k_proj_weight", xavier(g, embedDim, kdim));
      registerParameter("v_proj_weight", xavier(g, embedDim, vdim));
    }
    registerParameter("in_proj_bias", bias ? param(Tensor.zeros(3 * embedDim)) : null);
    if (addBiasKv) {
      for (String name : new String[] {"bias_k", "bias_v"}) {
        Tensor t = Tensor.empty(1, 1, embedDim);
        Init.xavierNormal_(t, 1.0, g);
        registerParameter(name, param(t));
      }
    }
    outProj = registerModule("out_proj", new Linear(embedDim, embedDim, bias, g));
    if (bias) {
      Init.constant_(outProj.namedParameters().get("bias"), 0.0);
    }
  }

  private static Tensor xavier(Generator g, int rows, int cols) {
    Tensor w = Tensor.empty(rows, cols);
    Init.xavierUniform_(w, 1.0, g);
    return param(w);
  }

  private static Tensor param(Tensor t) {
    return t.requiresGrad_(true);
  }

  private boolean sameEmbedDim() {
    return kdim == embedDim && vdim == embedDim;
  }

  /** Total features of the queries and the output. */
  public int embedDim() {
    return embedDim;
  }

  /** Number of heads. */
  public int numHeads() {
    return numHeads;
  }

  /** Whether inputs and outputs are batch-first. */
  public boolean batchFirst() {
    return batchFirst;
  }

  /** Self-attention of {@code x} without masks; returns the attention output only. */
  @Override
  public Tensor forward(Tensor x) {
    return forward(x, x, x, null, false, null, true).output();
  }

  /** Attention without masks, returning the weights averaged over heads (PyTorch's defaults). */
  public Output forward(Tensor query, Tensor key, Tensor value) {
    return forward(query, key, value, null, true, null, true);
  }

  /**
   * PyTorch's {@code forward(query, key, value, key_padding_mask, need_weights, attn_mask,
   * average_attn_weights)}.
   *
   * @param keyPaddingMask null or {@code [N, S]} ({@code [S]} unbatched): bool with {@code true}
   *     for keys to ignore, or floating, added to the scores
   * @param needWeights whether to return the attention weights
   * @param attnMask null, {@code [L, S]} or {@code [N * numHeads, L, S]}: bool with {@code true}
   *     for excluded pairs, or floating, added to the scores
   * @param averageAttnWeights return weights averaged over heads {@code [N, L, S]} instead of per
   *     head {@code [N, numHeads, L, S]}
   * @throws IllegalArgumentException naming this module when shapes or dtypes do not fit
   */
  public Output forward(
      Tensor query,
      Tensor key,
      Tensor value,
      Tensor keyPaddingMask,
      boolean needWeights,
      Tensor attnMask,
      boolean averageAttnWeights) {
    boolean batched = checkInputs(query, key, value, keyPaddingMask);
    Tensor q = query;
    Tensor k = key;
    Tensor v = value;
    Tensor kpm = keyPaddingMask;
    if (!batched) {
      q = q.unsqueeze(1);
      k = k.unsqueeze(1);
      v = v.unsqueeze(1);
      kpm = kpm == null ? null : kpm.unsqueeze(0);
    }
    // batch-first inputs are projected as they are (rows are independent, so no copy is needed to
    // make the transposed view's rows contiguous) and the projections viewed sequence-first
    boolean bf = batched && batchFirst;
    int tgtLen = q.size(bf ? 1 : 0);
    int bsz = q.size(bf ? 0 : 1);
    Tensor[] proj = project(q, k, v, query == key && key == value);
    if (bf) {
      for (int i = 0; i < 3; i++) {
        proj[i] = proj[i].transpose(0, 1);
      }
      k = k.transpose(0, 1);
    }
    Tensor mask = attnMask == null ? null : attnMask3d(attnMask, tgtLen, k.size(0), bsz, q.dtype());
    Tensor kp = proj[1];
    Tensor vp = proj[2];
    if (addBiasKv) {
      kp = Tensor.cat(0, kp, parameter("bias_k").repeat(1, bsz, 1));
      vp = Tensor.cat(0, vp, parameter("bias_v").repeat(1, bsz, 1));
      mask = padLast(mask);
      kpm = padLast(kpm);
    }
    int headDim = embedDim / numHeads;
    Tensor qh = heads(proj[0], bsz, headDim);
    Tensor kh = heads(kp, bsz, headDim);
    Tensor vh = heads(vp, bsz, headDim);
    if (addZeroAttn) {
      Tensor zeros = Tensor.zeros(kh.dtype(), bsz * numHeads, 1, headDim);
      kh = Tensor.cat(1, kh, zeros);
      vh = Tensor.cat(1, vh, zeros);
      mask = padLast(mask);
      kpm = padLast(kpm);
    }
    int srcLen = kh.size(1);
    if (kpm != null) {
      mask = mergeKeyPadding(mask, kpm, bsz, srcLen, q.dtype());
    }
    double p = isTraining() ? dropout : 0.0;
    Attention.Result r = Attention.attend(qh, kh, vh, mask, p, generator);
    // heads merged straight into the output layout: [N, L, E] when batch-first, else [L, N, E]
    Tensor out =
        bf
            ? r.output()
                .view(bsz, numHeads, tgtLen, headDim)
                .permute(0, 2, 1, 3)
                .contiguous()
                .view(bsz, tgtLen, embedDim)
            : r.output().transpose(0, 1).contiguous().view(tgtLen, bsz, embedDim);
    out = outProj.call(out);
    Tensor weights = null;
    if (needWeights) {
      weights = r.weights().view(bsz, numHeads, tgtLen, srcLen);
      if (averageAttnWeights) {
        weights = weights.sum(1).div(numHeads);
      }
      if (!batched) {
        weights = weights.squeeze(0);
      }
    }
    if (!batched) {
      out = out.squeeze(1);
    }
    return new Output(out, weights);
  }

  /** The projected q, k, v in sequence-first layout. */
  private Tensor[] project(Tensor q, Tensor k, Tensor v, boolean selfAttention) {
    Tensor b = parameter("in_proj_bias");
    Tensor[] bs = b == null ? new Tensor[3] : b.chunk(3);
    if (!sameEmbedDim()) {
      return new Tensor[] {
        Linear.linear(q, parameter("q_proj_weight"), bs[0]),
        Linear.linear(k, parameter("k_proj_weight"), bs[1]),
        Linear.linear(v, parameter("v_proj_weight"), bs[2])
      };
    }
    Tensor w = parameter("in_proj_weight");
    if (selfAttention) {
      return Linear.linear(q, w, b).chunk(3, -1);
    }
    Tensor[] ws = w.chunk(3);
    return new Tensor[] {
      Linear.linear(q, ws[0], bs[0]), Linear.linear(k, ws[1], bs[1]), Linear.linear(v, ws[2], bs[2])
    };
  }

  /** {@code [S, N, E]} to {@code [N * heads, S, headDim]}. */
  private Tensor heads(Tensor x, int bsz, int headDim) {
    return x.contiguous().view(x.size(0), bsz * numHeads, headDim).transpose(0, 1);
  }

  private static Tensor padLast(Tensor mask) {
    return mask == null ? null : mask.pad(0, 1);
  }

  /** The attention mask as an additive {@code [1 or N * heads, L, S]} tensor. */
  private Tensor attnMask3d(Tensor m, int tgtLen, int srcLen, int bsz, DType dtype) {
    int[] expected =
        m.dim() == 2 ? new int[] {tgtLen, srcLen} : new int[] {bsz * numHeads, tgtLen, srcLen};
    if ((m.dim() != 2 && m.dim() != 3) || !Arrays.equals(m.shape(), expected)) {
      throw new IllegalArgumentException(
          describe()
              + ": attnMask must be [L, S] = "
              + Arrays.toString(new int[] {tgtLen, srcLen})
              + " or [N * numHeads, L, S] = "
              + Arrays.toString(new int[] {bsz * numHeads, tgtLen, srcLen})
              + ", got "
              + Arrays.toString(m.shape()));
    }
    Tensor additive = additive(m, dtype, "attnMask");
    return m.dim() == 2 ? additive.unsqueeze(0) : additive;
  }

  private Tensor mergeKeyPadding(Tensor mask, Tensor kpm, int bsz, int srcLen, DType dtype) {
    if (!Arrays.equals(kpm.shape(), new int[] {bsz, srcLen})) {
      throw new IllegalArgumentException(
          describe()
              + ": keyPaddingMask must be [N, S] = "
              + Arrays.toString(new int[] {bsz, srcLen})
              + " after adding bias/zero keys, got "
              + Arrays.toString(kpm.shape()));
    }
    Tensor k =
        additive(kpm, dtype, "keyPaddingMask")
            .view(bsz, 1, 1, srcLen)
            .expand(bsz, numHeads, 1, srcLen)
            .reshape(bsz * numHeads, 1, srcLen);
    return mask == null ? k : mask.add(k);
  }

  /** A bool mask ({@code true} = excluded) as 0 / -inf; a floating mask as is. */
  private Tensor additive(Tensor m, DType dtype, String what) {
    if (m.dtype() == DType.BOOL) {
      return Tensor.zeros(dtype, m.shape()).maskedFill(m, Double.NEGATIVE_INFINITY);
    }
    if (!m.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          describe() + ": " + what + " must be bool or floating, got " + m.dtype());
    }
    return m;
  }

  /** Checks dims and feature sizes; returns whether the input is batched. */
  private boolean checkInputs(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask) {
    int d = query.dim();
    if ((d != 2 && d != 3) || key.dim() != d || value.dim() != d) {
      throw new IllegalArgumentException(
          describe()
              + ": expected query, key and value all 3-D (batched) or all 2-D (unbatched), got "
              + Arrays.toString(query.shape())
              + ", "
              + Arrays.toString(key.shape())
              + ", "
              + Arrays.toString(value.shape()));
    }
    if (query.size(-1) != embedDim || key.size(-1) != kdim || value.size(-1) != vdim) {
      throw new IllegalArgumentException(
          describe()
              + ": expected last dims embedDim "
              + embedDim
              + ", kdim "
              + kdim
              + ", vdim "
              + vdim
              + ", got query "
              + Arrays.toString(query.shape())
              + ", key "
              + Arrays.toString(key.shape())
              + ", value "
              + Arrays.toString(value.shape()));
    }
    int seqDim = d == 3 && batchFirst ? 1 : 0;
    int batchDim = 1 - seqDim;
    boolean mismatch =
        key.size(seqDim) != value.size(seqDim)
            || (d == 3
                && (key.size(batchDim) != query.size(batchDim)
                    || value.size(batchDim) != query.size(batchDim)));
    if (mismatch) {
      throw new IllegalArgumentException(
          describe()
              + ": key and value must have the same length and the batch size of query, got query "
              + Arrays.toString(query.shape())
              + ", key "
              + Arrays.toString(key.shape())
              + ", value "
              + Arrays.toString(value.shape()));
    }
    if (keyPaddingMask != null && keyPaddingMask.dim() != d - 1) {
      throw new IllegalArgumentException(
          describe()
              + ": keyPaddingMask must be "
              + (d - 1)
              + "-D for "
              + d
              + "-D query, got "
              + Arrays.toString(keyPaddingMask.shape()));
    }
    return d == 3;
  }

  @Override
  protected String extraRepr() {
    return "embedDim="
        + embedDim
        + ", numHeads="
        + numHeads
        + ", dropout="
        + dropout
        + (sameEmbedDim() ? "" : ", kdim=" + kdim + ", vdim=" + vdim)
        + ", batchFirst="
        + batchFirst;
  }
}
