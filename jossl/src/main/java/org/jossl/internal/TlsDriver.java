package org.jossl.internal;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.jossl.internal.ffi.Constants;

/**
 * Runs a {@link TlsEngine} over a {@link Transport}: each operation calls OpenSSL, sends what
 * OpenSSL produced, and on {@code SSL_ERROR_WANT_READ} reads from the network and calls again,
 * until the operation completes, fails, would block (non-blocking transport) or its deadline
 * passes. TLS outcomes come back as statuses; only the network's own failures are exceptions.
 *
 * <p>The reading and the writing side each have their own lock and buffer, so one thread may wait
 * for the peer's bytes while another sends. A read never waits for the writing side: it flushes
 * only when its own call produced bytes for the peer, and then only if no writer is sending (a
 * writer that holds the writing side sends those bytes before it lets go). Otherwise two
 * full-duplex ends could deadlock: each writer blocked on a full socket buffer, each reader waiting
 * for its writer instead of reading.
 *
 * <p>Memory: the record-sized buffers between the network and OpenSSL are borrowed from a pool
 * shared by all connections ({@link BufferPool#HEAP}), the reading side's for one network read
 * (under its lock), the writing side's while bytes wait in it (under its lock), so that a
 * connection waiting for its peer holds none. A blocking read that will probably wait (the last
 * read did not fill its buffer) waits with the connection's own small buffer instead, and takes a
 * large one for the read after it, once bytes are arriving.
 */
public final class TlsDriver {
  /** The size of the buffers between the network and OpenSSL: a whole record and more. */
  static final int BUFFER = 18 * 1024;

  /** What a read that will probably wait asks for. */
  private static final int WAIT_BUFFER = 512;

  private final TlsEngine engine;
  private final Transport transport;
  private final ReentrantLock readSide = new ReentrantLock();
  private final ReentrantLock writeSide = new ReentrantLock();

  /** A reader left bytes for whoever holds the writing side (see {@link #flush(long, boolean)}). */
  private final AtomicBoolean flushWanted = new AtomicBoolean();

  /** The reading side's own small buffer (under {@link #readSide}). */
  private final byte[] waitBuffer = new byte[WAIT_BUFFER];

  /** Whether the last read filled its buffer, so that more bytes are probably there already. */
  private boolean moreWaiting;

  /**
   * Bytes for the peer not sent yet are in out[outStart, outEnd); a pool buffer held only while
   * bytes wait in it, else null. Touched only under {@link #writeSide}.
   */
  private byte[] out;

  private int outStart;
  private int outEnd;
  private boolean eofSeen;

  /** When this driver last moved bytes or began to wait for them ({@link IdleSweeper}). */
  volatile long lastUse;

  /** Whether the {@link IdleSweeper} has this driver on its list. */
  volatile boolean listed;

  /** A driver for {@code engine} over {@code transport}. */
  public TlsDriver(TlsEngine engine, Transport transport) {
    this.engine = engine;
    this.transport = transport;
  }

  /** The engine. */
  public TlsEngine engine() {
    return engine;
  }

  /** The transport. */
  public Transport transport() {
    return transport;
  }

  /** The handshake: 1 when done, else OpenSSL's result with {@code status} filled. */
  public int handshake(TlsStatus status, long deadline) throws IOException {
    return run(status, deadline, true, () -> engine.handshake(status));
  }

  /** Reads application data into {@code dst}: bytes (> 0), or ≤ 0 with {@code status} filled. */
  public int read(byte[] dst, int offset, int length, TlsStatus status, long deadline)
      throws IOException {
    return run(status, deadline, false, () -> engine.read(dst, offset, length, status));
  }

  /** As {@link #read}, leaving the data to be read again ({@code SSL_peek_ex}). */
  public int peek(byte[] dst, int offset, int length, TlsStatus status, long deadline)
      throws IOException {
    return run(status, deadline, false, () -> engine.peek(dst, offset, length, status));
  }

  /**
   * Writes application data from {@code src}: bytes taken (> 0; with partial writes enabled this
   * may be one record's worth), or ≤ 0 with {@code status} filled.
   *
   * <p>Records of an earlier write that the network did not take yet are sent first; if they still
   * cannot go (non-blocking transport, or the deadline passed), nothing of {@code src} is taken and
   * the status says {@code SSL_ERROR_WANT_WRITE} — so a peer that stops reading makes the writer
   * wait, as it would on a socket BIO, instead of piling records up in memory.
   */
  public int write(byte[] src, int offset, int length, TlsStatus status, long deadline)
      throws IOException {
    if (!flushEarlierWrites(status, deadline)) {
      return -1;
    }
    return run(status, deadline, true, () -> engine.write(src, offset, length, status));
  }

  /**
   * As {@link #read(byte[], int, int, TlsStatus, long)} into the first {@code length} bytes of a
   * segment (native memory straight to OpenSSL, heap memory with one copy).
   */
  public int read(MemorySegment dst, int length, TlsStatus status, long deadline)
      throws IOException {
    return run(status, deadline, false, () -> engine.read(dst, length, status));
  }

  /** As {@link #read(MemorySegment, int, TlsStatus, long)}, leaving the data to be read again. */
  public int peek(MemorySegment dst, int length, TlsStatus status, long deadline)
      throws IOException {
    return run(status, deadline, false, () -> engine.peek(dst, length, status));
  }

  /** As {@link #write(byte[], int, int, TlsStatus, long)} from the first bytes of a segment. */
  public int write(MemorySegment src, int length, TlsStatus status, long deadline)
      throws IOException {
    if (!flushEarlierWrites(status, deadline)) {
      return -1;
    }
    return run(status, deadline, true, () -> engine.write(src, length, status));
  }

  /** Sends what earlier writes left; false (status: want write) if it still cannot go. */
  private boolean flushEarlierWrites(TlsStatus status, long deadline) throws IOException {
    if (hasUnsentOutput()) {
      int flushed = flush(deadline);
      if (flushed == Transport.WOULD_BLOCK || flushed == Transport.TIMED_OUT) {
        status.reset();
        status.ret = -1;
        status.sslError = Constants.SSL_ERROR_WANT_WRITE;
        status.timedOut = flushed == Transport.TIMED_OUT;
        return false;
      }
    }
    return true;
  }

  /** {@code SSL_shutdown} once, sending the close_notify it produced. */
  public int shutdown(TlsStatus status, long deadline) throws IOException {
    return run(status, deadline, true, () -> engine.shutdown(status));
  }

  private interface Op {
    int call() throws IOException;
  }

  private int run(TlsStatus status, long deadline, boolean writer, Op op) throws IOException {
    IdleSweeper.used(this);
    // the engine resets a status only on success: a timeout or EOF of an earlier call on this
    // status must not be reported again by a later call that fails otherwise
    status.timedOut = false;
    status.transportEof = false;
    while (true) {
      int r = op.call();
      int flushed;
      try {
        if (writer) {
          flushed = flush(deadline, true);
        } else if (status.produced || !transport.isBlocking()) {
          // a non-blocking transport may hold bytes a WOULD_BLOCK left; sending them never waits
          flushed = flush(deadline, false);
        } else {
          flushed = 1;
        }
      } catch (IOException e) {
        if (r <= 0 && failed(status)) {
          // the alert OpenSSL queued could not reach a peer that is gone (EPIPE, ECONNRESET):
          // the TLS failure is the outcome, as with a socket BIO, where OpenSSL ignores it too
          return r;
        }
        throw e;
      }
      if (flushed == Transport.TIMED_OUT) {
        status.timedOut = true;
        return r > 0 ? r : 0;
      }
      if (r > 0) {
        return r;
      }
      if (status.callbackFailure != null) {
        return r;
      }
      if (status.sslError == Constants.SSL_ERROR_WANT_WRITE) {
        if (flushed == Transport.WOULD_BLOCK) {
          return r;
        }
        continue;
      }
      if (status.sslError != Constants.SSL_ERROR_WANT_READ) {
        return r;
      }
      if (flushed == Transport.WOULD_BLOCK) {
        // our bytes are still queued; the caller must come back when the socket is writable
        status.sslError = Constants.SSL_ERROR_WANT_WRITE;
        return r;
      }
      int n = fill(deadline);
      if (n == Transport.TIMED_OUT) {
        status.timedOut = true;
        return r;
      }
      if (n == Transport.WOULD_BLOCK) {
        return r;
      }
      if (n == Transport.EOF) {
        status.transportEof = true;
      }
    }
  }

  /**
   * Whether the call failed for a TLS reason (a fatal alert is then all that is left to send). Not
   * {@code SSL_ERROR_SYSCALL}: {@code SSL_shutdown} reports its "sent, not yet received" that way,
   * and a close_notify that cannot be sent is the outcome there (EPIPE, as with a socket BIO).
   */
  private static boolean failed(TlsStatus status) {
    return status.callbackFailure != null || status.sslError == Constants.SSL_ERROR_SSL;
  }

  /**
   * Reads what the network has (waiting until the deadline) into OpenSSL: bytes fed, or a {@link
   * Transport} result. At end of stream OpenSSL is told, once, so its next call reports the EOF.
   */
  private int fill(long deadline) throws IOException {
    readSide.lock();
    try {
      if (eofSeen) {
        return Transport.EOF;
      }
      boolean wait = !moreWaiting && transport.isBlocking() && deadline != Transport.NOW;
      byte[] in = wait ? waitBuffer : BufferPool.HEAP.take();
      try {
        // a connection whose peer stays silent for a moment gives back the record-sized buffers
        // its memory BIOs kept (IdleSweeper); not at once: a bulk reader that is merely ahead of
        // its writer would free and regrow them for every record
        IdleSweeper.used(this);
        int n = transport.read(in, 0, in.length, deadline);
        if (n == Transport.EOF) {
          eofSeen = true;
          engine.feedEof();
          return Transport.EOF;
        }
        if (n > 0) {
          engine.feed(in, 0, n);
          moreWaiting = n == in.length;
        } else if (n == Transport.WOULD_BLOCK || n == Transport.TIMED_OUT) {
          moreWaiting = false; // nothing came: the next read is one that waits
        }
        return n;
      } finally {
        if (!wait) {
          BufferPool.HEAP.give(in);
        }
      }
    } finally {
      readSide.unlock();
    }
  }

  /**
   * Sends everything OpenSSL produced: 1 when all is sent (or nothing was pending), {@link
   * Transport#WOULD_BLOCK} or {@link Transport#TIMED_OUT} when some is left for later.
   */
  public int flush(long deadline) throws IOException {
    return flush(deadline, true);
  }

  /**
   * As {@link #flush(long)}; with {@code wait} false it does not wait for a thread that is sending
   * already: that thread sends these bytes too. Whoever clears {@link #flushWanted} drains the
   * outbound BIO completely afterwards, and a holder looks at the flag again after letting go, so
   * bytes a reader left behind are never stranded.
   */
  private int flush(long deadline, boolean wait) throws IOException {
    if (wait) {
      writeSide.lock();
    } else {
      flushWanted.set(true);
      if (!writeSide.tryLock()) {
        return 1;
      }
    }
    while (true) {
      int r;
      try {
        flushWanted.set(false);
        r = flushLocked(deadline);
      } finally {
        writeSide.unlock();
      }
      if (r != 1 || !flushWanted.get() || !writeSide.tryLock()) {
        return r;
      }
    }
  }

  private int flushLocked(long deadline) throws IOException {
    while (true) {
      if (outStart == outEnd) {
        if (out == null) {
          out = BufferPool.HEAP.take();
        }
        outStart = 0;
        outEnd = engine.drain(out, 0, out.length);
        if (outEnd == 0) {
          BufferPool.HEAP.give(out);
          out = null;
          return 1;
        }
      }
      // on a timeout, a would-block or an exception the rest stays in `out` for the next flush
      int n = transport.write(out, outStart, outEnd - outStart, deadline);
      if (n == Transport.TIMED_OUT || n == Transport.WOULD_BLOCK) {
        return n;
      }
      outStart += n;
    }
  }

  /** Whether this driver holds a buffer from the pool now (only while bytes wait in it). */
  boolean holdsBuffer() {
    writeSide.lock();
    try {
      return out != null;
    } finally {
      writeSide.unlock();
    }
  }

  /** Whether bytes for the peer are still waiting to be sent. */
  public boolean hasUnsentOutput() {
    writeSide.lock();
    try {
      return outStart != outEnd || engine.pendingOutput() > 0;
    } finally {
      writeSide.unlock();
    }
  }
}
