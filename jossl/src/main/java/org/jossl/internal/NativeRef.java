package org.jossl.internal;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The single owner of one native pointer ({@code X509*}, {@code EVP_PKEY*}, {@code SSL*}, …).
 *
 * <p>Every use is bracketed by {@link #acquire()} and {@link #release()}. {@link #close()} is
 * idempotent and may be called from any thread: it marks the reference closed, so later acquires
 * throw {@link IllegalStateException}, and the pointer is freed by whichever of close and the last
 * release comes second. A close racing a call in flight therefore never frees under it. If the
 * owner is never closed, a library-wide {@link Cleaner} frees the pointer once the owner is
 * unreachable.
 *
 * <p>State is one int: bit 0 is "closed", the rest counts the calls in flight.
 */
public final class NativeRef {
  private static final Cleaner CLEANER = Cleaner.create();
  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(NativeRef.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final int CLOSED = 1;
  private static final int USER = 2;

  private final MemorySegment address;
  private final String type;
  private final Free free;
  private final Cleaner.Cleanable cleanable;

  @SuppressWarnings("unused") // accessed through STATE
  private volatile int state;

  private NativeRef(MemorySegment address, String type, Consumer<MemorySegment> free) {
    this.address = address;
    this.type = type;
    this.free = new Free(address, free);
    this.cleanable = CLEANER.register(this, this.free);
  }

  /**
   * Takes ownership of {@code address} (which must not be NULL), freed with {@code free}.
   *
   * @param type the C type, for messages ("X509")
   */
  public static NativeRef own(MemorySegment address, String type, Consumer<MemorySegment> free) {
    Objects.requireNonNull(free);
    if (address == null || address.equals(MemorySegment.NULL)) {
      throw new IllegalArgumentException("cannot own a NULL " + type);
    }
    return new NativeRef(address, type, free);
  }

  /** Starts a use: returns the pointer, or throws if the owner was closed. */
  public MemorySegment acquire() {
    int s;
    do {
      s = state;
      if ((s & CLOSED) != 0) {
        throw new IllegalStateException(type + " is closed");
      }
    } while (!STATE.compareAndSet(this, s, s + USER));
    return address;
  }

  /** Ends a use started by {@link #acquire()}; frees the pointer if it was closed meanwhile. */
  public void release() {
    int s = (int) STATE.getAndAdd(this, -USER) - USER;
    if (s == CLOSED) {
      cleanable.clean();
    }
    Reference.reachabilityFence(this);
  }

  /** A use of the pointer that may throw {@code X}. */
  @FunctionalInterface
  public interface Use<T, X extends Throwable> {
    /** Runs with the pointer acquired. */
    T apply(MemorySegment pointer) throws X;
  }

  /** Runs {@code use} between {@link #acquire()} and {@link #release()}. */
  public <T, X extends Throwable> T use(Use<T, X> use) throws X {
    MemorySegment p = acquire();
    try {
      return use.apply(p);
    } finally {
      release();
    }
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return (state & CLOSED) != 0;
  }

  /** Closes the reference; frees now if nothing is in flight, else when the last use ends. */
  public void close() {
    int s;
    do {
      s = state;
      if ((s & CLOSED) != 0) {
        return;
      }
    } while (!STATE.compareAndSet(this, s, s | CLOSED));
    if (s == 0) {
      cleanable.clean();
    }
  }

  /**
   * Gives the pointer away (ownership moves into OpenSSL, e.g. by a {@code set0} call): the owner
   * is closed and nothing will free the pointer. Fails if a use is in flight.
   */
  public MemorySegment transfer() {
    if (!STATE.compareAndSet(this, 0, CLOSED)) {
      throw new IllegalStateException(type + " is closed or in use");
    }
    free.disowned = true;
    cleanable.clean();
    return address;
  }

  /** The pointer as a number, for identity comparisons only (never dereferenced). */
  public long addressValue() {
    return address.address();
  }

  /** The C type this reference owns. */
  public String type() {
    return type;
  }

  /** The cleaning action; holds no reference to the owner, so the owner can become unreachable. */
  private static final class Free implements Runnable {
    private final MemorySegment address;
    private final Consumer<MemorySegment> free;
    volatile boolean disowned;

    Free(MemorySegment address, Consumer<MemorySegment> free) {
      this.address = address;
      this.free = free;
    }

    @Override
    public void run() {
      if (!disowned) {
        free.accept(address);
      }
    }
  }
}
