package dev.kiln.ops;

import dev.kiln.tensor.Tensor;
import java.util.function.Function;

/**
 * One row of the op table: an op (by registry name), a named sample, and how to call the op on the
 * sample's inputs. The inputs and PyTorch's outputs come from the fixture directory {@code
 * fixtures/ops/<op>/<sample>/} written by {@code tools/fixtures/gen_fixtures.py}, whose case of the
 * same name does the same thing in PyTorch.
 *
 * @param op the op's registry name
 * @param sample the sample's name (unique per op)
 * @param fn the call, from inputs to outputs
 * @param rtol relative tolerance for floating results
 * @param atol absolute tolerance for floating results
 */
public record OpCase(
    String op, String sample, Function<Tensor[], Tensor[]> fn, double rtol, double atol) {
  /** Default float32 tolerance: 1e-6 relative (DESIGN: fixtures agree to 1e-6). */
  public static final double RTOL = 1e-6;

  /** Default absolute tolerance, for results that are zero up to rounding. */
  public static final double ATOL = 1e-7;

  /** A single-output case with default tolerances. */
  public static OpCase of(String op, String sample, Function<Tensor[], Tensor> fn) {
    return new OpCase(op, sample, x -> new Tensor[] {fn.apply(x)}, RTOL, ATOL);
  }

  /** A multi-output case (e.g. values and indices) with default tolerances. */
  public static OpCase multi(String op, String sample, Function<Tensor[], Tensor[]> fn) {
    return new OpCase(op, sample, fn, RTOL, ATOL);
  }

  /** This case with other tolerances (say why where the row is declared). */
  public OpCase tol(double rtol, double atol) {
    return new OpCase(op, sample, fn, rtol, atol);
  }

  /** The fixture directory, relative to the test resources. */
  public String dir() {
    return "fixtures/ops/" + op + "/" + sample;
  }

  @Override
  public String toString() {
    return op + "/" + sample;
  }
}
