package dev.kiln.data.io;

import dev.kiln.data.Dataset;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Images in {@code root/<class>/<file>} (torchvision's {@code ImageFolder}): classes are the
 * sub-folder names in sorted order, samples the image files (.png, .jpg, .jpeg, .bmp, .gif) in
 * sorted order within each. Sample {@code i} is {@code [image uint8 [H, W, 3], label int64 []]},
 * decoded on access.
 *
 * <pre>{@code
 * var ds = ImageFolder.open(Path.of("data/pets"));           // fail on a bad image when read
 * var checked = ImageFolder.openSkippingBad(Path.of("data/pets")); // decode all now, skip bad ones
 * checked.skipped();                                           // what was skipped, and why
 * }</pre>
 */
public final class ImageFolder implements Dataset<List<Tensor>> {
  private static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

  private final List<String> classes;
  private final List<Path> files;
  private final int[] labels;
  private final List<Skipped> skipped;

  /**
   * A file left out by {@link #openSkippingBad}.
   *
   * @param file the image file
   * @param reason why it could not be decoded
   */
  public record Skipped(Path file, String reason) {}

  private ImageFolder(List<String> classes, List<Path> files, int[] labels, List<Skipped> skipped) {
    this.classes = List.copyOf(classes);
    this.files = List.copyOf(files);
    this.labels = labels;
    this.skipped = List.copyOf(skipped);
  }

  /**
   * Lists the images under {@code root}; a bad image fails when read, with an error naming the file
   * and sample index.
   *
   * @throws IOException if {@code root} cannot be listed or has no class folders
   */
  public static ImageFolder open(Path root) throws IOException {
    return scan(root, false);
  }

  /**
   * Lists the images under {@code root} and decodes each one now, leaving out those that cannot be
   * decoded; {@link #skipped()} reports them.
   */
  public static ImageFolder openSkippingBad(Path root) throws IOException {
    return scan(root, true);
  }

  private static ImageFolder scan(Path root, boolean skipBad) throws IOException {
    List<Path> classDirs;
    try (Stream<Path> s = Files.list(root)) {
      classDirs = s.filter(Files::isDirectory).sorted().toList();
    }
    if (classDirs.isEmpty()) {
      throw new IOException("ImageFolder: no class sub-folders in " + root);
    }
    List<String> classes = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    for (Path dir : classDirs) {
      int label = classes.size();
      classes.add(dir.getFileName().toString());
      List<Path> images;
      try (Stream<Path> s = Files.list(dir)) {
        images = s.filter(ImageFolder::isImage).sorted().toList();
      }
      for (Path f : images) {
        if (skipBad) {
          try {
            Images.read(f);
          } catch (IOException e) {
            skipped.add(new Skipped(f, e.getMessage()));
            continue;
          }
        }
        files.add(f);
        labels.add(label);
      }
    }
    return new ImageFolder(
        classes, files, labels.stream().mapToInt(Integer::intValue).toArray(), skipped);
  }

  private static boolean isImage(Path p) {
    String name = p.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return Files.isRegularFile(p)
        && dot > 0
        && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /** Class names, index = label. */
  public List<String> classes() {
    return classes;
  }

  /** The image file of sample {@code index}. */
  public Path file(int index) {
    return files.get(index);
  }

  /** The label of sample {@code index}, without decoding the image. */
  public int label(int index) {
    return labels[index];
  }

  /** Files left out by {@link #openSkippingBad} (empty for {@link #open}). */
  public List<Skipped> skipped() {
    return skipped;
  }

  @Override
  public int size() {
    return files.size();
  }

  /**
   * @throws UncheckedIOException naming the sample index and the file (the cause is a {@link
   *     DataFormatException}) if the image cannot be decoded
   */
  @Override
  public List<Tensor> get(int index) {
    Path f = files.get(index);
    try {
      return List.of(Images.read(f), Tensor.scalar(labels[index], DType.INT64));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "ImageFolder: cannot read sample " + index + ": " + e.getMessage(), e);
    }
  }
}
