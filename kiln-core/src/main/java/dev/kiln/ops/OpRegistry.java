package dev.kiln.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The explicit list of every op declaration (no classpath scanning). */
public final class OpRegistry {
  private OpRegistry() {}

  /** Every declared op, by family. */
  public static List<OpDef> all() {
    List<OpDef> all = new ArrayList<>();
    all.addAll(UnaryOps.ALL);
    all.addAll(BinaryOps.ALL);
    all.addAll(PointwiseOps.ALL);
    all.addAll(TernaryOps.ALL);
    all.addAll(CompareOps.ALL);
    all.addAll(ReduceOps.ALL);
    all.addAll(ReduceStatsOps.ALL);
    all.addAll(NormOps.ALL);
    all.addAll(SoftmaxOps.ALL);
    all.addAll(LayerNormOps.ALL);
    all.addAll(ScanOps.ALL);
    all.addAll(ViewOps.ALL);
    all.addAll(CreationOps.ALL);
    all.addAll(RandomOps.ALL);
    all.addAll(IndexOps.ALL);
    all.addAll(IndexAdvancedOps.ALL);
    all.addAll(JoinOps.ALL);
    all.addAll(JoinRepeatOps.ALL);
    all.addAll(PadOps.ALL);
    all.addAll(SortOps.ALL);
    all.addAll(SelectionOps.ALL);
    all.addAll(SelectionScanOps.ALL);
    all.addAll(HistogramOps.ALL);
    all.addAll(MatmulOps.ALL);
    all.addAll(EinsumOps.ALL);
    all.addAll(LinalgOps.ALL);
    all.addAll(LinalgNormOps.ALL);
    all.addAll(DecompositionOps.ALL);
    all.addAll(ConvOps.ALL);
    all.addAll(PoolOps.ALL);
    all.addAll(Im2Col.ALL);
    all.addAll(InterpolateOps.ALL);
    return all;
  }

  /** Every declared op by name; fails if two declarations share a name. */
  public static Map<String, OpDef> byName() {
    Map<String, OpDef> map = new TreeMap<>();
    for (OpDef op : all()) {
      if (map.put(op.name(), op) != null) {
        throw new IllegalStateException("OpRegistry: duplicate op name " + op.name());
      }
    }
    return map;
  }
}
