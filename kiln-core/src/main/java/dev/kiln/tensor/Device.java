package dev.kiln.tensor;

/**
 * Where a tensor's storage lives. Only {@link #CPU} exists today; the type is in the API so that
 * code written now keeps working when accelerators arrive.
 *
 * @param type the device kind, e.g. {@code "cpu"}
 * @param index the device ordinal, -1 when there is only one
 */
public record Device(String type, int index) {
  /** The host CPU, whose storage is the Java heap. */
  public static final Device CPU = new Device("cpu", -1);

  /** Parses {@code "cpu"} (the only device so far). */
  public static Device of(String spec) {
    if (spec.equals("cpu")) {
      return CPU;
    }
    throw new IllegalArgumentException("Device.of: unknown device '" + spec + "' (available: cpu)");
  }

  @Override
  public String toString() {
    return index < 0 ? type : type + ":" + index;
  }
}
