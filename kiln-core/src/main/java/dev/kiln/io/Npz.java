package dev.kiln.io;

import dev.kiln.tensor.Tensor;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipException;

/**
 * NumPy {@code .npz} archives: a zip of {@code .npy} members, as written by {@code np.savez}
 * (stored) and {@code np.savez_compressed} (deflated).
 *
 * <p>Array names are member names without {@code .npy}. Reading is guarded against zip bombs: a
 * member's declared uncompressed size must match what its {@code .npy} header describes and be
 * reachable from its compressed size, and no more than that is ever allocated or inflated. Errors
 * in a member's contents name {@code archive.npz member name.npy} and the byte offset inside the
 * member.
 *
 * <pre>{@code
 * Npz.write(path, Map.of("x", x, "y", y), Npz.Compression.DEFLATED);
 * Map<String, Tensor> arrays = Npz.read(path);   // {x=..., y=...}
 * Tensor y = Npz.readArray(path, "y");
 * }</pre>
 */
public final class Npz {
  private Npz() {}

  /** How members are stored in the archive. */
  public enum Compression {
    /** Uncompressed, as {@code np.savez} writes. */
    STORED,
    /** Deflated, as {@code np.savez_compressed} writes. */
    DEFLATED
  }

  /** Deflate expands at most about 1032:1; a larger declared ratio is a zip bomb. */
  private static final long MAX_DEFLATE_RATIO = 1032;

  /**
   * Reads every array of an archive, in archive order.
   *
   * @throws FileFormatException if the archive or a member is malformed or not a {@code .npy}
   */
  public static Map<String, Tensor> read(Path path) throws IOException {
    String source = path.toString();
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      Map<String, Tensor> out = new LinkedHashMap<>();
      for (ZipReader.Member m : ZipReader.members(ch, source)) {
        out.put(arrayName(m, source), readMember(ch, m, source));
      }
      return Collections.unmodifiableMap(out);
    }
  }

  /**
   * Reads the one array {@code name} (without {@code .npy}), inflating no other member.
   *
   * @throws IllegalArgumentException if the archive has no such array
   */
  public static Tensor readArray(Path path, String name) throws IOException {
    String source = path.toString();
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      List<String> names = new ArrayList<>();
      for (ZipReader.Member m : ZipReader.members(ch, source)) {
        if (m.name().equals(name + ".npy")) {
          return readMember(ch, m, source);
        }
        names.add(m.name());
      }
      throw new IllegalArgumentException(
          source + ": no array '" + name + "' (members: " + String.join(", ", names) + ")");
    }
  }

  /**
   * Writes {@code arrays} to {@code path} atomically, stored uncompressed like {@code np.savez}.
   */
  public static void write(Path path, Map<String, Tensor> arrays) throws IOException {
    write(path, arrays, Compression.STORED);
  }

  /**
   * Writes {@code arrays} to {@code path} atomically as {@code <name>.npy} members, in the map's
   * iteration order. Each member's {@code .npy} encoding must fit in a Java array (2 GiB), and the
   * archive under 4 GiB (no zip64).
   *
   * @throws IllegalArgumentException for a bfloat16 array, which NumPy cannot represent
   */
  public static void write(Path path, Map<String, Tensor> arrays, Compression compression)
      throws IOException {
    List<String> names = new ArrayList<>();
    List<byte[]> data = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : arrays.entrySet()) {
      names.add(e.getKey() + ".npy");
      data.add(Npy.toBytes(e.getValue()));
    }
    AtomicFile.write(
        path, out -> ZipWriter.write(out, names, data, compression == Compression.DEFLATED));
  }

  private static String arrayName(ZipReader.Member m, String source) throws FileFormatException {
    if (!m.name().endsWith(".npy")) {
      throw new FileFormatException(
          source, m.entryOffset(), "member " + m.name() + " is not a .npy array");
    }
    return m.name().substring(0, m.name().length() - 4);
  }

  private static Tensor readMember(FileChannel ch, ZipReader.Member m, String source)
      throws IOException {
    long limit =
        m.method() == ZipReader.STORED
            ? m.compressedSize()
            : m.compressedSize() * MAX_DEFLATE_RATIO + 64;
    if (m.size() > limit || (m.method() == ZipReader.STORED && m.size() != limit)) {
      throw new FileFormatException(
          source,
          m.entryOffset(),
          "member "
              + m.name()
              + " declares "
              + m.size()
              + " uncompressed bytes, impossible from "
              + m.compressedSize()
              + " "
              + (m.method() == ZipReader.STORED ? "stored" : "deflated")
              + " bytes (zip bomb or corrupt entry)");
    }
    String memberSource = source + " member " + m.name();
    CheckedInputStream in = new CheckedInputStream(ZipReader.open(ch, m), new CRC32());
    try (InputStream closing = in) {
      Tensor t = Npy.read(Channels.newChannel(in), m.size(), memberSource);
      if (in.read() >= 0) {
        throw new FileFormatException(
            memberSource, m.size(), "the data continues past the declared size " + m.size());
      }
      if (in.getChecksum().getValue() != m.crc()) {
        throw new FileFormatException(
            source,
            m.dataOffset(),
            "member " + m.name() + " fails its CRC-32 check (the data is corrupt)");
      }
      return t;
    } catch (ZipException | EOFException e) {
      throw new FileFormatException(
          source,
          m.dataOffset(),
          "member " + m.name() + " has corrupt deflate data: " + e.getMessage());
    }
  }
}
