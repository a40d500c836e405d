package dev.kiln.data.builtin;

import dev.kiln.data.TensorDataset;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * MNIST handwritten digits (LeCun, Cortes and Burges), read from the official IDX files in a local
 * folder: {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code
 * t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte}, each plain or {@code .gz}.
 *
 * <pre>{@code
 * TensorDataset train = Mnist.load(Path.of("data/mnist"), true); // [uint8 [28, 28], int64 []]
 * }</pre>
 */
public final class Mnist {
  /** The official files and their MD5 checksums (the mirror torchvision uses). */
  static final IdxImageFiles FILES =
      new IdxImageFiles(
          "MNIST",
          URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
          List.of(
              "f68b3c2dcbeaaa9fbdd348bbdeb94873",
              "d53e105ee54ea40749a09fcbcd1e9432",
              "9fb629c4189551a2d022fa330f9573f3",
              "ec29112dd5afa0611ce80d1b7f02629c"));

  /** Class names: the digits. */
  public static final List<String> CLASSES =
      List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

  private Mnist() {}

  /**
   * The training (60,000) or test (10,000) split from {@code root}: images uint8 {@code [N, 28,
   * 28]}, labels int64 {@code [N]}.
   *
   * @throws java.io.IOException if a file is missing or malformed (naming it)
   */
  public static TensorDataset load(Path root, boolean train) throws IOException {
    return FILES.load(root, train);
  }

  /** Downloads the four official files into {@code root} (verifying MD5); optional. */
  public static void download(Path root) throws IOException {
    FILES.download(root);
  }
}
