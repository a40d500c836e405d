package dev.kiln.data.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.data.Dataset;
import dev.kiln.data.pipeline.Pipeline;
import dev.kiln.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TabularAndTextReadersTest {
  @TempDir Path dir;

  private Path csv(String text) throws IOException {
    return Files.writeString(dir.resolve("t.csv"), text);
  }

  @Test
  void csvReadsTypedSelectedColumns() throws IOException {
    Path p = csv("a,b,name,kind\n1,2.5,\"x, y\",cat\n3,4,z,dog\n5,6,\"say \"\"hi\"\"\",cat\n");
    CsvTable t =
        Csv.builder()
            .columns("kind", "b", "name")
            .types(Map.of("kind", Csv.Type.CATEGORY, "name", Csv.Type.STRING))
            .read(p);
    assertEquals(List.of("kind", "b", "name"), t.columns());
    assertEquals(3, t.rows());
    assertArrayEquals(new float[] {2.5f, 4f, 6f}, t.numeric("b").toFloatArray());
    assertArrayEquals(new long[] {0, 1, 0}, t.codes("kind").toLongArray());
    assertEquals(List.of("cat", "dog"), t.categories("kind"));
    assertEquals(List.of("x, y", "z", "say \"hi\""), t.strings("name"));
  }

  @Test
  void csvMissingValuePolicies() throws IOException {
    Path p = csv("a,b\n1,2\n3,NA\n,6\n");
    var e = assertThrows(DataFormatException.class, () -> Csv.builder().read(p));
    assertTrue(e.getMessage().contains("line 3, column 'b'"), e.getMessage());
    assertEquals(1, Csv.builder().missing(Csv.Missing.DROP_ROW, 0).read(p).rows());
    Tensor filled = Csv.builder().missing(Csv.Missing.FILL, -1).read(p).numeric("a", "b");
    assertArrayEquals(new int[] {3, 2}, filled.shape());
    assertArrayEquals(new float[] {1, 2, 3, -1, -1, 6}, filled.toFloatArray());
  }

  @Test
  void csvErrorsNameTheLineAndColumn() throws IOException {
    Path p = csv("a,b\n1,2\n3,x\n");
    var e = assertThrows(DataFormatException.class, () -> Csv.builder().read(p));
    assertTrue(e.getMessage().contains("line 3, column 'b': 'x' is not a number"), e.getMessage());
    Path q = csv("a,b\n1,2,3\n");
    assertTrue(
        assertThrows(DataFormatException.class, () -> Csv.builder().read(q))
            .getMessage()
            .contains("line 2: 3 fields"));
    var noHeader = Csv.builder().header(false).read(csv("1,2\n3,4\n"));
    assertEquals(List.of("c0", "c1"), noHeader.columns());
  }

  /** A version-1.0 .npy of little-endian float32 values. */
  private static byte[] npy(float... values) {
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + values.length + ",), }";
    int total = 10 + dict.length() + 1;
    int pad = (64 - total % 64) % 64;
    String header = dict + " ".repeat(pad) + "\n";
    ByteBuffer b =
        ByteBuffer.allocate(10 + header.length() + 4 * values.length)
            .order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
    b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
    for (float v : values) {
      b.putFloat(v);
    }
    return b.array();
  }

  @Test
  void npzReadsEveryArrayByName() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("x.npy"));
      zip.write(npy(1, 2, 3));
      zip.putNextEntry(new ZipEntry("y.npy"));
      zip.write(npy(4));
    }
    Path p = Files.write(dir.resolve("a.npz"), bytes.toByteArray());
    Map<String, Tensor> arrays = Npz.read(p);
    assertEquals(List.of("x", "y"), List.copyOf(arrays.keySet()));
    assertArrayEquals(new float[] {1, 2, 3}, arrays.get("x").toFloatArray());
    Path bad = Files.writeString(dir.resolve("bad.npz"), "not a zip");
    var e = assertThrows(DataFormatException.class, () -> Npz.read(bad));
    assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
  }

  @Test
  void textLinesTokenizerAndVocabulary() throws IOException {
    Path p = Files.writeString(dir.resolve("t.txt"), "The cat sat.\nthe dog, the cat!\n");
    Dataset<String> lines = TextLines.read(p);
    assertEquals(2, lines.size());
    List<String> streamed = new ArrayList<>();
    TextLines.stream(p).forEach(streamed::add);
    assertEquals(List.of("The cat sat.", "the dog, the cat!"), streamed);
    assertEquals(List.of("The cat sat."), Pipeline.from(TextLines.stream(p)).take(1).toList());
    Tokenizer words = Tokenizer.words();
    assertEquals(List.of("the", "cat", "sat", "."), words.tokenize(lines.get(0)));
    assertEquals(List.of("h", "é", "!"), Tokenizer.characters().tokenize("hé!"));
    Vocabulary v =
        Vocabulary.build(List.of(words.tokenize(lines.get(0)), words.tokenize(lines.get(1))), 2);
    assertEquals(
        List.of(Vocabulary.PAD, Vocabulary.UNK, "the", "cat"), v.decode(new int[] {0, 1, 2, 3}));
    assertEquals(4, v.size());
    assertArrayEquals(new int[] {2, 3, 1}, v.encode(List.of("the", "cat", "sat")));
    assertArrayEquals(new long[] {3, 2, 0, 0}, v.encode(List.of("cat", "the"), 4).toLongArray());
  }
}
