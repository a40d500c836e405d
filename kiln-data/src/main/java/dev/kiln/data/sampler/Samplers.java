package dev.kiln.data.sampler;

/** Argument checks shared by the samplers. */
final class Samplers {
  private Samplers() {}

  static void checkNonNegative(int value, String who, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(who + ": " + name + " must be >= 0, got " + value);
    }
  }

  static void checkPositive(int value, String who, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(who + ": " + name + " must be >= 1, got " + value);
    }
  }
}
