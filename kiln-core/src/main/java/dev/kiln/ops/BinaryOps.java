package dev.kiln.ops;

import dev.kiln.backend.BinaryKind;
import java.util.List;

/** Declarations of the elementwise binary primitive ops: arithmetic, comparisons and logic. */
public final class BinaryOps {
  private BinaryOps() {}

  public static final BinaryOp ADD = new BinaryOp("add", BinaryKind.ADD, DTypeRule.SAME);
  public static final BinaryOp SUB = new BinaryOp("sub", BinaryKind.SUB, DTypeRule.NUMERIC);
  public static final BinaryOp MUL = new BinaryOp("mul", BinaryKind.MUL, DTypeRule.SAME);
  public static final BinaryOp DIV = new BinaryOp("div", BinaryKind.DIV, DTypeRule.FLOAT);

  /** {@code div} with {@code roundingMode "trunc"}; registered under {@link #DIV}. */
  public static final BinaryOp DIV_TRUNC =
      new BinaryOp("div", BinaryKind.DIV_TRUNC, DTypeRule.NUMERIC);

  /** {@code div} with {@code roundingMode "floor"}; registered under {@link #DIV}. */
  public static final BinaryOp DIV_FLOOR =
      new BinaryOp("div", BinaryKind.FLOOR_DIVIDE, DTypeRule.NUMERIC);

  public static final BinaryOp FLOOR_DIVIDE =
      new BinaryOp("floorDivide", BinaryKind.FLOOR_DIVIDE, DTypeRule.NUMERIC);
  public static final BinaryOp REMAINDER =
      new BinaryOp("remainder", BinaryKind.REMAINDER, DTypeRule.NUMERIC);
  public static final BinaryOp FMOD = new BinaryOp("fmod", BinaryKind.FMOD, DTypeRule.NUMERIC);
  public static final BinaryOp POW = new BinaryOp("pow", BinaryKind.POW, DTypeRule.NUMERIC);
  public static final BinaryOp ATAN2 = new BinaryOp("atan2", BinaryKind.ATAN2, DTypeRule.FLOAT);
  public static final BinaryOp MAXIMUM =
      new BinaryOp("maximum", BinaryKind.MAXIMUM, DTypeRule.SAME);
  public static final BinaryOp MINIMUM =
      new BinaryOp("minimum", BinaryKind.MINIMUM, DTypeRule.SAME);
  public static final BinaryOp EQ = new BinaryOp("eq", BinaryKind.EQ, DTypeRule.BOOL);
  public static final BinaryOp NE = new BinaryOp("ne", BinaryKind.NE, DTypeRule.BOOL);
  public static final BinaryOp LT = new BinaryOp("lt", BinaryKind.LT, DTypeRule.BOOL);
  public static final BinaryOp LE = new BinaryOp("le", BinaryKind.LE, DTypeRule.BOOL);
  public static final BinaryOp GT = new BinaryOp("gt", BinaryKind.GT, DTypeRule.BOOL);
  public static final BinaryOp GE = new BinaryOp("ge", BinaryKind.GE, DTypeRule.BOOL);
  public static final BinaryOp LOGICAL_AND =
      new BinaryOp("logicalAnd", BinaryKind.LOGICAL_AND, DTypeRule.BOOL);
  public static final BinaryOp LOGICAL_OR =
      new BinaryOp("logicalOr", BinaryKind.LOGICAL_OR, DTypeRule.BOOL);
  public static final BinaryOp LOGICAL_XOR =
      new BinaryOp("logicalXor", BinaryKind.LOGICAL_XOR, DTypeRule.BOOL);
  public static final BinaryOp BITWISE_AND =
      new BinaryOp("bitwiseAnd", BinaryKind.BITWISE_AND, DTypeRule.INTEGRAL);
  public static final BinaryOp BITWISE_OR =
      new BinaryOp("bitwiseOr", BinaryKind.BITWISE_OR, DTypeRule.INTEGRAL);
  public static final BinaryOp BITWISE_XOR =
      new BinaryOp("bitwiseXor", BinaryKind.BITWISE_XOR, DTypeRule.INTEGRAL);

  /** Every declaration in this file, for {@link OpRegistry}. */
  public static final List<OpDef> ALL =
      List.of(
          ADD,
          SUB,
          MUL,
          DIV,
          FLOOR_DIVIDE,
          REMAINDER,
          FMOD,
          POW,
          ATAN2,
          MAXIMUM,
          MINIMUM,
          EQ,
          NE,
          LT,
          LE,
          GT,
          GE,
          LOGICAL_AND,
          LOGICAL_OR,
          LOGICAL_XOR,
          BITWISE_AND,
          BITWISE_OR,
          BITWISE_XOR);
}
