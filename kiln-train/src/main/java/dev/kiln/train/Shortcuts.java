package dev.kiln.train;

import dev.kiln.nn.BCELoss;
import dev.kiln.nn.BCEWithLogitsLoss;
import dev.kiln.nn.CrossEntropyLoss;
import dev.kiln.nn.HuberLoss;
import dev.kiln.nn.L1Loss;
import dev.kiln.nn.Loss;
import dev.kiln.nn.MSELoss;
import dev.kiln.nn.NLLLoss;
import dev.kiln.optim.Adam;
import dev.kiln.optim.AdamW;
import dev.kiln.optim.Optimizer;
import dev.kiln.optim.SGD;
import dev.kiln.tensor.Tensor;
import dev.kiln.train.metrics.AUC;
import dev.kiln.train.metrics.BinaryAccuracy;
import dev.kiln.train.metrics.CategoricalAccuracy;
import dev.kiln.train.metrics.F1Score;
import dev.kiln.train.metrics.MeanAbsoluteError;
import dev.kiln.train.metrics.MeanSquaredError;
import dev.kiln.train.metrics.Metric;
import dev.kiln.train.metrics.Precision;
import dev.kiln.train.metrics.R2Score;
import dev.kiln.train.metrics.Recall;
import dev.kiln.train.metrics.RootMeanSquaredError;
import dev.kiln.train.metrics.SparseCategoricalAccuracy;
import dev.kiln.train.metrics.TopKCategoricalAccuracy;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Keras's string names for optimizers, losses and metrics, as used by {@link Model#compile(String,
 * String, String...)}: {@code model.compile("adam", "sparse_categorical_crossentropy",
 * "accuracy")}.
 *
 * <p>Kiln follows PyTorch's convention that a classifier ends in a linear layer: the cross-entropy
 * losses take <b>logits</b> (Keras's {@code from_logits=True}). {@code
 * "sparse_categorical_crossentropy"} and {@code "categorical_crossentropy"} are {@link
 * CrossEntropyLoss} (integer labels, or one-hot / probability targets), {@code
 * "binary_crossentropy"} is {@link BCEWithLogitsLoss}; for a model that ends in a sigmoid pass
 * {@code new BCELoss()} instead. A metric's reported name is the string given; {@code "accuracy"}
 * (or {@code "acc"}) and the binary metrics follow the loss, as in Keras: categorical accuracy for
 * the cross entropies, binary accuracy thresholded at 0 for logits ({@code BCEWithLogitsLoss}) or
 * 0.5 otherwise.
 */
public final class Shortcuts {
  private static final List<String> OPTIMIZERS = List.of("adam", "adamw", "sgd");
  private static final List<String> LOSSES =
      List.of(
          "sparse_categorical_crossentropy",
          "categorical_crossentropy",
          "binary_crossentropy",
          "mse",
          "mean_squared_error",
          "mae",
          "mean_absolute_error",
          "huber",
          "nll");
  private static final List<String> METRICS =
      List.of(
          "accuracy",
          "acc",
          "binary_accuracy",
          "categorical_accuracy",
          "sparse_categorical_accuracy",
          "top_k_categorical_accuracy",
          "sparse_top_k_categorical_accuracy",
          "precision",
          "recall",
          "f1_score",
          "auc",
          "mae",
          "mean_absolute_error",
          "mse",
          "mean_squared_error",
          "rmse",
          "root_mean_squared_error",
          "r2_score");

  private Shortcuts() {}

  /** The optimizer names {@link #optimizer} knows. */
  public static List<String> optimizerNames() {
    return OPTIMIZERS;
  }

  /** The loss names {@link #loss} knows. */
  public static List<String> lossNames() {
    return LOSSES;
  }

  /** The metric names {@link #metric} knows. */
  public static List<String> metricNames() {
    return METRICS;
  }

  /**
   * The optimizer named {@code name} over {@code params} with Keras's default learning rate: {@code
   * "adam"} (1e-3), {@code "adamw"} (1e-3, PyTorch's weight decay 0.01), {@code "sgd"} (1e-2).
   *
   * @throws IllegalArgumentException for another name (the message lists the valid ones)
   */
  public static Optimizer optimizer(String name, List<Tensor> params) {
    return switch (name) {
      case "adam" -> new Adam(params, 1e-3);
      case "adamw" -> new AdamW(params, 1e-3);
      case "sgd" -> new SGD(params, 1e-2);
      default -> throw unknown("optimizer", name, OPTIMIZERS);
    };
  }

  /**
   * The loss named {@code name} (see the type's description; the cross entropies take logits).
   *
   * @throws IllegalArgumentException for an unknown name (the message lists the valid ones)
   */
  public static Loss loss(String name) {
    Supplier<Loss> s =
        switch (name) {
          case "sparse_categorical_crossentropy", "categorical_crossentropy" ->
              CrossEntropyLoss::new;
          case "binary_crossentropy" -> BCEWithLogitsLoss::new;
          case "mse", "mean_squared_error" -> MSELoss::new;
          case "mae", "mean_absolute_error" -> L1Loss::new;
          case "huber" -> HuberLoss::new;
          case "nll" -> NLLLoss::new;
          default -> throw unknown("loss", name, LOSSES);
        };
    return s.get();
  }

  /**
   * The metric named {@code name}, reported under that name, suited to {@code loss}: {@code
   * "accuracy"} is categorical for cross entropy / NLL (labels or one-hot targets) and binary for
   * the binary cross entropies; the binary metrics ({@code "binary_accuracy"}, {@code "precision"},
   * {@code "recall"}, {@code "f1_score"}) threshold logits at 0 under {@link BCEWithLogitsLoss} and
   * scores at 0.5 otherwise; {@code "auc"} is binary ROC AUC; the top-k accuracies use k = 5.
   *
   * @throws IllegalArgumentException for an unknown name (the message lists the valid ones), or
   *     {@code "accuracy"} with a loss that is not a classification loss
   */
  public static Metric metric(String name, Loss loss) {
    double threshold = loss instanceof BCEWithLogitsLoss ? 0.0 : 0.5;
    Function<String, Metric> f =
        switch (name) {
          case "accuracy", "acc" -> accuracy(loss);
          case "binary_accuracy" -> n -> new BinaryAccuracy(n, threshold);
          case "categorical_accuracy" -> CategoricalAccuracy::new;
          case "sparse_categorical_accuracy" -> SparseCategoricalAccuracy::new;
          case "top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy" ->
              n -> new TopKCategoricalAccuracy(n, 5);
          case "precision" -> n -> new Precision(n, threshold);
          case "recall" -> n -> new Recall(n, threshold);
          case "f1_score" -> n -> new F1Score(n, threshold);
          case "auc" -> n -> new AUC(n, AUC.Curve.ROC);
          case "mae", "mean_absolute_error" -> MeanAbsoluteError::new;
          case "mse", "mean_squared_error" -> MeanSquaredError::new;
          case "rmse", "root_mean_squared_error" -> RootMeanSquaredError::new;
          case "r2_score" -> R2Score::new;
          default -> throw unknown("metric", name, METRICS);
        };
    return f.apply(name);
  }

  private static Function<String, Metric> accuracy(Loss loss) {
    return switch (loss) {
      case CrossEntropyLoss _, NLLLoss _ -> SparseCategoricalAccuracy::new;
      case BCEWithLogitsLoss _ -> n -> new BinaryAccuracy(n, 0.0);
      case BCELoss _ -> n -> new BinaryAccuracy(n, 0.5);
      default ->
          throw new IllegalArgumentException(
              "Model.compile: metric 'accuracy' needs a classification loss (cross entropy, NLL,"
                  + " binary cross entropy), got "
                  + loss.kind()
                  + "; for regression use 'mae', 'mse', 'rmse' or 'r2_score'");
    };
  }

  private static IllegalArgumentException unknown(String what, String name, List<String> valid) {
    return new IllegalArgumentException(
        "Model.compile: unknown " + what + " '" + name + "'; valid names: " + valid);
  }
}
