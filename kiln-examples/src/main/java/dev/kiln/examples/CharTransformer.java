package dev.kiln.examples;

import dev.kiln.Kiln;
import dev.kiln.autograd.Autograd;
import dev.kiln.nn.CrossEntropyLoss;
import dev.kiln.nn.Embedding;
import dev.kiln.nn.LayerNorm;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Module;
import dev.kiln.nn.Transformer;
import dev.kiln.nn.TransformerEncoder;
import dev.kiln.nn.TransformerEncoderLayer;
import dev.kiln.nn.TransformerOptions;
import dev.kiln.optim.AdamW;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny character-level Transformer language model trained on five of Shakespeare's sonnets (1609,
 * public domain, bundled) that writes new "verse" after training: token and position embeddings, a
 * causal {@link TransformerEncoder} (pre-norm, GELU), a linear head over characters.
 *
 * <pre>
 * {@code ./mvnw -q -pl kiln-examples -am compile exec:java -Dexec.mainClass=dev.kiln.examples.CharTransformer}
 * </pre>
 */
public final class CharTransformer extends Module {
  static final int CONTEXT = 32;
  private final String vocabulary;
  private final Embedding tokens;
  private final Embedding positions;
  private final TransformerEncoder encoder;
  private final LayerNorm norm;
  private final Linear head;
  private final Tensor causalMask = Transformer.generateSquareSubsequentMask(CONTEXT);

  /** A model over the characters of {@code vocabulary}, width 64, 2 layers of 4 heads. */
  public CharTransformer(String vocabulary, Generator g) {
    this.vocabulary = vocabulary;
    int width = 64;
    tokens = registerModule("tokens", new Embedding(vocabulary.length(), width, null, g));
    positions = registerModule("positions", new Embedding(CONTEXT, width, null, g));
    TransformerOptions options =
        TransformerOptions.defaults()
            .withDimFeedforward(4 * width)
            .withDropout(0)
            .withActivation("gelu")
            .withBatchFirst(true)
            .withNormFirst(true)
            .withGenerator(g);
    encoder =
        registerModule(
            "encoder",
            new TransformerEncoder(new TransformerEncoderLayer(width, 4, options), 2, null));
    norm = registerModule("norm", new LayerNorm(width));
    head = registerModule("head", new Linear(width, vocabulary.length(), true, g));
  }

  /** Next-character logits {@code [batch, time, vocab]} for token ids {@code [batch, time]}. */
  @Override
  public Tensor forward(Tensor ids) {
    int time = ids.size(1);
    Tensor x = tokens.call(ids).add(positions.call(Tensor.arange(time)));
    Tensor mask = causalMask.narrow(0, 0, time).narrow(1, 0, time);
    return head.call(norm.call(encoder.forward(x, mask, null)));
  }

  /** The bundled sonnets. */
  public static String text() {
    try (InputStream in = CharTransformer.class.getResourceAsStream("sonnets.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The sorted distinct characters of {@code text}. */
  static String vocabularyOf(String text) {
    return text.chars()
        .distinct()
        .sorted()
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
  }

  Tensor encode(String s) {
    long[] ids = s.chars().mapToLong(vocabulary::indexOf).toArray();
    return Tensor.of(ids);
  }

  /** Continues {@code prompt} by {@code length} characters, sampling at {@code temperature}. */
  public String generate(String prompt, int length, double temperature, Generator g) {
    StringBuilder text = new StringBuilder(prompt);
    try (var noGrad = Autograd.noGrad()) {
      for (int i = 0; i < length; i++) {
        String window = text.substring(Math.max(0, text.length() - CONTEXT));
        Tensor logits = call(encode(window).unsqueeze(0)).select(0, 0).select(0, -1);
        Tensor probs = logits.div(temperature).softmax(0);
        int next = (int) Tensor.multinomial(g, probs, 1, false).item();
        text.append(vocabulary.charAt(next));
      }
    }
    return text.toString();
  }

  /** Losses per 50 steps and a sample, from {@code steps} steps of batch 32. */
  public record Result(List<Double> losses, String sample) {}

  /** Trains {@code steps} steps on random windows of the text, then samples 300 characters. */
  public static Result train(int steps, long seed) {
    Kiln.manualSeed(seed);
    String text = text();
    Generator g = new Generator(seed);
    CharTransformer model = new CharTransformer(vocabularyOf(text), g);
    Tensor ids = model.encode(text);
    AdamW optimizer = new AdamW(model.parameters(), 3e-3);
    CrossEntropyLoss lossFn = new CrossEntropyLoss();
    List<Double> losses = new ArrayList<>();
    double running = 0;
    for (int step = 1; step <= steps; step++) {
      Tensor starts =
          Tensor.randint(g, 0, text.length() - CONTEXT - 1, new int[] {32}, DType.INT64);
      Tensor offsets = starts.unsqueeze(1).add(Tensor.arange(CONTEXT + 1));
      Tensor windows = ids.take(offsets); // [32, CONTEXT + 1]
      Tensor input = windows.narrow(1, 0, CONTEXT);
      Tensor target = windows.narrow(1, 1, CONTEXT);
      optimizer.zeroGrad();
      Tensor logits = model.call(input);
      Tensor loss = lossFn.forward(logits.reshape(-1, logits.size(2)), target.reshape(-1));
      loss.backward();
      optimizer.step();
      running += loss.item();
      if (step % 50 == 0) {
        losses.add(running / 50);
        System.out.printf("step %d: loss %.3f%n", step, running / 50);
        running = 0;
      }
    }
    return new Result(losses, model.generate("Shall I ", 300, 0.8, g));
  }

  /** Trains 1,500 steps (a few minutes on 2 cores) and prints a sample. */
  public static void main(String[] args) {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 1500;
    System.out.println(train(steps, 0).sample());
  }
}
