package dev.kiln.ops;

import java.util.ArrayList;
import java.util.List;

/**
 * The op table (PyTorch's OpInfo idea): every op with sample inputs, gathered from one file per
 * family. {@link OpTableTest} checks each row against PyTorch; {@link OpCoverageTest} fails when a
 * registered op has no row.
 */
public final class OpTable {
  private OpTable() {}

  /** Every row. */
  public static List<OpCase> all() {
    List<OpCase> all = new ArrayList<>();
    all.addAll(PointwiseCases.all());
    all.addAll(TernaryCases.all());
    all.addAll(NormalizationCases.all());
    all.addAll(ReductionCases.all());
    all.addAll(ViewCases.all());
    all.addAll(CreationCases.all());
    all.addAll(IndexCases.all());
    all.addAll(JoinCases.all());
    all.addAll(SortCases.all());
    all.addAll(LinalgCases.all());
    all.addAll(ConvCases.all());
    return all;
  }
}
