package dev.kiln.io;

import dev.kiln.tensor.Storage;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Hugging Face safetensors files: a JSON header naming each tensor's dtype, shape and byte range,
 * then the raw little-endian data.
 *
 * <p>Supports the dtypes F32 F64 F16 BF16 I64 I32 I16 I8 U8 BOOL. Tensor names are kept verbatim
 * (PyTorch's {@code encoder.layers.0.weight}). The header is validated as the reference
 * implementation does (size limit, packed non-overlapping offsets, no trailing bytes); violations
 * raise {@link FileFormatException} naming the file and byte offset.
 *
 * <pre>{@code
 * SafeTensors.write(path, Map.of("w", w, "b", b), Map.of("format", "pt"));
 * SafeTensors.Content all = SafeTensors.read(path);
 * Tensor w = SafeTensors.readTensor(path, "w");   // reads only w's bytes
 * }</pre>
 */
public final class SafeTensors {
  private SafeTensors() {}

  /**
   * Everything in a safetensors file.
   *
   * @param tensors the tensors in the order of their data in the file
   * @param metadata the {@code __metadata__} string map (empty when absent)
   */
  public record Content(Map<String, Tensor> tensors, Map<String, String> metadata) {}

  /**
   * Reads every tensor and the metadata of a safetensors file.
   *
   * @throws FileFormatException if the file is malformed or holds an unsupported dtype
   */
  public static Content read(Path path) throws IOException {
    String source = path.toString();
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      SafeTensorsHeader.Parsed h = SafeTensorsHeader.read(ch, source);
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      for (SafeTensorsHeader.Entry e : h.entries()) {
        tensors.put(e.name(), load(ch, h, e, source));
      }
      return new Content(
          Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(h.metadata()));
    }
  }

  /**
   * Reads the tensor {@code name} only: the header is validated, then just that tensor's bytes are
   * read from their position.
   *
   * @throws IllegalArgumentException if the file has no tensor of that name
   * @throws FileFormatException if the file is malformed
   */
  public static Tensor readTensor(Path path, String name) throws IOException {
    String source = path.toString();
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      SafeTensorsHeader.Parsed h = SafeTensorsHeader.read(ch, source);
      for (SafeTensorsHeader.Entry e : h.entries()) {
        if (e.name().equals(name)) {
          return load(ch, h, e, source);
        }
      }
      List<String> names = h.entries().stream().map(SafeTensorsHeader.Entry::name).toList();
      throw new IllegalArgumentException(
          source
              + ": no tensor named '"
              + name
              + "'; it has "
              + names.size()
              + ": "
              + names.stream().limit(20).collect(Collectors.joining(", "))
              + (names.size() > 20 ? ", ..." : ""));
    }
  }

  /** Reads only the {@code __metadata__} map (validating the whole header). */
  public static Map<String, String> readMetadata(Path path) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      return Collections.unmodifiableMap(SafeTensorsHeader.read(ch, path.toString()).metadata());
    }
  }

  private static Tensor load(
      FileChannel ch, SafeTensorsHeader.Parsed h, SafeTensorsHeader.Entry e, String source)
      throws IOException {
    long numel = TensorBytes.kilnNumel(e.shape());
    if (numel < 0) {
      throw new FileFormatException(
          source,
          e.headerOffset(),
          "tensor '"
              + e.name()
              + "' of shape "
              + Arrays.toString(e.shape())
              + " is larger than a Kiln tensor can hold ("
              + TensorBytes.MAX_ELEMENTS
              + " elements)");
    }
    int[] shape = Arrays.stream(e.shape()).mapToInt(d -> (int) d).toArray();
    long at = h.dataStart() + e.begin();
    ch.position(at);
    Storage s = TensorBytes.read(ch, e.dtype(), (int) numel, ByteOrder.LITTLE_ENDIAN, source, at);
    return Tensor.wrap(s, e.dtype(), shape);
  }

  /** Writes {@code tensors} to {@code path} atomically, without metadata. */
  public static void write(Path path, Map<String, Tensor> tensors) throws IOException {
    write(path, tensors, Map.of());
  }

  /**
   * Writes {@code tensors} and {@code metadata} to {@code path} atomically. As the reference
   * writer, tensors are laid out by descending dtype alignment, then name; metadata keys are
   * sorted. Non-contiguous tensors are written by their logical values.
   *
   * @throws IllegalArgumentException if a name is {@code __metadata__}
   */
  public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata)
      throws IOException {
    List<Map.Entry<String, Tensor>> ordered = new ArrayList<>(tensors.entrySet());
    for (Map.Entry<String, Tensor> e : ordered) {
      if (e.getKey().equals(SafeTensorsHeader.METADATA)) {
        throw new IllegalArgumentException(
            "safetensors: the name __metadata__ is reserved for the metadata map");
      }
    }
    ordered.sort(SafeTensorsHeader.WRITE_ORDER);
    byte[] header = SafeTensorsHeader.encode(ordered, metadata);
    AtomicFile.write(
        path,
        out -> {
          AtomicFile.writeFully(out, ByteBuffer.wrap(header));
          for (Map.Entry<String, Tensor> e : ordered) {
            TensorBytes.write(out, e.getValue(), ByteOrder.LITTLE_ENDIAN);
          }
        });
  }
}
