package dev.kiln.tensor;

import java.lang.ref.SoftReference;
import java.lang.reflect.Array;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Kiln's caching allocator (PyTorch keeps one too): large arrays that are known to be dead are
 * kept, keyed by type and exact length, and handed out again by {@link Storage#allocate} and {@link
 * Storage#allocateUninitialized} instead of new ones. Why: a new large Java array is zeroed by the
 * JVM in fresh, cache-cold memory at single-thread speed (a 6.4 MB {@code float[]} takes 0.55-0.8
 * ms on the 2-core VM, about 0.1 ms per MB); a W3 training step spent 4.2-5.1 ms of 22-26 ms, a W4
 * step 14-17 ms of 80-100, allocating.
 *
 * <p>Only autograd knows that an array is dead: the backward pass {@linkplain #record() records}
 * the arrays allocated while it runs and {@linkplain Recording#recycle recycles} the gradients it
 * has consumed that nothing else can reach. Pooled arrays are held by soft references (the
 * collector may take them back before it would run out of memory) and at most {@link #CAPACITY}
 * bytes of them. Arrays below {@link #MIN_ELEMENTS} elements are never pooled.
 *
 * <p>Two system properties serve testing: {@code kiln.pool.minElements} lowers the threshold, and
 * {@code kiln.pool.poison=true} fills every uninitialized allocation with NaN (floating types) or
 * {@code 0x5A} bytes, so that code relying on {@code Tensor.empty} being zero, or on a recycled
 * array keeping its old values, fails its tests.
 */
public final class BufferPool {
  /** Elements from which arrays are pooled and recorded: 2^16 (256 KB of float32). */
  static final int MIN_ELEMENTS = Integer.getInteger("kiln.pool.minElements", 1 << 16);

  /** Whether uninitialized allocations are filled with garbage (tests only). */
  static final boolean POISON = Boolean.getBoolean("kiln.pool.poison");

  /** The most bytes the pool holds: an eighth of the maximum heap, at most 1 GiB. */
  static final long CAPACITY = Math.min(Runtime.getRuntime().maxMemory() / 8, 1L << 30);

  private record Key(Class<?> type, int length) {
    long bytes() {
      return (long) length * elementBytes(type);
    }
  }

  private record Entry(Key key, SoftReference<Object> array) {}

  private static final Map<Key, ArrayDeque<Entry>> FREE = new HashMap<>();
  private static final ArrayDeque<Entry> OLDEST_FIRST = new ArrayDeque<>();
  private static long held;

  private static final ThreadLocal<Recording> ACTIVE = new ThreadLocal<>();

  private BufferPool() {}

  /**
   * An array of {@code type} and {@code length} whose contents are undefined (zero, garbage or NaN
   * under {@code kiln.pool.poison}): a pooled one when there is one, else a new one.
   */
  static Object take(Class<?> type, int length) {
    Object a = length >= MIN_ELEMENTS ? pooled(new Key(type, length)) : null;
    if (a == null) {
      a = Array.newInstance(type, length);
    }
    if (POISON) {
      poison(a);
    }
    Recording r = ACTIVE.get();
    if (r != null && length >= MIN_ELEMENTS) {
      r.owned.put(a, Boolean.TRUE);
    }
    return a;
  }

  /**
   * A zero-filled array of {@code type} and {@code length}: a pooled one filled with zeros, else a
   * new one (which the JVM zeroes).
   */
  static Object takeZeroed(Class<?> type, int length) {
    if (length < MIN_ELEMENTS) {
      return Array.newInstance(type, length);
    }
    Object a = pooled(new Key(type, length));
    if (a == null) {
      a = Array.newInstance(type, length);
    } else {
      zero(a);
    }
    Recording r = ACTIVE.get();
    if (r != null) {
      r.owned.put(a, Boolean.TRUE);
    }
    return a;
  }

  private static synchronized Object pooled(Key key) {
    ArrayDeque<Entry> q = FREE.get(key);
    while (q != null && !q.isEmpty()) {
      Entry e = q.pollLast(); // the most recently freed: the likeliest still in cache
      OLDEST_FIRST.remove(e);
      held -= key.bytes();
      Object a = e.array().get();
      if (a != null) {
        return a;
      }
    }
    return null;
  }

  private static synchronized void give(Object array) {
    Key key = new Key(array.getClass().componentType(), Array.getLength(array));
    if (key.length() < MIN_ELEMENTS || key.bytes() > CAPACITY) {
      return;
    }
    Entry e = new Entry(key, new SoftReference<>(array));
    FREE.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(e);
    OLDEST_FIRST.addLast(e);
    held += key.bytes();
    while (held > CAPACITY) {
      Entry old = OLDEST_FIRST.pollFirst();
      FREE.get(old.key()).remove(old);
      held -= old.key().bytes();
    }
  }

  /** Drops every pooled array (PyTorch's {@code empty_cache}); they go to the garbage collector. */
  public static synchronized void clear() {
    FREE.clear();
    OLDEST_FIRST.clear();
    held = 0;
  }

  /** Bytes of arrays the pool holds now (some may have been taken back by the collector). */
  public static synchronized long heldBytes() {
    return held;
  }

  /**
   * Starts recording, on the calling thread, the large arrays allocated until the returned
   * recording closes; the innermost open recording gets them.
   */
  public static Recording record() {
    Recording r = new Recording(ACTIVE.get());
    ACTIVE.set(r);
    return r;
  }

  /**
   * The large arrays allocated on one thread while it was open, which its owner may hand back with
   * {@link #recycle} once nothing can reach them.
   */
  public static final class Recording implements AutoCloseable {
    private final Recording outer;
    private final Map<Object, Boolean> owned = new IdentityHashMap<>();

    private Recording(Recording outer) {
      this.outer = outer;
    }

    /** Whether {@code array} was allocated while this recording was open and not yet handed on. */
    public boolean owns(Object array) {
      return owned.containsKey(array);
    }

    /** Forgets {@code array}: something outside the recording's owner may keep it. */
    public void escape(Object array) {
      owned.remove(array);
    }

    /**
     * Returns {@code array} to the pool if this recording owns it; the caller guarantees that no
     * tensor anyone can still reach uses it.
     */
    public void recycle(Object array) {
      if (owned.remove(array) != null) {
        give(array);
      }
    }

    /**
     * Passes the arrays behind {@code kept} that this recording owns to the enclosing recording,
     * and recycles all others it owns: the caller guarantees that nothing but {@code kept} can
     * reach them (a built-in derivative's temporaries, once it has returned its gradients).
     */
    public void recycleAllBut(Tensor[] kept) {
      for (Tensor t : kept) {
        Object a = t == null ? null : t.storage().array();
        if (a != null && owned.remove(a) != null && outer != null) {
          outer.owned.put(a, Boolean.TRUE);
        }
      }
      for (Object a : owned.keySet()) {
        give(a);
      }
      owned.clear();
    }

    @Override
    public void close() {
      ACTIVE.set(outer);
    }
  }

  private static int elementBytes(Class<?> type) {
    if (type == double.class || type == long.class) {
      return 8;
    }
    if (type == float.class || type == int.class) {
      return 4;
    }
    return type == short.class ? 2 : 1;
  }

  private static void zero(Object a) {
    switch (a) {
      case float[] f -> Arrays.fill(f, 0f);
      case double[] d -> Arrays.fill(d, 0d);
      case long[] l -> Arrays.fill(l, 0L);
      case int[] i -> Arrays.fill(i, 0);
      case short[] s -> Arrays.fill(s, (short) 0);
      case byte[] b -> Arrays.fill(b, (byte) 0);
      default -> throw new IllegalArgumentException("BufferPool: not a storage array: " + a);
    }
  }

  private static void poison(Object a) {
    switch (a) {
      case float[] f -> Arrays.fill(f, Float.NaN);
      case double[] d -> Arrays.fill(d, Double.NaN);
      case long[] l -> Arrays.fill(l, 0x5A5A5A5A5A5A5A5AL);
      case int[] i -> Arrays.fill(i, 0x5A5A5A5A);
      case short[] s -> Arrays.fill(s, (short) 0x5A5A);
      case byte[] b -> Arrays.fill(b, (byte) 0x5A);
      default -> throw new IllegalArgumentException("BufferPool: not a storage array: " + a);
    }
  }
}
