package dev.kiln.data.io;

import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A token-to-id table for text examples. Id 0 is {@value #PAD} (padding) and id 1 is {@value #UNK}
 * (unknown tokens); the rest are tokens seen at least {@code minFreq} times, most frequent first,
 * ties in first-seen order, so the ids are deterministic.
 *
 * <pre>{@code
 * Vocabulary v = Vocabulary.build(List.of(tok.tokenize("a b a")), 1);
 * v.encode(List.of("a", "z")); // [2, 1]
 * }</pre>
 */
public final class Vocabulary {
  /** The padding token, id 0. */
  public static final String PAD = "<pad>";

  /** The unknown-token token, id 1. */
  public static final String UNK = "<unk>";

  private final List<String> tokens;
  private final Map<String, Integer> ids;

  private Vocabulary(List<String> tokens) {
    this.tokens = List.copyOf(tokens);
    this.ids = new HashMap<>();
    for (int i = 0; i < tokens.size(); i++) {
      ids.put(tokens.get(i), i);
    }
  }

  /** Builds from tokenized texts, keeping tokens seen at least {@code minFreq} times. */
  public static Vocabulary build(Collection<? extends List<String>> texts, int minFreq) {
    Map<String, Integer> counts = new HashMap<>();
    List<String> firstSeen = new ArrayList<>();
    for (List<String> text : texts) {
      for (String t : text) {
        if (counts.merge(t, 1, Integer::sum) == 1) {
          firstSeen.add(t);
        }
      }
    }
    List<String> tokens = new ArrayList<>(List.of(PAD, UNK));
    firstSeen.stream()
        .filter(t -> counts.get(t) >= minFreq && !t.equals(PAD) && !t.equals(UNK))
        .sorted((a, b) -> Integer.compare(counts.get(b), counts.get(a))) // stable: ties keep order
        .forEach(tokens::add);
    return new Vocabulary(tokens);
  }

  /** Number of ids, specials included. */
  public int size() {
    return tokens.size();
  }

  /** The id of {@code token}, or 1 ({@value #UNK}) if unknown. */
  public int id(String token) {
    return ids.getOrDefault(token, 1);
  }

  /** The token of {@code id}. */
  public String token(int id) {
    return tokens.get(id);
  }

  /** Ids of {@code tokens}. */
  public int[] encode(List<String> tokens) {
    return tokens.stream().mapToInt(this::id).toArray();
  }

  /** Ids of {@code tokens}, cut or padded with 0 to {@code length}, as an int64 tensor. */
  public Tensor encode(List<String> tokens, int length) {
    long[] out = new long[length];
    for (int i = 0; i < Math.min(length, tokens.size()); i++) {
      out[i] = id(tokens.get(i));
    }
    return Tensor.of(out);
  }

  /** Tokens of {@code ids}. */
  public List<String> decode(int[] ids) {
    List<String> out = new ArrayList<>(ids.length);
    for (int id : ids) {
      out.add(token(id));
    }
    return out;
  }
}
