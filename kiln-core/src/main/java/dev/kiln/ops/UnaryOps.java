package dev.kiln.ops;

import dev.kiln.backend.UnaryKind;
import java.util.List;

/** Declarations of the elementwise unary ops: math functions and activations. */
public final class UnaryOps {
  private UnaryOps() {}

  public static final UnaryOp NEG = new UnaryOp("neg", UnaryKind.NEG, DTypeRule.SAME);
  public static final UnaryOp EXP = new UnaryOp("exp", UnaryKind.EXP, DTypeRule.FLOAT);
  public static final UnaryOp RELU = new UnaryOp("relu", UnaryKind.RELU, DTypeRule.SAME);

  /** Every declaration in this file, for {@link OpRegistry}. */
  public static final List<OpDef> ALL = List.of(NEG, EXP, RELU);
}
