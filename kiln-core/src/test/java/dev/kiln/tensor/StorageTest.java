package dev.kiln.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The typed accessors of {@link Storage}: one Java array type, read and written per dtype. */
class StorageTest {
  @Test
  void bytesAreInt8Uint8OrBoolByDtype() {
    Storage s = Storage.allocate(DType.UINT8, 3);
    s.setLong(0, 255, DType.UINT8);
    s.setLong(1, 300, DType.UINT8);
    s.setLong(2, 5, DType.BOOL);
    assertEquals(255, s.getLong(0, DType.UINT8));
    assertEquals(-1, s.getLong(0, DType.INT8));
    assertEquals(44, s.getLong(1, DType.UINT8), "300 wraps to 44");
    assertEquals(1, s.getLong(2, DType.BOOL), "bool stores 0 or 1");
    s.setDouble(2, Double.NaN, DType.BOOL);
    assertEquals(1, s.getLong(2, DType.BOOL), "NaN is true");
  }

  @Test
  void shortsAreInt16Float16OrBfloat16ByDtype() {
    Storage s = Storage.allocate(DType.INT16, 3);
    s.setLong(0, 40000, DType.INT16);
    s.setLong(1, 2049, DType.FLOAT16);
    s.setLong(2, 257, DType.BFLOAT16);
    assertEquals(40000 - 65536, s.getLong(0, DType.INT16));
    assertEquals(2048.0, s.getDouble(1, DType.FLOAT16), "2049 rounds to even in float16");
    assertEquals(256.0, s.getDouble(2, DType.BFLOAT16), "257 rounds to even in bfloat16");
    s.setDouble(1, 1e5, DType.FLOAT16);
    assertEquals(Double.POSITIVE_INFINITY, s.getDouble(1, DType.FLOAT16));
  }

  @Test
  void integersConvertToFloatsWithOneRounding() {
    long v = (1L << 60) + (1L << 36) + 1;
    Storage f = Storage.allocate(DType.FLOAT32, 1);
    f.setLong(0, v, DType.FLOAT32);
    assertEquals((float) v, (float) f.getDouble(0, DType.FLOAT32));
    assertEquals(0x1p60f + 0x1p37f, (float) f.getDouble(0, DType.FLOAT32));
    Tensor t = Tensor.of(v).to(DType.FLOAT32);
    assertEquals(0x1p60f + 0x1p37f, t.toFloatArray()[0]);
  }

  @Test
  void floatsTruncateIntoIntegers() {
    Storage s = Storage.allocate(DType.INT32, 2);
    s.setDouble(0, -7.9, DType.INT32);
    s.setDouble(1, 7.9, DType.INT32);
    assertEquals(-7, s.getLong(0, DType.INT32));
    assertEquals(7, s.getLong(1, DType.INT32));
  }

  @Test
  void allocateGivesTheArrayTypeOfEachDtype() {
    assertEquals(float[].class, Storage.allocate(DType.FLOAT32, 1).array().getClass());
    assertEquals(double[].class, Storage.allocate(DType.FLOAT64, 1).array().getClass());
    assertEquals(short[].class, Storage.allocate(DType.BFLOAT16, 1).array().getClass());
    assertEquals(short[].class, Storage.allocate(DType.FLOAT16, 1).array().getClass());
    assertEquals(long[].class, Storage.allocate(DType.INT64, 1).array().getClass());
    assertEquals(int[].class, Storage.allocate(DType.INT32, 1).array().getClass());
    assertEquals(byte[].class, Storage.allocate(DType.BOOL, 1).array().getClass());
    assertEquals(4, Storage.allocate(DType.INT8, 4).length());
  }
}
