package dev.kiln.nn;

import java.util.List;

/**
 * Outcome of {@link Module#loadStateDict}: the module keys absent from the checkpoint, the
 * checkpoint keys the module does not have, and the keys whose shapes differ (each with both
 * shapes).
 */
public record LoadResult(List<String> missing, List<String> unexpected, List<String> mismatched) {

  /** Copies the lists so the result is immutable. */
  public LoadResult {
    missing = List.copyOf(missing);
    unexpected = List.copyOf(unexpected);
    mismatched = List.copyOf(mismatched);
  }

  /** True when every key matched. */
  public boolean isClean() {
    return missing.isEmpty() && unexpected.isEmpty() && mismatched.isEmpty();
  }

  @Override
  public String toString() {
    return "missing keys "
        + missing
        + ", unexpected keys "
        + unexpected
        + ", size mismatches "
        + mismatched;
  }
}
