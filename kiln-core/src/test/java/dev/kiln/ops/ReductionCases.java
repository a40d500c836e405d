package dev.kiln.ops;

import java.util.List;

/**
 * Op-table rows for reductions and scans; mirrored by {@code tools/fixtures/cases/reductions.py}.
 */
final class ReductionCases {
  private ReductionCases() {}

  static List<OpCase> all() {
    return List.of(
        OpCase.of("sum", "all_f32", x -> x[0].sum()),
        OpCase.of("sum", "dim1_f32", x -> x[0].sum(1)));
  }
}
