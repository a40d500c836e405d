package dev.kiln.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.Tensor;
import dev.kiln.train.metrics.ConfusionMatrix;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {
  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  @TempDir Path dir;

  private static BufferedImage readPng(Path p) throws IOException {
    byte[] bytes = Files.readAllBytes(p);
    assertArrayEquals(PNG_MAGIC, Arrays.copyOf(bytes, 8), "PNG signature");
    return ImageIO.read(p.toFile());
  }

  /** Pixels within a small distance of {@code c} in columns [x0, x1). */
  private static int pixelsNear(BufferedImage img, Color c, int x0, int x1) {
    int n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = x0; x < x1; x++) {
        Color p = new Color(img.getRGB(x, y));
        int d =
            Math.abs(p.getRed() - c.getRed())
                + Math.abs(p.getGreen() - c.getGreen())
                + Math.abs(p.getBlue() - c.getBlue());
        n += d < 30 ? 1 : 0;
      }
    }
    return n;
  }

  @Test
  void historyPlotHasOnePanelPerMetricWithTrainAndValidationCurves() throws IOException {
    History h = new History();
    for (int e = 0; e < 6; e++) {
      h.onEpochEnd(
          e,
          Map.of(
              "loss",
              1.0 / (e + 1),
              "accuracy",
              0.5 + 0.08 * e,
              "val_loss",
              1.2 / (e + 1),
              "val_accuracy",
              0.45 + 0.07 * e));
    }
    Path png = dir.resolve("history.png");
    h.plot(png);
    BufferedImage img = readPng(png);
    assertEquals(2 * HistoryPlot.PANEL_WIDTH, img.getWidth());
    assertEquals(HistoryPlot.HEIGHT, img.getHeight());
    for (int panel = 0; panel < 2; panel++) {
      int x0 = panel * HistoryPlot.PANEL_WIDTH;
      int x1 = x0 + HistoryPlot.PANEL_WIDTH;
      assertTrue(pixelsNear(img, HistoryPlot.TRAIN, x0, x1) > 100, "train curve in panel " + panel);
      assertTrue(
          pixelsNear(img, HistoryPlot.VALIDATION, x0, x1) > 100,
          "validation curve in panel " + panel);
    }
  }

  @Test
  void historyPlotWithoutValidationHasOnlyTheTrainCurve() throws IOException {
    History h = new History();
    for (int e = 0; e < 3; e++) {
      h.onEpochEnd(e, Map.of("loss", 2.0 - e));
    }
    Path png = dir.resolve("loss.png");
    h.plot(png);
    BufferedImage img = readPng(png);
    assertEquals(HistoryPlot.PANEL_WIDTH, img.getWidth());
    assertTrue(pixelsNear(img, HistoryPlot.TRAIN, 0, img.getWidth()) > 100);
    assertEquals(0, pixelsNear(img, HistoryPlot.VALIDATION, 0, img.getWidth()));
  }

  @Test
  void divergedValuesLeaveGapsInsteadOfFailing() throws IOException {
    History h = new History();
    h.onEpochEnd(0, Map.of("loss", 1.0, "val_loss", Double.NaN));
    h.onEpochEnd(1, Map.of("loss", Double.POSITIVE_INFINITY, "val_loss", Double.NaN));
    Path png = dir.resolve("diverged.png");
    h.plot(png);
    BufferedImage img = readPng(png);
    assertTrue(pixelsNear(img, HistoryPlot.TRAIN, 0, img.getWidth()) > 20, "the finite point");
    assertEquals(0, pixelsNear(img, HistoryPlot.VALIDATION, 0, img.getWidth()));
  }

  @Test
  void confusionMatrixHeatMapHasDarkAndLightCells() throws IOException {
    ConfusionMatrix cm = new ConfusionMatrix(3);
    // mostly right: the diagonal is dark, off-diagonal light
    Tensor pred =
        Tensor.of(new float[][] {{9, 0, 0}, {9, 0, 0}, {9, 0, 0}, {0, 9, 0}, {0, 9, 0}, {0, 0, 9}});
    cm.update(pred, Tensor.of(new long[] {0, 0, 1, 1, 1, 2}));
    Path png = dir.resolve("cm.png");
    cm.plot(png, java.util.List.of("a", "b", "c"));
    BufferedImage img = readPng(png);
    assertEquals(ConfusionMatrix.plotSize(3), img.getWidth());
    assertEquals(ConfusionMatrix.plotSize(3), img.getHeight());
    int dark = 0;
    int white = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        Color c = new Color(img.getRGB(x, y));
        dark += c.getBlue() > 80 && c.getRed() < 60 ? 1 : 0;
        white += c.getRed() > 245 && c.getGreen() > 245 && c.getBlue() > 245 ? 1 : 0;
      }
    }
    assertTrue(dark > 1000, "dark cells: " + dark);
    assertTrue(white > 1000, "background: " + white);
  }
}
