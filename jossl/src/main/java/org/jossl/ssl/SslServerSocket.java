package org.jossl.ssl;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A listening TLS server socket: {@link #accept()} returns {@link SslSocket}s of its context,
 * server side. Python has no class of its own for this (a listening {@code SSLSocket} accepts);
 * Java code expects a {@link ServerSocket}.
 *
 * <p>With {@code doHandshakeOnConnect} (the default) {@code accept()} returns connections whose
 * handshake is done; a client whose handshake fails is closed, reported to the failure listener,
 * and accepting goes on: one bad client never stops the server. A server that handshakes in worker
 * threads turns {@code doHandshakeOnConnect} off and calls {@link SslSocket#doHandshake()} there.
 */
public final class SslServerSocket extends ServerSocket {
  private final ServerSocket listener;
  private final SslContext context;
  private final WrapOptions options;
  private volatile int handshakeTimeoutMillis = 30_000;
  private volatile Consumer<Exception> failures = e -> {};

  /**
   * A server socket of {@code context} over {@code listener} (bound, or to be bound).
   *
   * @param options {@code serverSide} is forced on; {@code doHandshakeOnConnect} and {@code
   *     suppressRaggedEofs} are passed on to accepted sockets
   */
  public SslServerSocket(SslContext context, ServerSocket listener, WrapOptions options)
      throws IOException {
    super();
    this.context = Objects.requireNonNull(context, "context");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.options = options.withServerSide(true).withServerHostname(null).withSession(null);
  }

  /** A server socket of {@code context} bound to {@code port} on {@code address}. */
  public SslServerSocket(SslContext context, int port, int backlog, InetAddress address)
      throws IOException {
    this(context, new ServerSocket(port, backlog, address), WrapOptions.defaults());
  }

  /** How long {@link #accept()} waits for a client's handshake (default 30 s). */
  public void setHandshakeTimeout(int millis) {
    this.handshakeTimeoutMillis = millis;
  }

  /** Where failed client handshakes are reported (default: ignored). */
  public void setFailureListener(Consumer<Exception> listener) {
    this.failures = Objects.requireNonNull(listener);
  }

  /**
   * Waits for a client and returns its TLS socket, handshaken unless {@code doHandshakeOnConnect}
   * is off. Python: {@code SSLSocket.accept()}
   */
  @Override
  public SslSocket accept() throws IOException {
    while (true) {
      Socket client = listener.accept();
      try {
        if (!options.doHandshakeOnConnect()) {
          return context.wrapSocket(client, options);
        }
        int timeout = handshakeTimeoutMillis;
        client.setSoTimeout(timeout);
        SslSocket s = context.wrapSocket(client, options);
        s.setSoTimeout(0);
        client.setSoTimeout(0);
        return s;
      } catch (IOException | RuntimeException e) {
        try {
          client.close();
        } catch (IOException ignored) {
          // already failing
        }
        failures.accept(e);
      }
    }
  }

  /** The context. */
  public SslContext getContext() {
    return context;
  }

  @Override
  public void bind(SocketAddress endpoint, int backlog) throws IOException {
    listener.bind(endpoint, backlog);
  }

  @Override
  public InetAddress getInetAddress() {
    return listener.getInetAddress();
  }

  @Override
  public int getLocalPort() {
    return listener.getLocalPort();
  }

  @Override
  public SocketAddress getLocalSocketAddress() {
    return listener.getLocalSocketAddress();
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }

  @Override
  public boolean isBound() {
    return listener.isBound();
  }

  @Override
  public boolean isClosed() {
    return listener.isClosed();
  }

  @Override
  public void setSoTimeout(int timeout) throws SocketException {
    listener.setSoTimeout(timeout);
  }

  @Override
  public int getSoTimeout() throws IOException {
    return listener.getSoTimeout();
  }

  @Override
  public void setReuseAddress(boolean on) throws SocketException {
    listener.setReuseAddress(on);
  }

  @Override
  public boolean getReuseAddress() throws SocketException {
    return listener.getReuseAddress();
  }

  @Override
  public <T> ServerSocket setOption(SocketOption<T> name, T value) throws IOException {
    listener.setOption(name, value);
    return this;
  }

  @Override
  public <T> T getOption(SocketOption<T> name) throws IOException {
    return listener.getOption(name);
  }

  @Override
  public Set<SocketOption<?>> supportedOptions() {
    return listener.supportedOptions();
  }

  @Override
  public String toString() {
    return "SslServerSocket[" + listener + "]";
  }
}
