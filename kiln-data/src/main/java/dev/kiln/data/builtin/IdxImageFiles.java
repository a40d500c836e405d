package dev.kiln.data.builtin;

import dev.kiln.data.TensorDataset;
import dev.kiln.data.io.DataFormatException;
import dev.kiln.data.io.Idx;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The MNIST file layout shared by MNIST and Fashion-MNIST: four IDX files with fixed names, a base
 * URL and one MD5 per {@code .gz} file (train images, train labels, test images, test labels).
 */
record IdxImageFiles(String name, URI baseUrl, List<String> md5s) {
  private static final List<String> STEMS =
      List.of(
          "train-images-idx3-ubyte",
          "train-labels-idx1-ubyte",
          "t10k-images-idx3-ubyte",
          "t10k-labels-idx1-ubyte");

  TensorDataset load(Path root, boolean train) throws IOException {
    Path imagesFile = find(root, STEMS.get(train ? 0 : 2));
    Path labelsFile = find(root, STEMS.get(train ? 1 : 3));
    Tensor images = Idx.read(imagesFile);
    Tensor labels = Idx.read(labelsFile);
    if (images.dim() != 3 || images.dtype() != DType.UINT8) {
      throw new DataFormatException(
          imagesFile,
          name
              + " images must be uint8 [N, H, W], got "
              + images.dtype()
              + " "
              + Arrays.toString(images.shape()));
    }
    if (labels.dim() != 1 || labels.dtype() != DType.UINT8) {
      throw new DataFormatException(
          labelsFile,
          name
              + " labels must be uint8 [N], got "
              + labels.dtype()
              + " "
              + Arrays.toString(labels.shape()));
    }
    if (labels.size(0) != images.size(0)) {
      throw new DataFormatException(
          labelsFile,
          "label count "
              + labels.size(0)
              + " != image count "
              + images.size(0)
              + " in "
              + imagesFile);
    }
    return new TensorDataset(images, labels.to(DType.INT64));
  }

  private Path find(Path root, String stem) throws IOException {
    for (Path p : List.of(root.resolve(stem), root.resolve(stem + ".gz"))) {
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new NoSuchFileException(
        root.resolve(stem).toString(),
        null,
        name
            + " file missing (also tried .gz); call download(root) or copy the official files there");
  }

  void download(Path root) throws IOException {
    for (int i = 0; i < STEMS.size(); i++) {
      String file = STEMS.get(i) + ".gz";
      Downloads.fetch(baseUrl.resolve(file), root.resolve(file), "MD5", md5s.get(i));
    }
  }
}
