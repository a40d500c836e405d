package dev.kiln.ops;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.util.List;

/**
 * Op-table rows for the creation and random ops; mirrored by {@code
 * tools/fixtures/cases/creation.py}. Factories ignore the (empty) inputs. Random rows check
 * properties that hold for every draw (bounds, sums, degenerate distributions, shape and dtype),
 * since Kiln does not reproduce PyTorch's random streams.
 */
final class CreationCases {
  private CreationCases() {}

  private static Tensor inRange(Tensor t, double lo, double hi) {
    return BinaryOps.LOGICAL_AND.apply(
        BinaryOps.GE.apply(t, Tensor.wrapNumber(lo)), BinaryOps.LT.apply(t, Tensor.wrapNumber(hi)));
  }

  /** {@code t * 0} with an integer zero, as Python's {@code t * 0}: keeps shape and dtype. */
  private static Tensor timesZero(Tensor t) {
    return BinaryOps.MUL.apply(t, Tensor.wrapNumber(0L));
  }

  static List<OpCase> all() {
    return List.of(
        // filled tensors
        OpCase.of("empty", "i32_zero_size", x -> Tensor.empty(DType.INT32, 2, 0)),
        OpCase.of("empty", "f32_zero_size", x -> Tensor.empty(0)),
        OpCase.of("full", "f32", x -> Tensor.full(2.5, 2, 3)),
        OpCase.of("full", "i64_truncates", x -> Tensor.full(7.9, DType.INT64, 3)),
        OpCase.of("full", "bool", x -> Tensor.full(1, DType.BOOL, 2)),
        OpCase.of("full", "f32_0dim", x -> Tensor.full(3.5)),
        OpCase.of("zeros", "f32", x -> Tensor.zeros(2, 3)),
        OpCase.of("zeros", "i64_empty_dim", x -> Tensor.zeros(DType.INT64, 3, 0)),
        OpCase.of("ones", "f32", x -> Tensor.ones(4)),
        OpCase.of("ones", "f16", x -> Tensor.ones(DType.FLOAT16, 2, 2)),
        OpCase.of("ones", "bool", x -> Tensor.ones(DType.BOOL, 3)),
        // ranges
        OpCase.of("arange", "int_end", x -> Tensor.arange(5)),
        OpCase.of("arange", "int_negative_step", x -> Tensor.arange(10, 0, -3)),
        OpCase.of("arange", "int_empty", x -> Tensor.arange(3, 3)),
        OpCase.of("arange", "int_to_f32", x -> Tensor.arange(0, 5, 1, DType.FLOAT32)),
        OpCase.of("arange", "float_end", x -> Tensor.arange(2.5)),
        OpCase.of("arange", "float_step", x -> Tensor.arange(0, 1, 0.1)),
        OpCase.of("arange", "float_step_ceil", x -> Tensor.arange(0.0, 1.0, 0.3)),
        OpCase.of("arange", "float_negative_step", x -> Tensor.arange(1.0, -1.0, -0.3)),
        OpCase.of("arange", "f64", x -> Tensor.arange(0, 1, 0.1, DType.FLOAT64)),
        OpCase.of("arange", "float_long", x -> Tensor.arange(-3.5, 40.25, 0.125)),
        // tol(0, 0): linspace and logspace reproduce PyTorch's arithmetic bit for bit
        OpCase.of("linspace", "f32", x -> Tensor.linspace(0, 1, 5)),
        OpCase.of("linspace", "one_step", x -> Tensor.linspace(2, 5, 1)),
        OpCase.of("linspace", "zero_steps", x -> Tensor.linspace(2, 5, 0)),
        OpCase.of("linspace", "symmetric", x -> Tensor.linspace(-1, 1, 7)).tol(0, 0),
        OpCase.of("linspace", "f32_many", x -> Tensor.linspace(-3.7, 12.1, 1000)).tol(0, 0),
        OpCase.of("linspace", "f32_odd_length", x -> Tensor.linspace(-3, 7, 333)).tol(0, 0),
        OpCase.of("linspace", "f64_many", x -> Tensor.linspace(-3.7, 12.1, 1000, DType.FLOAT64))
            .tol(0, 0),
        OpCase.of("linspace", "descending", x -> Tensor.linspace(5, -5, 11)),
        OpCase.of("linspace", "f64", x -> Tensor.linspace(0, 1, 11, DType.FLOAT64)),
        OpCase.of("linspace", "i64", x -> Tensor.linspace(0, 10, 4, DType.INT64)),
        OpCase.of("logspace", "f32", x -> Tensor.logspace(0, 2, 3)),
        OpCase.of("logspace", "base2", x -> Tensor.logspace(0, 3, 4, 2)),
        OpCase.of("logspace", "negative_exponents", x -> Tensor.logspace(-2, 2, 9)),
        OpCase.of("logspace", "f32_many", x -> Tensor.logspace(-1, 1, 100)),
        OpCase.of("logspace", "f32_wide", x -> Tensor.logspace(-3.3, 5.1, 500)).tol(0, 0),
        OpCase.of("logspace", "f64_many", x -> Tensor.logspace(-3.3, 5.1, 500, 10, DType.FLOAT64))
            .tol(0, 0),
        OpCase.of("logspace", "f64", x -> Tensor.logspace(-3, 3, 13, 10, DType.FLOAT64)),
        OpCase.of("logspace", "i64", x -> Tensor.logspace(0, 3, 4, 2, DType.INT64)),
        OpCase.of("logspace", "one_step", x -> Tensor.logspace(2, 5, 1)),
        OpCase.of("eye", "square", x -> Tensor.eye(3)),
        OpCase.of("eye", "wide", x -> Tensor.eye(2, 4)),
        OpCase.of("eye", "tall", x -> Tensor.eye(4, 2)),
        OpCase.of("eye", "empty", x -> Tensor.eye(0)),
        OpCase.of("eye", "i64", x -> Tensor.eye(3, 3, DType.INT64)),
        OpCase.of("eye", "bool", x -> Tensor.eye(2, 3, DType.BOOL)),
        // *Like
        OpCase.of("zerosLike", "f32", x -> Tensor.zerosLike(x[0])),
        OpCase.of("onesLike", "i32", x -> Tensor.onesLike(x[0])),
        OpCase.of("fullLike", "f64", x -> Tensor.fullLike(x[0], -1.25)),
        OpCase.of("fullLike", "i64_truncates", x -> Tensor.fullLike(x[0], 3.7)),
        OpCase.of("emptyLike", "zero_size", x -> Tensor.emptyLike(x[0])),
        // random: properties that hold for every draw
        OpCase.of("rand", "in_unit_interval", x -> inRange(Tensor.rand(1000), 0, 1)),
        OpCase.of("rand", "f64_shape", x -> timesZero(Tensor.rand(DType.FLOAT64, 3, 4))),
        OpCase.of(
            "randn",
            "bounded",
            x ->
                BinaryOps.LT.apply(UnaryOps.ABS.apply(Tensor.randn(1000)), Tensor.wrapNumber(10L))),
        OpCase.of("randn", "f64_shape", x -> timesZero(Tensor.randn(DType.FLOAT64, 2, 5))),
        OpCase.of("randint", "in_range", x -> inRange(Tensor.randint(3, 7, new int[] {500}), 3, 7)),
        OpCase.of("randint", "i64_shape", x -> timesZero(Tensor.randint(0, 5, new int[] {2, 3}))),
        OpCase.of("randperm", "sum", x -> Tensor.randperm(10).sum()),
        OpCase.of("randperm", "empty", x -> Tensor.randperm(0)),
        OpCase.of("bernoulli", "p0_p1", x -> Tensor.bernoulli(x[0])),
        OpCase.of("normal", "zero_std", x -> Tensor.normal(x[0], x[1])),
        OpCase.of("normal", "scalar_zero_std", x -> Tensor.normal(3.0, 0.0, 2, 2)),
        OpCase.of("uniform", "degenerate", x -> Tensor.empty(3).uniform_(2, 2)),
        OpCase.of("multinomial", "one_hot_rows", x -> Tensor.multinomial(x[0], 4, true)),
        OpCase.of("multinomial", "one_hot_no_replacement", x -> Tensor.multinomial(x[0], 1, false)),
        OpCase.of("multinomial", "all_categories", x -> Tensor.multinomial(x[0], 3, false).sum()),
        OpCase.of("randLike", "f64_shape", x -> timesZero(Tensor.randLike(x[0]))),
        OpCase.of("randnLike", "f32_shape", x -> timesZero(Tensor.randnLike(x[0]))));
  }
}
