package dev.kiln.tensor;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Formats tensors exactly as PyTorch 1.13's {@code str(tensor)} does with the default print options
 * (precision 4, threshold 1000, edgeitems 3, linewidth 80): one element width per tensor, integer
 * mode for integral floats ({@code 1.}), scientific mode for wide ranges, summaries with {@code
 * ...} for large tensors, and the {@code dtype=}, {@code size=} and {@code requires_grad=True}
 * suffixes. A port of {@code torch/_tensor_str.py}.
 */
final class TensorFormatter {
  private static final int PRECISION = 4;
  private static final int THRESHOLD = 1000;
  private static final int EDGE_ITEMS = 3;
  private static final int LINE_WIDTH = 80;
  private static final String PREFIX = "tensor(";

  private TensorFormatter() {}

  static String format(Tensor t) {
    int indent = PREFIX.length();
    List<String> suffixes = new ArrayList<>();
    String body;
    if (t.numel() == 0) {
      if (t.dim() != 1) {
        suffixes.add("size=" + pyTuple(t.shape));
      }
      if (t.dtype != DType.FLOAT32) {
        suffixes.add("dtype=torch." + t.dtype.pyName());
      }
      body = "[]";
    } else {
      if (t.dtype != DType.FLOAT32 && t.dtype != DType.INT64 && t.dtype != DType.BOOL) {
        suffixes.add("dtype=torch." + t.dtype.pyName());
      }
      boolean summarize = t.numel() > THRESHOLD;
      Elements fmt = new Elements(t, summarize);
      body = fmt.tensorStr(0, t.offset, indent);
    }
    if (t.requiresGrad()) {
      suffixes.add("requires_grad=True");
    }
    return addSuffixes(PREFIX + body, suffixes, indent);
  }

  /** Python's {@code str(tuple(shape))}: {@code (2, 3)}, {@code (0,)}. */
  private static String pyTuple(int[] shape) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      sb.append(i > 0 ? ", " : "").append(shape[i]);
    }
    return sb.append(shape.length == 1 ? ",)" : ")").toString();
  }

  private static String addSuffixes(String tensorStr, List<String> suffixes, int indent) {
    StringBuilder sb = new StringBuilder(tensorStr);
    int lastLineLen = tensorStr.length() - tensorStr.lastIndexOf('\n') + 1;
    for (String suffix : suffixes) {
      if (lastLineLen + suffix.length() + 2 > LINE_WIDTH) {
        sb.append(",\n").append(" ".repeat(indent)).append(suffix);
        lastLineLen = indent + suffix.length();
      } else {
        sb.append(", ").append(suffix);
        lastLineLen += suffix.length() + 2;
      }
    }
    return sb.append(')').toString();
  }

  /**
   * PyTorch's {@code _Formatter} plus the nesting: decides the mode and the common width from the
   * elements that will be printed, then lays them out.
   */
  private static final class Elements {
    private final Tensor t;
    private final boolean summarize;
    private final boolean floating;
    private boolean intMode = true;
    private boolean sciMode;
    private int maxWidth = 1;

    Elements(Tensor t, boolean summarize) {
      this.t = t;
      this.summarize = summarize;
      this.floating = t.dtype.isFloatingPoint();
      List<Integer> printed = new ArrayList<>();
      collect(0, t.offset, printed);
      if (floating) {
        chooseFloatMode(printed);
      } else {
        for (int pos : printed) {
          maxWidth = Math.max(maxWidth, raw(pos).length());
        }
      }
    }

    private boolean elided(int dim) {
      return summarize && t.shape[dim] > 2 * EDGE_ITEMS;
    }

    /** The storage positions of the printed elements (PyTorch's get_summarized_data). */
    private void collect(int dim, int pos, List<Integer> out) {
      if (dim == t.shape.length) {
        out.add(pos);
        return;
      }
      for (int i = 0; i < t.shape[dim]; i++) {
        if (elided(dim) && i == EDGE_ITEMS) {
          i = t.shape[dim] - EDGE_ITEMS;
        }
        collect(dim + 1, pos + i * t.strides[dim], out);
      }
    }

    private void chooseFloatMode(List<Integer> printed) {
      List<Double> vals = new ArrayList<>();
      for (int pos : printed) {
        double v = t.storage.getDouble(pos, t.dtype);
        if (Double.isFinite(v) && v != 0) {
          vals.add(v);
        }
      }
      if (vals.isEmpty()) {
        return;
      }
      double min = Double.POSITIVE_INFINITY;
      double max = 0;
      for (double v : vals) {
        min = Math.min(min, Math.abs(v));
        max = Math.max(max, Math.abs(v));
        intMode &= v == Math.ceil(v);
      }
      boolean wide = max / min > 1000.0 || max > 1.0e8;
      sciMode = intMode ? wide : wide || min < 1.0e-4;
      for (double v : vals) {
        int len =
            sciMode ? sci(v).length() : intMode ? fixed(v, 0).length() + 1 : fixed(v).length();
        maxWidth = Math.max(maxWidth, len);
      }
    }

    /** One element, unpadded: {@code 1.5000}, {@code 2.}, {@code 1.0000e-05}, {@code 7}, ... */
    private String raw(int pos) {
      if (!floating) {
        long v = t.storage.getLong(pos, t.dtype);
        return t.dtype == DType.BOOL ? (v != 0 ? "True" : "False") : Long.toString(v);
      }
      double v = t.storage.getDouble(pos, t.dtype);
      if (sciMode) {
        return sci(v);
      } else if (intMode) {
        return Double.isFinite(v) ? fixed(v, 0) + "." : fixed(v, 0);
      }
      return fixed(v);
    }

    private String element(int pos) {
      String s = raw(pos);
      return " ".repeat(Math.max(0, maxWidth - s.length())) + s;
    }

    /**
     * {@code _tensor_str_with_formatter}: the sub-tensor at {@code dim} starting at {@code pos}.
     */
    String tensorStr(int dim, int pos, int indent) {
      int rank = t.shape.length;
      if (rank == 0) {
        return element(pos);
      }
      if (dim == rank - 1) {
        return vectorStr(dim, pos, indent);
      }
      List<String> slices = new ArrayList<>();
      for (int i = 0; i < t.shape[dim]; i++) {
        if (elided(dim) && i == EDGE_ITEMS) {
          slices.add("...");
          i = t.shape[dim] - EDGE_ITEMS;
        }
        slices.add(tensorStr(dim + 1, pos + i * t.strides[dim], indent + 1));
      }
      String sep = "," + "\n".repeat(rank - dim - 1) + " ".repeat(indent + 1);
      return "[" + String.join(sep, slices) + "]";
    }

    private String vectorStr(int dim, int pos, int indent) {
      int elementLength = maxWidth + 2;
      int perLine = Math.max(1, Math.floorDiv(LINE_WIDTH - indent, elementLength));
      List<String> data = new ArrayList<>();
      for (int i = 0; i < t.shape[dim]; i++) {
        if (elided(dim) && i == EDGE_ITEMS) {
          data.add(" ...");
          i = t.shape[dim] - EDGE_ITEMS;
        }
        data.add(element(pos + i * t.strides[dim]));
      }
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < data.size(); i += perLine) {
        lines.add(String.join(", ", data.subList(i, Math.min(data.size(), i + perLine))));
      }
      return "[" + String.join(",\n" + " ".repeat(indent + 1), lines) + "]";
    }
  }

  /** Python's {@code "{:.4f}".format(v)}. */
  private static String fixed(double v) {
    return fixed(v, PRECISION);
  }

  /** Python's {@code "{:.Nf}".format(v)}: exact value rounded half-even, sign of -0 kept. */
  private static String fixed(double v, int digits) {
    if (!Double.isFinite(v)) {
      return nonFinite(v);
    }
    String body =
        new BigDecimal(Math.abs(v)).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
    return (negative(v) ? "-" : "") + body;
  }

  /** Python's {@code "{:.4e}".format(v)}: {@code 1.2346e+05}. */
  private static String sci(double v) {
    if (!Double.isFinite(v)) {
      return nonFinite(v);
    }
    double a = Math.abs(v);
    String digits;
    int exp;
    if (a == 0) {
      digits = "0".repeat(PRECISION + 1);
      exp = 0;
    } else {
      BigDecimal bd =
          new BigDecimal(a).round(new MathContext(PRECISION + 1, RoundingMode.HALF_EVEN));
      String unscaled = bd.unscaledValue().toString();
      exp = unscaled.length() - 1 - bd.scale();
      digits = (unscaled + "0".repeat(PRECISION + 1)).substring(0, PRECISION + 1);
    }
    int e = Math.abs(exp);
    return (negative(v) ? "-" : "")
        + digits.charAt(0)
        + "."
        + digits.substring(1)
        + "e"
        + (exp < 0 ? "-" : "+")
        + (e < 10 ? "0" : "")
        + e;
  }

  private static boolean negative(double v) {
    return Double.doubleToRawLongBits(v) < 0;
  }

  private static String nonFinite(double v) {
    return Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
  }
}
