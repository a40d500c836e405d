package dev.kiln.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes the Kiln side of the interchange fixtures: every array of {@code
 * from_python/expected.json}, rebuilt from its listed values and written with Kiln's writers.
 * Regenerate the committed copy with
 *
 * <pre>
 * java -cp kiln-core/target/classes:kiln-core/target/test-classes dev.kiln.io.FromKilnFixtures \
 *     kiln-core/src/test/resources/io/from_kiln
 * </pre>
 *
 * and check it with {@code tools/fixtures/gen_io_fixtures.py --verify}.
 */
final class FromKilnFixtures {
  private FromKilnFixtures() {}

  /** Writes every fixture into {@code dir}; returns the file names. */
  static List<String> writeAll(Path dir) throws IOException {
    Files.createDirectories(dir);
    Json.Obj root = Expected.load();
    Json.Obj npy = Expected.section(root, "npy");
    for (String name : npy.values().keySet()) {
      Json.Obj desc = Expected.obj(npy, name);
      boolean fortran = (Boolean) desc.values().get("fortran");
      int major = ((Long) ((List<?>) desc.values().get("version")).get(0)).intValue();
      Npy.write(
          dir.resolve(name),
          Expected.tensor(desc),
          fortran ? Npy.Order.FORTRAN : Npy.Order.C,
          major == 1 ? 0 : major);
    }
    Json.Obj npz = Expected.section(root, "npz");
    for (String name : npz.values().keySet()) {
      Json.Obj desc = Expected.obj(npz, name);
      Npz.Compression c =
          (Boolean) desc.values().get("compressed")
              ? Npz.Compression.DEFLATED
              : Npz.Compression.STORED;
      Npz.write(dir.resolve(name), Expected.tensors(Expected.obj(desc, "arrays")), c);
    }
    Json.Obj st = Expected.section(root, "safetensors");
    for (String name : st.values().keySet()) {
      Json.Obj desc = Expected.obj(st, name);
      Map<String, String> metadata =
          Expected.obj(desc, "metadata").values().entrySet().stream()
              .collect(Collectors.toMap(Map.Entry::getKey, e -> (String) e.getValue()));
      SafeTensors.write(
          dir.resolve(name), Expected.tensors(Expected.obj(desc, "tensors")), metadata);
    }
    return List.of(npy.values().keySet(), npz.values().keySet(), st.values().keySet()).stream()
        .flatMap(java.util.Collection::stream)
        .toList();
  }

  /** Writes the fixtures into the directory given as the only argument. */
  public static void main(String[] args) throws IOException {
    System.out.println("wrote " + writeAll(Path.of(args[0])).size() + " files to " + args[0]);
  }
}
