package dev.kiln.data.pipeline;

import dev.kiln.data.CloseableIterator;
import dev.kiln.data.Rng;
import dev.kiln.data.internal.TensorStack;
import dev.kiln.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** The sequential pipeline stages, one factory each. */
final class Stages {
  private Stages() {}

  static <T> CloseableIterator<T> filter(CloseableIterator<T> in, Predicate<? super T> keep) {
    return new Stage<>(in) {
      @Override
      void advance() {
        while (in.hasNext()) {
          T x = in.next();
          if (keep.test(x)) {
            emit(x);
            return;
          }
        }
        finish();
      }
    };
  }

  static <T> CloseableIterator<List<T>> window(
      CloseableIterator<T> in, int size, int shift, boolean dropRemainder) {
    return new Stage<>(in) {
      private final Deque<T> buffer = new ArrayDeque<>();
      private int toSkip;

      @Override
      void advance() {
        for (; toSkip > 0; toSkip--) {
          if (!buffer.isEmpty()) {
            buffer.removeFirst();
          } else if (in.hasNext()) {
            in.next();
          } else {
            break;
          }
        }
        while (buffer.size() < size && in.hasNext()) {
          buffer.addLast(in.next());
        }
        if (buffer.isEmpty() || (buffer.size() < size && dropRemainder)) {
          finish();
          return;
        }
        emit(List.copyOf(buffer));
        toSkip = shift;
      }
    };
  }

  static Tensor padAndStack(List<?> group, double padValue) {
    List<Tensor> items = new ArrayList<>(group.size());
    for (Object x : group) {
      if (!(x instanceof Tensor t)) {
        throw new IllegalArgumentException(
            "paddedBatch: elements must be tensors, got "
                + (x == null ? "null" : x.getClass().getSimpleName()));
      }
      items.add(t);
    }
    int rank = items.get(0).dim();
    int[] max = new int[rank];
    for (Tensor t : items) {
      if (t.dim() != rank || t.dtype() != items.get(0).dtype()) {
        throw new IllegalArgumentException(
            "paddedBatch: elements need the same rank and dtype, got "
                + Arrays.toString(items.get(0).shape())
                + " "
                + items.get(0).dtype()
                + " and "
                + Arrays.toString(t.shape())
                + " "
                + t.dtype());
      }
      for (int d = 0; d < rank; d++) {
        max[d] = Math.max(max[d], t.size(d));
      }
    }
    List<Tensor> padded = new ArrayList<>(items.size());
    for (Tensor t : items) {
      Tensor p = Tensor.full(padValue, t.dtype(), max);
      Tensor region = p;
      for (int d = 0; d < rank; d++) {
        region = region.narrow(d, 0, t.size(d));
      }
      region.copy_(t);
      padded.add(p);
    }
    return TensorStack.stack(padded, "paddedBatch");
  }

  static CloseableIterator<Object> unbatch(CloseableIterator<?> in) {
    return new Stage<>(in) {
      private final Deque<Object> pending = new ArrayDeque<>();

      @Override
      void advance() {
        while (pending.isEmpty() && in.hasNext()) {
          pending.addAll(split(in.next()));
        }
        if (pending.isEmpty()) {
          finish();
        } else {
          emit(pending.removeFirst());
        }
      }
    };
  }

  /** The elements of one batch: tensor rows; lists and maps split field by field. */
  private static List<Object> split(Object batch) {
    List<Object> out = new ArrayList<>();
    switch (batch) {
      case Tensor t -> {
        if (t.dim() == 0) {
          throw new IllegalArgumentException("unbatch: cannot split a 0-dim tensor");
        }
        for (int i = 0; i < t.size(0); i++) {
          out.add(t.select(0, i));
        }
      }
      case List<?> list -> {
        List<List<Object>> fields = list.stream().map(Stages::split).toList();
        int n = fields.isEmpty() ? 0 : fields.get(0).size();
        for (int i = 0; i < n; i++) {
          List<Object> row = new ArrayList<>(fields.size());
          for (List<Object> f : fields) {
            checkLength(f.size(), n);
            row.add(f.get(i));
          }
          out.add(row);
        }
      }
      case Map<?, ?> map -> {
        Map<Object, List<Object>> fields = new LinkedHashMap<>();
        map.forEach((k, v) -> fields.put(k, split(v)));
        int n = fields.isEmpty() ? 0 : fields.values().iterator().next().size();
        for (int i = 0; i < n; i++) {
          Map<Object, Object> row = new LinkedHashMap<>();
          for (var e : fields.entrySet()) {
            checkLength(e.getValue().size(), n);
            row.put(e.getKey(), e.getValue().get(i));
          }
          out.add(row);
        }
      }
      default ->
          throw new IllegalArgumentException(
              "unbatch: cannot split a "
                  + batch.getClass().getSimpleName()
                  + " (tensors, lists, maps)");
    }
    return out;
  }

  private static void checkLength(int got, int expected) {
    if (got != expected) {
      throw new IllegalArgumentException(
          "unbatch: fields have different batch sizes (" + got + " vs " + expected + ")");
    }
  }

  static <T> CloseableIterator<T> shuffle(CloseableIterator<T> in, int bufferSize, Rng rng) {
    return new Stage<>(in) {
      private final List<T> buffer = new ArrayList<>(bufferSize);

      @Override
      void advance() {
        while (buffer.size() < bufferSize && in.hasNext()) {
          buffer.add(in.next());
        }
        if (buffer.isEmpty()) {
          finish();
          return;
        }
        int pick = rng.nextInt(buffer.size());
        T out = buffer.get(pick);
        T last = buffer.removeLast();
        if (pick < buffer.size()) {
          buffer.set(pick, last);
        }
        emit(out);
      }
    };
  }

  /** {@code count} passes of {@code source}, or endless passes when {@code count < 0}. */
  static <T> CloseableIterator<T> repeat(Supplier<CloseableIterator<T>> source, int count) {
    return new Stage<T>() {
      private CloseableIterator<T> current;
      private int started;
      private boolean emptyPass;

      @Override
      void advance() {
        while (true) {
          if (current != null && current.hasNext()) {
            emptyPass = false;
            emit(current.next());
            return;
          }
          if (current != null) {
            current.close();
            if (emptyPass) { // an empty source would repeat forever
              finish();
              return;
            }
          }
          if (count >= 0 && started >= count) {
            current = null;
            finish();
            return;
          }
          current = source.get();
          started++;
          emptyPass = true;
        }
      }

      @Override
      public void close() {
        super.close();
        if (current != null) {
          current.close();
        }
      }
    };
  }

  static <T> CloseableIterator<T> take(CloseableIterator<T> in, long n) {
    return new Stage<>(in) {
      private long taken;

      @Override
      void advance() {
        if (taken < n && in.hasNext()) {
          taken++;
          emit(in.next());
        } else {
          finish();
          in.close(); // release upstream workers as soon as we are done
        }
      }
    };
  }

  static <T> CloseableIterator<T> skip(CloseableIterator<T> in, long n) {
    return new Stage<>(in) {
      private long skipped;

      @Override
      void advance() {
        while (skipped < n && in.hasNext()) {
          in.next();
          skipped++;
        }
        if (in.hasNext()) {
          emit(in.next());
        } else {
          finish();
        }
      }
    };
  }

  static <T, R> CloseableIterator<R> interleave(
      CloseableIterator<T> in,
      Function<? super T, Pipeline<R>> fn,
      int cycleLength,
      int blockLength) {
    return new Stage<R>(in) {
      private final List<CloseableIterator<R>> open = new ArrayList<>();
      private int turn;
      private int takenInBlock;

      @Override
      void advance() {
        while (open.size() < cycleLength && in.hasNext()) {
          open.add(fn.apply(in.next()).iterator());
        }
        while (!open.isEmpty()) {
          turn %= open.size();
          CloseableIterator<R> current = open.get(turn);
          if (takenInBlock < blockLength && current.hasNext()) {
            takenInBlock++;
            emit(current.next());
            return;
          }
          takenInBlock = 0;
          if (current.hasNext()) { // block done: next slot
            turn++;
            continue;
          }
          // exhausted: the next input element takes the slot, and the cycle moves on (as tf.data)
          current.close();
          if (in.hasNext()) {
            open.set(turn, fn.apply(in.next()).iterator());
            turn++;
          } else {
            open.remove(turn);
          }
        }
        finish();
      }

      @Override
      public void close() {
        super.close();
        open.forEach(CloseableIterator::close);
      }
    };
  }

  static <T, U, R> CloseableIterator<R> zip(
      CloseableIterator<T> a,
      CloseableIterator<U> b,
      BiFunction<? super T, ? super U, ? extends R> combine) {
    return new Stage<R>(a, b) {
      @Override
      void advance() {
        if (a.hasNext() && b.hasNext()) {
          emit(combine.apply(a.next(), b.next()));
        } else {
          finish();
        }
      }
    };
  }
}
