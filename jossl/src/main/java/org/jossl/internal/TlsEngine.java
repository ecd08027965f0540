package org.jossl.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.jossl.internal.ffi.Binder;
import org.jossl.internal.ffi.Constants;
import org.jossl.internal.ffi.LibCrypto;
import org.jossl.internal.ffi.LibSsl;
import org.jossl.internal.ffi.Macros;
import org.jossl.internal.ffi.Memory;
import org.jossl.internal.ffi.Structs;
import org.jossl.internal.ffi.Upcalls;

/**
 * Drives one OpenSSL {@code SSL*} over a pair of memory BIOs. It never does I/O and never throws
 * for a TLS condition: each call returns OpenSSL's result and, when that is not a plain success,
 * fills a {@link TlsStatus}; the faces turn statuses into their own exceptions and move bytes
 * between the BIOs and the network.
 *
 * <h2>The memory-BIO model</h2>
 *
 * <p>Bytes from the peer go in with {@link #feed}; OpenSSL reads them when it needs records ({@code
 * SSL_do_handshake}, {@code SSL_read_ex}). Bytes for the peer come out with {@link #drain} after
 * any call that may produce records — the handshake, writes, reads (which can answer key updates or
 * post-handshake messages) and shutdown. {@code SSL_ERROR_WANT_READ} means "feed more network bytes
 * and call again"; OpenSSL never blocks, so a socket is pumped from Java and a virtual thread never
 * pins its carrier inside OpenSSL.
 *
 * <h2>Threads</h2>
 *
 * <p>OpenSSL does not allow two calls on one {@code SSL*} at the same time, so every call holds
 * this engine's lock — but only for the native call itself, which never waits for the network. One
 * thread may therefore read (and wait on the socket) while another writes. Error-queue handling
 * ({@code ERR_clear_error}, the call, {@code SSL_get_error}, draining) happens inside the lock with
 * nothing that could park the thread in between, so it stays on one carrier's queue. {@link
 * #close()} may come from any thread: the {@code SSL*} is freed after the last call in flight ends.
 */
public final class TlsEngine implements AutoCloseable {
  /**
   * The size of the native buffers heap reads and writes go through ({@link BufferPool#NATIVE}).
   */
  static final int SCRATCH = 16 * 1024 + 512;

  private final NativeRef ref;
  private final long id;
  private final ReentrantLock lock = new ReentrantLock();
  private final MemorySegment rbio;
  private final MemorySegment wbio;

  /** Whether the memory BIOs are the engine's own (not shared with a caller's MemoryBio). */
  private final boolean ownBios;

  private final Arena arena = Arena.ofAuto();
  private final MemorySegment done;
  private volatile NativeContext context;
  private final NativeContext initialContext;
  private Throwable callbackFailure;

  /**
   * I/O calls in progress on this engine (only the lock holder touches it): non-zero while a Java
   * handler runs inside one. OpenSSL's state machine is not re-entrant: a handler that started
   * another handshake step, read, write or shutdown on the same connection, or replaced its session
   * (SSL_set_session frees the one the running handshake uses: a SIGSEGV), would corrupt it; such
   * calls throw {@link IllegalStateException} instead (see {@link #callOutsideIo}).
   */
  private int ioDepth;

  /** Per-connection verify handler overriding the context's (pyOpenSSL's Connection.set_verify). */
  volatile TlsHandlers.Verify verify;

  /** Per-connection info handler overriding the context's. */
  volatile TlsHandlers.Info info;

  /** The face object this engine serves, handed to callbacks. */
  private volatile Object owner;

  /** Memory kept alive for OpenSSL for as long as the connection (ALPN choices, cookies). */
  private final List<MemorySegment> pinned = new java.util.concurrent.CopyOnWriteArrayList<>();

  private TlsEngine(
      NativeContext context,
      MemorySegment ssl,
      MemorySegment rbio,
      MemorySegment wbio,
      boolean ownBios) {
    this.context = context;
    this.initialContext = context;
    this.ref = NativeRef.own(ssl, "SSL", LibSsl::SSL_free);
    this.rbio = rbio;
    this.wbio = wbio;
    this.ownBios = ownBios;
    this.id = Registry.register(this);
    this.done = arena.allocate(ValueLayout.JAVA_LONG);
    LibSsl.SSL_set_ex_data(ssl, Callbacks.SSL_INDEX, Registry.asPointer(id));
  }

  /**
   * A new connection of {@code context}, in server ("accept") state, client state, or (null) the
   * state OpenSSL gives the context's method, over fresh memory BIOs; null if OpenSSL could not
   * make one (the caller drains the error queue).
   *
   * @param mode {@code SSL_MODE_*} bits to set on the connection
   */
  public static TlsEngine create(NativeContext context, Boolean server, long mode) {
    return create(context, server, mode, null, null);
  }

  /**
   * As {@link #create(NativeContext, Boolean, long)}, over memory BIOs the caller owns and shares
   * (each gets a reference of the connection's own); null makes a fresh one.
   */
  public static TlsEngine create(
      NativeContext context,
      Boolean server,
      long mode,
      MemorySegment inbound,
      MemorySegment outbound) {
    return context.ref.use(
        ctx -> {
          MemorySegment ssl = LibSsl.SSL_new(ctx);
          if (Memory.isNull(ssl)) {
            return null;
          }
          MemorySegment in = inbound != null ? inbound : LibCrypto.BIO_new(LibCrypto.BIO_s_mem());
          MemorySegment out =
              outbound != null ? outbound : LibCrypto.BIO_new(LibCrypto.BIO_s_mem());
          if (Memory.isNull(in) || Memory.isNull(out)) {
            if (inbound == null && !Memory.isNull(in)) {
              LibCrypto.BIO_free(in);
            }
            if (outbound == null && !Memory.isNull(out)) {
              LibCrypto.BIO_free(out);
            }
            LibSsl.SSL_free(ssl);
            return null;
          }
          if (inbound != null) {
            LibCrypto.BIO_up_ref(in);
          } else {
            // An empty inbound BIO means "no data yet" (retry), not end of stream.
            Macros.BIO_set_mem_eof_return(in, -1);
          }
          if (outbound != null) {
            LibCrypto.BIO_up_ref(out);
          } else {
            Macros.BIO_set_mem_eof_return(out, -1);
          }
          LibSsl.SSL_set_bio(ssl, in, out);
          if (mode != 0) {
            LibSsl.SSL_ctrl(ssl, Constants.SSL_CTRL_MODE, mode, MemorySegment.NULL);
          }
          if (Boolean.TRUE.equals(server)) {
            LibSsl.SSL_set_accept_state(ssl);
          } else if (Boolean.FALSE.equals(server)) {
            LibSsl.SSL_set_connect_state(ssl);
          }
          return new TlsEngine(context, ssl, in, out, inbound == null && outbound == null);
        });
  }

  /** The lock every call on this connection holds (memory BIOs shared with it use it too). */
  public ReentrantLock lock() {
    return lock;
  }

  /** The engine registered for an {@code SSL*}, or null. */
  static TlsEngine of(MemorySegment ssl) {
    if (Memory.isNull(ssl)) {
      return null;
    }
    return Registry.get(LibSsl.SSL_get_ex_data(ssl, Callbacks.SSL_INDEX)) instanceof TlsEngine e
        ? e
        : null;
  }

  /** Whether this is the server end ({@code SSL_is_server}). */
  public boolean isServer() {
    return call(s -> LibSsl.SSL_is_server(s) == 1);
  }

  /** The context the connection uses now (it may change in an SNI callback). */
  public NativeContext context() {
    return context;
  }

  /** Attaches the face object callbacks should see. */
  public void setOwner(Object owner) {
    this.owner = owner;
  }

  /** The face object attached with {@link #setOwner}. */
  public Object owner() {
    return owner;
  }

  /** Sets a per-connection verify mode and handler ({@code SSL_set_verify}). */
  public void setVerify(int mode, TlsHandlers.Verify handler) {
    this.verify = handler;
    call(
        s -> {
          LibSsl.SSL_set_verify(s, mode, handler == null ? MemorySegment.NULL : Callbacks.VERIFY);
          return null;
        });
  }

  /** Sets a per-connection info handler ({@code SSL_set_info_callback}). */
  public void setInfo(TlsHandlers.Info handler) {
    this.info = handler;
    call(
        s -> {
          LibSsl.SSL_set_info_callback(s, handler == null ? MemorySegment.NULL : Callbacks.INFO);
          return null;
        });
  }

  /**
   * Switches the connection to another context ({@code SSL_set_SSL_CTX}), typically from an SNI
   * handler; returns false if OpenSSL refused.
   */
  public boolean setContext(NativeContext other) {
    boolean ok = call(s -> other.ref.use(c -> !Memory.isNull(LibSsl.SSL_set_SSL_CTX(s, c))));
    if (ok) {
      this.context = other;
    }
    return ok;
  }

  // ---- the memory BIOs

  /**
   * Hands the first {@code length} bytes of {@code bytes} (native or heap: {@code BIO_write} is a
   * critical call, so neither is copied) from the peer to OpenSSL; returns the count taken.
   */
  public int feed(MemorySegment bytes, int length) {
    Buffers.requireFits(bytes, length, false);
    if (length == 0) {
      return 0;
    }
    return bio(rbio, bytes, length, true);
  }

  /** Hands bytes from the peer, from a heap array, to OpenSSL (no intermediate copy). */
  public int feed(byte[] bytes, int offset, int length) {
    java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
    if (length == 0) {
      return 0;
    }
    return bio(rbio, MemorySegment.ofArray(bytes).asSlice(offset, length), length, true);
  }

  /** BIO_write to, or BIO_read from, one of our memory BIOs under the lock. */
  private int bio(MemorySegment bio, MemorySegment buffer, int length, boolean write) {
    lock.lock();
    try {
      ref.acquire();
      try {
        int n =
            write
                ? LibCrypto.BIO_write(bio, buffer, length)
                : LibCrypto.BIO_read(bio, buffer, length);
        if (n <= 0) {
          // an empty memory BIO says "retry"; nothing for the error queue
          LibCrypto.ERR_clear_error();
          return 0;
        }
        return n;
      } finally {
        ref.release();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Tells OpenSSL the peer's byte stream has ended: an empty inbound BIO now means EOF. */
  public void feedEof() {
    call(
        s -> {
          LibCrypto.BIO_clear_flags(rbio, BIO_FLAGS_READ | BIO_FLAGS_SHOULD_RETRY);
          Macros.BIO_set_mem_eof_return(rbio, 0);
          return null;
        });
  }

  /** {@code BIO_FLAGS_READ}: a retry would read. */
  public static final int BIO_FLAGS_READ = 0x01;

  /** {@code BIO_FLAGS_WRITE}: a retry would write. */
  public static final int BIO_FLAGS_WRITE = 0x02;

  /** {@code BIO_FLAGS_IO_SPECIAL}: a retry waits for something else (a connect). */
  public static final int BIO_FLAGS_IO_SPECIAL = 0x04;

  /** {@code BIO_FLAGS_SHOULD_RETRY}: the last BIO call asked to be retried. */
  public static final int BIO_FLAGS_SHOULD_RETRY = 0x08;

  private static final int BIO_RETRY_FLAGS =
      BIO_FLAGS_READ | BIO_FLAGS_WRITE | BIO_FLAGS_IO_SPECIAL | BIO_FLAGS_SHOULD_RETRY;

  /**
   * The retry flags the last call on the inbound BIO left ({@code BIO_should_retry} and friends
   * test them): a {@code BIO_FLAGS_*} mask.
   */
  public int inputRetryFlags() {
    return call(s -> LibCrypto.BIO_test_flags(rbio, BIO_RETRY_FLAGS));
  }

  /** The retry flags the last call on the outbound BIO left (see {@link #inputRetryFlags()}). */
  public int outputRetryFlags() {
    return call(s -> LibCrypto.BIO_test_flags(wbio, BIO_RETRY_FLAGS));
  }

  /** Bytes waiting in the inbound BIO, not yet consumed by OpenSSL. */
  public long pendingInput() {
    return call(s -> LibCrypto.BIO_ctrl_pending(rbio));
  }

  /** Bytes OpenSSL produced for the peer that {@link #drain} has not taken yet. */
  public long pendingOutput() {
    return call(s -> LibCrypto.BIO_ctrl_pending(wbio));
  }

  /**
   * Takes up to {@code capacity} bytes for the peer into {@code dst} (native or heap, no copy);
   * returns the count (0: none). A zero {@code capacity} leaves the retry flags a full read would.
   */
  public int drain(MemorySegment dst, int capacity) {
    Buffers.requireFits(dst, capacity, true);
    return bio(wbio, dst, capacity, false);
  }

  /** Takes up to {@code length} bytes for the peer into a heap array. */
  public int drain(byte[] dst, int offset, int length) {
    java.util.Objects.checkFromIndexSize(offset, length, dst.length);
    return bio(wbio, MemorySegment.ofArray(dst).asSlice(offset, length), length, false);
  }

  /**
   * Takes up to {@code max} bytes for the peer as a new array of exactly the size taken; null if
   * there are none. Allocates nothing when there is nothing to take.
   */
  public byte[] drain(int max) {
    lock.lock();
    try {
      ref.acquire();
      try {
        long pending = LibCrypto.BIO_ctrl_pending(wbio);
        if (pending <= 0 || max <= 0) {
          // a zero-length BIO_read leaves the retry flags a full one would (outputRetryFlags):
          // "retry" on an empty buffer, none when bytes wait but none were asked for
          LibCrypto.BIO_read(wbio, done, 0);
          return null;
        }
        byte[] out = new byte[(int) Math.min(pending, max)];
        int n = LibCrypto.BIO_read(wbio, MemorySegment.ofArray(out), out.length);
        if (n <= 0) {
          LibCrypto.ERR_clear_error();
          return null;
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
      } finally {
        ref.release();
      }
    } finally {
      lock.unlock();
    }
  }

  // ---- TLS operations (status codes, never exceptions)

  /** {@code SSL_do_handshake}: 1 when done, else ≤ 0 with {@code status} filled. */
  public int handshake(TlsStatus status) {
    return io(status, LibSsl::SSL_do_handshake);
  }

  /**
   * {@code SSL_read_ex} into the first {@code length} bytes of {@code dst}: bytes read (> 0), or ≤
   * 0 with {@code status} filled. Native memory goes to OpenSSL as it is; a heap segment through
   * this engine's read buffer (one copy, at most one record).
   */
  public int read(MemorySegment dst, int length, TlsStatus status) {
    return segmentTransfer(dst, length, status, false, false);
  }

  /** {@code SSL_peek_ex}: as {@link #read} without consuming. */
  public int peek(MemorySegment dst, int length, TlsStatus status) {
    return segmentTransfer(dst, length, status, false, true);
  }

  /**
   * {@code SSL_write_ex} from the first {@code length} bytes of {@code src}: bytes written (> 0),
   * or ≤ 0 with status filled. Native memory goes to OpenSSL as it is; a heap segment through this
   * engine's write buffer (one copy, at most one record per call).
   */
  public int write(MemorySegment src, int length, TlsStatus status) {
    return segmentTransfer(src, length, status, true, false);
  }

  private int segmentTransfer(
      MemorySegment buffer, int length, TlsStatus status, boolean write, boolean peek) {
    // the address goes native: its bounds, liveness and writability are checked first (the
    // linker also keeps a segment's arena from closing while the call runs)
    Buffers.requireFits(buffer, length, !write);
    if (buffer.isNative()) {
      return transfer(buffer, length, status, write, peek);
    }
    return heapTransfer(buffer, Math.min(length, SCRATCH), status, write, peek);
  }

  /** Reads into a heap array through this engine's read buffer (one copy). */
  public int read(byte[] dst, int offset, int length, TlsStatus status) {
    java.util.Objects.checkFromIndexSize(offset, length, dst.length);
    return heapTransfer(
        MemorySegment.ofArray(dst).asSlice(offset, length),
        Math.min(length, SCRATCH),
        status,
        false,
        false);
  }

  /** Peeks into a heap array through this engine's read buffer. */
  public int peek(byte[] dst, int offset, int length, TlsStatus status) {
    java.util.Objects.checkFromIndexSize(offset, length, dst.length);
    return heapTransfer(
        MemorySegment.ofArray(dst).asSlice(offset, length),
        Math.min(length, SCRATCH),
        status,
        false,
        true);
  }

  /** Writes from a heap array through this engine's write buffer (one copy per record). */
  public int write(byte[] src, int offset, int length, TlsStatus status) {
    java.util.Objects.checkFromIndexSize(offset, length, src.length);
    return heapTransfer(
        MemorySegment.ofArray(src).asSlice(offset, length),
        Math.min(length, SCRATCH),
        status,
        true,
        false);
  }

  /**
   * OpenSSL cannot read or write the Java heap during a call that may call back into Java, so heap
   * memory goes through a native buffer borrowed from a pool shared by all connections for this one
   * call: a connection keeps no such buffer between calls (an idle one would hold 33 KiB). OpenSSL
   * keeps no pointer to it after the call: the outbound memory BIO takes every record, so a write
   * never returns "retry" with the buffer pending. {@code heap} starts at the first byte and holds
   * at least {@code length} ≤ {@link #SCRATCH} bytes.
   */
  private int heapTransfer(
      MemorySegment heap, int length, TlsStatus status, boolean write, boolean peek) {
    if (mayCallBack()) {
      Upcalls.ensureStack();
    }
    lock.lock();
    try {
      requireNotInIo();
      MemorySegment s = ref.acquire();
      ioDepth++;
      try {
        MemorySegment buffer = BufferPool.NATIVE.take();
        try {
          if (write) {
            MemorySegment.copy(heap, 0, buffer, 0, length);
          }
          int n = transferHeld(s, buffer, length, status, write, peek);
          if (!write && n > 0) {
            MemorySegment.copy(buffer, 0, heap, 0, n);
          }
          return n;
        } finally {
          BufferPool.NATIVE.give(buffer);
        }
      } finally {
        ioDepth--;
        ref.release();
      }
    } finally {
      lock.unlock();
    }
  }

  private int transfer(
      MemorySegment buffer, int length, TlsStatus status, boolean write, boolean peek) {
    if (mayCallBack()) {
      Upcalls.ensureStack();
    }
    lock.lock();
    try {
      requireNotInIo();
      MemorySegment s = ref.acquire();
      ioDepth++;
      try {
        return transferHeld(s, buffer, length, status, write, peek);
      } finally {
        ioDepth--;
        ref.release();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * {@code SSL_read}, {@code SSL_peek} or {@code SSL_write} of zero bytes, as those int-returning
   * functions report it (pyOpenSSL's {@code recv(0)} and {@code send(b"")} call them): their result
   * is 0 even when OpenSSL found nothing wrong, so {@code status} always carries what {@code
   * SSL_get_error(ssl, 0)} makes of the connection's state. Returns 0.
   */
  public int transferNothing(TlsStatus status, boolean write, boolean peek) {
    return io(
        status,
        s -> {
          // zero bytes: OpenSSL never touches the buffer, any valid address will do
          if (write) {
            LibSsl.SSL_write_ex(s, done, 0, done);
          } else if (peek) {
            LibSsl.SSL_peek_ex(s, done, 0, done);
          } else {
            LibSsl.SSL_read_ex(s, done, 0, done);
          }
          return 0;
        });
  }

  /**
   * {@code DTLSv1_listen}: 1 when a ClientHello with a valid cookie arrived, 0 when not yet (a
   * HelloVerifyRequest may be waiting to be drained), &lt; 0 on failure; status filled unless 1.
   */
  public int dtlsListen(TlsStatus status) {
    return io(
        status,
        s -> {
          MemorySegment address = LibSsl.BIO_ADDR_new();
          if (Memory.isNull(address)) {
            return -1;
          }
          try {
            return LibSsl.DTLSv1_listen(s, address);
          } finally {
            LibSsl.BIO_ADDR_free(address);
          }
        });
  }

  /**
   * {@code DTLSv1_handle_timeout}: 1 if a retransmission timer had expired and the flight was sent
   * again, 0 if none had, &lt; 0 on failure; status filled unless 1.
   */
  public int dtlsHandleTimeout(TlsStatus status) {
    return io(
        status,
        s -> (int) LibSsl.SSL_ctrl(s, Constants.DTLS_CTRL_HANDLE_TIMEOUT, 0, MemorySegment.NULL));
  }

  /** The read, peek or write itself, under the lock with {@code s} acquired. */
  private int transferHeld(
      MemorySegment s,
      MemorySegment buffer,
      int length,
      TlsStatus status,
      boolean write,
      boolean peek) {
    // a write always leaves records for the peer, and its driver always flushes: only a read is
    // asked whether it produced anything (a key update's answer, an alert)
    long before = write ? 0 : LibCrypto.BIO_ctrl_pending(wbio);
    LibCrypto.ERR_clear_error();
    int r =
        write
            ? LibSsl.SSL_write_ex(s, buffer, length, done)
            : peek
                ? LibSsl.SSL_peek_ex(s, buffer, length, done)
                : LibSsl.SSL_read_ex(s, buffer, length, done);
    if (r == 1) {
      clearLeftovers();
      status.reset();
      status.callbackFailure = takeFailure();
      status.produced = write || LibCrypto.BIO_ctrl_pending(wbio) > before;
      if (!tls13Established) {
        noteEstablished(s); // a handshake can also complete inside a read or write
      }
      return (int) done.get(ValueLayout.JAVA_LONG, 0);
    }
    fill(status, s, r);
    status.produced = write || LibCrypto.BIO_ctrl_pending(wbio) > before;
    return r;
  }

  /** {@code SSL_shutdown}: 1 (both close_notify seen), 0 (ours sent) or < 0 with status filled. */
  public int shutdown(TlsStatus status) {
    return io(status, LibSsl::SSL_shutdown);
  }

  private interface SslOp {
    int apply(MemorySegment ssl);
  }

  private int io(TlsStatus status, SslOp op) {
    if (mayCallBack()) {
      Upcalls.ensureStack();
    }
    lock.lock();
    try {
      requireNotInIo();
      MemorySegment s = ref.acquire();
      ioDepth++;
      try {
        long before = LibCrypto.BIO_ctrl_pending(wbio);
        LibCrypto.ERR_clear_error();
        int r = op.apply(s);
        if (r == 1) {
          clearLeftovers();
          status.reset();
          status.ret = 1;
          status.callbackFailure = takeFailure();
          status.produced = LibCrypto.BIO_ctrl_pending(wbio) > before;
          noteEstablished(s);
          return 1;
        }
        fill(status, s, r);
        status.produced = LibCrypto.BIO_ctrl_pending(wbio) > before;
        return r;
      } finally {
        ioDepth--;
        ref.release();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * After a success: OpenSSL sometimes leaves ignorable entries behind a call that succeeded (seen
   * under racing closes: an alert's error behind a successful read). No error outlives its call,
   * and on a virtual thread it would surface in whatever runs next on the carrier.
   */
  private static void clearLeftovers() {
    if (LibCrypto.ERR_peek_error() != 0) {
      LibCrypto.ERR_clear_error();
    }
  }

  /** Under the lock: refuses a call made by a handler running inside an I/O call. */
  private void requireNotInIo() {
    if (ioDepth > 0) {
      throw new IllegalStateException(
          "not allowed from a callback: the connection is inside a handshake, read, write or"
              + " shutdown");
    }
  }

  /** Right after a call that returned {@code r}: OpenSSL's verdict, queue, verify result. */
  private void fill(TlsStatus status, MemorySegment s, int r) {
    status.ret = r;
    status.sslError = LibSsl.SSL_get_error(s, r);
    status.errors = LibCrypto.ERR_peek_error() == 0 ? List.of() : ErrorQueue.drain();
    // only a failure's message shows it; a call that merely waits for bytes needs none
    status.verifyResult =
        status.sslError == Constants.SSL_ERROR_WANT_READ
                || status.sslError == Constants.SSL_ERROR_WANT_WRITE
            ? Constants.X509_V_OK
            : LibSsl.SSL_get_verify_result(s);
    status.callbackFailure = takeFailure();
  }

  // ---- callbacks' failures

  /** Called by the upcall dispatcher: a handler threw; the first failure of a call wins. */
  void fail(Throwable t) {
    lock.lock();
    try {
      if (callbackFailure == null) {
        callbackFailure = t;
      } else if (callbackFailure != t) {
        callbackFailure.addSuppressed(t);
      }
    } finally {
      lock.unlock();
    }
  }

  /** What a callback threw during the last call made through {@link #call}, or null. */
  public Throwable takeCallbackFailure() {
    lock.lock();
    try {
      return takeFailure();
    } finally {
      lock.unlock();
    }
  }

  private Throwable takeFailure() {
    Throwable t = callbackFailure;
    callbackFailure = null;
    return t;
  }

  /**
   * Whether an OpenSSL call on this connection may run a Java handler: one set on the connection,
   * on its current context, or on the context it was made with (OpenSSL keeps calling some of that
   * one's callbacks after an SNI switch). Handlers that only run during a handshake (server name,
   * ALPN, OCSP, PSK, cookies) no longer count once TLS 1.3 is established, as TLS 1.3 has no
   * renegotiation; so the usual server (SNI and ALPN handlers) moves application data without the
   * stack probe.
   */
  private boolean mayCallBack() {
    if (verify != null || info != null) {
      return true;
    }
    NativeContext c = context;
    NativeContext first = initialContext;
    if (c.hasPostHandshakeHandlers() || (first != c && first.hasPostHandshakeHandlers())) {
      return true;
    }
    return !tls13Established && (c.hasHandlers() || (first != c && first.hasHandlers()));
  }

  /** Set once a TLS 1.3 handshake is complete: no handshake-only handler can run after that. */
  private volatile boolean tls13Established;

  /** After a call, under the lock: notes a completed TLS 1.3 handshake. */
  private void noteEstablished(MemorySegment s) {
    if (!tls13Established
        && LibSsl.SSL_is_init_finished(s) == 1
        && LibSsl.SSL_version(s) == Constants.TLS1_3_VERSION) {
      tls13Established = true;
    }
  }

  /** Keeps {@code segment} alive as long as this engine. */
  MemorySegment pin(MemorySegment segment) {
    pinned.add(segment);
    return segment;
  }

  /** Memory with this engine's lifetime. */
  Arena arena() {
    return arena;
  }

  // ---- other calls on the SSL*

  /** A call on the {@code SSL*}, under the engine's lock, with nothing left on the error queue. */
  @FunctionalInterface
  public interface SslCall<T, X extends Throwable> {
    /** Runs with the {@code SSL*}. */
    T apply(MemorySegment ssl) throws X;
  }

  /**
   * What an empty memory BIO keeps when {@link #trimIdleBuffers()} has run: nothing (a fresh {@code
   * BUF_MEM}); even the small buffer of a connection that carried only a few bytes is 0.7 KiB per
   * BIO, a tenth of OpenSSL's own state per idle connection.
   */
  static final long IDLE_BIO_BYTES = 0;

  /**
   * Lets go of the buffers the engine's empty memory BIOs kept from earlier records. A memory BIO
   * never shrinks: its {@code BUF_MEM} keeps the size of the largest record that passed (~22 KiB),
   * so an idle connection would hold ~45 KiB in its two BIOs after any bulk traffic. The socket
   * driver's {@link IdleSweeper} calls this when a connection has moved no byte for a moment; a BIO
   * shared with a caller's {@code MemoryBio} is not touched, nor one holding bytes. A closed engine
   * does nothing, nor a busy one (another thread holds its lock: it is not idle).
   *
   * <p>OpenSSL: {@code BIO_get_mem_ptr}, {@code BUF_MEM_new}, {@code BIO_set_mem_buf(b, bm,
   * BIO_CLOSE)} (which frees the old {@code BUF_MEM})
   */
  public void trimIdleBuffers() {
    if (!ownBios || !lock.tryLock()) {
      return;
    }
    try {
      if (ref.isClosed()) {
        return;
      }
      ref.acquire();
      try {
        trim(rbio);
        trim(wbio);
      } finally {
        ref.release();
      }
    } catch (IllegalStateException closedMeanwhile) {
      // close() won the race: the BIOs go with the SSL*
    } finally {
      lock.unlock();
    }
  }

  /** Under the lock, with the SSL* (which owns the BIO) held; {@code done} as scratch. */
  private void trim(MemorySegment bio) {
    if (LibCrypto.BIO_ctrl_pending(bio) != 0) {
      return;
    }
    MemorySegment bm = Macros.BIO_get_mem_ptr(bio, done);
    if (Memory.isNull(bm)) {
      return;
    }
    long max =
        bm.reinterpret(Structs.BUF_MEM.byteSize())
            .get(ValueLayout.JAVA_LONG, Structs.offset(Structs.BUF_MEM, "max"));
    if (max <= IDLE_BIO_BYTES) {
      return;
    }
    MemorySegment fresh = LibCrypto.BUF_MEM_new();
    if (Memory.isNull(fresh)) {
      ErrorQueue.clear(); // out of memory: keep the old buffer
      return;
    }
    Macros.BIO_set_mem_buf(bio, fresh, Constants.BIO_CLOSE);
  }

  /** The bytes the engine's inbound and outbound memory BIOs hold on to now (for tests). */
  long bioCapacity() {
    return call(
        s -> {
          long total = 0;
          for (MemorySegment bio : List.of(rbio, wbio)) {
            MemorySegment bm = Macros.BIO_get_mem_ptr(bio, done);
            if (!Memory.isNull(bm)) {
              total +=
                  bm.reinterpret(Structs.BUF_MEM.byteSize())
                      .get(ValueLayout.JAVA_LONG, Structs.offset(Structs.BUF_MEM, "max"));
            }
          }
          return total;
        });
  }

  /**
   * The negotiated key-exchange group's name ("x25519", "secp384r1"), or null before a session
   * exists. OpenSSL: {@code SSL_get0_group_name} (3.2+), else {@code SSL_get_negotiated_group} and
   * {@code SSL_group_to_name}.
   */
  public String groupName() {
    return call(
        s -> {
          if (Memory.isNull(LibSsl.SSL_get_session(s))) {
            return null;
          }
          if (Binder.has("SSL_get0_group_name")) {
            return Memory.cString(LibSsl.SSL_get0_group_name(s));
          }
          int nid =
              (int)
                  LibSsl.SSL_ctrl(
                      s, Constants.SSL_CTRL_GET_NEGOTIATED_GROUP, 0, MemorySegment.NULL);
          if (nid <= 0) {
            return null;
          }
          String name = Memory.cString(LibSsl.SSL_group_to_name(s, nid));
          ErrorQueue.clear();
          return name;
        });
  }

  /**
   * The peer's certificate as an {@code org.jossl.crypto.X509} of its own, or null. OpenSSL: {@code
   * SSL_get1_peer_certificate}
   */
  public Object peerCertificate() {
    return call(
        s -> {
          MemorySegment x = LibSsl.SSL_get1_peer_certificate(s);
          if (Memory.isNull(x)) {
            return null;
          }
          try {
            return CryptoAccess.get().x509(x);
          } finally {
            LibCrypto.X509_free(x);
          }
        });
  }

  /** Runs {@code call} with the {@code SSL*} under the engine's lock. */
  public <T, X extends Throwable> T call(SslCall<T, X> call) throws X {
    lock.lock();
    try {
      MemorySegment s = ref.acquire();
      try {
        return call.apply(s);
      } finally {
        ref.release();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * As {@link #call}, for calls that replace or reset what a running handshake or I/O call uses
   * (the session, the connection's role, the server name or ALPN list): refused with {@link
   * IllegalStateException} when made by a handler running inside such a call.
   */
  public <T, X extends Throwable> T callOutsideIo(SslCall<T, X> call) throws X {
    lock.lock();
    try {
      requireNotInIo();
      return call(call);
    } finally {
      lock.unlock();
    }
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return ref.isClosed();
  }

  /**
   * Frees the {@code SSL*} (after any call in flight). Does not send close_notify; the faces call
   * {@link #shutdown} first when the protocol wants one.
   */
  @Override
  public void close() {
    if (ref.isClosed()) {
      return;
    }
    try {
      call(
          s -> {
            // A connection freed without close_notify makes OpenSSL mark its session
            // non-resumable; sessions the application still holds must stay usable.
            if (LibSsl.SSL_is_init_finished(s) == 1) {
              LibSsl.SSL_set_shutdown(s, LibSsl.SSL_get_shutdown(s) | Constants.SSL_SENT_SHUTDOWN);
            }
            return null;
          });
    } catch (IllegalStateException alreadyClosed) {
      // closed by another thread meanwhile
    }
    Registry.remove(id);
    ref.close();
  }
}
