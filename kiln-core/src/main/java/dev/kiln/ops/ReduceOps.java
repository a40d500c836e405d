package dev.kiln.ops;

import dev.kiln.backend.ReduceKind;
import java.util.List;

/** Declarations of the reductions and scans. */
public final class ReduceOps {
  private ReduceOps() {}

  public static final ReduceOp SUM =
      new ReduceOp("sum", ReduceKind.SUM, ReduceOp::widenIntegers, false);

  /** Every declaration in this file, for {@link OpRegistry}. */
  public static final List<OpDef> ALL = List.of(SUM);
}
