package dev.kiln.tensorboard;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sample log that {@code tools/tensorboard/check_events.py} checks with an independent protobuf
 * implementation: one call of every {@code add*} with values the script recomputes. Keep the two in
 * step.
 */
final class SampleLog {
  private SampleLog() {}

  /** Writes the sample run into {@code logDir}. */
  static void write(Path logDir) {
    try (SummaryWriter w = new SummaryWriter(logDir)) {
      for (int step = 0; step < 5; step++) {
        w.addScalar("loss", 1.0 / (step + 1), step);
      }
      Map<String, Double> lr = new LinkedHashMap<>();
      lr.put("a", 0.1);
      lr.put("b", 0.2);
      w.addScalars("lr", lr, 1);
      double[] weights = new double[100];
      for (int i = 0; i < weights.length; i++) {
        weights[i] = (i - 50) / 10.0;
      }
      w.addHistogram("weights", Tensor.of(weights), 2);
      float[] chw = new float[3 * 2 * 4];
      for (int i = 0; i < chw.length; i++) {
        chw[i] = i / 23f;
      }
      w.addImage("img", Tensor.of(chw).view(3, 2, 4), 3);
      w.addText("notes", "**hello** from Kiln", 4);
      w.addPrCurve(
          "pr",
          Tensor.of(new int[] {1, 0, 1, 1, 0, 1, 0, 0}),
          Tensor.of(new float[] {0.9f, 0.1f, 0.6f, 0.4f, 0.7f, 0.8f, 0.3f, 0.2f}),
          5,
          11);
      Map<String, Object> hp = new LinkedHashMap<>();
      hp.put("lr", 0.01);
      hp.put("opt", "adam");
      w.addHparams(hp, Map.of("hparam/acc", 0.9), Map.of(), "hp", 0);
      w.addGraph(
          new GraphDescription(
              List.of(
                  GraphDescription.Node.input("input", new int[] {8, 4}, DType.FLOAT32),
                  new GraphDescription.Node(
                      "fc/linear",
                      "aten::linear",
                      List.of("input"),
                      new int[] {8, 2},
                      DType.FLOAT32,
                      "{out_features : 2}"))));
      w.addCustomScalars(
          new CustomScalarLayout()
              .multiline("Train", "loss", "loss")
              .margin("Train", "lr", "lr", "lr_a", "lr_b"));
      w.addEmbedding(
          Tensor.of(new float[][] {{1, 2}, {3, 4}, {5, 6}}), List.of("x", "y", "z"), "points", 6);
    }
  }
}
