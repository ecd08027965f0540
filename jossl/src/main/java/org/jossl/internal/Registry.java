package org.jossl.internal;

import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Maps the small integers that OpenSSL keeps for jossl (in {@code ex_data} slots and callback
 * {@code arg}s) back to Java objects, so one upcall stub per callback type can find the object a
 * callback is for. Entries are weak: an object that is only registered can still be collected.
 */
public final class Registry {
  private Registry() {}

  private static final Cleaner CLEANER = Cleaner.create();
  private static final AtomicLong NEXT = new AtomicLong(1);
  private static final ConcurrentHashMap<Long, WeakReference<Object>> OBJECTS =
      new ConcurrentHashMap<>();

  /** Registers {@code object}; the id is forgotten when it is collected or {@link #remove}d. */
  public static long register(Object object) {
    long id = NEXT.getAndIncrement();
    OBJECTS.put(id, new WeakReference<>(object));
    CLEANER.register(object, () -> OBJECTS.remove(id));
    return id;
  }

  /** The object registered under {@code id}, or null. */
  public static Object get(long id) {
    WeakReference<Object> ref = OBJECTS.get(id);
    return ref == null ? null : ref.get();
  }

  /** The object whose id OpenSSL passed back as a pointer value, or null. */
  public static Object get(MemorySegment idAsPointer) {
    return idAsPointer == null ? null : get(idAsPointer.address());
  }

  /** Forgets {@code id}. */
  public static void remove(long id) {
    OBJECTS.remove(id);
  }

  /** {@code id} as the pointer value stored in OpenSSL. */
  public static MemorySegment asPointer(long id) {
    return MemorySegment.ofAddress(id);
  }
}
