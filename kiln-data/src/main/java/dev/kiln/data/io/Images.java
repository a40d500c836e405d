package dev.kiln.data.io;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Storage;
import dev.kiln.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Decodes image files (PNG, JPEG, BMP, GIF: what the JDK's ImageIO reads) to uint8 tensors. */
public final class Images {
  private Images() {}

  /**
   * Decodes {@code path} to {@code uint8 [H, W, 3]} RGB (grey and palette images are expanded,
   * alpha dropped).
   *
   * @throws DataFormatException if ImageIO cannot decode the file
   */
  public static Tensor read(Path path) throws IOException {
    BufferedImage img;
    try {
      img = ImageIO.read(path.toFile());
    } catch (IOException | RuntimeException e) {
      throw new DataFormatException(path, "cannot decode image: " + e.getMessage(), e);
    }
    if (img == null) {
      throw new DataFormatException(
          path, "cannot decode image: not a PNG, JPEG, BMP or GIF file that ImageIO can read");
    }
    return toTensor(img);
  }

  /** {@code uint8 [H, W, 3]} RGB pixels of {@code img}. */
  public static Tensor toTensor(BufferedImage img) {
    int h = img.getHeight();
    int w = img.getWidth();
    int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
    byte[] rgb = new byte[h * w * 3];
    for (int i = 0; i < argb.length; i++) {
      rgb[3 * i] = (byte) (argb[i] >> 16);
      rgb[3 * i + 1] = (byte) (argb[i] >> 8);
      rgb[3 * i + 2] = (byte) argb[i];
    }
    return Tensor.wrap(new Storage.ByteStorage(rgb), DType.UINT8, h, w, 3);
  }
}
