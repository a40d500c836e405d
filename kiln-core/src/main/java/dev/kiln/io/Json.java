package dev.kiln.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON (RFC 8259) reader and string quoter for file headers. Objects become {@link
 * Obj} (insertion-ordered, duplicate keys refused), arrays {@link List}, integers {@link Long},
 * other numbers {@link Double}, plus {@link String}, {@link Boolean} and {@code null}.
 */
final class Json {
  private Json() {}

  /** A JSON object with the character position of each member's value. */
  record Obj(Map<String, Object> values, Map<String, Integer> positions) {}

  /** A syntax error at a character position. */
  static final class SyntaxError extends Exception {
    final int pos;

    SyntaxError(int pos, String message) {
      super(message);
      this.pos = pos;
    }
  }

  private static final int MAX_DEPTH = 64;

  /** Parses {@code text}, which must hold one value and nothing but whitespace around it. */
  static Object parse(String text) throws SyntaxError {
    Parser p = new Parser(text);
    p.skipSpace();
    Object v = p.value(0);
    p.skipSpace();
    if (p.pos < text.length()) {
      throw new SyntaxError(p.pos, "expected the end of the JSON text, found '" + p.peek() + "'");
    }
    return v;
  }

  /**
   * {@code s} as a JSON string literal, escaped as serde_json does (only {@code "}, {@code \} and
   * controls).
   */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  private static final class Parser {
    private final String text;
    private int pos;

    Parser(String text) {
      this.text = text;
    }

    Object value(int depth) throws SyntaxError {
      if (depth > MAX_DEPTH) {
        throw new SyntaxError(pos, "JSON nested deeper than " + MAX_DEPTH + " levels");
      }
      char c = peek();
      return switch (c) {
        case '{' -> object(depth);
        case '[' -> array(depth);
        case '"' -> string();
        case 't' -> literal("true", Boolean.TRUE);
        case 'f' -> literal("false", Boolean.FALSE);
        case 'n' -> literal("null", null);
        default -> {
          if (c == '-' || (c >= '0' && c <= '9')) {
            yield number();
          }
          throw new SyntaxError(pos, "expected a JSON value, found '" + c + "'");
        }
      };
    }

    private Obj object(int depth) throws SyntaxError {
      pos++;
      Map<String, Object> values = new LinkedHashMap<>();
      Map<String, Integer> positions = new LinkedHashMap<>();
      skipSpace();
      if (peek() == '}') {
        pos++;
        return new Obj(values, positions);
      }
      while (true) {
        skipSpace();
        int keyPos = pos;
        if (peek() != '"') {
          throw new SyntaxError(pos, "expected a string key, found '" + peek() + "'");
        }
        String key = string();
        skipSpace();
        expect(':');
        skipSpace();
        int valuePos = pos;
        Object v = value(depth + 1);
        if (values.containsKey(key)) {
          throw new SyntaxError(keyPos, "duplicate key " + quote(key));
        }
        values.put(key, v);
        positions.put(key, valuePos);
        skipSpace();
        if (peek() == '}') {
          pos++;
          return new Obj(values, positions);
        }
        expect(',');
      }
    }

    private List<Object> array(int depth) throws SyntaxError {
      pos++;
      List<Object> items = new ArrayList<>();
      skipSpace();
      if (peek() == ']') {
        pos++;
        return items;
      }
      while (true) {
        skipSpace();
        items.add(value(depth + 1));
        skipSpace();
        if (peek() == ']') {
          pos++;
          return items;
        }
        expect(',');
      }
    }

    private String string() throws SyntaxError {
      int start = pos++;
      StringBuilder sb = new StringBuilder();
      while (true) {
        if (pos >= text.length()) {
          throw new SyntaxError(start, "unterminated string");
        }
        char c = text.charAt(pos++);
        if (c == '"') {
          return sb.toString();
        }
        if (c < 0x20) {
          throw new SyntaxError(pos - 1, "unescaped control character in a string");
        }
        if (c != '\\') {
          sb.append(c);
          continue;
        }
        char e = peek();
        pos++;
        switch (e) {
          case '"', '\\', '/' -> sb.append(e);
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'u' -> sb.append(hex4());
          default -> throw new SyntaxError(pos - 2, "invalid escape '\\" + e + "'");
        }
      }
    }

    private char hex4() throws SyntaxError {
      if (pos + 4 > text.length()) {
        throw new SyntaxError(pos, "expected 4 hex digits after \\u");
      }
      int v = 0;
      for (int i = 0; i < 4; i++) {
        int d = Character.digit(text.charAt(pos + i), 16);
        if (d < 0) {
          throw new SyntaxError(pos + i, "expected a hex digit after \\u");
        }
        v = v * 16 + d;
      }
      pos += 4;
      return (char) v;
    }

    private Object number() throws SyntaxError {
      int start = pos;
      if (peek() == '-') {
        pos++;
      }
      int intStart = pos;
      digits();
      if (text.charAt(intStart) == '0' && pos - intStart > 1) {
        throw new SyntaxError(start, "leading zeros are not allowed in JSON numbers");
      }
      boolean integral = true;
      if (pos < text.length() && text.charAt(pos) == '.') {
        pos++;
        digits();
        integral = false;
      }
      if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
        pos++;
        if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
          pos++;
        }
        digits();
        integral = false;
      }
      String s = text.substring(start, pos);
      if (integral) {
        try {
          return Long.parseLong(s);
        } catch (NumberFormatException beyondLong) {
          return Double.parseDouble(s);
        }
      }
      return Double.parseDouble(s);
    }

    private void digits() throws SyntaxError {
      int start = pos;
      while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
        pos++;
      }
      if (pos == start) {
        throw new SyntaxError(pos, "expected a digit");
      }
    }

    private Object literal(String word, Object v) throws SyntaxError {
      if (!text.startsWith(word, pos)) {
        throw new SyntaxError(pos, "expected '" + word + "'");
      }
      pos += word.length();
      return v;
    }

    private void expect(char c) throws SyntaxError {
      if (peek() != c) {
        throw new SyntaxError(pos, "expected '" + c + "', found '" + peek() + "'");
      }
      pos++;
    }

    char peek() throws SyntaxError {
      if (pos >= text.length()) {
        throw new SyntaxError(pos, "unexpected end of the JSON text");
      }
      return text.charAt(pos);
    }

    void skipSpace() {
      while (pos < text.length() && " \t\n\r".indexOf(text.charAt(pos)) >= 0) {
        pos++;
      }
    }
  }
}
