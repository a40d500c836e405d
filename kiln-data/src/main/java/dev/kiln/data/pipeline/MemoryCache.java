package dev.kiln.data.pipeline;

import dev.kiln.data.CloseableIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** {@link Pipeline#cache()}: records the first complete pass, then replays it. */
final class MemoryCache<T> implements Supplier<CloseableIterator<T>> {
  private final Supplier<CloseableIterator<T>> source;
  private volatile List<T> cached;

  MemoryCache(Supplier<CloseableIterator<T>> source) {
    this.source = source;
  }

  @Override
  public CloseableIterator<T> get() {
    List<T> done = cached;
    if (done != null) {
      return CloseableIterator.of(done.iterator());
    }
    CloseableIterator<T> in = source.get();
    List<T> recording = new ArrayList<>();
    return new Stage<>(in) {
      @Override
      void advance() {
        if (in.hasNext()) {
          T x = in.next();
          recording.add(x);
          emit(x);
        } else {
          cached = List.copyOf(recording);
          finish();
        }
      }
    };
  }
}
