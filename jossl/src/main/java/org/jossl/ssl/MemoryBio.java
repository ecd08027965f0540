package org.jossl.ssl;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;
import org.jossl.internal.Buffers;
import org.jossl.internal.ErrorQueue;
import org.jossl.internal.NativeRef;
import org.jossl.internal.ffi.LibCrypto;
import org.jossl.internal.ffi.Macros;
import org.jossl.internal.ffi.Memory;

/**
 * A buffer of TLS bytes between an {@link SslObject} and the network; Python's {@code
 * ssl.MemoryBIO}, over OpenSSL's memory BIO. The application writes what the peer sent into the
 * incoming one and sends what it reads from the outgoing one.
 */
public final class MemoryBio implements AutoCloseable {
  final NativeRef ref;
  private volatile boolean eofWritten;
  private volatile ReentrantLock lock = new ReentrantLock();

  /** An empty buffer. Python: {@code ssl.MemoryBIO()} */
  public MemoryBio() {
    MemorySegment bio = LibCrypto.BIO_new(LibCrypto.BIO_s_mem());
    if (Memory.isNull(bio)) {
      ErrorQueue.clear();
      throw new OutOfMemoryError("BIO_new failed");
    }
    // an empty buffer means "retry", until write_eof()
    Macros.BIO_set_mem_eof_return(bio, -1);
    this.ref = NativeRef.own(bio, "BIO", LibCrypto::BIO_free);
  }

  /** Serialises this buffer's use with the engine it is attached to. */
  void attach(ReentrantLock engineLock) {
    this.lock = engineLock;
  }

  /** Bytes buffered. Python: {@code MemoryBIO.pending} */
  public long pending() {
    ReentrantLock l = lock;
    l.lock();
    try {
      return ref.use(LibCrypto::BIO_ctrl_pending);
    } finally {
      l.unlock();
    }
  }

  /** Whether write_eof() was called and everything was read. Python: {@code MemoryBIO.eof} */
  public boolean eof() {
    return eofWritten && pending() == 0;
  }

  /**
   * Takes up to {@code n} bytes ({@code n} < 0: all); empty when there is nothing.
   *
   * <p>Python: {@code MemoryBIO.read(n=-1)}
   */
  public byte[] read(int n) {
    ReentrantLock l = lock;
    l.lock();
    try {
      return ref.use(
          b -> {
            long avail = LibCrypto.BIO_ctrl_pending(b);
            int want = (int) (n < 0 || n > avail ? avail : n);
            if (want == 0) {
              return new byte[0];
            }
            byte[] out = new byte[want];
            int got = LibCrypto.BIO_read(b, MemorySegment.ofArray(out), want);
            if (got <= 0) {
              ErrorQueue.clear();
              return new byte[0];
            }
            return got == want ? out : java.util.Arrays.copyOf(out, got);
          });
    } finally {
      l.unlock();
    }
  }

  /** Takes everything buffered. Python: {@code MemoryBIO.read()} */
  public byte[] read() {
    return read(-1);
  }

  /**
   * Takes buffered bytes into {@code dst}, from its position up to its limit, and advances the
   * position past them; returns the count, 0 when there is nothing (never blocks, as {@link
   * #read(int)}). Direct and heap buffers alike are filled by OpenSSL without a copy.
   *
   * <p>Python: {@code MemoryBIO.read(n)} into a buffer (Python has no such overload; this one saves
   * the bytes object). OpenSSL: {@code BIO_read}
   *
   * @throws IllegalArgumentException if {@code dst} is read-only
   * @throws IllegalStateException if this buffer is closed, or {@code dst}'s arena is
   */
  public int read(ByteBuffer dst) {
    MemorySegment into = Buffers.remaining(dst, true);
    ReentrantLock l = lock;
    l.lock();
    int got;
    try {
      got =
          ref.use(
              b -> {
                long avail = LibCrypto.BIO_ctrl_pending(b);
                int want = (int) Math.min(avail, into.byteSize());
                if (want == 0) {
                  return 0;
                }
                int n = LibCrypto.BIO_read(b, into, want);
                if (n <= 0) {
                  ErrorQueue.clear();
                  return 0;
                }
                return n;
              });
    } finally {
      l.unlock();
    }
    dst.position(dst.position() + got);
    return got;
  }

  /**
   * Appends {@code data}; returns its length.
   *
   * <p>Python: {@code MemoryBIO.write(buf)}
   *
   * @throws SslException "cannot write() after write_eof()" (one-argument, as in Python)
   */
  public int write(byte[] data) throws SslException {
    return write(MemorySegment.ofArray(data));
  }

  /**
   * Appends the bytes from {@code data}'s position to its limit and moves the position to the
   * limit; returns their count. Direct and heap buffers (read-only too) alike go to OpenSSL without
   * a copy. As {@link #write(byte[])} in every other way (the position is unchanged when it
   * throws).
   *
   * <p>Python: {@code MemoryBIO.write(buf)} (with a {@code memoryview}). OpenSSL: {@code BIO_write}
   *
   * @throws SslException "cannot write() after write_eof()" (one-argument, as in Python)
   * @throws IllegalStateException if this buffer is closed, or {@code data}'s arena is
   */
  public int write(ByteBuffer data) throws SslException {
    int n = write(Buffers.remaining(data, false));
    data.position(data.position() + n);
    return n;
  }

  private int write(MemorySegment data) throws SslException {
    if (eofWritten) {
      throw new SslException("cannot write() after write_eof()");
    }
    int length = (int) data.byteSize(); // an array's or a ByteBuffer's: an int
    if (length == 0) {
      return 0;
    }
    ReentrantLock l = lock;
    l.lock();
    try {
      int n = ref.use(b -> LibCrypto.BIO_write(b, data, length));
      if (n != length) {
        throw Errors.fromQueue();
      }
      return n;
    } finally {
      l.unlock();
    }
  }

  /**
   * Marks the end of the stream: once drained, reads see EOF.
   *
   * <p>Python: {@code MemoryBIO.write_eof()}
   */
  public void writeEof() {
    ReentrantLock l = lock;
    l.lock();
    try {
      eofWritten = true;
      ref.use(
          b -> {
            LibCrypto.BIO_clear_flags(b, 0x09); // BIO_FLAGS_READ | BIO_FLAGS_SHOULD_RETRY
            Macros.BIO_set_mem_eof_return(b, 0);
            return null;
          });
    } finally {
      l.unlock();
    }
  }

  /** Frees the buffer (an attached connection keeps its own reference). */
  @Override
  public void close() {
    ref.close();
  }
}
