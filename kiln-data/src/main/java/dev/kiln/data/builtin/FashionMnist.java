package dev.kiln.data.builtin;

import dev.kiln.data.TensorDataset;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, Zalando Research, MIT licence): MNIST's format and file
 * names with 10 clothing classes, read from a local folder.
 */
public final class FashionMnist {
  static final IdxImageFiles FILES =
      new IdxImageFiles(
          "Fashion-MNIST",
          URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
          List.of(
              "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
              "25c81989df183df01b3e8a0aad5dffbe",
              "bef4ecab320f06d8554ea6380940ec79",
              "bb300cfdad3c16e7a12a480ee83cd310"));

  /** Class names, index = label. */
  public static final List<String> CLASSES =
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  private FashionMnist() {}

  /** The training (60,000) or test (10,000) split from {@code root}, as {@link Mnist#load}. */
  public static TensorDataset load(Path root, boolean train) throws IOException {
    return FILES.load(root, train);
  }

  /** Downloads the four official files into {@code root} (verifying MD5); optional. */
  public static void download(Path root) throws IOException {
    FILES.download(root);
  }
}
