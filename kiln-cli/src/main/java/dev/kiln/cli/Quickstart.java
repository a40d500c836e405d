package dev.kiln.cli;

import dev.kiln.Kiln;
import dev.kiln.data.TensorDataset;
import dev.kiln.data.builtin.Digits;
import dev.kiln.nn.Conv2d;
import dev.kiln.nn.CrossEntropyLoss;
import dev.kiln.nn.Dropout;
import dev.kiln.nn.Flatten;
import dev.kiln.nn.Linear;
import dev.kiln.nn.MaxPool2d;
import dev.kiln.nn.Module;
import dev.kiln.nn.ReLU;
import dev.kiln.nn.Sequential;
import dev.kiln.optim.Adam;
import dev.kiln.tensor.ConvOptions;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import dev.kiln.train.FitOptions;
import dev.kiln.train.History;
import dev.kiln.train.Model;
import dev.kiln.train.callbacks.CSVLogger;
import dev.kiln.train.callbacks.Mode;
import dev.kiln.train.callbacks.ModelCheckpoint;
import dev.kiln.train.callbacks.ProgressBar;
import dev.kiln.train.callbacks.TensorBoard;
import dev.kiln.train.metrics.ConfusionMatrix;
import dev.kiln.train.metrics.SparseCategoricalAccuracy;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The quickstart run: a small CNN trained on the bundled 8x8 digits with {@link Model#fit}, the
 * best epoch (by validation accuracy) checkpointed, then tested on held-out digits. Writes the
 * checkpoint, TensorBoard logs, a CSV history and two plots into one folder.
 */
final class Quickstart {
  /** What a run is asked to do. */
  record Settings(Path out, int epochs, int batchSize, long seed, int verbose) {}

  /** What a run measured and wrote. */
  record Result(double testAccuracy, double testLoss, long[][] confusion, List<Path> written) {}

  private static final int TEST = 360;
  private static final int VALIDATION = 180;

  private Quickstart() {}

  /** The network: two 3x3 convolutions, a max-pool, dropout and two linear layers. */
  static Module network(Generator g) {
    ConvOptions same = ConvOptions.defaults().withPadding(1);
    return new Sequential(
        new Conv2d(1, 32, new int[] {3, 3}, same, true, g),
        new ReLU(),
        new Conv2d(32, 64, new int[] {3, 3}, same, true, g),
        new ReLU(),
        new MaxPool2d(2),
        new Flatten(),
        new Dropout(0.25, g),
        new Linear(64 * 4 * 4, 128, true, g),
        new ReLU(),
        new Linear(128, 10, true, g));
  }

  static Result run(Settings s, PrintStream out) throws IOException {
    Kiln.manualSeed(s.seed());
    Files.createDirectories(s.out());
    TensorDataset digits = Digits.loadImages();
    Tensor images = digits.tensors().get(0).div(16).unsqueeze(1); // [1797, 1, 8, 8] in 0..1
    Tensor labels = digits.tensors().get(1);
    Tensor order = Tensor.randperm(new Generator(s.seed()), Digits.SIZE, DType.INT64);
    Tensor x = images.indexSelect(0, order);
    Tensor y = labels.indexSelect(0, order);
    int train = Digits.SIZE - TEST - VALIDATION;
    Tensor xTrain = x.narrow(0, 0, train);
    Tensor yTrain = y.narrow(0, 0, train);
    Tensor xVal = x.narrow(0, train, VALIDATION);
    Tensor yVal = y.narrow(0, train, VALIDATION);
    Tensor xTest = x.narrow(0, train + VALIDATION, TEST);
    Tensor yTest = y.narrow(0, train + VALIDATION, TEST);
    out.printf(
        "Kiln quickstart: a small CNN on the bundled 8x8 handwritten digits%n"
            + "(%d training, %d validation and %d test images, 10 classes; %s kernels, %d threads)"
            + "%n%n",
        train, VALIDATION, TEST, Kiln.cpuKernels(), Kiln.getNumThreads());

    Model model = new Model(network(new Generator(s.seed())));
    model.compile(
        new Adam(model.module().parameters(), 2e-3),
        new CrossEntropyLoss(),
        new SparseCategoricalAccuracy("accuracy"));
    if (s.verbose() > 0) {
      out.println(model.summary());
    }

    Path best = s.out().resolve("best.safetensors");
    Path logs = s.out().resolve("tensorboard");
    Path csv = s.out().resolve("history.csv");
    ModelCheckpoint checkpoint =
        new ModelCheckpoint(best).monitor("val_accuracy", Mode.MAX).saveBestOnly(true);
    History history =
        model.fit(
            xTrain,
            yTrain,
            s.batchSize(),
            new FitOptions()
                .epochs(s.epochs())
                .validationData(xVal, yVal, 256)
                .shuffle(true, s.seed())
                .verbose(s.verbose())
                .progress(out, ProgressBar.isTerminal(), System::nanoTime)
                .callbacks(checkpoint, new TensorBoard(logs), new CSVLogger(csv)));

    model.loadWeights(best);
    Map<String, Double> test = model.evaluate(xTest, yTest, 256);
    ConfusionMatrix confusion = new ConfusionMatrix(10);
    confusion.update(model.predict(xTest, 256), yTest);
    Path historyPng = s.out().resolve("history.png");
    Path confusionPng = s.out().resolve("confusion.png");
    history.plot(historyPng);
    confusion.plot(confusionPng);

    double accuracy = test.get("accuracy");
    out.printf(
        Locale.ROOT,
        "%nBest epoch by validation accuracy: %d (val_accuracy %.4f)%n"
            + "Test (%d images, best checkpoint): loss %.4f, accuracy %.2f %%%n%n",
        bestEpoch(history.get("val_accuracy")),
        checkpoint.best(),
        TEST,
        test.get("loss"),
        100 * accuracy);
    out.println("Confusion matrix (rows: true digit, columns: predicted):");
    out.println(ConfusionTable.render(confusion.matrix()));
    List<Path> written = List.of(best, logs, csv, historyPng, confusionPng);
    out.println("Wrote:");
    out.println("  " + best + "    the best checkpoint (safetensors, PyTorch key names)");
    out.println("  " + logs + "/    TensorBoard event files");
    out.println("  " + csv + "    metrics per epoch");
    out.println("  " + historyPng + "    loss and accuracy curves");
    out.println("  " + confusionPng + "    the confusion matrix");
    out.println();
    out.println("Look at them:");
    out.println("  tensorboard --logdir " + logs);
    out.println("  ./kiln summary " + best);
    out.println("  xdg-open " + historyPng);
    return new Result(accuracy, test.get("loss"), confusion.matrix(), written);
  }

  /** The 1-based epoch that first reached the highest value, as the checkpoint kept it. */
  private static int bestEpoch(List<Double> values) {
    int best = 0;
    for (int i = 1; i < values.size(); i++) {
      if (values.get(i) > values.get(best)) {
        best = i;
      }
    }
    return best + 1;
  }
}
