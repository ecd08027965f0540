package org.jossl.ssl;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jossl.crypto.DecodedCertificate;
import org.jossl.crypto.X509;
import org.jossl.internal.TlsDriver;
import org.jossl.internal.Transport;

/**
 * A TLS socket; Python's {@code ssl.SSLSocket}, made by {@link SslContext#wrapSocket}. It is a
 * {@link Socket}, so it can be handed to any API that takes one ({@link #getInputStream()} and
 * {@link #getOutputStream()} carry the decrypted data), and it has Python's methods ({@link #recv},
 * {@link #sendAll}, {@link #getPeerCert}, {@link #unwrap}, …).
 *
 * <p>Timeouts follow Python: {@link #setTimeout(Double)} (or {@link #setSoTimeout(int)}) bounds
 * each call as a whole — the handshake, a read, a write — not each network wait; when it passes, a
 * {@link java.net.SocketTimeoutException} says which operation timed out. A timeout of 0 makes the
 * socket non-blocking: calls throw {@link SslWantReadException} or {@link SslWantWriteException}
 * instead of waiting.
 *
 * <p>One thread may read while another writes; {@link #close()} from a third unblocks both with an
 * exception. Closing does not send close_notify (as in Python); {@link #unwrap()} does.
 */
public final class SslSocket extends Socket implements SslConnection {
  private final Socket socket;
  private final SocketChannel channel;

  /** Python's {@code _context}: the wrapping context, or the last one set. */
  private volatile SslContext context;

  private final boolean serverSide;
  private final boolean doHandshakeOnConnect;
  private final boolean suppressRaggedEofs;
  private final String serverHostname;

  /** The session to resume: given to wrap, or assigned before connect() (Python's _session). */
  private volatile SslSession session;

  private volatile SslCore core;
  private volatile boolean unwrapped;
  private volatile boolean closed;

  /** A {@link #connectEx} failed: as in Python, the socket cannot connect again. */
  private volatile boolean connectExFailed;

  /** Python's {@code socket.SHUT_RD}: {@link #shutdown(int)} stops reading. */
  public static final int SHUT_RD = 0;

  /** Python's {@code socket.SHUT_WR}: {@link #shutdown(int)} stops writing. */
  public static final int SHUT_WR = 1;

  /** Python's {@code socket.SHUT_RDWR}: {@link #shutdown(int)} stops both. */
  public static final int SHUT_RDWR = 2;

  /** After {@link #unwrap()}: the plain input, starting with what came behind close_notify. */
  private volatile InputStream plainInput;

  /** Python's socket timeout in nanoseconds: -1 none (blocking), 0 non-blocking. */
  private volatile long timeoutNanos = -1;

  private final InputStream input = new TlsInput();
  private final OutputStream output = new TlsOutput();

  private SslSocket(SslContext context, Socket socket, SocketChannel channel, WrapOptions options)
      throws SocketException {
    super((SocketImpl) null);
    this.context = context;
    this.socket = socket;
    this.channel = channel;
    this.serverSide = options.serverSide();
    this.doHandshakeOnConnect = options.doHandshakeOnConnect();
    this.suppressRaggedEofs = options.suppressRaggedEofs();
    this.serverHostname = options.serverHostname();
    this.session = options.session();
  }

  static SslSocket create(
      SslContext context, Socket socket, SocketChannel channel, WrapOptions options)
      throws IOException {
    Objects.requireNonNull(socket, "socket");
    if (options.serverSide() && options.serverHostname() != null) {
      throw new IllegalArgumentException("server_hostname can only be specified in client mode");
    }
    if (options.serverSide() && options.session() != null) {
      throw new IllegalArgumentException("session can only be specified in client mode");
    }
    if (context.isCheckHostname() && !options.serverSide() && options.serverHostname() == null) {
      throw new IllegalArgumentException("check_hostname requires server_hostname");
    }
    SslSocket s = new SslSocket(context, socket, channel, options);
    try {
      int timeout = socket.getSoTimeout();
      if (timeout > 0) {
        s.timeoutNanos = timeout * 1_000_000L;
      }
      if (channel != null && !channel.isBlocking()) {
        s.timeoutNanos = 0;
      }
      if (socket.isConnected()) {
        s.createCore();
        if (s.doHandshakeOnConnect) {
          if (s.timeoutNanos == 0) {
            throw new IllegalArgumentException(
                "do_handshake_on_connect should not be specified for non-blocking sockets");
          }
          s.doHandshake();
        }
      }
    } catch (IOException | RuntimeException e) {
      s.closeQuietly();
      throw e;
    }
    return s;
  }

  private synchronized void createCore() throws IOException {
    if (core != null) {
      return;
    }
    SslCore c = SslCore.create(context, serverSide, serverHostname, session, null, null, this);
    Transport transport = channel != null ? Transport.of(channel) : Transport.of(socket);
    c.attachDriver(new TlsDriver(c.engine, transport));
    core = c;
  }

  /**
   * The TLS layer, which Python calls {@code _sslobj}; where Python fails with {@code
   * AttributeError} ({@code _sslobj} is None after {@link #close()}, {@link #unwrap()} or {@link
   * #shutdown(int)}), jossl throws {@link IllegalStateException}.
   */
  private SslCore core() {
    SslCore c = core;
    if (c == null) {
      throw new IllegalStateException(
          closed
              ? "the socket is closed"
              : unwrapped ? "No SSL wrapper around " + socket : "the socket is not connected");
    }
    return c;
  }

  /**
   * Whether Python's {@code recv}/{@code send} would use the plain socket: the TLS layer is gone.
   * On a closed socket that fails as Python's {@code OSError(EBADF)} does.
   */
  private boolean plain() throws SocketException {
    if (core != null) {
      return false;
    }
    if (closed) {
      throw new SocketException("Socket is closed");
    }
    return unwrapped;
  }

  private long deadline() {
    long t = timeoutNanos;
    if (t < 0) {
      return Transport.FOREVER;
    }
    if (t == 0) {
      return Transport.NOW;
    }
    return System.nanoTime() + t;
  }

  // ---- handshake and data (Python's methods)

  /**
   * Runs the TLS handshake.
   *
   * <p>Python: {@code SSLSocket.do_handshake()}. OpenSSL: {@code SSL_do_handshake}
   */
  public void doHandshake() throws IOException {
    core().doHandshake(deadline());
  }

  /**
   * Runs the handshake; with {@code block} a non-blocking socket waits for it.
   *
   * <p>Python: {@code SSLSocket.do_handshake(block=True)}
   */
  public void doHandshake(boolean block) throws IOException {
    core().doHandshake(block && timeoutNanos == 0 ? Transport.FOREVER : deadline());
  }

  /**
   * Reads up to {@code length} bytes; empty at a clean close (and, with {@code
   * suppress_ragged_eofs}, when the peer just closed the connection).
   *
   * <p>Python: {@code SSLSocket.read(len=1024)}
   */
  public byte[] read(int length) throws IOException {
    if (length < 0) {
      throw new IllegalArgumentException("size should not be negative");
    }
    SslCore c = core;
    if (c == null) {
      throw new IllegalStateException("Read on closed or unwrapped SSL socket.");
    }
    try {
      return c.read(length, deadline());
    } catch (SslException e) {
      if (suppressRaggedEofs && Integer.valueOf(8).equals(e.errno())) {
        return new byte[0];
      }
      throw e;
    }
  }

  /**
   * Reads into {@code buffer} (up to {@code length}, the whole buffer if ≤ 0 or larger); returns
   * the count, 0 at a clean close.
   *
   * <p>Python: {@code SSLSocket.read(len, buffer)}
   */
  public int read(int length, byte[] buffer) throws IOException {
    SslCore c = core;
    if (c == null) {
      throw new IllegalStateException("Read on closed or unwrapped SSL socket.");
    }
    int n = length <= 0 || length > buffer.length ? buffer.length : length;
    try {
      return c.read(buffer, 0, n, deadline());
    } catch (SslException e) {
      if (suppressRaggedEofs && Integer.valueOf(8).equals(e.errno())) {
        return 0;
      }
      throw e;
    }
  }

  /**
   * Python: {@code SSLSocket.recv(buflen=1024)}: as {@link #read(int)} (plain socket data after
   * {@link #unwrap()}).
   */
  public byte[] recv(int buflen) throws IOException {
    if (plain()) {
      byte[] buf = new byte[Math.min(buflen, 64 * 1024)];
      int n = plainRead(buf, 0, buf.length);
      return n <= 0 ? new byte[0] : java.util.Arrays.copyOf(buf, n);
    }
    return read(buflen);
  }

  /** A read of the plain connection after {@link #unwrap()}, with Python's timeout. */
  private int plainRead(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    long t = timeoutNanos;
    socket.setSoTimeout(t < 0 ? 0 : (int) Math.max(1, t / 1_000_000L));
    return plainInput.read(b, off, len);
  }

  /**
   * Python: {@code SSLSocket.recv(buflen, flags)}.
   *
   * @throws IllegalArgumentException for non-zero flags
   */
  public byte[] recv(int buflen, int flags) throws IOException {
    if (flags != 0) {
      throw new IllegalArgumentException(
          "non-zero flags not allowed in calls to recv() on <class 'ssl.SSLSocket'>");
    }
    return recv(buflen);
  }

  /**
   * Receives into {@code buffer} (at most {@code nbytes}; the buffer's length if 0); returns the
   * count.
   *
   * <p>Python: {@code SSLSocket.recv_into(buffer, nbytes=None)}
   */
  public int recvInto(byte[] buffer, int nbytes) throws IOException {
    int n = nbytes <= 0 ? (buffer.length == 0 ? 1024 : buffer.length) : nbytes;
    if (plain()) {
      int got = plainRead(buffer, 0, Math.min(n, buffer.length));
      return Math.max(got, 0);
    }
    return read(Math.min(n, buffer.length), buffer);
  }

  /** Python: {@code SSLSocket.recv_into(buffer)}: as much as fits in {@code buffer}. */
  public int recvInto(byte[] buffer) throws IOException {
    return recvInto(buffer, 0);
  }

  /**
   * Encrypts and sends all of {@code data}; returns its length.
   *
   * <p>Python: {@code SSLSocket.write(data)}
   */
  public int write(byte[] data) throws IOException {
    SslCore c = core;
    if (c == null) {
      throw new IllegalStateException("Write on closed or unwrapped SSL socket.");
    }
    return c.write(data, 0, data.length, deadline());
  }

  /** Python: {@code SSLSocket.send(data)}: all of {@code data} (no partial sends with TLS). */
  public int send(byte[] data) throws IOException {
    if (plain()) {
      socket.getOutputStream().write(data);
      return data.length;
    }
    return write(data);
  }

  /** Python: {@code SSLSocket.sendall(data)}. */
  public void sendAll(byte[] data) throws IOException {
    send(data);
  }

  /**
   * Sends {@code count} bytes of a file from {@code offset} ({@code count} < 0: to the end);
   * returns the bytes sent. With TLS this reads and encrypts in Java, as Python's fallback does.
   *
   * <p>Python: {@code SSLSocket.sendfile(file, offset=0, count=None)}
   */
  public long sendfile(Path file, long offset, long count) throws IOException {
    try (FileChannel f = FileChannel.open(file, StandardOpenOption.READ)) {
      long end = count < 0 ? f.size() : Math.min(f.size(), offset + count);
      long pos = offset;
      ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
      while (pos < end) {
        buf.clear().limit((int) Math.min(buf.capacity(), end - pos));
        int n = f.read(buf, pos);
        if (n <= 0) {
          break;
        }
        write(java.util.Arrays.copyOf(buf.array(), n));
        pos += n;
      }
      return pos - offset;
    }
  }

  /**
   * Closes the TLS layer (close_notify both ways) and returns this socket, now a plain one (as
   * Python returns the same socket object): {@link #recv}, {@link #send} and the streams then carry
   * plaintext. Bytes the peer sent in the clear right behind its close_notify, which may already
   * have been read from the network with it, come first.
   *
   * <p>Python: {@code SSLSocket.unwrap()}
   */
  public Socket unwrap() throws IOException {
    SslCore c = core;
    if (c == null) {
      throw new IllegalArgumentException("No SSL wrapper around " + socket);
    }
    c.unwrap(deadline());
    byte[] rest = c.takeUnreadInput();
    InputStream in = socket.getInputStream();
    plainInput =
        rest.length == 0 ? in : new SequenceInputStream(new ByteArrayInputStream(rest), in);
    core = null;
    unwrapped = true;
    c.close();
    return this;
  }

  /**
   * Beyond Python: sends close_notify without waiting for the peer's, and keeps the connection open
   * for reading (a TLS half-close, as {@code openssl s_client} does at the end of its input and
   * {@code openssl s_server} at the end of a connection). Reads then return the peer's remaining
   * data; at its close_notify they raise {@link SslZeroReturnException} (both sides have closed).
   *
   * <p>OpenSSL: {@code SSL_shutdown} once
   */
  public void sendCloseNotify() throws IOException {
    core().sendCloseNotify(deadline());
  }

  // ---- Python's timeouts

  /**
   * Python's {@code settimeout(seconds)}: null blocks, 0 makes the socket non-blocking, a positive
   * value bounds each call.
   */
  public void setTimeout(Double seconds) throws IOException {
    if (seconds != null && seconds < 0) {
      throw new IllegalArgumentException("Timeout value out of range");
    }
    timeoutNanos = seconds == null ? -1 : (long) (seconds * 1e9);
    if (channel != null) {
      channel.configureBlocking(seconds == null || seconds > 0);
      SslCore c = core;
      if (c != null) {
        c.attachDriver(new TlsDriver(c.engine, Transport.of(channel)));
      }
    }
  }

  /** Python's {@code gettimeout()}: null when blocking. */
  public Double getTimeout() {
    long t = timeoutNanos;
    return t < 0 ? null : t / 1e9;
  }

  /** Python's {@code setblocking(flag)}. */
  public void setBlocking(boolean blocking) throws IOException {
    setTimeout(blocking ? null : 0.0);
  }

  // ---- SslConnection

  @Override
  public SslContext getContext() {
    return context;
  }

  /**
   * Switches the connection to another context (typically in a server-name callback). As in Python,
   * the socket's {@link #getContext()} is the new one even if the TLS layer is gone (which then
   * throws {@link IllegalStateException}).
   *
   * <p>Python: {@code SSLSocket.context = ctx}. OpenSSL: {@code SSL_set_SSL_CTX}
   */
  @Override
  public void setContext(SslContext context) {
    java.util.Objects.requireNonNull(context, "context");
    this.context = context;
    core().setContext(context);
  }

  @Override
  public boolean isServerSide() {
    return serverSide;
  }

  @Override
  public String getServerHostname() {
    SslCore c = core;
    return c != null ? c.serverHostname : SslCore.encodeHostname(serverHostname);
  }

  /**
   * The peer's certificate as Python decodes it.
   *
   * <p>Python: {@code SSLSocket.getpeercert()}
   *
   * @throws IllegalStateException "handshake not done yet"
   */
  @Override
  public DecodedCertificate getPeerCert() throws SslException {
    return core().getPeerCert();
  }

  @Override
  public byte[] getPeerCertDer() throws SslException {
    return core().getPeerCertDer();
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException after {@link #close()}, {@link #unwrap()} or {@link
   *     #shutdown(int)} (Python's {@code AttributeError})
   */
  @Override
  public List<X509> getVerifiedChain() {
    return core().verifiedChain();
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException after {@link #close()}, {@link #unwrap()} or {@link
   *     #shutdown(int)} (Python's {@code AttributeError})
   */
  @Override
  public List<X509> getUnverifiedChain() {
    return core().unverifiedChain();
  }

  @Override
  public CipherInfo cipher() {
    SslCore c = core;
    return c == null ? null : c.cipher();
  }

  @Override
  public List<CipherInfo> sharedCiphers() {
    SslCore c = core;
    return c == null ? null : c.sharedCiphers();
  }

  @Override
  public String compression() {
    SslCore c = core;
    return c == null ? null : c.compression();
  }

  @Override
  public String version() {
    SslCore c = core;
    return c == null ? null : c.version();
  }

  @Override
  public String group() {
    return core == null ? null : core.group();
  }

  @Override
  public String selectedAlpnProtocol() {
    SslCore c = core;
    return c == null ? null : c.selectedAlpnProtocol();
  }

  @Override
  public byte[] getChannelBinding(String type) {
    SslCore c = core;
    if (c == null) {
      // Python's own check here, without the quotes of _ssl.c's
      if (!CHANNEL_BINDING.equals(type)) {
        throw new IllegalArgumentException(type + " channel binding type not implemented");
      }
      return null;
    }
    return c.channelBinding(type);
  }

  /** Python's {@code get_channel_binding()}: tls-unique. */
  public byte[] getChannelBinding() {
    return getChannelBinding(CHANNEL_BINDING);
  }

  private static final String CHANNEL_BINDING = "tls-unique";

  @Override
  public SslSession getSession() {
    SslCore c = core;
    return c == null ? null : c.getSession();
  }

  /**
   * {@inheritDoc} Before {@link #connect} the session is kept for the handshake, as Python keeps it
   * ({@code connect()} then refuses one of another context before connecting).
   */
  @Override
  public void setSession(SslSession session) {
    SslCore c = core;
    if (c == null && !unwrapped) {
      this.session = session;
      return;
    }
    try {
      core().setSession(session);
    } catch (SslException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  @Override
  public boolean isSessionReused() {
    SslCore c = core;
    return c != null && c.sessionReused();
  }

  @Override
  public int pending() {
    SslCore c = core;
    return c == null ? 0 : c.pending();
  }

  @Override
  public void verifyClientPostHandshake() throws SslException {
    core().verifyClientPostHandshake();
  }

  // ---- java.net.Socket

  /** Connects, then (by default) runs the handshake. Python: {@code SSLSocket.connect(addr)} */
  @Override
  public void connect(SocketAddress endpoint) throws IOException {
    connect(endpoint, 0);
  }

  @Override
  public void connect(SocketAddress endpoint, int timeout) throws IOException {
    if (serverSide) {
      throw new IllegalArgumentException("can't connect in server-side mode");
    }
    if (core != null || socket.isConnected() || connectExFailed) {
      throw new IllegalArgumentException("attempt to connect already-connected SSLSocket!");
    }
    // Python wraps before it connects: the session's check fails without a connection
    SslCore.checkSessionContext(session, context);
    socket.connect(endpoint, timeout);
    createCore();
    if (doHandshakeOnConnect) {
      doHandshake();
    }
  }

  /**
   * Python's {@code connect_ex(addr)}: connects and (by default) runs the handshake; 0 on success,
   * else the connection's errno (111 refused, 113 no route, 110 timed out, 5 otherwise). As in
   * Python, a socket whose {@code connect_ex} failed cannot connect again; handshake failures are
   * thrown.
   *
   * @throws IllegalArgumentException Python's {@code ValueError} on a connected socket or a server
   *     socket
   */
  public int connectEx(SocketAddress endpoint) throws IOException {
    if (serverSide) {
      throw new IllegalArgumentException("can't connect in server-side mode");
    }
    if (core != null || socket.isConnected() || connectExFailed) {
      throw new IllegalArgumentException("attempt to connect already-connected SSLSocket!");
    }
    try {
      socket.connect(endpoint, 0);
    } catch (java.net.ConnectException e) {
      connectExFailed = true;
      return 111;
    } catch (java.net.NoRouteToHostException e) {
      connectExFailed = true;
      return 113;
    } catch (java.net.SocketTimeoutException e) {
      connectExFailed = true;
      return 110;
    } catch (IOException e) {
      connectExFailed = true;
      return 5;
    }
    createCore();
    if (doHandshakeOnConnect) {
      doHandshake();
    }
    return 0;
  }

  @Override
  public void bind(SocketAddress bindpoint) throws IOException {
    socket.bind(bindpoint);
  }

  /** The decrypted stream from the peer (Python's {@code makefile('rb')}). */
  @Override
  public InputStream getInputStream() throws IOException {
    if (closed) {
      throw new SocketException("Socket is closed");
    }
    return input;
  }

  /** The stream to the peer, encrypted on the way (Python's {@code makefile('wb')}). */
  @Override
  public OutputStream getOutputStream() throws IOException {
    if (closed) {
      throw new SocketException("Socket is closed");
    }
    return output;
  }

  /** The SO_TIMEOUT in milliseconds, as Python's timeout (0: none). */
  @Override
  public void setSoTimeout(int timeout) throws SocketException {
    if (timeout < 0) {
      throw new IllegalArgumentException("timeout < 0");
    }
    timeoutNanos = timeout == 0 ? -1 : timeout * 1_000_000L;
  }

  @Override
  public int getSoTimeout() {
    long t = timeoutNanos;
    return t <= 0 ? 0 : (int) Math.max(1, t / 1_000_000L);
  }

  /**
   * Closes the socket without close_notify (as Python's {@code close()}); blocked reads and writes
   * on other threads fail. Sessions taken from it stay resumable.
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    SslCore c = core;
    // Python's close drops _sslobj: cipher(), version(), ... answer None afterwards
    core = null;
    // the engine first: a read or write that the socket's close wakes must see a closed socket
    // (an exception), not a peer that went away (an EOF, suppressed as b'')
    try {
      if (c != null) {
        c.close();
      }
    } finally {
      socket.close();
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (IOException e) {
      // already failing
    }
  }

  /**
   * Drops the TLS layer without close_notify and shuts the TCP connection down for reading ({@link
   * #SHUT_RD}), writing ({@link #SHUT_WR}) or both ({@link #SHUT_RDWR}); {@link #recv} and {@link
   * #send} then use the plain connection, as after {@link #unwrap()}.
   *
   * <p>Python: {@code SSLSocket.shutdown(how)}
   *
   * @throws IllegalArgumentException for another {@code how}
   */
  public void shutdown(int how) throws IOException {
    if (how < SHUT_RD || how > SHUT_RDWR) {
      throw new IllegalArgumentException("how must be SHUT_RD, SHUT_WR or SHUT_RDWR: " + how);
    }
    if (closed) {
      throw new SocketException("Socket is closed");
    }
    InputStream in = plainInput == null ? socket.getInputStream() : plainInput;
    SslCore c = core;
    core = null;
    if (c != null) {
      // bytes read from the network but not yet decrypted belong to the plain stream now
      byte[] rest = c.takeUnreadInput();
      c.close();
      if (rest.length > 0) {
        in = new SequenceInputStream(new ByteArrayInputStream(rest), in);
      }
    }
    plainInput = in;
    unwrapped = true;
    if (how != SHUT_WR) {
      socket.shutdownInput();
    }
    if (how != SHUT_RD) {
      socket.shutdownOutput();
    }
  }

  /** Python's {@code shutdown(SHUT_RD)}: see {@link #shutdown(int)}. */
  @Override
  public void shutdownInput() throws IOException {
    shutdown(SHUT_RD);
  }

  /** Python's {@code shutdown(SHUT_WR)}: see {@link #shutdown(int)}. */
  @Override
  public void shutdownOutput() throws IOException {
    shutdown(SHUT_WR);
  }

  @Override
  public InetAddress getInetAddress() {
    return socket.getInetAddress();
  }

  @Override
  public InetAddress getLocalAddress() {
    return socket.getLocalAddress();
  }

  @Override
  public int getPort() {
    return socket.getPort();
  }

  @Override
  public int getLocalPort() {
    return socket.getLocalPort();
  }

  @Override
  public SocketAddress getRemoteSocketAddress() {
    return socket.getRemoteSocketAddress();
  }

  @Override
  public SocketAddress getLocalSocketAddress() {
    return socket.getLocalSocketAddress();
  }

  /** Null: a channel would bypass TLS. */
  @Override
  public SocketChannel getChannel() {
    return null;
  }

  @Override
  public void setTcpNoDelay(boolean on) throws SocketException {
    socket.setTcpNoDelay(on);
  }

  @Override
  public boolean getTcpNoDelay() throws SocketException {
    return socket.getTcpNoDelay();
  }

  @Override
  public void setSoLinger(boolean on, int linger) throws SocketException {
    socket.setSoLinger(on, linger);
  }

  @Override
  public int getSoLinger() throws SocketException {
    return socket.getSoLinger();
  }

  @Override
  public void sendUrgentData(int data) throws IOException {
    throw new SocketException("urgent data is not supported on TLS sockets");
  }

  @Override
  public void setOOBInline(boolean on) throws SocketException {
    socket.setOOBInline(on);
  }

  @Override
  public boolean getOOBInline() throws SocketException {
    return socket.getOOBInline();
  }

  @Override
  public void setSendBufferSize(int size) throws SocketException {
    socket.setSendBufferSize(size);
  }

  @Override
  public int getSendBufferSize() throws SocketException {
    return socket.getSendBufferSize();
  }

  @Override
  public void setReceiveBufferSize(int size) throws SocketException {
    socket.setReceiveBufferSize(size);
  }

  @Override
  public int getReceiveBufferSize() throws SocketException {
    return socket.getReceiveBufferSize();
  }

  @Override
  public void setKeepAlive(boolean on) throws SocketException {
    socket.setKeepAlive(on);
  }

  @Override
  public boolean getKeepAlive() throws SocketException {
    return socket.getKeepAlive();
  }

  @Override
  public void setTrafficClass(int tc) throws SocketException {
    socket.setTrafficClass(tc);
  }

  @Override
  public int getTrafficClass() throws SocketException {
    return socket.getTrafficClass();
  }

  @Override
  public void setReuseAddress(boolean on) throws SocketException {
    socket.setReuseAddress(on);
  }

  @Override
  public boolean getReuseAddress() throws SocketException {
    return socket.getReuseAddress();
  }

  @Override
  public <T> Socket setOption(SocketOption<T> name, T value) throws IOException {
    socket.setOption(name, value);
    return this;
  }

  @Override
  public <T> T getOption(SocketOption<T> name) throws IOException {
    return socket.getOption(name);
  }

  @Override
  public Set<SocketOption<?>> supportedOptions() {
    return socket.supportedOptions();
  }

  @Override
  public boolean isConnected() {
    return socket.isConnected();
  }

  @Override
  public boolean isBound() {
    return socket.isBound();
  }

  @Override
  public boolean isClosed() {
    return closed || socket.isClosed();
  }

  @Override
  public boolean isInputShutdown() {
    return socket.isInputShutdown();
  }

  @Override
  public boolean isOutputShutdown() {
    return socket.isOutputShutdown();
  }

  @Override
  public String toString() {
    return "SslSocket["
        + (serverSide ? "server" : "client")
        + (serverHostname != null ? " " + serverHostname : "")
        + ", "
        + socket
        + "]";
  }

  /** The decrypted input: -1 at a clean close. */
  private final class TlsInput extends InputStream {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      SslCore c = core;
      if (c == null) {
        if (unwrapped && !closed) {
          return plainRead(b, off, len);
        }
        throw new SocketException("Socket is closed");
      }
      int n;
      try {
        n = c.read(b, off, len, deadline());
      } catch (SslException e) {
        if (suppressRaggedEofs && Integer.valueOf(8).equals(e.errno())) {
          return -1;
        }
        throw e;
      }
      return n == 0 ? -1 : n;
    }

    @Override
    public int available() throws IOException {
      InputStream plain = plainInput;
      return core == null && plain != null ? plain.available() : pending();
    }

    @Override
    public void close() throws IOException {
      SslSocket.this.close();
    }
  }

  /** The encrypting output. */
  private final class TlsOutput extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      SslCore c = core;
      if (c == null) {
        if (unwrapped && !closed) {
          socket.getOutputStream().write(b, off, len);
          return;
        }
        throw new SocketException("Socket is closed");
      }
      c.write(b, off, len, deadline());
    }

    @Override
    public void close() throws IOException {
      SslSocket.this.close();
    }
  }
}
