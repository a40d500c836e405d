package dev.kiln.autograd;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kiln.ops.BinaryOp;
import dev.kiln.ops.Fixtures;
import dev.kiln.ops.OpCase;
import dev.kiln.ops.OpDef;
import dev.kiln.ops.OpRegistry;
import dev.kiln.ops.OpTable;
import dev.kiln.ops.UnaryOp;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * gradcheck and gradgradcheck over the op table: every row whose op has floating inputs is run on
 * those inputs converted to float64 and marked requiresGrad (each cloned inside the call, so that
 * the table's in-place rows are checked too). A differentiable op must pass both checks; a
 * non-differentiable one must give outputs that do not require grad.
 *
 * <p>Skip rules (each counted): rows with an input over {@link #MAX_NUMEL} elements (every op also
 * has small samples); rows whose floating outputs are not float64 (a cast to float16 or float32 is
 * too coarse for central differences, as in PyTorch's gradcheck); samples with NaN or infinite
 * outputs (NaN inputs stay when the op maps them to finite values, as nanToNum does); and samples
 * at which the function itself is not differentiable, detected without looking at any derivative
 * code: for some input element the difference quotients {@code (f(x+h)-f(x))/h}, {@code
 * (f(x)-f(x-h))/h} and {@code (f(x+10h)-f(x))/(10h)} (h = 1e-8) do not agree to {@code 1e-3 (1 +
 * |a| + |b|)} (kinks such as relu(0) or abs(0), ties of max, jumps of floor or sign, whose
 * quotients grow as h shrinks), or f fails at a perturbed point (the sample sits on the edge of its
 * domain, such as a zero standard deviation); and the samples listed in {@link
 * #UNDEFINED_DERIVATIVE}.
 *
 * <p>Samples without a derivative ({@link #NO_DERIVATIVE}) must fail with an error that says so.
 */
class GradcheckTableTest {
  static final int MAX_NUMEL = 64;
  private static final double KINK_H = 1e-8;

  /**
   * Samples whose op refuses to record because no derivative exists for them (PyTorch refuses them
   * too): qr in mode r and in complete mode of tall matrices, and svd with full non-square factors.
   */
  static final Set<String> NO_DERIVATIVE =
      Set.of("qr/complete", "qr/r_mode", "svd/full_tall_f64", "svd/full_wide_f64");

  /**
   * Samples at which the op's derivative is undefined (as in PyTorch) although the quantities the
   * row returns are smooth: the svd of a rank-one product has repeated zero singular values.
   */
  static final Set<String> UNDEFINED_DERIVATIVE = Set.of("svd/rank_one_f64");

  private static final Map<String, OpDef> OPS = OpRegistry.byName();
  private static final AtomicInteger CHECKED = new AtomicInteger();
  private static final AtomicInteger NON_DIFFERENTIABLE = new AtomicInteger();
  private static final AtomicInteger SKIPPED = new AtomicInteger();
  private static final AtomicInteger IN_PLACE_CHECKED = new AtomicInteger();

  @TestFactory
  Stream<DynamicTest> everyDifferentiableRowPassesGradcheck() {
    return OpTable.all().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> check(c)));
  }

  /**
   * The in-place variants, generated from the same rows: for a unary or binary op whose Tensor
   * method {@code <op>_} exists, the method is applied to a copy of the row's first input, once
   * contiguous and once through a transposed (non-contiguous) layout.
   */
  @TestFactory
  Stream<DynamicTest> inPlaceVariantsPassGradcheck() {
    return OpTable.all().stream()
        .filter(c -> OPS.get(c.op()) instanceof UnaryOp || OPS.get(c.op()) instanceof BinaryOp)
        .map(c -> DynamicTest.dynamicTest(c + " in place", () -> checkInPlace(c)));
  }

  static void checkInPlace(OpCase c) throws Exception {
    Tensor[] raw = Fixtures.load(c.dir()).inputs();
    boolean unary = OPS.get(c.op()) instanceof UnaryOp;
    Method method;
    try {
      method =
          unary
              ? Tensor.class.getMethod(c.op() + "_")
              : Tensor.class.getMethod(c.op() + "_", Tensor.class);
    } catch (NoSuchMethodException e) {
      return;
    }
    if (raw.length != (unary ? 1 : 2)
        || !Arrays.stream(raw).allMatch(t -> t.dtype().isFloatingPoint())
        || Arrays.stream(raw).anyMatch(t -> t.numel() > MAX_NUMEL || t.numel() == 0)
        || (!unary && !Arrays.equals(raw[0].shape(), broadcastShape(raw[0], raw[1])))) {
      return;
    }
    Tensor[] inputs = float64Inputs(raw);
    for (boolean transposed : new boolean[] {false, true}) {
      if (transposed && raw[0].dim() < 2) {
        continue;
      }
      Function<Tensor[], Tensor[]> fn =
          xs -> {
            Tensor target = transposed ? xs[0].mT().contiguous().mT() : xs[0].clone();
            Object[] args = unary ? new Object[0] : new Object[] {xs[1]};
            try {
              return new Tensor[] {(Tensor) method.invoke(target, args)};
            } catch (ReflectiveOperationException e) {
              throw new IllegalStateException(e.getCause());
            }
          };
      if (!finite(fn.apply(inputs)) || atKink(fn, inputs)) {
        continue;
      }
      try {
        GradCheck.gradcheck(fn, inputs);
        GradCheck.gradgradcheck(fn, inputs);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(c + " in place: " + e.getMessage(), e);
      }
      IN_PLACE_CHECKED.incrementAndGet();
    }
  }

  private static int[] broadcastShape(Tensor a, Tensor b) {
    try {
      return dev.kiln.tensor.Shapes.broadcast("check", a.shape(), b.shape());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @AfterAll
  static void enoughRowsWereChecked() {
    // the table has several hundred small floating rows; a broken filter must not pass silently
    assertTrue(CHECKED.get() >= 400, "only " + CHECKED + " rows were gradchecked");
    assertTrue(NON_DIFFERENTIABLE.get() >= 20, "only " + NON_DIFFERENTIABLE + " rows non-diff");
    assertTrue(IN_PLACE_CHECKED.get() >= 150, "only " + IN_PLACE_CHECKED + " in-place variants");
  }

  static void check(OpCase c) throws Exception {
    Tensor[] raw = Fixtures.load(c.dir()).inputs();
    if (Arrays.stream(raw).noneMatch(t -> t.dtype().isFloatingPoint())) {
      return;
    }
    if (Arrays.stream(raw).anyMatch(t -> t.numel() > MAX_NUMEL)) {
      SKIPPED.incrementAndGet();
      return;
    }
    if (NO_DERIVATIVE.contains(c.toString())) {
      Tensor[] in = float64Inputs(raw);
      UnsupportedOperationException e =
          assertThrows(UnsupportedOperationException.class, () -> c.fn().apply(cloned(in)));
      assertTrue(e.getMessage().contains("has no derivative"), e.getMessage());
      return;
    }
    if (UNDEFINED_DERIVATIVE.contains(c.toString())) {
      SKIPPED.incrementAndGet();
      return;
    }
    Tensor[] inputs = float64Inputs(raw);
    Function<Tensor[], Tensor[]> fn = xs -> c.fn().apply(cloned(xs));
    OpDef op = OPS.get(c.op());
    Tensor[] outs = fn.apply(inputs);
    boolean anyGrad = Arrays.stream(outs).anyMatch(Tensor::requiresGrad);
    if (!op.differentiable()) {
      if (anyGrad) {
        fail(c + ": op is declared non-differentiable but its output requires grad");
      }
      NON_DIFFERENTIABLE.incrementAndGet();
      return;
    }
    if (Arrays.stream(outs).noneMatch(t -> t.dtype().isFloatingPoint() && t.numel() > 0)) {
      SKIPPED.incrementAndGet();
      return;
    }
    if (!anyGrad) {
      fail(c + ": op is differentiable but no floating output requires grad");
    }
    boolean coarse =
        Arrays.stream(outs)
            .anyMatch(t -> t.dtype().isFloatingPoint() && t.dtype() != DType.FLOAT64);
    if (coarse || !finite(outs) || atKink(fn, inputs)) {
      SKIPPED.incrementAndGet();
      return;
    }
    try {
      GradCheck.gradcheck(fn, inputs);
      GradCheck.gradgradcheck(fn, inputs);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(c + ": " + e.getMessage(), e);
    }
    CHECKED.incrementAndGet();
  }

  /** The floating inputs as float64 leaves that require grad; the others as they are. */
  private static Tensor[] float64Inputs(Tensor[] raw) {
    Tensor[] inputs = new Tensor[raw.length];
    for (int i = 0; i < raw.length; i++) {
      inputs[i] =
          raw[i].dtype().isFloatingPoint()
              ? raw[i].to(DType.FLOAT64).clone().requiresGrad_(true)
              : raw[i];
    }
    return inputs;
  }

  private static Tensor[] cloned(Tensor[] xs) {
    Tensor[] out = xs.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i].requiresGrad()) {
        out[i] = out[i].clone();
      }
    }
    return out;
  }

  private static boolean finite(Tensor[] ts) {
    for (Tensor t : ts) {
      if (t.dtype().isFloatingPoint()) {
        for (double v : t.toDoubleArray()) {
          if (!Double.isFinite(v)) {
            return false;
          }
        }
      }
    }
    return true;
  }

  /** Whether some input element's difference quotients disagree (see the class comment). */
  private static boolean atKink(Function<Tensor[], Tensor[]> fn, Tensor[] inputs) {
    try (var scope = Autograd.noGrad()) {
      double[] base = values(fn.apply(inputs));
      for (Tensor x : inputs) {
        if (!x.requiresGrad()) {
          continue;
        }
        for (int j = 0; j < x.numel(); j++) {
          double[] plus;
          double[] minus;
          double[] far;
          try {
            plus = perturbed(fn, inputs, x, j, KINK_H);
            minus = perturbed(fn, inputs, x, j, -KINK_H);
            far = perturbed(fn, inputs, x, j, 10 * KINK_H);
          } catch (RuntimeException e) {
            return true;
          }
          for (int k = 0; k < base.length; k++) {
            double dPlus = (plus[k] - base[k]) / KINK_H;
            double dMinus = (base[k] - minus[k]) / KINK_H;
            double dFar = (far[k] - base[k]) / (10 * KINK_H);
            if (!agree(dPlus, dMinus) || !agree(dPlus, dFar)) {
              return true;
            }
          }
        }
      }
    }
    return false;
  }

  private static boolean agree(double a, double b) {
    return Math.abs(a - b) <= 1e-3 * (1 + Math.abs(a) + Math.abs(b));
  }

  /** f's floating outputs with element j of x moved by h (restored afterwards). */
  private static double[] perturbed(
      Function<Tensor[], Tensor[]> fn, Tensor[] inputs, Tensor x, int j, double h) {
    double orig = x.storage().getDouble(j, DType.FLOAT64);
    try {
      x.storage().setDouble(j, orig + h, DType.FLOAT64);
      return values(fn.apply(inputs));
    } finally {
      x.storage().setDouble(j, orig, DType.FLOAT64);
    }
  }

  private static double[] values(Tensor[] outs) {
    return Arrays.stream(outs)
        .filter(t -> t.dtype().isFloatingPoint())
        .flatMapToDouble(t -> Arrays.stream(t.toDoubleArray()))
        .toArray();
  }
}
