package dev.kiln.backend.cpu.vector;

import dev.kiln.backend.BinaryKind;
import dev.kiln.backend.TernaryKind;
import dev.kiln.backend.UnaryKind;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The elementwise loops of {@link VectorCpuKernels} (unary, binary and fused ternary kinds): each
 * entry point runs the vector body over the first {@code F.loopBound(n)} elements of a run when the
 * kind and layout are vectorised (unit stride, or stride 0 for a broadcast operand, and at least
 * two vectors) and returns how many it did (0 otherwise); the caller finishes the tail with the
 * scalar reference. Each operator has its own small loop and a switch outside the loops picks one
 * (see {@link VectorCpuKernels} for why).
 *
 * <p>W5's {@code relu(a*b+c)} ({@link #addcmulRelu}) runs at the speed of a hand-written loop
 * ({@code fromArray}/{@code fma}/{@code max}/{@code intoArray} on the arrays): 30-31 GB/s on one
 * thread with 16 MiB arrays (cache), 12-16 GB/s with 64 MiB arrays (memory), measured side by side
 * on the busy 2-core machine; the stride tests in {@link #load} cost nothing measurable there.
 */
final class VectorElementwise {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final int L = F.length();
  private static final FloatVector ONE = FloatVector.broadcast(F, 1f);

  private VectorElementwise() {}

  /** The vector part of a unary run (unit strides); returns the elements done. */
  static int unary(
      UnaryKind kind,
      float[] x,
      int xOff,
      int xStride,
      float[] out,
      int outOff,
      int outStride,
      int n) {
    if (xStride != 1 || outStride != 1 || n < 2 * L || !vectorised(kind)) {
      return 0;
    }
    int i = F.loopBound(n);
    switch (kind) {
      case RELU -> relu(x, xOff, out, outOff, i);
      case SIGMOID -> sigmoid(x, xOff, out, outOff, i);
      case NEG -> neg(x, xOff, out, outOff, i);
      case ABS -> abs(x, xOff, out, outOff, i);
      case EXP -> exp(x, xOff, out, outOff, i);
      case LOG -> log(x, xOff, out, outOff, i);
      case TANH -> tanh(x, xOff, out, outOff, i);
      case SQRT -> sqrt(x, xOff, out, outOff, i);
      default -> throw new AssertionError(kind);
    }
    return i;
  }

  /**
   * The vector part of a binary run (each operand unit-stride or broadcast, not both broadcast;
   * unit-stride output); returns the elements done.
   */
  static int binary(
      BinaryKind kind,
      float[] a,
      int aOff,
      int aStride,
      float[] b,
      int bOff,
      int bStride,
      float[] out,
      int outOff,
      int outStride,
      int n) {
    boolean vectorised =
        switch (kind) {
          case ADD, SUB, MUL, DIV, MAXIMUM, MINIMUM, RELU_BACKWARD -> true;
          default -> false;
        };
    boolean aOk = aStride == 1 || aStride == 0;
    boolean bOk = bStride == 1 || bStride == 0;
    if (!vectorised || outStride != 1 || !aOk || !bOk || aStride + bStride == 0 || n < 2 * L) {
      return 0;
    }
    int i = F.loopBound(n);
    switch (kind) {
      case ADD -> add(a, aOff, aStride, b, bOff, bStride, out, outOff, i);
      case SUB -> sub(a, aOff, aStride, b, bOff, bStride, out, outOff, i);
      case MUL -> mul(a, aOff, aStride, b, bOff, bStride, out, outOff, i);
      case DIV -> div(a, aOff, aStride, b, bOff, bStride, out, outOff, i);
      case MAXIMUM -> max(a, aOff, aStride, b, bOff, bStride, out, outOff, i);
      case MINIMUM -> min(a, aOff, aStride, b, bOff, bStride, out, outOff, i);
      case RELU_BACKWARD -> reluBackward(a, aOff, aStride, b, bOff, bStride, out, outOff, i);
      default -> throw new AssertionError(kind);
    }
    return i;
  }

  /**
   * The vector part of a fused ternary run (each operand unit-stride or broadcast, unit-stride
   * output); returns the elements done.
   */
  static int ternary(
      TernaryKind kind,
      float[] x,
      int xOff,
      int xStride,
      float[] a,
      int aOff,
      int aStride,
      float[] b,
      int bOff,
      int bStride,
      float[] out,
      int outOff,
      int outStride,
      int n,
      float value) {
    boolean unitOrBroadcast =
        (xStride | 1) == 1 && (aStride | 1) == 1 && (bStride | 1) == 1 && outStride == 1;
    if (!unitOrBroadcast || n < 2 * L) {
      return 0;
    }
    int i = F.loopBound(n);
    switch (kind) {
      case ADDCMUL ->
          addcmul(x, xOff, xStride, a, aOff, aStride, b, bOff, bStride, out, outOff, i, value);
      case ADDCDIV ->
          addcdiv(x, xOff, xStride, a, aOff, aStride, b, bOff, bStride, out, outOff, i, value);
      case ADDCMUL_RELU ->
          addcmulRelu(x, xOff, xStride, a, aOff, aStride, b, bOff, bStride, out, outOff, i, value);
      default -> throw new AssertionError(kind);
    }
    return i;
  }

  private static void relu(float[] x, int xOff, float[] out, int outOff, int bound) {
    for (int i = 0; i < bound; i += L) {
      FloatVector v = FloatVector.fromArray(F, x, xOff + i);
      v.blend(0f, v.compare(VectorOperators.LE, 0f)).intoArray(out, outOff + i);
    }
  }

  private static void sigmoid(float[] x, int xOff, float[] out, int outOff, int bound) {
    for (int i = 0; i < bound; i += L) {
      FloatVector e = FloatVector.fromArray(F, x, xOff + i).neg().lanewise(VectorOperators.EXP);
      ONE.div(e.add(1f)).intoArray(out, outOff + i);
    }
  }

  private static void neg(float[] x, int xOff, float[] out, int outOff, int bound) {
    for (int i = 0; i < bound; i += L) {
      FloatVector.fromArray(F, x, xOff + i).neg().intoArray(out, outOff + i);
    }
  }

  private static void abs(float[] x, int xOff, float[] out, int outOff, int bound) {
    for (int i = 0; i < bound; i += L) {
      FloatVector.fromArray(F, x, xOff + i).abs().intoArray(out, outOff + i);
    }
  }

  private static void exp(float[] x, int xOff, float[] out, int outOff, int bound) {
    for (int i = 0; i < bound; i += L) {
      FloatVector.fromArray(F, x, xOff + i)
          .lanewise(VectorOperators.EXP)
          .intoArray(out, outOff + i);
    }
  }

  private static void log(float[] x, int xOff, float[] out, int outOff, int bound) {
    for (int i = 0; i < bound; i += L) {
      FloatVector.fromArray(F, x, xOff + i)
          .lanewise(VectorOperators.LOG)
          .intoArray(out, outOff + i);
    }
  }

  private static void tanh(float[] x, int xOff, float[] out, int outOff, int bound) {
    for (int i = 0; i < bound; i += L) {
      FloatVector.fromArray(F, x, xOff + i)
          .lanewise(VectorOperators.TANH)
          .intoArray(out, outOff + i);
    }
  }

  private static void sqrt(float[] x, int xOff, float[] out, int outOff, int bound) {
    for (int i = 0; i < bound; i += L) {
      FloatVector.fromArray(F, x, xOff + i).sqrt().intoArray(out, outOff + i);
    }
  }

  private static boolean vectorised(UnaryKind kind) {
    return switch (kind) {
      case RELU, SIGMOID, NEG, ABS, EXP, LOG, TANH, SQRT -> true;
      default -> false;
    };
  }

  /** A whole vector of {@code x} from {@code off + i}, or its one element for stride 0. */
  static FloatVector load(float[] x, int off, int stride, int i) {
    return stride == 0 ? FloatVector.broadcast(F, x[off]) : FloatVector.fromArray(F, x, off + i);
  }

  private static void add(
      float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int bound) {
    for (int i = 0; i < bound; i += L) {
      load(a, ao, as, i).add(load(b, bo, bs, i)).intoArray(out, oo + i);
    }
  }

  private static void sub(
      float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int bound) {
    for (int i = 0; i < bound; i += L) {
      load(a, ao, as, i).sub(load(b, bo, bs, i)).intoArray(out, oo + i);
    }
  }

  private static void mul(
      float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int bound) {
    for (int i = 0; i < bound; i += L) {
      load(a, ao, as, i).mul(load(b, bo, bs, i)).intoArray(out, oo + i);
    }
  }

  private static void div(
      float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int bound) {
    for (int i = 0; i < bound; i += L) {
      load(a, ao, as, i).div(load(b, bo, bs, i)).intoArray(out, oo + i);
    }
  }

  private static void max(
      float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int bound) {
    for (int i = 0; i < bound; i += L) {
      load(a, ao, as, i).max(load(b, bo, bs, i)).intoArray(out, oo + i);
    }
  }

  private static void min(
      float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int bound) {
    for (int i = 0; i < bound; i += L) {
      load(a, ao, as, i).min(load(b, bo, bs, i)).intoArray(out, oo + i);
    }
  }

  /** {@code b <= 0 ? 0 : a}: the gradient {@code a} where the relu output {@code b} is positive. */
  private static void reluBackward(
      float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int bound) {
    for (int i = 0; i < bound; i += L) {
      FloatVector y = load(b, bo, bs, i);
      load(a, ao, as, i).blend(0f, y.compare(VectorOperators.LE, 0f)).intoArray(out, oo + i);
    }
  }

  private static void addcmul(
      float[] x,
      int xo,
      int xs,
      float[] a,
      int ao,
      int as,
      float[] b,
      int bo,
      int bs,
      float[] out,
      int oo,
      int bound,
      float value) {
    for (int i = 0; i < bound; i += L) {
      FloatVector t = load(a, ao, as, i).mul(value).mul(load(b, bo, bs, i));
      load(x, xo, xs, i).add(t).intoArray(out, oo + i);
    }
  }

  private static void addcdiv(
      float[] x,
      int xo,
      int xs,
      float[] a,
      int ao,
      int as,
      float[] b,
      int bo,
      int bs,
      float[] out,
      int oo,
      int bound,
      float value) {
    for (int i = 0; i < bound; i += L) {
      FloatVector t = load(a, ao, as, i).mul(value).div(load(b, bo, bs, i));
      load(x, xo, xs, i).add(t).intoArray(out, oo + i);
    }
  }

  private static void addcmulRelu(
      float[] x,
      int xo,
      int xs,
      float[] a,
      int ao,
      int as,
      float[] b,
      int bo,
      int bs,
      float[] out,
      int oo,
      int bound,
      float value) {
    for (int i = 0; i < bound; i += L) {
      FloatVector t = load(a, ao, as, i).mul(value).mul(load(b, bo, bs, i));
      FloatVector r = load(x, xo, xs, i).add(t);
      r.blend(0f, r.compare(VectorOperators.LE, 0f)).intoArray(out, oo + i);
    }
  }
}
