package dev.kiln.data.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {
  @TempDir Path root;
  private Path broken;

  static void writeImage(Path p, String format, int rgb) throws IOException {
    BufferedImage img = new BufferedImage(5, 4, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 5; x++) {
        img.setRGB(x, y, rgb);
      }
    }
    img.setRGB(2, 1, 0x102030);
    assertTrue(ImageIO.write(img, format, p.toFile()), "no ImageIO writer for " + format);
  }

  @BeforeEach
  void folder() throws IOException {
    Path cats = Files.createDirectories(root.resolve("cat"));
    Path dogs = Files.createDirectories(root.resolve("dog"));
    writeImage(cats.resolve("a.png"), "png", 0xFF0000);
    writeImage(cats.resolve("b.bmp"), "bmp", 0x00FF00);
    writeImage(dogs.resolve("c.jpg"), "jpg", 0x808080);
    broken = dogs.resolve("d.png");
    Files.writeString(broken, "not an image");
    Files.writeString(dogs.resolve("notes.txt"), "ignored: not an image extension");
  }

  @Test
  void classesAreSortedSubFoldersAndImagesDecodeToHwcUint8() throws IOException {
    ImageFolder ds = ImageFolder.open(root);
    assertEquals(List.of("cat", "dog"), ds.classes());
    assertEquals(4, ds.size());
    List<Tensor> png = ds.get(0);
    assertArrayEquals(new int[] {4, 5, 3}, png.get(0).shape());
    assertEquals(255, (int) png.get(0).get(0, 0, 0));
    assertEquals(0x20, (int) png.get(0).get(1, 2, 1));
    assertEquals(0, png.get(1).itemLong());
    assertEquals(0x00, (int) ds.get(1).get(0).get(0, 0, 0), "bmp: green pixel has no red");
    assertEquals(1, ds.get(2).get(1).itemLong());
  }

  @Test
  void anUnreadableImageFailsNamingTheFileAndIndex() throws IOException {
    ImageFolder ds = ImageFolder.open(root);
    var e = assertThrows(UncheckedIOException.class, () -> ds.get(3));
    assertTrue(e.getMessage().contains("sample 3"), e.getMessage());
    assertTrue(e.getMessage().contains(broken.toString()), e.getMessage());
    assertInstanceOf(DataFormatException.class, e.getCause());
  }

  @Test
  void skippingModeLeavesBadImagesOutAndReportsThem() throws IOException {
    ImageFolder ds = ImageFolder.openSkippingBad(root);
    assertEquals(3, ds.size());
    assertEquals(1, ds.skipped().size());
    assertEquals(broken, ds.skipped().get(0).file());
    assertTrue(
        ds.skipped().get(0).reason().contains("cannot decode"), ds.skipped().get(0).reason());
    for (int i = 0; i < ds.size(); i++) {
      assertEquals(3, ds.get(i).get(0).size(2));
    }
  }
}
