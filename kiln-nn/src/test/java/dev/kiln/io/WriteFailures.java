package dev.kiln.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * Makes the atomic writes of kiln-core's I/O fail midway, through {@code AtomicFile}'s test seam,
 * for tests outside kiln-core.
 */
public final class WriteFailures {
  private WriteFailures() {}

  /** An action that writes files. */
  @FunctionalInterface
  public interface Write {
    /** Performs the write. */
    void run() throws IOException;
  }

  /**
   * Runs {@code write} with every atomic write failing once {@code limit} bytes have gone out;
   * returns the failure, or null when the write finished within the limit.
   */
  public static IOException failAfter(long limit, Write write) {
    AtomicFile.CHANNEL_WRAPPER.set(ch -> limited(ch, limit));
    try {
      write.run();
      return null;
    } catch (IOException e) {
      return e;
    } finally {
      AtomicFile.CHANNEL_WRAPPER.remove();
    }
  }

  private static WritableByteChannel limited(WritableByteChannel ch, long limit) {
    return new WritableByteChannel() {
      private long written;

      @Override
      public int write(ByteBuffer src) throws IOException {
        if (written + src.remaining() > limit) {
          throw new IOException("injected failure after " + limit + " bytes");
        }
        int n = ch.write(src);
        written += n;
        return n;
      }

      @Override
      public boolean isOpen() {
        return ch.isOpen();
      }

      @Override
      public void close() throws IOException {
        ch.close();
      }
    };
  }
}
