package dev.kiln.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {
  @TempDir Path dir;

  private static Map<String, Tensor> arrays() {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("weights", Tensor.of(new float[][] {{1, 2}, {3, 4}}));
    m.put("ids", Tensor.of(5L, 6L, 7L));
    m.put("mask", Tensor.of(true, false));
    m.put("zeros", Tensor.zeros(DType.FLOAT64, 500));
    return m;
  }

  /** An archive with the given member names and raw contents. */
  private Path zip(String name, List<String> members, List<byte[]> data, boolean deflate)
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ZipWriter.write(Channels.newChannel(out), members, data, deflate);
    return Files.write(dir.resolve(name), out.toByteArray());
  }

  /** Offset of the first central directory entry of an archive without a comment. */
  private static int centralEntry(byte[] zip) {
    return ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN).getInt(zip.length - 22 + 16);
  }

  @Test
  void roundTripsStoredAndDeflatedInOrder() throws Exception {
    for (Npz.Compression c : Npz.Compression.values()) {
      Path p = dir.resolve(c + ".npz");
      Npz.write(p, arrays(), c);
      Map<String, Tensor> got = Npz.read(p);
      assertEquals(List.of("weights", "ids", "mask", "zeros"), List.copyOf(got.keySet()));
      arrays()
          .forEach(
              (k, v) -> {
                assertEquals(v.dtype(), got.get(k).dtype(), k);
                assertArrayEquals(v.shape(), got.get(k).shape(), k);
                assertArrayEquals(v.toDoubleArray(), got.get(k).toDoubleArray(), k);
              });
      assertArrayEquals(new long[] {5, 6, 7}, Npz.readArray(p, "ids").toLongArray());
    }
    long stored = Files.size(dir.resolve("STORED.npz"));
    long deflated = Files.size(dir.resolve("DEFLATED.npz"));
    assertTrue(deflated < stored / 2, deflated + " vs " + stored);
  }

  @Test
  void missingArrayNamesTheMembers() throws Exception {
    Path p = dir.resolve("a.npz");
    Npz.write(p, arrays());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Npz.readArray(p, "nope"));
    assertTrue(e.getMessage().contains("no array 'nope'"), e.getMessage());
    assertTrue(e.getMessage().contains("weights.npy, ids.npy"), e.getMessage());
  }

  @Test
  void notAZipArchive() throws Exception {
    Path p = Files.write(dir.resolve("x.npz"), Npy.toBytes(Tensor.zeros(40)));
    Corrupt.assertFails(
        () -> Npz.read(p), p.toString(), Files.size(p) - 22, "end-of-central-directory");
  }

  @Test
  void truncatedArchive() throws Exception {
    Path p = dir.resolve("t.npz");
    Npz.write(p, arrays());
    byte[] b = Files.readAllBytes(p);
    Files.write(p, Arrays.copyOf(b, b.length - 10));
    Corrupt.assertFails(() -> Npz.read(p), p.toString(), b.length - 32, "end-of-central-directory");
  }

  @Test
  void declaredSizeImpossibleForTheCompressedBytesIsAZipBomb() throws Exception {
    Path p = dir.resolve("bomb.npz");
    Npz.write(p, Map.of("z", Tensor.zeros(1000)), Npz.Compression.DEFLATED);
    byte[] b = Files.readAllBytes(p);
    int entry = centralEntry(b);
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(entry + 24, 0x7FFFFFF0);
    Files.write(p, b);
    Corrupt.assertFails(
        () -> Npz.read(p), p.toString(), entry, "member z.npy declares 2147483632", "zip bomb");
  }

  @Test
  void npyHeaderClaimingMoreThanTheMemberHoldsAllocatesNothing() throws Exception {
    String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (268435456,), }";
    byte[] member = Corrupt.npy(dict, new byte[64]);
    Path p = zip("claims.npz", List.of("big.npy"), List.of(member), true);
    Corrupt.assertFails(
        () -> Npz.read(p),
        p + " member big.npy",
        member.length,
        "the data ends early",
        "claims 2147483648 data bytes");
  }

  @Test
  void memberWithTrailingBytes() throws Exception {
    byte[] npy = Npy.toBytes(Tensor.of(1f, 2f));
    byte[] member = Arrays.copyOf(npy, npy.length + 3);
    Path p = zip("trail.npz", List.of("a.npy"), List.of(member), false);
    Corrupt.assertFails(() -> Npz.read(p), p + " member a.npy", npy.length, "trailing bytes");
  }

  @Test
  void crcMismatch() throws Exception {
    Path p = dir.resolve("crc.npz");
    Npz.write(p, Map.of("a", Tensor.of(1f, 2f)));
    byte[] b = Files.readAllBytes(p);
    int entry = centralEntry(b);
    int dataEnd = entry; // the only member's data ends where the central directory begins
    b[dataEnd - 1] ^= 0x40;
    Files.write(p, b);
    Corrupt.assertFails(() -> Npz.read(p), p.toString(), 30 + 5, "a.npy", "CRC-32");
  }

  @Test
  void corruptDeflateStream() throws Exception {
    byte[] npy = Npy.toBytes(Tensor.zeros(100));
    Path p = zip("inflate.npz", List.of("a.npy"), List.of(npy), true);
    byte[] b = Files.readAllBytes(p);
    b[30 + 5] = (byte) 0xFF; // the first byte of the deflate stream: an invalid block type
    Files.write(p, b);
    Corrupt.assertFails(() -> Npz.read(p), p.toString(), 35, "a.npy", "corrupt deflate data");
  }

  @Test
  void memberThatIsNotAnNpyFile() throws Exception {
    Path p = zip("txt.npz", List.of("readme.txt"), List.of(new byte[] {'h', 'i'}), false);
    Corrupt.assertFails(() -> Npz.read(p), p.toString(), 2 + 30 + 10, "readme.txt is not a .npy");
  }

  @Test
  void centralDirectoryOutsideTheFile() throws Exception {
    Path p = dir.resolve("cd.npz");
    Npz.write(p, arrays());
    byte[] b = Files.readAllBytes(p);
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length - 22 + 16, b.length);
    Files.write(p, b);
    Corrupt.assertFails(() -> Npz.read(p), p.toString(), b.length - 22, "central directory");
  }

  @Test
  void unsupportedCompressionMethod() throws Exception {
    Path p = dir.resolve("m.npz");
    Npz.write(p, Map.of("a", Tensor.of(1f)));
    byte[] b = Files.readAllBytes(p);
    int entry = centralEntry(b);
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(entry + 10, (short) 12);
    Files.write(p, b);
    Corrupt.assertFails(() -> Npz.read(p), p.toString(), entry, "compression method 12");
  }

  @Test
  void readsArchivesWithZip64EndRecords() throws Exception {
    Path p = dir.resolve("z64.npz");
    Npz.write(p, arrays());
    byte[] b = Files.readAllBytes(p);
    ByteBuffer eocd = ByteBuffer.wrap(b, b.length - 22, 22).slice().order(ByteOrder.LITTLE_ENDIAN);
    long z64At = b.length - 22;
    ByteBuffer out = ByteBuffer.allocate(b.length + 56 + 20).order(ByteOrder.LITTLE_ENDIAN);
    out.put(b, 0, b.length - 22);
    out.putInt(0x06064b50)
        .putLong(44)
        .putShort((short) 45)
        .putShort((short) 45)
        .putInt(0)
        .putInt(0);
    out.putLong(eocd.getShort(10)).putLong(eocd.getShort(10));
    out.putLong(eocd.getInt(12) & 0xFFFFFFFFL).putLong(eocd.getInt(16) & 0xFFFFFFFFL);
    out.putInt(0x07064b50).putInt(0).putLong(z64At).putInt(1);
    out.putInt(0x06054b50).putInt(0).putShort((short) -1).putShort((short) -1);
    out.putInt(-1).putInt(-1).putShort((short) 0);
    Files.write(p, out.array());
    assertEquals(List.of("weights", "ids", "mask", "zeros"), List.copyOf(Npz.read(p).keySet()));
  }
}
