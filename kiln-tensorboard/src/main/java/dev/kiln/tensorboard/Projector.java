package dev.kiln.tensorboard;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The Embedding Projector's files, laid out as PyTorch writes them: {@code
 * <logdir>/<step:05d>/<tag>/tensors.tsv} (one row per point, tab-separated), {@code metadata.tsv}
 * (one label per line) beside it, both written to a temporary file and renamed, and an {@code
 * embeddings {...}} entry appended to {@code <logdir>/projector_config.pbtxt}.
 */
final class Projector {
  /** The projector plugin's config file name. */
  static final String CONFIG = "projector_config.pbtxt";

  private Projector() {}

  /** The sub-directory, relative to the log directory, for {@code tag} at {@code step}. */
  static String subdir(String tag, long step) {
    return String.format("%05d/%s", step, encode(tag));
  }

  /** Writes the files for a row-major [rows, cols] matrix and its optional labels. */
  static void write(
      Path logDir, float[] mat, int rows, int cols, List<String> labels, String tag, long step)
      throws IOException {
    String sub = subdir(tag, step);
    Path dir = logDir.resolve(sub);
    Files.createDirectories(dir);
    writeAtomically(
        dir.resolve("tensors.tsv"),
        w -> {
          for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
              if (c > 0) {
                w.write('\t');
              }
              w.write(Float.toString(mat[r * cols + c]));
            }
            w.write('\n');
          }
        });
    StringBuilder config = new StringBuilder("embeddings {\n");
    config.append("  tensor_name: ").append(quote(tag + ":" + String.format("%05d", step)));
    config.append("\n  tensor_path: ").append(quote(sub + "/tensors.tsv")).append('\n');
    if (labels != null) {
      writeAtomically(
          dir.resolve("metadata.tsv"),
          w -> {
            for (String label : labels) {
              w.write(label.replace('\t', ' ').replace('\n', ' '));
              w.write('\n');
            }
          });
      config.append("  metadata_path: ").append(quote(sub + "/metadata.tsv")).append('\n');
    }
    config.append("}\n");
    Files.writeString(
        logDir.resolve(CONFIG),
        config,
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  /** Text output that may fail. */
  @FunctionalInterface
  private interface TextOutput {
    void writeTo(BufferedWriter w) throws IOException;
  }

  /** Writes {@code file} through a temporary file in the same folder, then renames it. */
  private static void writeAtomically(Path file, TextOutput output) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (BufferedWriter w = Files.newBufferedWriter(tmp)) {
      output.writeTo(w);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Percent-encodes every character of a tag except letters, digits, '.', '_' and '-'. */
  static String encode(String tag) {
    StringBuilder out = new StringBuilder();
    for (byte b : tag.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if (Character.isLetterOrDigit(c) && c < 128 || c == '.' || c == '_' || c == '-') {
        out.append(c);
      } else {
        out.append(String.format("%%%02X", b & 0xFF));
      }
    }
    return out.toString();
  }

  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
