package dev.kiln.ops;

import dev.kiln.autograd.ViewGrad;
import java.util.List;

/**
 * Declarations of the view and layout ops. A {@link ViewOp} always returns a view sharing its
 * input's storage; {@code reshape} and {@code flatten} are composites (a view when the strides
 * allow, else {@code contiguous} then {@code view}); {@code contiguous}, {@code clone} and {@code
 * to} copy through the backend's copy primitive. The code of each is the {@code Tensor} method of
 * the same name.
 */
public final class ViewOps {
  private ViewOps() {}

  public static final ViewOp VIEW = new ViewOp("view", ViewGrad.RESHAPE);
  public static final CompositeOp RESHAPE = new CompositeOp("reshape");
  public static final CompositeOp FLATTEN = new CompositeOp("flatten");
  public static final ViewOp UNFLATTEN = new ViewOp("unflatten", ViewGrad.RESHAPE);
  public static final ViewOp TRANSPOSE = new ViewOp("transpose", ViewGrad.PERMUTE);
  public static final ViewOp PERMUTE = new ViewOp("permute", ViewGrad.PERMUTE);
  public static final ViewOp T = new ViewOp("t", ViewGrad.STRIDED);
  public static final ViewOp MT = new ViewOp("mT", ViewGrad.STRIDED);
  public static final ViewOp EXPAND = new ViewOp("expand", ViewGrad.EXPAND);
  public static final ViewOp EXPAND_AS = new ViewOp("expandAs", ViewGrad.EXPAND);
  public static final ViewOp SQUEEZE = new ViewOp("squeeze", ViewGrad.RESHAPE);
  public static final ViewOp UNSQUEEZE = new ViewOp("unsqueeze", ViewGrad.RESHAPE);
  public static final ViewOp NARROW = new ViewOp("narrow", ViewGrad.STRIDED);
  public static final ViewOp SELECT = new ViewOp("select", ViewGrad.STRIDED);
  public static final ViewOp SLICE = new ViewOp("slice", ViewGrad.STRIDED);
  public static final ViewOp UNFOLD = new ViewOp("unfold", ViewGrad.STRIDED);
  public static final ViewOp DIAGONAL = new ViewOp("diagonal", ViewGrad.STRIDED);
  public static final ViewOp AS_STRIDED = new ViewOp("asStrided", ViewGrad.STRIDED);
  public static final ViewOp DETACH = new ViewOp("detach", ViewGrad.NONE);
  public static final PrimitiveOp CONTIGUOUS = new PrimitiveOp("contiguous");
  public static final PrimitiveOp CLONE = new PrimitiveOp("clone");
  public static final PrimitiveOp TO = new PrimitiveOp("to");

  /** Every declaration in this file, for {@link OpRegistry}. */
  public static final List<OpDef> ALL =
      List.of(
          VIEW,
          RESHAPE,
          FLATTEN,
          UNFLATTEN,
          TRANSPOSE,
          PERMUTE,
          T,
          MT,
          EXPAND,
          EXPAND_AS,
          SQUEEZE,
          UNSQUEEZE,
          NARROW,
          SELECT,
          SLICE,
          UNFOLD,
          DIAGONAL,
          AS_STRIDED,
          DETACH,
          CONTIGUOUS,
          CLONE,
          TO);
}
