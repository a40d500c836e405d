package dev.kiln.ops;

import dev.kiln.backend.BinaryKind;
import java.util.List;

/** Declarations of the elementwise binary ops: arithmetic, comparisons and logic. */
public final class BinaryOps {
  private BinaryOps() {}

  public static final BinaryOp ADD = new BinaryOp("add", BinaryKind.ADD, DTypeRule.SAME);
  public static final BinaryOp SUB = new BinaryOp("sub", BinaryKind.SUB, DTypeRule.SAME);
  public static final BinaryOp MUL = new BinaryOp("mul", BinaryKind.MUL, DTypeRule.SAME);
  public static final BinaryOp DIV = new BinaryOp("div", BinaryKind.DIV, DTypeRule.FLOAT);
  public static final BinaryOp EQ = new BinaryOp("eq", BinaryKind.EQ, DTypeRule.BOOL);

  /** Every declaration in this file, for {@link OpRegistry}. */
  public static final List<OpDef> ALL = List.of(ADD, SUB, MUL, DIV, EQ);
}
