package dev.kiln.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link TypePromotion} against PyTorch's own tables (written by {@code
 * tools/fixtures/gen_promotion_fixture.py}): every ordered pair of dtypes for {@code promoteTypes},
 * and every ordered pair of operands (1-D tensor, 0-dim tensor, wrapped Java number) for {@code
 * resultType}.
 */
class TypePromotionTest {
  private static List<String[]> table(String name) throws IOException {
    try (InputStream in =
        TypePromotionTest.class.getClassLoader().getResourceAsStream("promotion/" + name)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.lines().filter(l -> !l.isBlank()).map(l -> l.split(" ")).toList();
    }
  }

  private static DType dtype(String pyName) {
    for (DType d : DType.values()) {
      if (d.pyName().equals(pyName)) {
        return d;
      }
    }
    throw new IllegalArgumentException("unknown dtype " + pyName);
  }

  /** The operand a table entry names: "dim:int8", "zero:float64", "int", "float" or "bool". */
  private static Tensor operand(String spec) {
    return switch (spec) {
      case "int" -> Tensor.wrapNumber(3L);
      case "float" -> Tensor.wrapNumber(2.5);
      case "bool" -> Tensor.wrapNumber(true);
      default -> {
        String[] parts = spec.split(":");
        DType d = dtype(parts[1]);
        yield parts[0].equals("dim") ? Tensor.zeros(d, 2) : Tensor.zeros(d);
      }
    };
  }

  @Test
  void promoteTypesMatchesPyTorchForAllPairs() throws IOException {
    List<String[]> rows = table("promote_types.txt");
    assertEquals(DType.values().length * DType.values().length, rows.size());
    for (String[] r : rows) {
      assertEquals(
          dtype(r[2]),
          TypePromotion.promoteTypes(dtype(r[0]), dtype(r[1])),
          "promoteTypes(" + r[0] + ", " + r[1] + ")");
    }
  }

  @Test
  void resultTypeMatchesPyTorchForAllOperandPairs() throws IOException {
    List<String[]> rows = table("result_type.txt");
    assertEquals(23 * 23, rows.size());
    for (String[] r : rows) {
      assertEquals(
          dtype(r[2]),
          TypePromotion.resultType(operand(r[0]), operand(r[1])),
          "resultType(" + r[0] + ", " + r[1] + ")");
    }
  }

  @Test
  void binaryOpsUsePyTorchsResultType() {
    Tensor ints = Tensor.of(1L, 2L);
    assertEquals(DType.FLOAT32, ints.add(2.5).dtype());
    assertEquals(
        DType.INT8, Tensor.zeros(DType.INT8, 3).add(Tensor.scalar(7, DType.INT64)).dtype());
    assertEquals(
        DType.FLOAT16, Tensor.zeros(DType.FLOAT16, 3).mul(Tensor.scalar(2, DType.FLOAT64)).dtype());
    assertEquals(DType.INT64, Tensor.of(true, false).add(Tensor.wrapNumber(2L)).dtype());
    assertEquals(
        DType.INT16, Tensor.zeros(DType.UINT8, 2).add(Tensor.zeros(DType.INT8, 2)).dtype());
    assertEquals(
        DType.FLOAT32, Tensor.zeros(DType.INT32, 2).div(Tensor.zeros(DType.INT32, 2)).dtype());
  }

  @Test
  void threeClassesCombineByCategory() {
    Tensor int8 = Tensor.zeros(DType.INT8, 2);
    Tensor zeroF64 = Tensor.scalar(1, DType.FLOAT64);
    Tensor zeroBool = Tensor.scalar(1, DType.BOOL);
    assertEquals(DType.FLOAT64, TypePromotion.resultType(int8, zeroF64, Tensor.wrapNumber(1L)));
    assertEquals(DType.INT8, TypePromotion.resultType(int8, zeroBool, Tensor.wrapNumber(1L)));
    assertEquals(
        DType.INT64, TypePromotion.resultType(Tensor.of(true), zeroBool, Tensor.wrapNumber(1L)));
    assertEquals(DType.FLOAT32, TypePromotion.resultType(Tensor.of(true), Tensor.wrapNumber(1.5)));
    assertEquals(DType.FLOAT32, TypePromotion.resultType());
  }

  @Test
  void canCastForbidsCategoryDowncasts() {
    assertTrue(TypePromotion.canCast(DType.INT64, DType.FLOAT16));
    assertTrue(TypePromotion.canCast(DType.BOOL, DType.UINT8));
    assertTrue(TypePromotion.canCast(DType.FLOAT64, DType.FLOAT16));
    assertFalse(TypePromotion.canCast(DType.FLOAT32, DType.INT64));
    assertFalse(TypePromotion.canCast(DType.INT8, DType.BOOL));
    assertFalse(TypePromotion.canCast(DType.FLOAT32, DType.BOOL));
  }
}
