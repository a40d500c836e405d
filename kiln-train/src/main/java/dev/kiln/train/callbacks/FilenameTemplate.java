package dev.kiln.train.callbacks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Python-style file name template such as {@code "ckpt-{epoch:02d}-{val_loss:.4f}.safetensors"}:
 * each {@code {key}} or {@code {key:spec}} is replaced by a log value, {@code spec} being a
 * Python/printf format without the {@code %} ({@code 02d}, {@code .4f}, {@code .3e}, {@code g}).
 * {@code epoch} is 1-based, as in Keras.
 */
final class FilenameTemplate {
  private static final Pattern FIELD = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?}");
  private static final Pattern SPEC = Pattern.compile("[-+0 #]*\\d*(\\.\\d+)?[dfeEgGs]");
  private final String template;
  private final List<String> keys = new ArrayList<>();

  /**
   * @throws IllegalArgumentException for a malformed field or format
   */
  FilenameTemplate(String template) {
    this.template = template;
    Matcher m = FIELD.matcher(template);
    while (m.find()) {
      String spec = m.group(2);
      if (spec != null && !SPEC.matcher(spec).matches()) {
        throw new IllegalArgumentException(
            "ModelCheckpoint: bad format '" + spec + "' in template '" + template + "'");
      }
      keys.add(m.group(1));
    }
    String rest = FIELD.matcher(template).replaceAll("");
    if (rest.contains("{") || rest.contains("}")) {
      throw new IllegalArgumentException(
          "ModelCheckpoint: unbalanced braces in template '" + template + "'");
    }
  }

  /** The file name for {@code epoch} (0-based; written 1-based) and {@code logs}. */
  String format(int epoch, Map<String, Double> logs) {
    Matcher m = FIELD.matcher(template);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String key = m.group(1);
      String spec = m.group(2);
      double value;
      if (key.equals("epoch")) {
        value = epoch + 1;
      } else if (logs.containsKey(key)) {
        value = logs.get(key);
      } else {
        throw new IllegalStateException(
            "ModelCheckpoint: template '"
                + template
                + "' names '"
                + key
                + "', which is not in the logs; available: epoch, "
                + logs.keySet());
      }
      String text;
      if (spec == null || spec.isEmpty()) {
        text = key.equals("epoch") ? Long.toString((long) value) : Double.toString(value);
      } else if (spec.endsWith("d")) {
        text = String.format(Locale.ROOT, "%" + spec, (long) value);
      } else if (spec.endsWith("s")) {
        text = String.format(Locale.ROOT, "%" + spec, Double.toString(value));
      } else {
        text = String.format(Locale.ROOT, "%" + spec, value);
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(text));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
