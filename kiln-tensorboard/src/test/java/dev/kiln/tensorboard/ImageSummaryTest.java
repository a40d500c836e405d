package dev.kiln.tensorboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensorboard.proto.Summary;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images are PNG-encoded with the right layout, scaling and grid; decoded with ImageIO. */
class ImageSummaryTest {
  @TempDir Path dir;

  @Test
  void chwHwcGreyAndGridDecodeToTheExpectedPixels() throws Exception {
    float[] chw = new float[3 * 2 * 4];
    for (int i = 0; i < chw.length; i++) {
      chw[i] = i / 23f;
    }
    Tensor image = Tensor.of(chw).view(3, 2, 4);
    Tensor batch = Tensor.of(new float[3 * 3 * 2 * 4]).view(3, 3, 2, 4).add(image.unsqueeze(0));
    try (SummaryWriter w = new SummaryWriter(dir)) {
      w.addImage("chw", image, 0);
      w.addImage("hwc", image.permute(1, 2, 0), 1, "HWC");
      w.addImage("grey", Tensor.of(new int[] {0, 128, 255, 7}).view(2, 2).to(DType.UINT8), 2, "HW");
      w.addImages("grid", batch, 3);
      assertThrows(IllegalArgumentException.class, () -> w.addImage("bad", image, 0, "HW"));
      assertThrows(
          IllegalArgumentException.class, () -> w.addImage("bad", image.narrow(0, 0, 2), 0));
      assertThrows(IllegalArgumentException.class, () -> w.addImages("bad", image, 0, "CHW"));
    }
    List<Summary.Value> values = EventFiles.events(dir).stream().map(EventFiles::value).toList();
    for (int k = 0; k < 2; k++) {
      Summary.Image img = values.get(k).getImage();
      assertEquals(List.of(2, 4, 3), List.of(img.getHeight(), img.getWidth(), img.getColorspace()));
      Raster r = decode(img).getRaster();
      for (int y = 0; y < 2; y++) {
        for (int x = 0; x < 4; x++) {
          for (int c = 0; c < 3; c++) {
            int expected = (int) Math.min(255f, chw[c * 8 + y * 4 + x] * 255f);
            assertEquals(
                expected, r.getSample(x, y, c), values.get(k).getTag() + " " + y + "," + x);
          }
        }
      }
    }
    Raster grey = decode(values.get(2).getImage()).getRaster();
    assertEquals(
        List.of(0, 128, 255, 7),
        List.of(
            grey.getSample(0, 0, 0),
            grey.getSample(1, 0, 0),
            grey.getSample(0, 1, 0),
            grey.getSample(1, 1, 0)));
    Summary.Image grid = values.get(3).getImage();
    assertEquals(List.of(2, 12), List.of(grid.getHeight(), grid.getWidth()));
    Raster g = decode(grid).getRaster();
    assertEquals(
        decode(values.get(0).getImage()).getRaster().getSample(3, 1, 2),
        g.getSample(2 * 4 + 3, 1, 2));
  }

  private static BufferedImage decode(Summary.Image img) throws Exception {
    return ImageIO.read(new ByteArrayInputStream(img.getEncodedImageString().toByteArray()));
  }
}
