package dev.kiln.ops;

import java.util.List;

/**
 * Op-table rows for the fused multiply-add family; mirrored by {@code
 * tools/fixtures/cases/ternary.py}. The {@code out=} forms are checked in {@link TernaryOpsTest}
 * (they refuse autograd, so gradcheck cannot run them).
 */
final class TernaryCases {
  private TernaryCases() {}

  static List<OpCase> all() {
    return List.of(
        OpCase.of("addcmul", "default_value", x -> x[0].addcmul(x[1], x[2])),
        OpCase.of("addcmul", "broadcast", x -> x[0].addcmul(x[1], x[2], 0.5)),
        OpCase.of("addcmul", "wide", x -> x[0].addcmul(x[1], x[2], -1.5)),
        OpCase.of("addcmul", "scalar_operand", x -> x[0].addcmul(x[1], x[2], 2.0)),
        OpCase.of("addcmul", "transposed", x -> x[0].t().addcmul(x[1], x[2], 0.25)),
        OpCase.of("addcmul", "f64", x -> x[0].addcmul(x[1], x[2], 0.5)),
        OpCase.of("addcmul", "int64", x -> x[0].addcmul(x[1], x[2], 3)),
        OpCase.of("addcmul", "promote", x -> x[0].addcmul(x[1], x[2], 0.5)),
        OpCase.of("addcmul", "empty", x -> x[0].addcmul(x[1], x[2])),
        OpCase.of("addcmul", "in_place", x -> x[0].clone().addcmul_(x[1], x[2], 0.5)),
        OpCase.of("addcdiv", "default_value", x -> x[0].addcdiv(x[1], x[2])),
        OpCase.of("addcdiv", "broadcast", x -> x[0].addcdiv(x[1], x[2], 0.5)),
        OpCase.of("addcdiv", "wide", x -> x[0].addcdiv(x[1], x[2], -1.5)),
        OpCase.of("addcdiv", "f64", x -> x[0].addcdiv(x[1], x[2], 0.5)),
        OpCase.of("addcdiv", "empty", x -> x[0].addcdiv(x[1], x[2])),
        OpCase.of("addcdiv", "in_place", x -> x[0].clone().addcdiv_(x[1], x[2], 0.5)),
        OpCase.of("addcmulRelu", "default_value", x -> x[0].addcmulRelu(x[1], x[2], 1)),
        OpCase.of("addcmulRelu", "broadcast", x -> x[0].addcmulRelu(x[1], x[2], 0.5)),
        OpCase.of("addcmulRelu", "wide", x -> x[0].addcmulRelu(x[1], x[2], -1.5)),
        OpCase.of("addcmulRelu", "transposed", x -> x[0].t().addcmulRelu(x[1], x[2], 2.0)),
        OpCase.of("addcmulRelu", "f64", x -> x[0].addcmulRelu(x[1], x[2], 0.5)),
        OpCase.of("addcmulRelu", "int64", x -> x[0].addcmulRelu(x[1], x[2], 2)),
        OpCase.of("addcmulRelu", "empty", x -> x[0].addcmulRelu(x[1], x[2], 1)));
  }
}
