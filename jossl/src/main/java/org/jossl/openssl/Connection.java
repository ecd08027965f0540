package org.jossl.openssl;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jossl.crypto.CryptoException;
import org.jossl.crypto.PKey;
import org.jossl.crypto.X509;
import org.jossl.crypto.X509Name;
import org.jossl.internal.Buffers;
import org.jossl.internal.CryptoAccess;
import org.jossl.internal.ErrorQueue;
import org.jossl.internal.Natives;
import org.jossl.internal.TlsDriver;
import org.jossl.internal.TlsEngine;
import org.jossl.internal.TlsStatus;
import org.jossl.internal.Transport;
import org.jossl.internal.ffi.Binder;
import org.jossl.internal.ffi.Constants;
import org.jossl.internal.ffi.LibSsl;
import org.jossl.internal.ffi.Memory;
import org.jossl.internal.ffi.Structs;

/**
 * One TLS connection; pyOpenSSL's {@code OpenSSL.SSL.Connection}, over an OpenSSL {@code SSL}.
 *
 * <p>Two modes, as in pyOpenSSL. <b>Memory:</b> {@code new Connection(context)} has no socket; the
 * application carries the bytes: {@link #bioWrite} hands over what the peer sent, {@link #bioRead}
 * takes what to send. <b>Socket:</b> {@code new Connection(context, socket)} (a connected or
 * unconnected {@link Socket} or {@link SocketChannel}, or a listening {@link ServerSocketChannel}
 * or {@link ServerSocket} for {@link #accept()}) moves the bytes itself. On a blocking socket every
 * call completes or fails; on a non-blocking channel (or when a {@link Socket}'s SO_TIMEOUT passes)
 * it throws {@link WantReadException} or {@link WantWriteException}, to be called again when the
 * socket is ready.
 *
 * <p>As in pyOpenSSL, {@code send} may write part of the buffer (one TLS record), a clean close by
 * the peer is a {@link ZeroReturnException}, an unclean one a {@link SysCallException} ({@code -1,
 * 'Unexpected EOF'}), and an exception thrown by a callback during a call is rethrown from that
 * call. Nothing here checks host names: that is the application's job (see Python's {@code ssl}
 * face for automatic checking).
 *
 * <p>One thread may read while another writes; {@link #close()} may come from any thread. A
 * callback may query its connection, switch its context, certificate or verification, and close it;
 * but OpenSSL's state machine is not re-entrant, so I/O on the same connection ({@link
 * #doHandshake}, {@link #recv}, {@link #send}, {@link #shutdown}) and calls that replace what the
 * running handshake uses ({@link #setSession}, {@link #setConnectState}, {@link #setAcceptState},
 * {@link #setTlsextHostName}, {@link #setAlpnProtos}) throw {@link IllegalStateException} there
 * (where pyOpenSSL can crash the interpreter).
 */
public final class Connection implements AutoCloseable {
  /** {@code MSG_PEEK}: for {@link #recv(int, int)}, read without consuming. */
  public static final int MSG_PEEK = 2;

  private final Context initialContext;
  private volatile Context context;
  final TlsEngine engine;
  private final NetworkChannel channel;
  private final Socket socket;
  private final ServerSocket serverSocket;
  private volatile TlsDriver driver;
  private volatile boolean emulatedNonBlocking;
  private final TlsStatus readStatus = new TlsStatus();
  private final TlsStatus writeStatus = new TlsStatus();
  private volatile Object appData;
  private SocketAddress boundAddress;

  /**
   * A connection whose bytes the application carries (memory mode).
   *
   * <p>Python: {@code Connection(context, None)}. OpenSSL: {@code SSL_new}, {@code BIO_s_mem}
   */
  public Connection(Context context) throws OpenSslException {
    this(context, null, null, null);
  }

  /** A connection over a {@link Socket} (connected, or to be {@link #connect}ed). */
  public Connection(Context context, Socket socket) throws OpenSslException {
    this(context, socket.getChannel(), socket, null);
  }

  /** A connection over a {@link SocketChannel} (blocking or not). */
  public Connection(Context context, SocketChannel channel) throws OpenSslException {
    this(context, channel, channel.socket(), null);
  }

  /** A listening connection: {@link #accept()} returns server connections. */
  public Connection(Context context, ServerSocketChannel listener) throws OpenSslException {
    this(context, listener, null, null);
  }

  /** A listening connection over a {@link ServerSocket}. */
  public Connection(Context context, ServerSocket listener) throws OpenSslException {
    this(context, listener.getChannel(), null, listener);
  }

  private Connection(
      Context context, NetworkChannel channel, Socket socket, ServerSocket serverSocket)
      throws OpenSslException {
    this.initialContext = Objects.requireNonNull(context, "context");
    this.context = context;
    this.channel = channel;
    this.socket = socket;
    this.serverSocket = serverSocket;
    this.engine = context.newEngine(null);
    engine.setOwner(this);
  }

  /** The connection an engine serves (for callbacks). */
  static Connection of(TlsEngine engine) {
    return (Connection) engine.owner();
  }

  private boolean hasSocket() {
    return socket != null || channel != null || serverSocket != null;
  }

  private TlsDriver driver() throws OpenSslException {
    // A closed connection says so before its (closed) socket can answer with an I/O error.
    if (engine.isClosed()) {
      throw new IllegalStateException("Connection is closed");
    }
    TlsDriver d = driver;
    if (d == null) {
      requireStream();
      synchronized (this) {
        d = driver;
        if (d == null) {
          try {
            Transport t =
                channel instanceof SocketChannel sc ? Transport.of(sc) : Transport.of(socket);
            d = new TlsDriver(engine, t);
          } catch (IOException e) {
            throw Errors.syscall(e);
          }
          driver = d;
        }
      }
    }
    return d;
  }

  private long deadline() throws OpenSslException {
    if (emulatedNonBlocking) {
      return System.nanoTime() + 1_000_000L;
    }
    try {
      int timeout = socket == null ? 0 : socket.getSoTimeout();
      return timeout > 0 ? System.nanoTime() + timeout * 1_000_000L : Transport.FOREVER;
    } catch (IOException e) {
      throw Errors.syscall(e);
    }
  }

  private void requireMemory() {
    if (hasSocket()) {
      throw new IllegalStateException("Connection sock was not None");
    }
  }

  private void requireSocket() {
    if (!hasSocket()) {
      throw new IllegalStateException("Connection has no socket (it is a memory connection)");
    }
  }

  /** TLS I/O and peer operations need a connected stream, not a listener. */
  private void requireStream() {
    requireSocket();
    if (socket == null && !(channel instanceof SocketChannel)) {
      throw new IllegalStateException(
          "a listening Connection has no TLS stream: accept() a connection first");
    }
  }

  /** The stream socket (of the channel, if there is one). */
  private Socket streamSocket() {
    requireStream();
    return socket != null ? socket : ((SocketChannel) channel).socket();
  }

  /** A call on the SSL*, converting a checked failure inside into the face's exception. */
  private <T> T ssl(TlsEngine.SslCall<T, OpenSslException> call) throws OpenSslException {
    return engine.call(call);
  }

  // ---- state

  /** Makes this the client end. Python: {@code Connection.set_connect_state()} */
  public void setConnectState() {
    engine.callOutsideIo(
        s -> {
          LibSsl.SSL_set_connect_state(s);
          return null;
        });
  }

  /** Makes this the server end. Python: {@code Connection.set_accept_state()} */
  public void setAcceptState() {
    engine.callOutsideIo(
        s -> {
          LibSsl.SSL_set_accept_state(s);
          return null;
        });
  }

  /** The context in use. Python: {@code Connection.get_context()} */
  public Context getContext() {
    return context;
  }

  /**
   * Switches to another context, typically in a server name callback to serve another certificate.
   *
   * <p>Python: {@code Connection.set_context(context)}. OpenSSL: {@code SSL_set_SSL_CTX}
   */
  public void setContext(Context other) throws OpenSslException {
    Objects.requireNonNull(other, "context");
    if (!engine.setContext(other.context)) {
      throw Errors.fromQueue();
    }
    this.context = other;
  }

  /** The context the connection was made with. */
  public Context getInitialContext() {
    return initialContext;
  }

  // ---- handshake and data

  /**
   * Runs the handshake (or its next step).
   *
   * <p>Python: {@code Connection.do_handshake()}. OpenSSL: {@code SSL_do_handshake}
   */
  public void doHandshake() throws OpenSslException {
    TlsStatus st = writeStatus;
    synchronized (st) {
      int r;
      if (hasSocket()) {
        try {
          r = driver().handshake(st, deadline());
        } catch (IOException e) {
          throw Errors.syscall(e);
        }
        timeoutAsWant(st);
      } else {
        r = engine.handshake(st);
      }
      if (r != 1 || st.callbackFailure != null) {
        Errors.raise(st);
      }
    }
  }

  private static void timeoutAsWant(TlsStatus st) {
    if (st.timedOut && st.sslError == Constants.SSL_ERROR_NONE) {
      st.sslError = Constants.SSL_ERROR_WANT_READ;
    }
  }

  /**
   * Sends application data: returns how much was taken, which may be less than {@code length}
   * (pyOpenSSL's partial writes: typically one 16 KiB record). Nothing to send goes to OpenSSL all
   * the same on a memory connection, as in pyOpenSSL, which then raises what {@code SSL_get_error}
   * makes of the 0 result (see {@link #recvInto(byte[], int, int)}).
   *
   * <p>Python: {@code Connection.send(buf)}. OpenSSL: {@code SSL_write_ex}
   */
  public int send(byte[] buf, int offset, int length) throws OpenSslException {
    Objects.checkFromIndexSize(offset, length, buf.length);
    return sendSegment(MemorySegment.ofArray(buf).asSlice(offset, length));
  }

  /**
   * Sends application data from {@code buf}'s position up to its limit and advances the position
   * past what was taken; returns that count. As {@link #send(byte[], int, int)} in every other way
   * (partial writes, exceptions; the position is unchanged when it throws). A direct buffer goes to
   * OpenSSL without a copy, a heap one (read-only too) through this connection's native buffer.
   *
   * <p>Python: {@code Connection.send(buf)} (with a {@code memoryview}). OpenSSL: {@code
   * SSL_write_ex}
   */
  public int send(ByteBuffer buf) throws OpenSslException {
    int n = sendSegment(Buffers.remaining(buf, false));
    buf.position(buf.position() + n);
    return n;
  }

  /**
   * Sends application data from {@code buf} (all its bytes offered); returns how much was taken.
   * Native memory goes to OpenSSL without a copy, heap memory through this connection's native
   * buffer. As {@link #send(byte[], int, int)} in every other way.
   *
   * <p>Python: {@code Connection.send(buf)}. OpenSSL: {@code SSL_write_ex}
   *
   * @throws IllegalStateException if the segment's arena is closed
   */
  public int send(MemorySegment buf) throws OpenSslException {
    return sendSegment(Buffers.check(buf, false));
  }

  /** An alias of {@link #send(ByteBuffer)}, as in pyOpenSSL. Python: {@code Connection.write} */
  public int write(ByteBuffer buf) throws OpenSslException {
    return send(buf);
  }

  /**
   * Sends everything from {@code buf}'s position to its limit, calling {@link #send(ByteBuffer)}
   * until done; returns the count. The position advances with each record taken (an exception may
   * come after some were).
   *
   * <p>Python: {@code Connection.sendall(buf)}
   */
  public int sendAll(ByteBuffer buf) throws OpenSslException {
    int done = 0;
    while (buf.hasRemaining()) {
      done += send(buf);
    }
    return done;
  }

  private int sendSegment(MemorySegment buf) throws OpenSslException {
    int length = Buffers.intSize(buf);
    TlsStatus st = writeStatus;
    synchronized (st) {
      int r;
      if (length == 0) {
        return nothing(st, true, false);
      }
      if (hasSocket()) {
        try {
          r = driver().write(buf, length, st, deadline());
        } catch (IOException e) {
          throw Errors.syscall(e);
        }
        timeoutAsWant(st);
        if (r > 0 && st.callbackFailure == null) {
          return r;
        }
      } else {
        r = engine.write(buf, length, st);
        if (r > 0 && st.callbackFailure == null) {
          return r;
        }
      }
      Errors.raise(st);
      return Math.max(r, 0);
    }
  }

  /** Python: {@code Connection.send(buf)}. */
  public int send(byte[] buf) throws OpenSslException {
    return send(buf, 0, buf.length);
  }

  /** An alias of {@link #send(byte[])}, as in pyOpenSSL. Python: {@code Connection.write} */
  public int write(byte[] buf) throws OpenSslException {
    return send(buf);
  }

  /**
   * Sends all of {@code buf}, calling {@link #send} until done; returns the length.
   *
   * <p>Python: {@code Connection.sendall(buf)}
   */
  public int sendAll(byte[] buf) throws OpenSslException {
    int done = 0;
    while (done < buf.length) {
      done += send(buf, done, buf.length - done);
    }
    return done;
  }

  /**
   * Receives up to {@code bufsiz} bytes of application data.
   *
   * <p>Python: {@code Connection.recv(bufsiz)}. OpenSSL: {@code SSL_read_ex}
   *
   * @throws ZeroReturnException when the peer has closed the TLS connection cleanly
   */
  public byte[] recv(int bufsiz) throws OpenSslException {
    return recv(bufsiz, 0);
  }

  /**
   * As {@link #recv(int)}; {@code flags} may be {@link #MSG_PEEK} (others are ignored, as in
   * pyOpenSSL). OpenSSL: {@code SSL_peek_ex}
   */
  public byte[] recv(int bufsiz, int flags) throws OpenSslException {
    if (bufsiz < 0) {
      throw new IllegalArgumentException("bufsiz must not be negative");
    }
    byte[] buf = new byte[Math.min(bufsiz, 16 * 1024 + 512)];
    int n = recvInto(buf, buf.length, flags);
    return n == buf.length ? buf : java.util.Arrays.copyOf(buf, n);
  }

  /** An alias of {@link #recv(int)}. Python: {@code Connection.read} */
  public byte[] read(int bufsiz) throws OpenSslException {
    return recv(bufsiz);
  }

  /**
   * Receives into {@code buffer} (at most {@code nbytes}, clamped to the buffer; {@link
   * #recvInto(byte[])} is pyOpenSSL's {@code nbytes=None}); returns the count. Reading zero bytes
   * ({@code nbytes} 0 or an empty buffer) on a memory connection asks OpenSSL all the same, as
   * pyOpenSSL's {@code recv_into(buf, 0)} does: {@link WantReadException} when nothing is buffered,
   * and whatever else the connection's state makes of the call; on a socket it returns 0.
   *
   * <p>Python: {@code Connection.recv_into(buffer, nbytes=None, flags=None)}
   *
   * @throws IllegalArgumentException if {@code nbytes} is negative
   */
  public int recvInto(byte[] buffer, int nbytes, int flags) throws OpenSslException {
    if (nbytes < 0) {
      throw new IllegalArgumentException("nbytes must not be negative");
    }
    int length = Math.min(nbytes, buffer.length);
    return receive(MemorySegment.ofArray(buffer).asSlice(0, length), flags);
  }

  /**
   * Receives into {@code buffer} from its position up to its limit (at most {@code nbytes}),
   * advancing the position past the bytes received; returns the count. As {@link #recvInto(byte[],
   * int, int)} in every other way (a buffer with nothing remaining asks OpenSSL all the same on a
   * memory connection; the position is unchanged when it throws). A direct buffer is filled by
   * OpenSSL itself, a heap one from this connection's native buffer (one copy).
   *
   * <p>Python: {@code Connection.recv_into(buffer, nbytes=None, flags=None)}. OpenSSL: {@code
   * SSL_read_ex}, {@code SSL_peek_ex}
   *
   * @throws IllegalArgumentException if the buffer is read-only or {@code nbytes} negative
   */
  public int recvInto(ByteBuffer buffer, int nbytes, int flags) throws OpenSslException {
    MemorySegment all = Buffers.remaining(buffer, true);
    if (nbytes < 0) {
      throw new IllegalArgumentException("nbytes must not be negative");
    }
    int n = receive(all.asSlice(0, Math.min(nbytes, all.byteSize())), flags);
    buffer.position(buffer.position() + n);
    return n;
  }

  /** As {@link #recvInto(ByteBuffer, int, int)} for all that remains of the buffer. */
  public int recvInto(ByteBuffer buffer) throws OpenSslException {
    return recvInto(buffer, buffer.remaining(), 0);
  }

  /**
   * Receives into {@code buffer} (from its first byte, at most its size); returns the count. As
   * {@link #recvInto(byte[], int, int)} in every other way; {@code flags} may be {@link #MSG_PEEK}.
   * Native memory is filled by OpenSSL itself, heap memory from this connection's native buffer.
   *
   * <p>Python: {@code Connection.recv_into(buffer, nbytes=None, flags=None)}. OpenSSL: {@code
   * SSL_read_ex}, {@code SSL_peek_ex}
   *
   * @throws IllegalArgumentException if the segment is read-only
   * @throws IllegalStateException if the segment's arena is closed
   */
  public int recvInto(MemorySegment buffer, int flags) throws OpenSslException {
    return receive(Buffers.check(buffer, true), flags);
  }

  /** As {@link #recvInto(MemorySegment, int)} without flags. */
  public int recvInto(MemorySegment buffer) throws OpenSslException {
    return recvInto(buffer, 0);
  }

  private int receive(MemorySegment buffer, int flags) throws OpenSslException {
    int length = Buffers.intSize(buffer);
    TlsStatus st = readStatus;
    synchronized (st) {
      int r;
      boolean peek = (flags & MSG_PEEK) != 0;
      if (length == 0) {
        return nothing(st, false, peek);
      }
      if (hasSocket()) {
        try {
          r =
              peek
                  ? driver().peek(buffer, length, st, deadline())
                  : driver().read(buffer, length, st, deadline());
        } catch (IOException e) {
          throw Errors.syscall(e);
        }
        timeoutAsWant(st);
      } else {
        r = peek ? engine.peek(buffer, length, st) : engine.read(buffer, length, st);
      }
      if (r > 0 && st.callbackFailure == null) {
        return r;
      }
      Errors.raise(st);
      return Math.max(r, 0);
    }
  }

  /**
   * A transfer of zero bytes. pyOpenSSL passes it to {@code SSL_read}/{@code SSL_write}, whose
   * result 0 then goes through its error mapping: on a memory connection that usually means {@link
   * WantReadException} (nothing to read yet) or {@link SysCallException} (a zero-length write), as
   * in pyOpenSSL. On a socket, where OpenSSL would wait for the network for nothing, it simply
   * returns 0.
   */
  private int nothing(TlsStatus st, boolean write, boolean peek) throws OpenSslException {
    if (hasSocket()) {
      return 0;
    }
    engine.transferNothing(st, write, peek);
    Errors.raise(st);
    return 0;
  }

  /** As {@link #recvInto(byte[], int, int)} for the whole buffer. */
  public int recvInto(byte[] buffer) throws OpenSslException {
    return recvInto(buffer, buffer.length, 0);
  }

  /**
   * Decrypted bytes buffered in OpenSSL, readable without the network.
   *
   * <p>Python: {@code Connection.pending()}. OpenSSL: {@code SSL_pending}
   */
  public int pending() {
    return engine.call(LibSsl::SSL_pending);
  }

  /** Whether OpenSSL is waiting to read. Python: {@code Connection.want_read()} */
  public boolean wantRead() {
    return engine.call(LibSsl::SSL_want) == Constants.SSL_READING;
  }

  /** Whether OpenSSL is waiting to write. Python: {@code Connection.want_write()} */
  public boolean wantWrite() {
    return engine.call(LibSsl::SSL_want) == Constants.SSL_WRITING;
  }

  // ---- memory mode

  /**
   * Hands bytes the peer sent to OpenSSL (memory mode); returns the count. An empty {@code buf}
   * raises what pyOpenSSL's {@code bio_write(b"")} raises: the inbound BIO's last retry state,
   * {@link WantReadException} once OpenSSL has read from it, else an {@link OpenSslException}
   * without entries.
   *
   * <p>Python: {@code Connection.bio_write(buf)}. OpenSSL: {@code BIO_write}
   */
  public int bioWrite(byte[] buf) throws OpenSslException {
    requireMemory();
    return feed(MemorySegment.ofArray(buf));
  }

  /**
   * Hands the bytes from {@code buf}'s position to its limit to OpenSSL (memory mode) and advances
   * the position past them; returns the count. Direct and heap buffers alike go to OpenSSL without
   * a copy. As {@link #bioWrite(byte[])} in every other way (nothing remaining raises the same; the
   * position is unchanged when it throws).
   *
   * <p>Python: {@code Connection.bio_write(buf)}. OpenSSL: {@code BIO_write}
   */
  public int bioWrite(ByteBuffer buf) throws OpenSslException {
    requireMemory();
    int n = feed(Buffers.remaining(buf, false));
    buf.position(buf.position() + n);
    return n;
  }

  /**
   * Hands all of {@code buf} (up to 2 GiB per call) to OpenSSL (memory mode), without a copy;
   * returns the count. As {@link #bioWrite(byte[])} in every other way.
   *
   * <p>Python: {@code Connection.bio_write(buf)}. OpenSSL: {@code BIO_write}
   *
   * @throws IllegalStateException if the segment's arena is closed
   */
  public int bioWrite(MemorySegment buf) throws OpenSslException {
    requireMemory();
    return feed(Buffers.check(buf, false));
  }

  private int feed(MemorySegment buf) throws OpenSslException {
    int length = Buffers.intSize(buf);
    if (length == 0) {
      // BIO_write returns 0 for nothing without touching the BIO; pyOpenSSL then reports what
      // the BIO's retry flags, left by the last read, say
      throw bioError(engine.inputRetryFlags());
    }
    int n = engine.feed(buf, length);
    if (n <= 0) {
      throw bioError(engine.inputRetryFlags());
    }
    return n;
  }

  /** pyOpenSSL's {@code Connection._handle_bio_errors}: the BIO's retry flags as an exception. */
  private static OpenSslException bioError(int flags) {
    if ((flags & TlsEngine.BIO_FLAGS_SHOULD_RETRY) == 0) {
      return Errors.fromQueue();
    }
    if ((flags & TlsEngine.BIO_FLAGS_READ) != 0) {
      return new WantReadException();
    }
    if ((flags & TlsEngine.BIO_FLAGS_WRITE) != 0) {
      return new WantWriteException();
    }
    throw new IllegalStateException(
        (flags & TlsEngine.BIO_FLAGS_IO_SPECIAL) != 0
            ? "BIO_should_io_special"
            : "unknown bio failure");
  }

  /**
   * Takes up to {@code bufsiz} bytes OpenSSL wants sent to the peer (memory mode).
   *
   * <p>Python: {@code Connection.bio_read(bufsiz)}. OpenSSL: {@code BIO_read}
   *
   * @throws WantReadException if there is nothing to send
   * @throws OpenSslException without entries for {@code bufsiz} 0 while bytes wait (as pyOpenSSL)
   */
  public byte[] bioRead(int bufsiz) throws OpenSslException {
    requireMemory();
    if (bufsiz < 0) {
      throw new IllegalArgumentException("bufsiz must not be negative");
    }
    // sized to what is there: no bufsiz-sized array per call, none at all when there is nothing
    byte[] bytes = engine.drain(bufsiz);
    if (bytes == null) {
      throw bioError(engine.outputRetryFlags());
    }
    return bytes;
  }

  /**
   * Takes bytes OpenSSL wants sent to the peer (memory mode) into {@code buf}, from its position up
   * to its limit, and advances the position past them; returns the count. Direct and heap buffers
   * alike are filled by OpenSSL without a copy. As {@link #bioRead(int)} in every other way, with
   * the buffer's remaining space as {@code bufsiz} (the position is unchanged when it throws).
   *
   * <p>Python: {@code Connection.bio_read(bufsiz)} (into a buffer). OpenSSL: {@code BIO_read}
   *
   * @throws WantReadException if there is nothing to send
   * @throws IllegalArgumentException if the buffer is read-only
   */
  public int bioRead(ByteBuffer buf) throws OpenSslException {
    requireMemory();
    int n = drain(Buffers.remaining(buf, true));
    buf.position(buf.position() + n);
    return n;
  }

  /**
   * Takes bytes OpenSSL wants sent to the peer (memory mode) into {@code buf}, from its first byte
   * (at most its size, up to 2 GiB); returns the count. As {@link #bioRead(ByteBuffer)}.
   *
   * <p>Python: {@code Connection.bio_read(bufsiz)} (into a buffer). OpenSSL: {@code BIO_read}
   *
   * @throws WantReadException if there is nothing to send
   * @throws IllegalArgumentException if the segment is read-only
   * @throws IllegalStateException if the segment's arena is closed
   */
  public int bioRead(MemorySegment buf) throws OpenSslException {
    requireMemory();
    return drain(Buffers.check(buf, true));
  }

  private int drain(MemorySegment buf) throws OpenSslException {
    // a zero-sized buffer still reads zero bytes: the BIO's retry flags then say what
    // bio_read(0) raises in pyOpenSSL
    int n = engine.drain(buf, Buffers.intSize(buf));
    if (n <= 0) {
      throw bioError(engine.outputRetryFlags());
    }
    return n;
  }

  /**
   * Tells OpenSSL the peer's byte stream ended (memory mode): the next read or handshake step fails
   * with {@link SysCallException} ({@code -1, 'Unexpected EOF'}) unless a close_notify came first.
   *
   * <p>Python: {@code Connection.bio_shutdown()}
   */
  public void bioShutdown() {
    requireMemory();
    engine.feedEof();
  }

  // ---- shutdown

  /**
   * Sends close_notify (once): true if the peer's close_notify was already received (the shutdown
   * is complete), false if only ours was sent.
   *
   * <p>Python: {@code Connection.shutdown()}. OpenSSL: {@code SSL_shutdown}
   */
  public boolean shutdown() throws OpenSslException {
    TlsStatus st = writeStatus;
    synchronized (st) {
      int r;
      if (hasSocket()) {
        try {
          r = driver().shutdown(st, deadline());
        } catch (IOException e) {
          throw Errors.syscall(e);
        }
        timeoutAsWant(st);
      } else {
        r = engine.shutdown(st);
      }
      if (r == 1) {
        return true;
      }
      if (r == 0 && st.sslError == Constants.SSL_ERROR_SYSCALL && st.errors.isEmpty()) {
        return false;
      }
      if (r == 0 && st.callbackFailure == null) {
        return false;
      }
      Errors.raise(st);
      return false;
    }
  }

  /**
   * The shutdown state: {@link OpenSsl#SENT_SHUTDOWN} and/or {@link OpenSsl#RECEIVED_SHUTDOWN}.
   *
   * <p>Python: {@code Connection.get_shutdown()}. OpenSSL: {@code SSL_get_shutdown}
   */
  public int getShutdown() {
    return engine.call(LibSsl::SSL_get_shutdown);
  }

  /** Sets the shutdown state. Python: {@code Connection.set_shutdown(state)} */
  public void setShutdown(int state) {
    engine.call(
        s -> {
          LibSsl.SSL_set_shutdown(s, state);
          return null;
        });
  }

  // ---- renegotiation (TLS 1.2 and earlier)

  /**
   * Asks for a renegotiation (performed by the next handshake step or I/O); false if one is already
   * pending.
   *
   * <p>Python: {@code Connection.renegotiate()}. OpenSSL: {@code SSL_renegotiate}
   */
  public boolean renegotiate() throws OpenSslException {
    if (renegotiatePending()) {
      return false;
    }
    Errors.check(engine.call(LibSsl::SSL_renegotiate) == 1);
    return true;
  }

  /** Whether a renegotiation is pending. Python: {@code Connection.renegotiate_pending()} */
  public boolean renegotiatePending() {
    return engine.call(LibSsl::SSL_renegotiate_pending) == 1;
  }

  /** The number of renegotiations so far. Python: {@code Connection.total_renegotiations()} */
  public long totalRenegotiations() {
    return engine.call(
        s ->
            LibSsl.SSL_ctrl(s, Constants.SSL_CTRL_GET_TOTAL_RENEGOTIATIONS, 0, MemorySegment.NULL));
  }

  // ---- handshake information

  /**
   * OpenSSL's description of the handshake state ("SSL negotiation finished successfully").
   *
   * <p>Python: {@code Connection.get_state_string()}. OpenSSL: {@code SSL_state_string_long}
   */
  public String getStateString() {
    return engine.call(s -> Memory.cString(LibSsl.SSL_state_string_long(s)));
  }

  /** The client's 32 random bytes, or null before a session exists. */
  public byte[] clientRandom() {
    return random(true);
  }

  /** The server's 32 random bytes, or null before a session exists. */
  public byte[] serverRandom() {
    return random(false);
  }

  private byte[] random(boolean client) {
    return engine.call(
        s -> {
          if (Memory.isNull(LibSsl.SSL_get_session(s))) {
            return null;
          }
          long n =
              client
                  ? LibSsl.SSL_get_client_random(s, MemorySegment.NULL, 0)
                  : LibSsl.SSL_get_server_random(s, MemorySegment.NULL, 0);
          try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(Math.max(1, n));
            long got =
                client
                    ? LibSsl.SSL_get_client_random(s, buf, n)
                    : LibSsl.SSL_get_server_random(s, buf, n);
            return Memory.bytes(buf, got);
          }
        });
  }

  /**
   * The session's master key (TLS 1.2 and earlier), or null before a session exists. As in
   * pyOpenSSL, a TLS 1.3 session, which has none, raises an {@link OpenSslException} with no
   * entries.
   *
   * <p>Python: {@code Connection.master_key()}. OpenSSL: {@code SSL_SESSION_get_master_key}
   */
  public byte[] masterKey() throws OpenSslException {
    return ssl(
        s -> {
          MemorySegment session = LibSsl.SSL_get_session(s);
          if (Memory.isNull(session)) {
            return null;
          }
          long n = LibSsl.SSL_SESSION_get_master_key(session, MemorySegment.NULL, 0);
          if (n <= 0) {
            throw new OpenSslException(List.of());
          }
          try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(n);
            long got = LibSsl.SSL_SESSION_get_master_key(session, buf, n);
            return Memory.bytes(buf, got);
          }
        });
  }

  /** This end's latest Finished message, or null. Python: {@code Connection.get_finished()} */
  public byte[] getFinished() {
    return finished(true);
  }

  /** The peer's latest Finished message, or null. Python: {@code get_peer_finished()} */
  public byte[] getPeerFinished() {
    return finished(false);
  }

  private byte[] finished(boolean own) {
    return engine.call(
        s -> {
          try (Arena arena = Arena.ofConfined()) {
            MemorySegment probe = arena.allocate(1);
            long n =
                own
                    ? LibSsl.SSL_get_finished(s, probe, 0)
                    : LibSsl.SSL_get_peer_finished(s, probe, 0);
            if (n == 0) {
              return null;
            }
            MemorySegment buf = arena.allocate(n);
            long got =
                own ? LibSsl.SSL_get_finished(s, buf, n) : LibSsl.SSL_get_peer_finished(s, buf, n);
            return Memory.bytes(buf, got);
          }
        });
  }

  /**
   * Keying material derived from the session (RFC 5705 / RFC 8446 exporters): the same bytes on
   * both ends.
   *
   * <p>Python: {@code Connection.export_keying_material(label, olen, context=None)}. OpenSSL:
   * {@code SSL_export_keying_material}
   *
   * @param context null for none (which differs from an empty context)
   */
  public byte[] exportKeyingMaterial(byte[] label, int olen, byte[] context)
      throws OpenSslException {
    return ssl(
        s -> {
          try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(Math.max(1, olen));
            MemorySegment l = Memory.copy(arena, label);
            MemorySegment c = context == null ? MemorySegment.NULL : Memory.copy(arena, context);
            int ok =
                LibSsl.SSL_export_keying_material(
                    s,
                    out,
                    olen,
                    l,
                    label.length,
                    c,
                    context == null ? 0 : context.length,
                    context == null ? 0 : 1);
            Errors.check(ok == 1);
            return Memory.bytes(out, olen);
          }
        });
  }

  /** The cipher's OpenSSL name, or null before the handshake. Python: {@code get_cipher_name()} */
  public String getCipherName() {
    return cipher(c -> Memory.cString(LibSsl.SSL_CIPHER_get_name(c)));
  }

  /** The cipher's secret bits, or null. Python: {@code get_cipher_bits()} */
  public Integer getCipherBits() {
    return cipher(c -> LibSsl.SSL_CIPHER_get_bits(c, MemorySegment.NULL));
  }

  /**
   * The protocol version that defines the cipher ("TLSv1.2"), or null. Python: {@code
   * get_cipher_version()}
   */
  public String getCipherVersion() {
    return cipher(c -> Memory.cString(LibSsl.SSL_CIPHER_get_version(c)));
  }

  private <T> T cipher(java.util.function.Function<MemorySegment, T> f) {
    return engine.call(
        s -> {
          MemorySegment c = LibSsl.SSL_get_current_cipher(s);
          return Memory.isNull(c) ? null : f.apply(c);
        });
  }

  /**
   * The protocol version's name ("TLSv1.3"). Before the handshake OpenSSL reports the highest it
   * would use, as in pyOpenSSL.
   *
   * <p>Python: {@code Connection.get_protocol_version_name()}. OpenSSL: {@code SSL_get_version}
   */
  public String getProtocolVersionName() {
    return engine.call(s -> Memory.cString(LibSsl.SSL_get_version(s)));
  }

  /** The protocol version (0x304 for TLS 1.3). Python: {@code get_protocol_version()} */
  public int getProtocolVersion() {
    return engine.call(LibSsl::SSL_version);
  }

  /**
   * The key-exchange group's name ("x25519", "secp256r1"), or null before the handshake.
   *
   * <p>Python: {@code Connection.get_group_name()}. OpenSSL: {@code SSL_get0_group_name} (3.2+),
   * else {@code SSL_get_negotiated_group}
   */
  public String getGroupName() {
    return engine.groupName();
  }

  /**
   * The ciphers this connection would offer or accept, in preference order.
   *
   * <p>Python: {@code Connection.get_cipher_list()}. OpenSSL: {@code SSL_get_cipher_list}
   */
  public List<String> getCipherList() {
    return engine.call(
        s -> {
          List<String> out = new ArrayList<>();
          for (int i = 0; ; i++) {
            String name = Memory.cString(LibSsl.SSL_get_cipher_list(s, i));
            if (name == null) {
              return out;
            }
            out.add(name);
          }
        });
  }

  /** Whether the session was resumed. OpenSSL: {@code SSL_session_reused} */
  public boolean sessionReused() {
    return engine.call(LibSsl::SSL_session_reused) == 1;
  }

  // ---- certificates

  /**
   * The peer's certificate, or null.
   *
   * <p>Python: {@code Connection.get_peer_certificate()}. OpenSSL: {@code
   * SSL_get1_peer_certificate}
   */
  public X509 getPeerCertificate() {
    return (X509) engine.peerCertificate();
  }

  /**
   * The chain the peer sent, or null. As OpenSSL gives it, a server's view omits the client's own
   * certificate (pyOpenSSL passes that on unchanged).
   *
   * <p>Python: {@code Connection.get_peer_cert_chain()}. OpenSSL: {@code SSL_get_peer_cert_chain}
   */
  public List<X509> getPeerCertChain() {
    return engine.call(s -> certificates(LibSsl.SSL_get_peer_cert_chain(s)));
  }

  /**
   * The verified chain from the peer's certificate to a trust anchor, or null.
   *
   * <p>Python: {@code Connection.get_verified_chain()}. OpenSSL: {@code SSL_get0_verified_chain}
   */
  public List<X509> getVerifiedChain() {
    return engine.call(s -> certificates(LibSsl.SSL_get0_verified_chain(s)));
  }

  private static List<X509> certificates(MemorySegment stack) {
    if (Memory.isNull(stack)) {
      return null;
    }
    List<X509> out = new ArrayList<>();
    for (int i = 0; i < Natives.stackSize(stack); i++) {
      out.add((X509) CryptoAccess.get().x509(Natives.stackValue(stack, i)));
    }
    return out;
  }

  /** This end's certificate, or null. Python: {@code Connection.get_certificate()} */
  public X509 getCertificate() {
    return engine.call(
        s -> {
          MemorySegment x = LibSsl.SSL_get_certificate(s);
          return Memory.isNull(x) ? null : (X509) CryptoAccess.get().x509(x);
        });
  }

  /**
   * The client CA names: on a server the context's list, on a client what the server's
   * CertificateRequest named (empty before it arrived).
   *
   * <p>Python: {@code Connection.get_client_ca_list()}. OpenSSL: {@code SSL_get_client_CA_list}
   */
  public List<X509Name> getClientCaList() {
    return engine.call(
        s -> {
          MemorySegment stack = LibSsl.SSL_get_client_CA_list(s);
          List<X509Name> out = new ArrayList<>();
          for (int i = 0; i < Natives.stackSize(stack); i++) {
            out.add((X509Name) CryptoAccess.get().name(Natives.stackValue(stack, i)));
          }
          return out;
        });
  }

  /**
   * Uses {@code certificate} for this connection only. Python: {@code Connection.use_certificate}
   */
  public void useCertificate(X509 certificate) throws OpenSslException {
    Errors.check(
        ssl(s -> Context.x509Ref(certificate).use(x -> LibSsl.SSL_use_certificate(s, x))) == 1);
  }

  /** Uses a {@code java.security} certificate for this connection only. */
  public void useCertificate(X509Certificate certificate) throws OpenSslException {
    useCertificate(Context.fromJava(certificate));
  }

  /** Uses {@code key} for this connection only. Python: {@code Connection.use_privatekey} */
  public void usePrivatekey(PKey key) throws OpenSslException {
    Errors.check(ssl(s -> Context.pkeyRef(key).use(k -> LibSsl.SSL_use_PrivateKey(s, k))) == 1);
  }

  /** Uses a {@code java.security} private key for this connection only. */
  public void usePrivatekey(PrivateKey key) throws OpenSslException {
    try {
      usePrivatekey(PKey.fromJava(key));
    } catch (CryptoException e) {
      throw new OpenSslException(e.errors());
    }
  }

  /**
   * Sets this connection's verify mode and callback, overriding the context's.
   *
   * <p>Python: {@code Connection.set_verify(mode, callback=None)}. OpenSSL: {@code SSL_set_verify}
   */
  public void setVerify(int mode, Context.VerifyCallback callback) {
    engine.setVerify(mode, callback == null ? null : Context.verifyHandler(callback));
  }

  /** This connection's verify mode. Python: {@code Connection.get_verify_mode()} */
  public int getVerifyMode() {
    return engine.call(LibSsl::SSL_get_verify_mode);
  }

  /** The result of verifying the peer's certificate ({@code X509_V_OK} is 0). */
  public long getVerifyResult() {
    return engine.call(LibSsl::SSL_get_verify_result);
  }

  /** This connection's info callback. Python: {@code Connection.set_info_callback(callback)} */
  public void setInfoCallback(Context.InfoCallback callback) {
    engine.setInfo(callback == null ? null : (e, where, ret) -> callback.info(of(e), where, ret));
  }

  /**
   * Adds options to this connection; returns the new mask. Python: {@code Connection.set_options}
   */
  public long setOptions(long options) {
    return engine.call(s -> LibSsl.SSL_set_options(s, options));
  }

  /** This connection's options. */
  public long getOptions() {
    return engine.call(LibSsl::SSL_get_options);
  }

  // ---- server name, ALPN, OCSP

  /**
   * The server name to send (SNI), on a client before the handshake.
   *
   * <p>Python: {@code Connection.set_tlsext_host_name(name)}. OpenSSL: {@code
   * SSL_set_tlsext_host_name}
   *
   * @throws IllegalArgumentException if the name contains a NUL byte
   */
  public void setTlsextHostName(String name) throws OpenSslException {
    Objects.requireNonNull(name, "name");
    if (name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("name must not contain NUL byte");
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment n = Memory.cString(arena, name.getBytes(StandardCharsets.UTF_8));
      Errors.check(
          engine.callOutsideIo(
                  s ->
                      LibSsl.SSL_ctrl(
                          s,
                          Constants.SSL_CTRL_SET_TLSEXT_HOSTNAME,
                          Constants.TLSEXT_NAMETYPE_host_name,
                          n))
              == 1);
    }
  }

  /**
   * The server name: on a server what the client sent, on a client what it set; null if none.
   *
   * <p>Python: {@code Connection.get_servername()}. OpenSSL: {@code SSL_get_servername}
   */
  public String getServername() {
    return engine.call(
        s -> Memory.cString(LibSsl.SSL_get_servername(s, Constants.TLSEXT_NAMETYPE_host_name)));
  }

  /** The protocols this connection offers with ALPN. Python: {@code Connection.set_alpn_protos} */
  public void setAlpnProtos(List<byte[]> protocols) throws OpenSslException {
    byte[] wire = Context.alpnWire(protocols);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment w = Memory.copy(arena, wire);
      Errors.check(engine.callOutsideIo(s -> LibSsl.SSL_set_alpn_protos(s, w, wire.length)) == 0);
    }
  }

  /**
   * The protocol ALPN chose, empty if none.
   *
   * <p>Python: {@code Connection.get_alpn_proto_negotiated()}. OpenSSL: {@code
   * SSL_get0_alpn_selected}
   */
  public byte[] getAlpnProtoNegotiated() {
    return engine.call(
        s -> {
          try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = Memory.pointerSlot(arena);
            MemorySegment len = arena.allocate(Binder.C_INT);
            LibSsl.SSL_get0_alpn_selected(s, data, len);
            MemorySegment p = Memory.pointer(data);
            return Memory.isNull(p) ? new byte[0] : Memory.bytes(p, len.get(Binder.C_INT, 0));
          }
        });
  }

  /**
   * Asks the server to staple an OCSP response (client, before the handshake).
   *
   * <p>Python: {@code Connection.request_ocsp()}. OpenSSL: {@code SSL_set_tlsext_status_type}
   */
  public void requestOcsp() throws OpenSslException {
    Errors.check(
        ssl(
                s ->
                    LibSsl.SSL_ctrl(
                        s,
                        Constants.SSL_CTRL_SET_TLSEXT_STATUS_REQ_TYPE,
                        Constants.TLSEXT_STATUSTYPE_ocsp,
                        MemorySegment.NULL))
            == 1);
  }

  // ---- sessions

  /**
   * The session, to resume later with {@link #setSession}; null before one exists. It is a
   * snapshot: the connection goes on changing its own session object inside later calls (during a
   * handshake: keys, names, the peer's chain), and reading that object meanwhile from another
   * thread — {@link Session#toDer()} racing a handshake step — corrupted the C heap.
   *
   * <p>Python: {@code Connection.get_session()}. OpenSSL: {@code SSL_get_session}, {@code
   * SSL_SESSION_dup}
   */
  public Session getSession() {
    return engine.call(
        s -> {
          MemorySegment live = LibSsl.SSL_get_session(s);
          return Memory.isNull(live) ? null : Session.own(duplicate(live));
        });
  }

  /** A private copy of a session, or OutOfMemoryError (the only way OpenSSL's copy fails). */
  private static MemorySegment duplicate(MemorySegment session) {
    MemorySegment copy = LibSsl.SSL_SESSION_dup(session);
    if (Memory.isNull(copy)) {
      ErrorQueue.clear();
      throw new OutOfMemoryError("SSL_SESSION_dup failed");
    }
    return copy;
  }

  /**
   * Offers {@code session} for resumption (client, before the handshake). Sessions from other
   * contexts and from {@link Session#fromDer} are accepted; the server decides. The connection
   * works on its own copy, so {@code session} never changes under another thread.
   *
   * <p>Python: {@code Connection.set_session(session)}. OpenSSL: {@code SSL_SESSION_dup}, {@code
   * SSL_set_session}
   */
  public void setSession(Session session) throws OpenSslException {
    Objects.requireNonNull(session, "session");
    // never from a callback: SSL_set_session frees the session the running handshake uses
    Errors.check(
        engine.callOutsideIo(
                s ->
                    session.ref.use(
                        p -> {
                          MemorySegment copy = duplicate(p);
                          int r = LibSsl.SSL_set_session(s, copy);
                          LibSsl.SSL_SESSION_free(copy); // the connection holds its own reference
                          return r;
                        }))
            == 1);
  }

  // ---- DTLS

  /**
   * DTLS: the largest datagram to send (and stop OpenSSL querying the path MTU).
   *
   * <p>Python: {@code Connection.set_ciphertext_mtu(mtu)}. OpenSSL: {@code SSL_set_mtu}
   */
  public void setCiphertextMtu(int mtu) {
    requireDtls();
    engine.call(
        s -> {
          LibSsl.SSL_set_options(s, Constants.SSL_OP_NO_QUERY_MTU);
          LibSsl.SSL_ctrl(s, Constants.SSL_CTRL_SET_MTU, mtu, MemorySegment.NULL);
          return null;
        });
  }

  /**
   * DTLS: the most application data one datagram carries.
   *
   * <p>Python: {@code Connection.get_cleartext_mtu()}. OpenSSL: {@code DTLS_get_data_mtu}
   *
   * @throws IllegalStateException on a TLS connection (where pyOpenSSL crashes)
   */
  public long getCleartextMtu() {
    requireDtls();
    return engine.call(LibSsl::DTLS_get_data_mtu);
  }

  /**
   * DTLS server: answers ClientHellos without a valid cookie with a HelloVerifyRequest (stateless;
   * see {@link Context#setCookieGenerateCallback} and {@link Context#setCookieVerifyCallback}) and
   * returns once a ClientHello with a valid cookie arrived; {@link #doHandshake()} then goes on.
   *
   * <p>Python: {@code Connection.DTLSv1_listen()}. OpenSSL: {@code DTLSv1_listen}
   *
   * @throws WantReadException while no ClientHello with a valid cookie has arrived (a
   *     HelloVerifyRequest may be waiting in {@link #bioRead})
   * @throws IllegalStateException on a TLS connection
   */
  public void dtlsv1Listen() throws OpenSslException {
    requireDtls();
    TlsStatus st = readStatus;
    synchronized (st) {
      int r = engine.dtlsListen(st);
      // pyOpenSSL raises what a cookie callback threw first, and maps 0 itself
      if (st.callbackFailure != null) {
        Errors.rethrow(st.callbackFailure);
      }
      if (r == 0) {
        throw new WantReadException();
      }
      if (r < 0) {
        Errors.raise(st);
      }
    }
  }

  /**
   * DTLS: the time left until the running retransmission timer expires, in seconds, or null if none
   * runs. Call {@link #dtlsv1HandleTimeout()} when it reaches 0.
   *
   * <p>Python: {@code Connection.DTLSv1_get_timeout()}. OpenSSL: {@code DTLSv1_get_timeout}
   */
  public Double dtlsv1GetTimeout() {
    requireDtls();
    return engine.call(
        s -> {
          try (Arena arena = Arena.ofConfined()) {
            MemorySegment tv = arena.allocate(Structs.TIMEVAL);
            if (LibSsl.SSL_ctrl(s, Constants.DTLS_CTRL_GET_TIMEOUT, 0, tv) != 1) {
              return null;
            }
            return Structs.cLong(tv, Structs.TIMEVAL, "tv_sec")
                + Structs.cLong(tv, Structs.TIMEVAL, "tv_usec") / 1_000_000.0;
          }
        });
  }

  /**
   * DTLS: retransmits the last flight if its timer expired; true if it did (bytes then wait in
   * {@link #bioRead}).
   *
   * <p>Python: {@code Connection.DTLSv1_handle_timeout()}. OpenSSL: {@code DTLSv1_handle_timeout}
   */
  public boolean dtlsv1HandleTimeout() throws OpenSslException {
    requireDtls();
    TlsStatus st = writeStatus;
    synchronized (st) {
      int r = engine.dtlsHandleTimeout(st);
      if (r < 0 || st.callbackFailure != null) {
        Errors.raise(st);
      }
      return r > 0;
    }
  }

  private void requireDtls() {
    if (engine.call(LibSsl::SSL_is_dtls) != 1) {
      throw new IllegalStateException("not a DTLS connection");
    }
  }

  /**
   * DTLS-SRTP: the negotiated profile's name ("SRTP_AES128_CM_SHA1_80"), empty if none was (yet)
   * negotiated, as pyOpenSSL's empty bytes.
   *
   * <p>Python: {@code Connection.get_selected_srtp_profile()}. OpenSSL: {@code
   * SSL_get_selected_srtp_profile}
   */
  public String getSelectedSrtpProfile() {
    return engine.call(
        s -> {
          MemorySegment profile = LibSsl.SSL_get_selected_srtp_profile(s);
          if (Memory.isNull(profile)) {
            return "";
          }
          // SRTP_PROTECTION_PROFILE { const char *name; unsigned long id; }
          return Memory.cString(Memory.pointerAt(profile, 0));
        });
  }

  // ---- sockets

  /**
   * Makes this the client end and connects the socket (the handshake comes with the first I/O or
   * {@link #doHandshake()}). As in pyOpenSSL, the connection is the client end even if connecting
   * fails.
   *
   * <p>Python: {@code Connection.connect(address)}
   */
  public void connect(SocketAddress address) throws IOException {
    requireStream();
    setConnectState();
    if (channel instanceof SocketChannel sc) {
      sc.connect(address);
    } else {
      socket.connect(address);
    }
  }

  /**
   * As {@link #connect}, returning an errno instead of throwing (0 on success; 111 refused, 110
   * timed out, 113 unreachable, 5 otherwise), as Python's {@code socket.connect_ex}.
   *
   * <p>Python: {@code Connection.connect_ex(address)}
   */
  public int connectEx(SocketAddress address) {
    try {
      connect(address);
      return 0;
    } catch (ConnectException e) {
      return 111;
    } catch (java.net.SocketTimeoutException e) {
      return 110;
    } catch (java.net.NoRouteToHostException e) {
      return 113;
    } catch (IOException e) {
      return 5;
    }
  }

  /** A connection accepted by a listening connection, with the peer's address. */
  public record Accepted(Connection connection, SocketAddress address) {}

  /**
   * Accepts a TCP connection and returns it as a server-side TLS connection of this context (the
   * handshake comes with its first I/O or {@link #doHandshake()}).
   *
   * <p>Python: {@code Connection.accept()}
   */
  public Accepted accept() throws IOException {
    if (channel instanceof ServerSocketChannel ssc) {
      SocketChannel client = ssc.accept();
      if (client == null) {
        throw new WantReadException();
      }
      Connection c = new Connection(context, client);
      c.setAcceptState();
      return new Accepted(c, client.getRemoteAddress());
    }
    if (serverSocket != null) {
      Socket client = serverSocket.accept();
      Connection c = new Connection(context, client);
      c.setAcceptState();
      return new Accepted(c, client.getRemoteSocketAddress());
    }
    throw new IllegalStateException("accept() needs a listening socket");
  }

  /** Binds the socket. Python: {@code Connection.bind(address)} */
  public void bind(SocketAddress address) throws IOException {
    requireSocket();
    if (channel instanceof ServerSocketChannel) {
      boundAddress = address;
    } else if (serverSocket != null) {
      boundAddress = address;
    } else if (channel != null) {
      channel.bind(address);
    } else {
      socket.bind(address);
    }
  }

  /**
   * Listens with the given backlog (after {@link #bind}). Python: {@code
   * Connection.listen(backlog)}
   */
  public void listen(int backlog) throws IOException {
    if (channel instanceof ServerSocketChannel ssc) {
      ssc.bind(boundAddress, backlog);
    } else if (serverSocket != null) {
      serverSocket.bind(boundAddress, backlog);
    } else {
      throw new IllegalStateException("listen() needs a ServerSocketChannel or ServerSocket");
    }
  }

  /** The peer's address. Python: {@code Connection.getpeername()} */
  public SocketAddress getpeername() throws IOException {
    requireStream();
    return socket != null
        ? socket.getRemoteSocketAddress()
        : ((SocketChannel) channel).getRemoteAddress();
  }

  /** This end's address. Python: {@code Connection.getsockname()} */
  public SocketAddress getsockname() throws IOException {
    requireSocket();
    if (channel != null) {
      return channel.getLocalAddress();
    }
    return serverSocket != null
        ? serverSocket.getLocalSocketAddress()
        : socket.getLocalSocketAddress();
  }

  /** Sets a socket option. Python: {@code Connection.setsockopt(...)} */
  public <T> void setsockopt(SocketOption<T> option, T value) throws IOException {
    requireSocket();
    if (channel != null) {
      channel.setOption(option, value);
    } else if (socket != null) {
      socket.setOption(option, value);
    } else {
      serverSocket.setOption(option, value);
    }
  }

  /** A socket option's value. Python: {@code Connection.getsockopt(...)} */
  public <T> T getsockopt(SocketOption<T> option) throws IOException {
    requireSocket();
    if (channel != null) {
      return channel.getOption(option);
    }
    return socket != null ? socket.getOption(option) : serverSocket.getOption(option);
  }

  /**
   * Switches the socket between blocking and non-blocking. A {@link SocketChannel} becomes truly
   * non-blocking; a plain {@link Socket} cannot, so it then gives {@link WantReadException} after a
   * millisecond without data.
   *
   * <p>Python: {@code Connection.setblocking(flag)}
   */
  public void setblocking(boolean blocking) throws IOException {
    requireSocket();
    if (channel instanceof SocketChannel sc) {
      synchronized (this) {
        sc.configureBlocking(blocking);
        driver = null;
      }
    } else if (channel instanceof ServerSocketChannel ssc) {
      ssc.configureBlocking(blocking);
    } else {
      emulatedNonBlocking = !blocking;
    }
  }

  /**
   * Java sockets do not expose file descriptors.
   *
   * <p>Python: {@code Connection.fileno()}
   *
   * @throws UnsupportedOperationException always
   */
  public int fileno() {
    throw new UnsupportedOperationException("Java sockets do not expose their file descriptors");
  }

  /**
   * Shuts the TCP connection down without TLS close_notify: 0 reading, 1 writing, 2 both.
   *
   * <p>Python: {@code Connection.sock_shutdown(how)}
   */
  public void sockShutdown(int how) throws IOException {
    Socket s = streamSocket();
    if (how == 0 || how == 2) {
      s.shutdownInput();
    }
    if (how == 1 || how == 2) {
      s.shutdownOutput();
    }
  }

  /**
   * Not supported, as in pyOpenSSL.
   *
   * @throws UnsupportedOperationException always ("Cannot make file object of
   *     OpenSSL.SSL.Connection")
   */
  public Object makefile() {
    throw new UnsupportedOperationException("Cannot make file object of OpenSSL.SSL.Connection");
  }

  // ---- application data and lifetime

  /** Attaches any object. Python: {@code Connection.set_app_data(data)} */
  public void setAppData(Object data) {
    this.appData = data;
  }

  /** The attached object. Python: {@code Connection.get_app_data()} */
  public Object getAppData() {
    return appData;
  }

  /**
   * Frees the connection and closes its socket, without sending close_notify (call {@link
   * #shutdown()} first for a clean close). Sessions taken with {@link #getSession()} stay
   * resumable. Idempotent; any thread.
   */
  @Override
  public void close() throws IOException {
    engine.close();
    if (channel != null) {
      channel.close();
    } else if (socket != null) {
      socket.close();
    } else if (serverSocket != null) {
      serverSocket.close();
    }
  }
}
