package dev.kiln.data.io;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Storage;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads CIFAR-10 binary batch files ({@code data_batch_1.bin} ... {@code test_batch.bin}): records
 * of one label byte (0-9) then 3,072 pixel bytes, the red, green and blue 32x32 planes in turn.
 * Images come back channel-last, {@code uint8 [N, 32, 32, 3]}, ready for {@code ToTensor}; labels
 * as {@code int64 [N]}.
 */
public final class CifarBinary {
  /** Bytes per record: the label and three 32x32 planes. */
  public static final int RECORD = 1 + 3 * 32 * 32;

  private CifarBinary() {}

  /**
   * Images and labels of one batch file.
   *
   * @param images uint8 {@code [N, 32, 32, 3]}
   * @param labels int64 {@code [N]}
   */
  public record Batch(Tensor images, Tensor labels) {}

  /**
   * Reads one or more batch files and concatenates them in order.
   *
   * @throws DataFormatException if a file's size is not a whole number of records (naming the
   *     offset where the incomplete record starts) or a label is outside 0-9 (naming the record and
   *     its offset)
   */
  public static Batch read(List<Path> files) throws IOException {
    byte[][] contents = new byte[files.size()][];
    int n = 0;
    for (int f = 0; f < files.size(); f++) {
      Path path = files.get(f);
      byte[] b = FileBytes.read(path);
      if (b.length % RECORD != 0) {
        throw new DataFormatException(
            path,
            "truncated CIFAR-10 batch: "
                + b.length
                + " bytes is not a whole number of "
                + RECORD
                + "-byte records; the incomplete record starts at offset "
                + (b.length / RECORD) * RECORD);
      }
      for (int r = 0; r < b.length / RECORD; r++) {
        int label = b[r * RECORD] & 0xff;
        if (label > 9) {
          throw new DataFormatException(
              path,
              "label " + label + " outside 0-9 in record " + r + " at offset " + (long) r * RECORD);
        }
      }
      contents[f] = b;
      n += b.length / RECORD;
    }
    byte[] pixels = new byte[n * 3072];
    long[] labels = new long[n];
    int i = 0;
    for (byte[] b : contents) {
      for (int r = 0; r < b.length / RECORD; r++, i++) {
        int base = r * RECORD;
        labels[i] = b[base] & 0xff;
        for (int ch = 0; ch < 3; ch++) {
          for (int p = 0; p < 1024; p++) {
            pixels[i * 3072 + p * 3 + ch] = b[base + 1 + ch * 1024 + p];
          }
        }
      }
    }
    return new Batch(
        Tensor.wrap(new Storage.ByteStorage(pixels), DType.UINT8, n, 32, 32, 3),
        Tensor.wrap(new Storage.LongStorage(labels), DType.INT64, n));
  }
}
