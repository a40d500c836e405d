package dev.kiln.examples;

import dev.kiln.Kiln;
import dev.kiln.autograd.Autograd;
import dev.kiln.nn.CrossEntropyLoss;
import dev.kiln.nn.Embedding;
import dev.kiln.nn.LSTM;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Module;
import dev.kiln.nn.RnnOptions;
import dev.kiln.nn.utils.rnn.PackedSequence;
import dev.kiln.nn.utils.rnn.RnnUtils;
import dev.kiln.optim.Adam;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An LSTM sequence classifier on variable-length sequences: each sequence of 4 to 12 tokens is
 * labelled with its largest token, so the network must carry a running maximum to the end. Padded
 * batches are packed ({@link RnnUtils#packPaddedSequence}) so padding never reaches the LSTM, and
 * the final hidden state of each sequence's last real step feeds a linear classifier.
 *
 * <pre>
 * {@code ./mvnw -q -pl kiln-examples -am compile exec:java -Dexec.mainClass=dev.kiln.examples.LstmClassifier}
 * </pre>
 */
public final class LstmClassifier extends Module {
  static final int VOCAB = 6;
  static final int MAX_LEN = 12;
  private final Embedding embedding;
  private final LSTM lstm;
  private final Linear head;

  /** Embedding 8 → 2-layer LSTM 32 → Linear to {@link #VOCAB} classes. */
  public LstmClassifier(Generator g) {
    embedding = registerModule("embedding", new Embedding(VOCAB + 1, 8, 0, g)); // 0 pads
    lstm =
        registerModule(
            "lstm",
            new LSTM(8, 32, RnnOptions.defaults().withNumLayers(2).withBatchFirst(true), g));
    head = registerModule("head", new Linear(32, VOCAB, true, g));
  }

  /** A padded batch {@code [batch, MAX_LEN]} of tokens 1..VOCAB (0 pads) with its lengths. */
  public record Batch(Tensor tokens, long[] lengths, Tensor labels) {}

  /** Logits {@code [batch, VOCAB]} for a padded batch. */
  public Tensor logits(Batch batch) {
    Tensor embedded = embedding.call(batch.tokens());
    PackedSequence packed = RnnUtils.packPaddedSequence(embedded, batch.lengths(), true, false);
    Tensor lastHidden = lstm.forward(packed, null, null).hN().select(0, 1); // top layer
    return head.call(lastHidden);
  }

  @Override
  public Tensor forward(Tensor tokens) {
    long[] lengths = new long[tokens.size(0)];
    Arrays.fill(lengths, tokens.size(1));
    return logits(new Batch(tokens, lengths, null));
  }

  /** {@code count} random sequences; label = largest token − 1. */
  static Batch randomBatch(int count, Generator g) {
    long[] lengths = new long[count];
    Tensor tokens = Tensor.zeros(DType.INT64, count, MAX_LEN);
    long[] lengthDraw =
        Tensor.randint(g, 4, MAX_LEN + 1, new int[] {count}, DType.INT64).toLongArray();
    Tensor values = Tensor.randint(g, 1, VOCAB + 1, new int[] {count, MAX_LEN}, DType.INT64);
    for (int i = 0; i < count; i++) {
      lengths[i] = lengthDraw[i];
      tokens
          .select(0, i)
          .narrow(0, 0, (int) lengths[i])
          .copy_(values.select(0, i).narrow(0, 0, (int) lengths[i]));
    }
    return new Batch(tokens, lengths, tokens.amax(1).sub(1));
  }

  /** Accuracy per epoch on a fixed held-out batch. */
  public static List<Double> train(int epochs, int stepsPerEpoch, long seed) {
    Kiln.manualSeed(seed);
    Generator data = new Generator(seed);
    LstmClassifier model = new LstmClassifier(new Generator(seed + 1));
    Adam optimizer = new Adam(model.parameters(), 1e-2);
    CrossEntropyLoss lossFn = new CrossEntropyLoss();
    Batch heldOut = randomBatch(256, new Generator(seed + 2));
    List<Double> accuracies = new ArrayList<>();
    for (int epoch = 1; epoch <= epochs; epoch++) {
      double lossSum = 0;
      for (int step = 0; step < stepsPerEpoch; step++) {
        Batch b = randomBatch(32, data);
        optimizer.zeroGrad();
        Tensor loss = lossFn.forward(model.logits(b), b.labels());
        loss.backward();
        optimizer.step();
        lossSum += loss.item();
      }
      double accuracy;
      try (var noGrad = Autograd.noGrad()) {
        accuracy =
            model.logits(heldOut).argmax(1).eq(heldOut.labels()).to(DType.FLOAT32).mean().item();
      }
      accuracies.add(accuracy);
      System.out.printf(
          "epoch %d: loss %.4f, held-out accuracy %.1f %%%n",
          epoch, lossSum / stepsPerEpoch, 100 * accuracy);
    }
    return accuracies;
  }

  /** Trains 10 epochs of 50 steps. */
  public static void main(String[] args) {
    train(10, 50, 0);
  }
}
