package dev.kiln.ops;

import dev.kiln.tensor.Shapes;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * A parsed {@code einsum} equation. Subscripts become integer labels: {@code 'A'..'Z'} are 0-25,
 * {@code 'a'..'z'} 26-51 (so sorting labels sorts uppercase first, as PyTorch orders an implicit
 * output), and the dims an ellipsis covers are 52, 53, ..., right-aligned across operands so they
 * broadcast.
 *
 * @param equation the equation as given
 * @param inputs each operand's label per dim
 * @param output the result's label per dim
 * @param universe every label used, sorted
 */
record EinsumEquation(String equation, List<int[]> inputs, int[] output, int[] universe) {
  private static final String OP = "einsum";
  private static final int ELLIPSIS = -1;
  private static final int FIRST_ELLIPSIS_LABEL = 52;

  /** A term's tokens (a label or {@link #ELLIPSIS}) with their positions in the equation. */
  private record Term(List<Integer> tokens, List<Integer> positions) {
    Term() {
      this(new ArrayList<>(), new ArrayList<>());
    }

    int letters() {
      return (int) tokens.stream().filter(t -> t != ELLIPSIS).count();
    }

    boolean hasEllipsis() {
      return tokens.contains(ELLIPSIS);
    }
  }

  /** Parses {@code equation} for {@code operands}, checking counts and ranks. */
  static EinsumEquation parse(String equation, Tensor[] operands) {
    List<Term> terms = new ArrayList<>();
    terms.add(new Term());
    Term out = null;
    for (int p = 0; p < equation.length(); p++) {
      char c = equation.charAt(p);
      Term cur = out != null ? out : terms.getLast();
      if (c == ' ') {
        continue;
      } else if (c == ',') {
        if (out != null) {
          throw error(equation, p, "',' after '->' (the output is a single term)");
        }
        terms.add(new Term());
      } else if (c == '-') {
        if (p + 1 >= equation.length() || equation.charAt(p + 1) != '>') {
          throw error(equation, p, "'-' not followed by '>'");
        }
        if (out != null) {
          throw error(equation, p, "a second '->'");
        }
        out = new Term();
        p++;
      } else if (c == '.') {
        if (!equation.startsWith("...", p)) {
          throw error(equation, p, "'.' that does not start '...'");
        }
        if (cur.hasEllipsis()) {
          throw error(equation, p, "a second '...' in one term");
        }
        cur.tokens().add(ELLIPSIS);
        cur.positions().add(p);
        p += 2;
      } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        cur.tokens().add(c >= 'a' ? c - 'a' + 26 : c - 'A');
        cur.positions().add(p);
      } else {
        throw error(
            equation, p, "invalid subscript '" + c + "' (expected a letter, ',', '...' or '->')");
      }
    }
    if (terms.size() != operands.length) {
      throw new IllegalArgumentException(
          OP
              + ": the equation \""
              + equation
              + "\" names "
              + terms.size()
              + " operand(s) but "
              + operands.length
              + " were given");
    }
    int ellipsisDims = 0;
    for (int i = 0; i < operands.length; i++) {
      Term t = terms.get(i);
      int rank = operands[i].dim();
      if (t.hasEllipsis() ? t.letters() > rank : t.letters() != rank) {
        throw new IllegalArgumentException(
            OP
                + ": operand "
                + i
                + " has shape "
                + Shapes.str(operands[i].shape())
                + " but its subscripts in \""
                + equation
                + "\" name "
                + t.letters()
                + " dim(s)");
      }
      if (t.hasEllipsis()) {
        ellipsisDims = Math.max(ellipsisDims, rank - t.letters());
      }
    }
    List<int[]> inputs = new ArrayList<>();
    for (int i = 0; i < operands.length; i++) {
      inputs.add(expand(terms.get(i), operands[i].dim() - terms.get(i).letters(), ellipsisDims));
    }
    int[] universe = universe(inputs);
    int[] output =
        out != null
            ? checkedOutput(equation, out, universe, ellipsisDims)
            : implicitOutput(inputs, ellipsisDims);
    return new EinsumEquation(equation, inputs, output, universe);
  }

  private static IllegalArgumentException error(String equation, int p, String what) {
    return new IllegalArgumentException(
        OP + ": " + what + " at position " + p + " in \"" + equation + "\"");
  }

  /** A term's labels with its ellipsis replaced by its (right-aligned) ellipsis labels. */
  private static int[] expand(Term t, int covered, int ellipsisDims) {
    List<Integer> r = new ArrayList<>();
    for (int tok : t.tokens()) {
      if (tok == ELLIPSIS) {
        for (int e = 0; e < covered; e++) {
          r.add(FIRST_ELLIPSIS_LABEL + ellipsisDims - covered + e);
        }
      } else {
        r.add(tok);
      }
    }
    return r.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int[] checkedOutput(String equation, Term out, int[] universe, int ellipsisDims) {
    for (int j = 0; j < out.tokens().size(); j++) {
      int tok = out.tokens().get(j);
      int p = out.positions().get(j);
      if (tok != ELLIPSIS && Arrays.binarySearch(universe, tok) < 0) {
        throw error(equation, p, "output subscript '" + equation.charAt(p) + "' that no input has");
      }
      if (out.tokens().subList(0, j).contains(tok)) {
        throw error(equation, p, "output subscript '" + equation.charAt(p) + "' repeated");
      }
    }
    return expand(out, ellipsisDims, ellipsisDims);
  }

  private static int[] implicitOutput(List<int[]> inputs, int ellipsisDims) {
    int[] count = new int[FIRST_ELLIPSIS_LABEL];
    for (int[] l : inputs) {
      for (int x : l) {
        if (x < FIRST_ELLIPSIS_LABEL) {
          count[x]++;
        }
      }
    }
    List<Integer> r = new ArrayList<>();
    for (int e = 0; e < ellipsisDims; e++) {
      r.add(FIRST_ELLIPSIS_LABEL + e);
    }
    for (int x = 0; x < FIRST_ELLIPSIS_LABEL; x++) {
      if (count[x] == 1) {
        r.add(x);
      }
    }
    return r.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int[] universe(List<int[]> inputs) {
    TreeSet<Integer> all = new TreeSet<>();
    for (int[] l : inputs) {
      for (int x : l) {
        all.add(x);
      }
    }
    return all.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The dim of {@code label} in an aligned operand. */
  int pos(int label) {
    return Arrays.binarySearch(universe, label);
  }

  /** Whether the output keeps {@code label}. */
  boolean inOutput(int label) {
    return Arrays.stream(output).anyMatch(l -> l == label);
  }

  /** The subscript's name for messages: a letter, or the ellipsis dim's index. */
  private static String name(int label) {
    if (label >= FIRST_ELLIPSIS_LABEL) {
      return "... dim " + (label - FIRST_ELLIPSIS_LABEL);
    }
    return "'" + (char) (label < 26 ? 'A' + label : 'a' + label - 26) + "'";
  }

  /** Throws unless the two dims an operand repeats {@code label} on have one size. */
  void requireSameSize(int operand, int label, int s1, int s2) {
    if (s1 != s2) {
      throw new IllegalArgumentException(
          OP
              + ": subscript "
              + name(label)
              + " is repeated in operand "
              + operand
              + " of \""
              + equation
              + "\" with sizes "
              + s1
              + " and "
              + s2);
    }
  }

  /** Throws unless every subscript has one size across operands (size 1 broadcasts). */
  void checkSizes(List<Tensor> aligned) {
    for (int d = 0; d < universe.length; d++) {
      int size = 1;
      int first = -1;
      for (int i = 0; i < aligned.size(); i++) {
        int s = aligned.get(i).size(d);
        if (s == 1) {
          continue;
        }
        if (first >= 0 && s != size) {
          throw new IllegalArgumentException(
              OP
                  + ": subscript "
                  + name(universe[d])
                  + " of \""
                  + equation
                  + "\" has size "
                  + size
                  + " in operand "
                  + first
                  + " but size "
                  + s
                  + " in operand "
                  + i);
        }
        size = s;
        first = i;
      }
    }
  }
}
