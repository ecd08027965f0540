package org.jossl.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jossl.internal.ffi.LibCrypto;
import org.jossl.internal.ffi.Memory;

/**
 * Record-sized buffers lent for the length of one operation and shared by all connections, so that
 * a connection holds none while it waits for its peer: an idle connection then costs no 17-18 KiB
 * buffers, however many there are. At most a few buffers are kept (twice the processors, at least
 * eight); a taker that finds none makes one, and a buffer given back to a full pool is dropped.
 *
 * <p>A buffer is taken and given back by the same operation, which uses it alone in between; its
 * content on taking is whatever its last user left.
 */
final class BufferPool<T> {
  /**
   * Native buffers for copies between the Java heap and OpenSSL ({@link TlsEngine}'s heap reads and
   * writes): {@value TlsEngine#SCRATCH} bytes from {@code OPENSSL_malloc}.
   */
  static final BufferPool<MemorySegment> NATIVE =
      new BufferPool<>(BufferPool::nativeBuffer, BufferPool::freeNative);

  /** Heap buffers between the network and OpenSSL ({@link TlsDriver}). */
  static final BufferPool<byte[]> HEAP =
      new BufferPool<>(() -> new byte[TlsDriver.BUFFER], b -> {});

  private final AtomicReferenceArray<T> slots;
  private final Supplier<T> make;
  private final Consumer<T> drop;

  private BufferPool(Supplier<T> make, Consumer<T> drop) {
    this(Math.max(8, 2 * Runtime.getRuntime().availableProcessors()), make, drop);
  }

  /** A pool keeping at most {@code slots} buffers (tests make small ones). */
  BufferPool(int slots, Supplier<T> make, Consumer<T> drop) {
    this.slots = new AtomicReferenceArray<>(slots);
    this.make = make;
    this.drop = drop;
  }

  /** A buffer for the caller alone until {@link #give}. */
  T take() {
    int n = slots.length();
    int start = start(n);
    for (int i = 0; i < n; i++) {
      int k = (start + i) % n;
      T t = slots.get(k);
      if (t != null && slots.compareAndSet(k, t, null)) {
        return t;
      }
    }
    return make.get();
  }

  /** Gives back a buffer from {@link #take}; the caller no longer uses it. */
  void give(T buffer) {
    int n = slots.length();
    int start = start(n);
    for (int i = 0; i < n; i++) {
      int k = (start + i) % n;
      if (slots.get(k) == null && slots.compareAndSet(k, null, buffer)) {
        return;
      }
    }
    drop.accept(buffer);
  }

  /** Threads start looking at different slots, so that they rarely touch the same one. */
  private static int start(int n) {
    return (int) (Thread.currentThread().threadId() % n);
  }

  private static final MemorySegment FILE = Arena.global().allocateFrom("BufferPool");

  private static MemorySegment nativeBuffer() {
    MemorySegment p = LibCrypto.CRYPTO_malloc(TlsEngine.SCRATCH, FILE, 0);
    if (Memory.isNull(p)) {
      throw new OutOfMemoryError("OPENSSL_malloc(" + TlsEngine.SCRATCH + ") failed");
    }
    return p.reinterpret(TlsEngine.SCRATCH);
  }

  private static void freeNative(MemorySegment p) {
    LibCrypto.CRYPTO_free(p, FILE, 0);
  }
}
