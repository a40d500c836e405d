package dev.kiln.train.internal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Internal to kiln-train. Renders XChart charts side by side into one PNG, off-screen ({@code
 * java.awt.headless} is set when no display is configured), written to a temporary file and moved
 * into place.
 */
public final class Charts {
  private Charts() {}

  /**
   * Paints {@code charts} in one row, each {@code width x height}, on white, into {@code path}.
   *
   * @throws IOException if the file cannot be written
   */
  public static void writePng(List<? extends Chart<?, ?>> charts, int width, int height, Path path)
      throws IOException {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    BufferedImage img =
        new BufferedImage(width * charts.size(), height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, img.getWidth(), img.getHeight());
      for (int i = 0; i < charts.size(); i++) {
        Graphics2D panel = (Graphics2D) g.create(i * width, 0, width, height);
        try {
          charts.get(i).paint(panel, width, height);
        } finally {
          panel.dispose();
        }
      }
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageIO.write(img, "png", bytes);
    AtomicWrites.write(path, bytes.toByteArray());
  }
}
