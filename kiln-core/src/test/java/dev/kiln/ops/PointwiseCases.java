package dev.kiln.ops;

import java.util.List;

/** Op-table rows for the elementwise ops; mirrored by {@code tools/fixtures/cases/pointwise.py}. */
final class PointwiseCases {
  private PointwiseCases() {}

  static List<OpCase> all() {
    return List.of(
        OpCase.of("exp", "f32", x -> x[0].exp()),
        OpCase.of("exp", "f32_transposed", x -> x[0].t().exp()),
        OpCase.of("add", "broadcast", x -> x[0].add(x[1])));
  }
}
