package dev.kiln.io;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the small subset of Python literals found in {@code .npy} headers: a dict with string keys
 * whose values are strings, {@code True}/{@code False}, integers and tuples or lists of those. No
 * code is evaluated.
 */
final class PyLiteral {
  /** A parsed value, the character position where it starts, and whether it was a tuple. */
  record Value(Object value, int pos, boolean tuple) {}

  private static final int MAX_DEPTH = 16;

  private final String text;
  private final boolean singleByteChars;
  private final String source;
  private final long start;
  private int pos;

  /**
   * @param singleByteChars whether each character is one byte (latin1), for error offsets
   * @param start the byte offset of {@code text} in the source
   */
  PyLiteral(String text, boolean singleByteChars, String source, long start) {
    this.text = text;
    this.singleByteChars = singleByteChars;
    this.source = source;
    this.start = start;
  }

  /** Parses the whole text as a dict followed only by whitespace. */
  Map<String, Value> parseDict() throws FileFormatException {
    skipSpace();
    expect('{');
    Map<String, Value> dict = new LinkedHashMap<>();
    skipSpace();
    while (peek() != '}') {
      int keyPos = pos;
      if (!(parseValue(0).value() instanceof String key)) {
        throw error(keyPos, "expected a string key in the header dict");
      }
      skipSpace();
      expect(':');
      skipSpace();
      Value v = parseValue(0);
      if (dict.put(key, v) != null) {
        throw error(keyPos, "duplicate key '" + key + "' in the header dict");
      }
      skipSpace();
      if (peek() != ',') {
        break;
      }
      pos++;
      skipSpace();
    }
    expect('}');
    skipSpace();
    if (pos < text.length()) {
      throw error(
          pos, "expected only spaces after the header dict, found '" + text.charAt(pos) + "'");
    }
    return dict;
  }

  private Value parseValue(int depth) throws FileFormatException {
    if (depth > MAX_DEPTH) {
      throw error(pos, "header literal nested more than " + MAX_DEPTH + " levels deep");
    }
    int at = pos;
    char c = peek();
    if (c == '\'' || c == '"') {
      return new Value(parseString(c), at, false);
    }
    if (c == '(' || c == '[') {
      return new Value(parseSequence(c == '(' ? ')' : ']', depth), at, c == '(');
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      return new Value(parseInt(), at, false);
    }
    if (text.startsWith("True", pos)) {
      pos += 4;
      return new Value(Boolean.TRUE, at, false);
    }
    if (text.startsWith("False", pos)) {
      pos += 5;
      return new Value(Boolean.FALSE, at, false);
    }
    throw error(at, "expected a string, number, True, False or tuple in the header dict");
  }

  private String parseString(char quote) throws FileFormatException {
    int at = pos++;
    StringBuilder sb = new StringBuilder();
    while (pos < text.length() && text.charAt(pos) != quote) {
      char c = text.charAt(pos++);
      if (c == '\\') {
        throw error(pos - 1, "escape sequences are not allowed in header strings");
      }
      sb.append(c);
    }
    if (pos >= text.length()) {
      throw error(at, "unterminated string in the header dict");
    }
    pos++;
    return sb.toString();
  }

  private List<Object> parseSequence(char close, int depth) throws FileFormatException {
    pos++;
    List<Object> items = new ArrayList<>();
    skipSpace();
    while (peek() != close) {
      items.add(parseValue(depth + 1).value());
      skipSpace();
      if (peek() != ',') {
        break;
      }
      pos++;
      skipSpace();
    }
    expect(close);
    return items;
  }

  private Long parseInt() throws FileFormatException {
    int at = pos;
    if (peek() == '-') {
      pos++;
    }
    int digits = pos;
    while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
      pos++;
    }
    if (pos == digits) {
      throw error(at, "expected digits after '-'");
    }
    String number = text.substring(at, pos);
    if (pos < text.length() && (text.charAt(pos) == 'L' || text.charAt(pos) == 'l')) {
      pos++; // Python 2 long suffix, which NumPy also filters
    }
    if (number.length() > 19) {
      throw error(at, "integer " + number + " is too large");
    }
    try {
      return Long.parseLong(number);
    } catch (NumberFormatException e) {
      throw error(at, "integer " + number + " is too large");
    }
  }

  private char peek() throws FileFormatException {
    if (pos >= text.length()) {
      throw error(pos, "the header dict ends early");
    }
    return text.charAt(pos);
  }

  private void expect(char c) throws FileFormatException {
    if (peek() != c) {
      throw error(pos, "expected '" + c + "' in the header dict, found '" + text.charAt(pos) + "'");
    }
    pos++;
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  /** An error at character {@code at} of the text, reported with its byte offset in the source. */
  FileFormatException error(int at, String problem) {
    long bytes =
        singleByteChars ? at : text.substring(0, at).getBytes(StandardCharsets.UTF_8).length;
    return new FileFormatException(source, start + bytes, problem);
  }
}
