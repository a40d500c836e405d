package dev.kiln.ops;

import dev.kiln.autograd.Node;
import dev.kiln.backend.BinaryKind;
import dev.kiln.tensor.Tensor;
import java.util.List;

/**
 * Declarations of the elementwise binary primitive ops (arithmetic, comparisons and logic), each
 * with its derivative: {@code (g, n, i)} gives operand {@code i}'s gradient from the output's
 * gradient {@code g}. Ops with bool or integer results have none.
 */
public final class BinaryOps {
  private BinaryOps() {}

  public static final BinaryOp ADD =
      new BinaryOp("add", BinaryKind.ADD, DTypeRule.SAME, (g, n, i) -> g);
  public static final BinaryOp SUB =
      new BinaryOp("sub", BinaryKind.SUB, DTypeRule.NUMERIC, (g, n, i) -> i == 0 ? g : g.neg());
  public static final BinaryOp MUL =
      new BinaryOp("mul", BinaryKind.MUL, DTypeRule.SAME, (g, n, i) -> g.mul(n.input(1 - i)));
  public static final BinaryOp DIV =
      new BinaryOp("div", BinaryKind.DIV, DTypeRule.FLOAT, BinaryOps::divGrad);

  /** {@code div} with {@code roundingMode "trunc"}; registered under {@link #DIV}. */
  public static final BinaryOp DIV_TRUNC =
      new BinaryOp("div", BinaryKind.DIV_TRUNC, DTypeRule.NUMERIC, BinaryOp.ZERO_GRAD);

  /** {@code div} with {@code roundingMode "floor"}; registered under {@link #DIV}. */
  public static final BinaryOp DIV_FLOOR =
      new BinaryOp("div", BinaryKind.FLOOR_DIVIDE, DTypeRule.NUMERIC, BinaryOp.ZERO_GRAD);

  public static final BinaryOp FLOOR_DIVIDE =
      new BinaryOp("floorDivide", BinaryKind.FLOOR_DIVIDE, DTypeRule.NUMERIC, BinaryOp.ZERO_GRAD);
  public static final BinaryOp REMAINDER =
      new BinaryOp(
          "remainder",
          BinaryKind.REMAINDER,
          DTypeRule.NUMERIC,
          (g, n, i) -> i == 0 ? g : g.mul(n.input(0).div(n.input(1), "floor")).neg());
  public static final BinaryOp FMOD =
      new BinaryOp(
          "fmod",
          BinaryKind.FMOD,
          DTypeRule.NUMERIC,
          (g, n, i) -> i == 0 ? g : g.mul(n.input(0).div(n.input(1), "trunc")).neg());
  public static final BinaryOp POW =
      new BinaryOp("pow", BinaryKind.POW, DTypeRule.NUMERIC, BinaryOps::powGrad);
  public static final BinaryOp ATAN2 =
      new BinaryOp("atan2", BinaryKind.ATAN2, DTypeRule.FLOAT, BinaryOps::atan2Grad);
  public static final BinaryOp MAXIMUM =
      new BinaryOp(
          "maximum", BinaryKind.MAXIMUM, DTypeRule.SAME, (g, n, i) -> extremumGrad(g, n, i, true));
  public static final BinaryOp MINIMUM =
      new BinaryOp(
          "minimum", BinaryKind.MINIMUM, DTypeRule.SAME, (g, n, i) -> extremumGrad(g, n, i, false));
  public static final BinaryOp EQ = new BinaryOp("eq", BinaryKind.EQ, DTypeRule.BOOL, null);
  public static final BinaryOp NE = new BinaryOp("ne", BinaryKind.NE, DTypeRule.BOOL, null);
  public static final BinaryOp LT = new BinaryOp("lt", BinaryKind.LT, DTypeRule.BOOL, null);
  public static final BinaryOp LE = new BinaryOp("le", BinaryKind.LE, DTypeRule.BOOL, null);
  public static final BinaryOp GT = new BinaryOp("gt", BinaryKind.GT, DTypeRule.BOOL, null);
  public static final BinaryOp GE = new BinaryOp("ge", BinaryKind.GE, DTypeRule.BOOL, null);
  public static final BinaryOp LOGICAL_AND =
      new BinaryOp("logicalAnd", BinaryKind.LOGICAL_AND, DTypeRule.BOOL, null);
  public static final BinaryOp LOGICAL_OR =
      new BinaryOp("logicalOr", BinaryKind.LOGICAL_OR, DTypeRule.BOOL, null);
  public static final BinaryOp LOGICAL_XOR =
      new BinaryOp("logicalXor", BinaryKind.LOGICAL_XOR, DTypeRule.BOOL, null);
  public static final BinaryOp BITWISE_AND =
      new BinaryOp("bitwiseAnd", BinaryKind.BITWISE_AND, DTypeRule.INTEGRAL, null);
  public static final BinaryOp BITWISE_OR =
      new BinaryOp("bitwiseOr", BinaryKind.BITWISE_OR, DTypeRule.INTEGRAL, null);
  public static final BinaryOp BITWISE_XOR =
      new BinaryOp("bitwiseXor", BinaryKind.BITWISE_XOR, DTypeRule.INTEGRAL, null);

  /** div: {@code g / b} and {@code -g a / b^2}. */
  private static Tensor divGrad(Tensor g, Node n, int i) {
    Tensor b = n.input(1);
    return i == 0 ? g.div(b) : g.mul(n.input(0)).div(b.square()).neg();
  }

  /**
   * pow: {@code g b a^(b-1)} (zero where {@code b == 0}) and {@code g a^b log(a)} (zero where
   * {@code a == 0} and {@code b >= 0}), as in PyTorch.
   */
  private static Tensor powGrad(Tensor g, Node n, int i) {
    Tensor a = n.input(0);
    Tensor b = n.input(1);
    if (i == 0) {
      Tensor d = g.mul(b).mul(a.pow(b.sub(1)));
      return PointwiseOps.where(b.eq(0), Tensor.zerosLike(d), d);
    }
    Tensor d = g.mul(n.output()).mul(a.log());
    return PointwiseOps.where(a.eq(0).logicalAnd(b.ge(0)), Tensor.zerosLike(d), d);
  }

  /** atan2: {@code g b / (a^2 + b^2)} and {@code -g a / (a^2 + b^2)}. */
  private static Tensor atan2Grad(Tensor g, Node n, int i) {
    Tensor a = n.input(0);
    Tensor b = n.input(1);
    Tensor r = a.square().add(b.square());
    return i == 0 ? g.mul(b).div(r) : g.mul(a).div(r).neg();
  }

  /** maximum/minimum: the gradient goes to the winner, split in half on ties (as in PyTorch). */
  private static Tensor extremumGrad(Tensor g, Node n, int i, boolean max) {
    Tensor self = n.input(i);
    Tensor other = n.input(1 - i);
    Tensor wins = max ? self.gt(other) : self.lt(other);
    Tensor half = g.mul(self.eq(other)).mul(0.5);
    return g.mul(wins).add(half);
  }

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
