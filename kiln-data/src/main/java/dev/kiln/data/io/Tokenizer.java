package dev.kiln.data.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into tokens for the text examples: {@link #characters()} (one token per Unicode code
 * point) or {@link #words()} (lower-cased runs of letters/digits/apostrophes, each other non-space
 * character its own token).
 *
 * <pre>{@code
 * Tokenizer.words().tokenize("Hello, world!"); // [hello, ",", world, "!"]
 * }</pre>
 */
@FunctionalInterface
public interface Tokenizer {
  /** The tokens of {@code text}. */
  List<String> tokenize(String text);

  /** One token per code point. */
  static Tokenizer characters() {
    return text -> text.codePoints().mapToObj(Character::toString).toList();
  }

  /** Lower-cased words and single punctuation marks; whitespace separates and is dropped. */
  static Tokenizer words() {
    Pattern token = Pattern.compile("[\\p{L}\\p{N}']+|[^\\s\\p{L}\\p{N}']");
    return text -> {
      List<String> out = new ArrayList<>();
      Matcher m = token.matcher(text.toLowerCase(Locale.ROOT));
      while (m.find()) {
        out.add(m.group());
      }
      return out;
    };
  }
}
