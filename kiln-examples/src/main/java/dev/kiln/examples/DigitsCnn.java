package dev.kiln.examples;

import dev.kiln.Kiln;
import dev.kiln.autograd.Autograd;
import dev.kiln.data.Collate;
import dev.kiln.data.Datasets;
import dev.kiln.data.Subset;
import dev.kiln.data.TensorDataset;
import dev.kiln.data.builtin.Digits;
import dev.kiln.data.loader.DataLoader;
import dev.kiln.nn.Conv2d;
import dev.kiln.nn.CrossEntropyLoss;
import dev.kiln.nn.Flatten;
import dev.kiln.nn.Linear;
import dev.kiln.nn.MaxPool2d;
import dev.kiln.nn.Module;
import dev.kiln.nn.ReLU;
import dev.kiln.nn.Sequential;
import dev.kiln.optim.Adam;
import dev.kiln.optim.Optimizer;
import dev.kiln.tensor.ConvOptions;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.List;

/**
 * A small CNN on the bundled 8x8 digits, trained with a hand-written PyTorch-style loop: zero the
 * gradients, forward, loss, backward, step.
 *
 * <pre>
 * {@code ./mvnw -q -pl kiln-examples -am compile exec:java -Dexec.mainClass=dev.kiln.examples.DigitsCnn}
 * </pre>
 */
public final class DigitsCnn {
  private DigitsCnn() {}

  /** Trains for {@code epochs} epochs (default 10) and prints the test accuracy after each. */
  public static void main(String[] args) {
    int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    train(epochs, 0, epoch -> System.out.printf("epoch %d: %s%n", epoch.epoch(), epoch));
  }

  /** One epoch's figures: mean training loss and accuracy on the held-out 20 %. */
  public record EpochResult(int epoch, double trainLoss, double testAccuracy) {
    @Override
    public String toString() {
      return String.format("train loss %.4f, test accuracy %.2f %%", trainLoss, 100 * testAccuracy);
    }
  }

  /** Receives each epoch's result. */
  @FunctionalInterface
  public interface EpochListener {
    /** Called after each epoch. */
    void onEpoch(EpochResult result);
  }

  /** The network: two 3x3 convolutions, one max-pool, two linear layers. */
  public static Module model(Generator g) {
    ConvOptions same = ConvOptions.defaults().withPadding(1);
    return new Sequential(
        new Conv2d(1, 16, new int[] {3, 3}, same, true, g),
        new ReLU(),
        new Conv2d(16, 32, new int[] {3, 3}, same, true, g),
        new ReLU(),
        new MaxPool2d(2),
        new Flatten(),
        new Linear(32 * 4 * 4, 64, true, g),
        new ReLU(),
        new Linear(64, 10, true, g));
  }

  /** Trains from {@code seed} for {@code epochs} epochs and returns the last epoch's result. */
  public static EpochResult train(int epochs, long seed, EpochListener listener) {
    Kiln.manualSeed(seed);
    TensorDataset digits = Digits.loadImages();
    Tensor images = digits.tensors().get(0).div(16).unsqueeze(1); // [N, 1, 8, 8] in 0..1
    TensorDataset all = new TensorDataset(images, digits.tensors().get(1));
    int testSize = all.size() / 5;
    List<Subset<List<Tensor>>> split =
        Datasets.randomSplit(all, seed, all.size() - testSize, testSize);

    Module net = model(new Generator(seed));
    Optimizer optimizer = new Adam(net.parameters(), 1e-3);
    CrossEntropyLoss lossFn = new CrossEntropyLoss();
    EpochResult result = null;
    try (var train =
        DataLoader.builder(split.get(0))
            .batchSize(32)
            .shuffle(true)
            .seed(seed)
            .collate(Collate.tensors())
            .build()) {
      for (int epoch = 1; epoch <= epochs; epoch++) {
        net.train();
        double lossSum = 0;
        int batches = 0;
        for (List<Tensor> batch : train) {
          optimizer.zeroGrad();
          Tensor loss = lossFn.forward(net.call(batch.get(0)), batch.get(1));
          loss.backward();
          optimizer.step();
          lossSum += loss.item();
          batches++;
        }
        result = new EpochResult(epoch, lossSum / batches, accuracy(net, split.get(1)));
        listener.onEpoch(result);
      }
    }
    return result;
  }

  private static double accuracy(Module net, Subset<List<Tensor>> test) {
    net.eval();
    try (var noGrad = Autograd.noGrad();
        var loader = DataLoader.builder(test).batchSize(256).collate(Collate.tensors()).build()) {
      long correct = 0;
      for (List<Tensor> batch : loader) {
        Tensor predicted = net.call(batch.get(0)).argmax(1);
        correct += (long) predicted.eq(batch.get(1)).sum().item();
      }
      return (double) correct / test.size();
    }
  }
}
