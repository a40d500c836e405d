package dev.kiln.ops;

import dev.kiln.io.Npy;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Loads op-table fixtures: {@code in0.npy, in1.npy, ...} and {@code out0.npy, ...} per sample. */
public final class Fixtures {
  private Fixtures() {}

  /** One sample's inputs and PyTorch's outputs. */
  public record Sample(Tensor[] inputs, Tensor[] outputs) {}

  /** Loads the sample in {@code dir} (e.g. {@code fixtures/ops/exp/f32}). */
  public static Sample load(String dir) throws IOException {
    return new Sample(readAll(dir, "in"), readAll(dir, "out"));
  }

  private static Tensor[] readAll(String dir, String prefix) throws IOException {
    List<Tensor> out = new ArrayList<>();
    for (int i = 0; ; i++) {
      String name = dir + "/" + prefix + i + ".npy";
      try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(name)) {
        if (in == null) {
          break;
        }
        out.add(Npy.read(in.readAllBytes(), name));
      }
    }
    if (prefix.equals("out") && out.isEmpty()) {
      throw new IOException(
          "missing fixture " + dir + "/out0.npy: run tools/fixtures/gen_fixtures.py");
    }
    return out.toArray(new Tensor[0]);
  }

  /** Every {@code op/sample} directory under {@code fixtures/ops}. */
  static List<String> allSampleDirs() throws IOException, URISyntaxException {
    URL root = Fixtures.class.getClassLoader().getResource("fixtures/ops");
    if (root == null) {
      return List.of();
    }
    Path base = Path.of(root.toURI());
    try (Stream<Path> walk = Files.walk(base)) {
      return walk.filter(p -> p.getFileName().toString().equals("out0.npy"))
          .map(p -> base.relativize(p.getParent()).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }
}
