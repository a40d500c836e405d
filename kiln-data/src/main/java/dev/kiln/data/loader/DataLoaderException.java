package dev.kiln.data.loader;

/**
 * A sample read or a collate that failed inside a {@link DataLoader}, rethrown in the consuming
 * thread; the message and {@link #index()} name the failing sample, the cause is the original
 * exception (with the worker's stack).
 */
public final class DataLoaderException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The dataset index whose read failed, or -1 when the collate of a whole batch failed. */
  private final int index;

  DataLoaderException(String message, int index, Throwable cause) {
    super(message, cause);
    this.index = index;
  }

  /** The dataset index whose read failed, or -1 when collating the batch failed. */
  public int index() {
    return index;
  }
}
