package dev.kiln.ops;

import java.util.List;

/**
 * Op-table rows for layerNorm; mirrored by {@code tools/fixtures/cases/normalization.py}. float32
 * rows get 1e-5 relative and 2e-6 absolute: normalised values are differences of rounded floats
 * scaled by up to 1/std, so elements near the mean carry ~1 float ulp of the inputs' magnitude.
 */
final class NormalizationCases {
  private NormalizationCases() {}

  static final double RTOL = 1e-5;
  static final double ATOL = 2e-6;

  static List<OpCase> all() {
    int[] d8 = {8};
    return List.of(
        OpCase.of("layerNorm", "affine", x -> x[0].layerNorm(d8, x[1], x[2], 1e-5)).tol(RTOL, ATOL),
        OpCase.of("layerNorm", "no_affine", x -> x[0].layerNorm(new int[] {6}, null, null, 1e-5))
            .tol(RTOL, ATOL),
        OpCase.of("layerNorm", "two_dims", x -> x[0].layerNorm(new int[] {3, 4}, x[1], x[2], 1e-5))
            .tol(RTOL, ATOL),
        OpCase.of("layerNorm", "wide", x -> x[0].layerNorm(new int[] {37}, x[1], x[2], 1e-5))
            .tol(RTOL, ATOL),
        OpCase.of(
                "layerNorm", "transposed", x -> x[0].t().layerNorm(new int[] {5}, x[1], x[2], 1e-5))
            .tol(RTOL, ATOL),
        OpCase.of("layerNorm", "one_row", x -> x[0].layerNorm(new int[] {6}, x[1], x[2], 0.1))
            .tol(RTOL, ATOL),
        OpCase.of("layerNorm", "f64", x -> x[0].layerNorm(new int[] {6}, x[1], x[2], 1e-5)),
        OpCase.of("layerNorm", "empty", x -> x[0].layerNorm(new int[] {4}, x[1], x[2], 1e-5)));
  }
}
