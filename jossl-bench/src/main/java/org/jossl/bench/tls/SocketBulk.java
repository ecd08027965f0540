package org.jossl.bench.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.jossl.crypto.OpenSslLibrary;
import org.jossl.ssl.SslContext;
import org.jossl.ssl.SslSocket;
import org.jossl.ssl.WrapOptions;

/**
 * Bulk data over one TLS connection on loopback TCP (127.0.0.1, TCP_NODELAY on both ends), both
 * ends in this JVM: the server end reads on its own platform thread while the measuring thread
 * writes full records, as {@code tlsbench.c}'s socket mode does with two pthreads. A slice ends
 * when the server end has read everything written in it; one operation is one full record of
 * application data (16,384 bytes; JSSE's TLS 1.3 records carry at most 16,367).
 */
abstract class SocketBulk implements Contender {
  private static final long JOIN_MILLIS = 10_000;

  /** Application bytes per write: one full record. */
  final int recordBytes;

  /** What the client end writes. */
  final byte[] data;

  private final Object lock = new Object();
  private long received;
  private long target = Long.MAX_VALUE;
  private long sent;
  private volatile boolean closing;
  private volatile Throwable failure;
  private Thread reader;

  SocketBulk(int recordBytes) {
    this.recordBytes = recordBytes;
    this.data = new byte[recordBytes];
  }

  /** jossl's {@link SslSocket} on both ends (Python's {@code sendall} and {@code recv_into}). */
  static SocketBulk jossl(Scenario sc, Path pki) throws Exception {
    return new Jossl(sc, pki);
  }

  /**
   * jossl's {@link SslSocket} on both ends through its {@code ByteBuffer} overloads, with reused
   * direct buffers ({@code sendAll(ByteBuffer)}, {@code recvInto(ByteBuffer)}).
   */
  static SocketBulk josslBuffers(Scenario sc, Path pki) throws Exception {
    return new Jossl(sc, pki, true);
  }

  /** JSSE's {@link SSLSocket} on both ends (its streams). */
  static SocketBulk jsse(Scenario sc, Path pki) throws Exception {
    return new Jsse(sc, pki);
  }

  /** A connected pair of plain sockets over 127.0.0.1: [client, server]. */
  static Socket[] loopbackPair() throws IOException {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Socket client = new Socket();
      client.setTcpNoDelay(true);
      client.connect(listener.getLocalSocketAddress(), 10_000);
      listener.setSoTimeout(10_000);
      Socket server = listener.accept();
      server.setTcpNoDelay(true);
      return new Socket[] {client, server};
    }
  }

  /** The server end's handshake. */
  abstract void serverHandshake() throws IOException;

  /** The client end's handshake. */
  abstract void clientHandshake() throws IOException;

  /** One read on the server end into {@code in}: bytes, or ≤ 0 at the end. */
  abstract int serverRead(byte[] in) throws IOException;

  /** Writes {@link #data} from the client end. */
  abstract void clientWrite() throws IOException;

  /** Closes both ends. */
  abstract void closeSockets() throws IOException;

  /** Handshakes both ends (the server's on the reader thread) and starts reading. */
  final void start() throws Exception {
    reader =
        Thread.ofPlatform()
            .name("bulk-server-end")
            .daemon()
            .start(
                () -> {
                  byte[] in = new byte[Scenario.RECORD];
                  try {
                    serverHandshake();
                    while (true) {
                      int n = serverRead(in);
                      if (n <= 0) {
                        break;
                      }
                      synchronized (lock) {
                        received += n;
                        if (received >= target) {
                          lock.notifyAll();
                        }
                      }
                    }
                  } catch (IOException | RuntimeException e) {
                    if (!closing) {
                      failure = e;
                    }
                  } finally {
                    synchronized (lock) {
                      lock.notifyAll();
                    }
                  }
                });
    clientHandshake();
  }

  private void write() throws IOException {
    clientWrite();
    sent += recordBytes;
  }

  /** Waits until the server end has read all that was written. */
  private void catchUp() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    synchronized (lock) {
      target = sent;
      while (received < target) {
        if (failure != null) {
          throw new IllegalStateException("the server end failed", failure);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || !reader.isAlive()) {
          throw new IllegalStateException("the server end stopped reading");
        }
        lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
      target = Long.MAX_VALUE;
    }
  }

  @Override
  public Slice slice(double seconds) throws Exception {
    TlsInterleaved.settle();
    long length = (long) (seconds * 1e9);
    long ops = 0;
    long c0 = CpuClock.processNanos();
    long t0 = System.nanoTime();
    do {
      write();
      ops++;
    } while (System.nanoTime() - t0 < length);
    catchUp();
    long t = System.nanoTime();
    long cpu = CpuClock.processNanos() - c0;
    return new Slice(ops, t - t0, cpu);
  }

  /** Protocol and cipher as the client end names them. */
  abstract String[] negotiated();

  @Override
  public TlsPair.Probe probe() throws Exception {
    write();
    catchUp();
    String[] n = negotiated();
    return new TlsPair.Probe(n[0], n[1], false, 0, 0, recordBytes);
  }

  @Override
  public String openssl() {
    return OpenSslLibrary.version();
  }

  @Override
  public void close() throws Exception {
    closing = true;
    closeSockets();
    reader.join(JOIN_MILLIS);
  }

  private static final class Jossl extends SocketBulk {
    private final SslSocket client;
    private final SslSocket server;
    private final ByteBuffer out;
    private final ByteBuffer in;

    Jossl(Scenario sc, Path pki) throws Exception {
      this(sc, pki, false);
    }

    Jossl(Scenario sc, Path pki, boolean buffers) throws Exception {
      super(Scenario.RECORD);
      out = buffers ? ByteBuffer.allocateDirect(Scenario.RECORD) : null;
      in = buffers ? ByteBuffer.allocateDirect(Scenario.RECORD) : null;
      SslContext serverContext = SslSetup.server(sc, pki);
      SslContext clientContext = SslSetup.client(sc, pki);
      Socket[] pair = loopbackPair();
      WrapOptions later = WrapOptions.defaults().withDoHandshakeOnConnect(false);
      client = clientContext.wrapSocket(pair[0], later);
      server = serverContext.wrapSocket(pair[1], later.withServerSide(true));
      start();
    }

    @Override
    void serverHandshake() throws IOException {
      server.doHandshake();
    }

    @Override
    void clientHandshake() throws IOException {
      client.doHandshake();
    }

    @Override
    int serverRead(byte[] array) throws IOException {
      if (in == null) {
        return server.recvInto(array, array.length);
      }
      in.clear();
      return server.recvInto(in);
    }

    @Override
    void clientWrite() throws IOException {
      if (out == null) {
        client.sendAll(data);
      } else {
        out.clear();
        client.sendAll(out);
      }
    }

    @Override
    String[] negotiated() {
      return new String[] {client.version(), client.cipher().name()};
    }

    @Override
    void closeSockets() throws IOException {
      client.close();
      server.close();
    }
  }

  private static final class Jsse extends SocketBulk {
    private final SSLSocket client;
    private final SSLSocket server;
    private final OutputStream out;
    private final InputStream in;

    Jsse(Scenario sc, Path pki) throws Exception {
      super(jsseRecord(sc, pki));
      JsseSetup setup = new JsseSetup(sc, pki);
      Socket[] pair = loopbackPair();
      SSLSocketFactory cf = setup.clientContext.getSocketFactory();
      client = (SSLSocket) cf.createSocket(pair[0], null, pair[0].getPort(), true);
      client.setUseClientMode(true);
      client.setSSLParameters(setup.clientParameters);
      server = (SSLSocket) setup.serverContext.getSocketFactory().createSocket(pair[1], null, true);
      server.setUseClientMode(false);
      server.setSSLParameters(setup.serverParameters);
      out = client.getOutputStream();
      in = server.getInputStream();
      start();
    }

    /**
     * JSSE's full TLS 1.3 record: what its in-memory twin's {@code wrap} takes from 16 KiB (its
     * SSLSocket fragments by the same rule).
     */
    private static int jsseRecord(Scenario sc, Path pki) throws Exception {
      for (Scenario twin : Scenario.values()) {
        if (twin.kind == Scenario.Kind.BULK && twin.opensslCipher.equals(sc.opensslCipher)) {
          try (JssePair p = new JssePair(twin, pki)) {
            return p.bytesPerOp();
          }
        }
      }
      throw new IllegalStateException("no in-memory twin of " + sc.id);
    }

    @Override
    void serverHandshake() throws IOException {
      server.startHandshake();
    }

    @Override
    void clientHandshake() throws IOException {
      client.startHandshake();
    }

    @Override
    int serverRead(byte[] buffer) throws IOException {
      return in.read(buffer);
    }

    @Override
    void clientWrite() throws IOException {
      out.write(data, 0, recordBytes);
    }

    @Override
    String[] negotiated() {
      return new String[] {client.getSession().getProtocol(), client.getSession().getCipherSuite()};
    }

    @Override
    void closeSockets() throws IOException {
      client.close();
      server.close();
    }
  }
}
