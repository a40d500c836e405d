package dev.kiln.examples;

import dev.kiln.Kiln;
import dev.kiln.data.TensorDataset;
import dev.kiln.data.builtin.Iris;
import dev.kiln.nn.CrossEntropyLoss;
import dev.kiln.nn.Linear;
import dev.kiln.nn.ReLU;
import dev.kiln.nn.Sequential;
import dev.kiln.optim.Adam;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import dev.kiln.train.FitOptions;
import dev.kiln.train.History;
import dev.kiln.train.Model;
import dev.kiln.train.metrics.SparseCategoricalAccuracy;
import java.util.Map;

/**
 * An MLP on the bundled Iris flowers, Keras style: {@code compile}, {@code fit} with a validation
 * split, {@code evaluate} on held-out flowers.
 *
 * <pre>
 * {@code ./mvnw -q -pl kiln-examples -am compile exec:java -Dexec.mainClass=dev.kiln.examples.IrisMlp}
 * </pre>
 */
public final class IrisMlp {
  private IrisMlp() {}

  /** The training history and the test metrics. */
  public record Result(History history, Map<String, Double> test) {}

  /** Trains for 60 epochs with a progress line per epoch, then prints the test metrics. */
  public static void main(String[] args) {
    Result r = train(60, 0, 2);
    System.out.println("test: " + r.test());
  }

  /** Trains for {@code epochs} epochs from {@code seed}; verbose as in {@link FitOptions}. */
  public static Result train(int epochs, long seed, int verbose) {
    Kiln.manualSeed(seed);
    TensorDataset iris = Iris.load();
    Tensor order = Tensor.randperm(new Generator(seed), Iris.SIZE, DType.INT64);
    Tensor x = iris.tensors().get(0).indexSelect(0, order);
    Tensor y = iris.tensors().get(1).indexSelect(0, order);
    // Standardise each feature with statistics of the training rows only.
    int train = 120;
    Tensor mean = x.narrow(0, 0, train).mean(0);
    Tensor std = x.narrow(0, 0, train).std(0);
    x = x.sub(mean).div(std);

    Generator g = new Generator(seed);
    Model model =
        new Model(
            new Sequential(
                new Linear(4, 16, true, g),
                new ReLU(),
                new Linear(16, 16, true, g),
                new ReLU(),
                new Linear(16, 3, true, g)));
    model.compile(
        new Adam(model.module().parameters(), 1e-2),
        new CrossEntropyLoss(),
        new SparseCategoricalAccuracy("accuracy"));
    History history =
        model.fit(
            x.narrow(0, 0, train),
            y.narrow(0, 0, train),
            16,
            new FitOptions()
                .epochs(epochs)
                .validationSplit(0.2)
                .shuffle(true, seed)
                .verbose(verbose));
    Map<String, Double> test =
        model.evaluate(x.narrow(0, train, Iris.SIZE - train), y.narrow(0, train, 30), 30);
    return new Result(history, test);
  }
}
