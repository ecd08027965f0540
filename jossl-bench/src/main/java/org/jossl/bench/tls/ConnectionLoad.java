package org.jossl.bench.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.jossl.crypto.OpenSslLibrary;
import org.jossl.ssl.SslContext;
import org.jossl.ssl.SslSession;
import org.jossl.ssl.SslSocket;
import org.jossl.ssl.WrapOptions;

/**
 * Many concurrent clients, each on a virtual thread, making connections one after the other to a
 * server in the {@link ConnectionServer} JVM: connect, handshake, read the server's one byte (by
 * then a ticket the server sent has been read too), close. In the resumption scenario each client
 * offers the session of its own previous connection.
 *
 * <p>Three pairs: {@code jossl} (jossl clients, Python's {@code SslSocket}, against the jossl
 * server), {@code jsseServer} (the same jossl clients against the JSSE server: the two servers
 * under the same load) and {@code jsse} (JSSE clients against the JSSE server). A slice counts the
 * connections the clients completed, this JVM's CPU time (the clients) and the server JVM's.
 */
final class ConnectionLoad implements Contender {
  /** The client → server pairs, in the order of the first round. */
  static final List<String> IMPLS = List.of("jossl", "jsseServer", "jsse");

  private static final int TIMEOUT_MILLIS = 10_000;
  private static final int MAX_FAILURES = 100;

  private final String impl;
  private final Scenario sc;
  private final ConnectionServer.Process server;
  private final int concurrency;
  private final InetSocketAddress address;
  private final boolean resume;
  private final SslContext josslClient;
  private final SSLSocketFactory[] jsseFactories;
  private final SSLParameters jsseParameters;
  private final SslSession[] sessions;
  private final LongAdder failures = new LongAdder();
  private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
  private long connections;
  private long serverHandshakes;
  private long serverResumed;
  private long serverFailures;
  private TlsPair.Probe probe;

  ConnectionLoad(
      String impl, Scenario sc, Path pki, ConnectionServer.Process server, int concurrency)
      throws Exception {
    this.impl = impl;
    this.sc = sc;
    this.server = server;
    this.concurrency = concurrency;
    this.resume = sc.kind == Scenario.Kind.CONNECT_RESUMED;
    this.sessions = new SslSession[concurrency];
    boolean josslServer = impl.equals("jossl");
    this.address =
        new InetSocketAddress(
            InetAddress.getLoopbackAddress(), josslServer ? server.josslPort : server.jssePort);
    if (impl.equals("jsse")) {
      JsseSetup setup = new JsseSetup(sc, pki);
      // resuming, each client has a context of its own, as each jossl client its own session
      jsseFactories = new SSLSocketFactory[concurrency];
      for (int i = 0; i < concurrency; i++) {
        jsseFactories[i] =
            resume
                ? setup.newClientContext().getSocketFactory()
                : setup.clientContext.getSocketFactory();
      }
      jsseParameters = setup.clientParameters;
      josslClient = null;
    } else {
      josslClient = SslSetup.client(sc, pki);
      jsseFactories = null;
      jsseParameters = null;
    }
  }

  /** One connection of client {@code i}; returns [protocol, cipher] when asked. */
  private String[] connectOnce(int i, boolean describe) throws IOException {
    Socket raw = new Socket();
    try {
      raw.setTcpNoDelay(true);
      raw.setSoTimeout(TIMEOUT_MILLIS);
      raw.connect(address, TIMEOUT_MILLIS);
    } catch (IOException e) {
      raw.close();
      throw e;
    }
    if (josslClient != null) {
      // server_hostname "localhost": SNI, as the JSSE client sends it (no host name check)
      WrapOptions options =
          WrapOptions.defaults()
              .withServerHostname("localhost")
              .withSession(resume ? sessions[i] : null);
      try (SslSocket s = josslClient.wrapSocket(raw, options)) {
        byte[] one = new byte[1];
        if (s.read(1, one) != 1) {
          throw new IOException("no byte from the server");
        }
        if (resume) {
          sessions[i] = s.getSession();
        }
        return describe ? new String[] {s.version(), s.cipher().name()} : null;
      } catch (IOException | RuntimeException e) {
        raw.close();
        throw e;
      }
    }
    try (SSLSocket s =
        (SSLSocket) jsseFactories[i].createSocket(raw, "localhost", address.getPort(), true)) {
      s.setSSLParameters(jsseParameters);
      s.startHandshake();
      InputStream in = s.getInputStream();
      if (in.read() != 1) {
        throw new IOException("no byte from the server");
      }
      return describe
          ? new String[] {s.getSession().getProtocol(), s.getSession().getCipherSuite()}
          : null;
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  private void client(int i, long deadline, LongAdder done) {
    while (System.nanoTime() < deadline) {
      try {
        connectOnce(i, false);
        done.increment();
      } catch (IOException | RuntimeException e) {
        failures.increment();
        firstFailure.compareAndSet(null, e);
        if (failures.sum() > MAX_FAILURES) {
          return;
        }
      }
    }
  }

  @Override
  public Slice slice(double seconds) throws Exception {
    server.gc();
    TlsInterleaved.settle();
    long[] s0 = server.stats();
    LongAdder done = new LongAdder();
    long sc0 = server.cpu();
    long c0 = CpuClock.processNanos();
    long t0 = System.nanoTime();
    long deadline = t0 + (long) (seconds * 1e9);
    try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < concurrency; i++) {
        int id = i;
        clients.submit(() -> client(id, deadline, done));
      }
    }
    long t = System.nanoTime();
    long cpu = CpuClock.processNanos() - c0;
    long serverCpu = server.cpu() - sc0;
    long[] s1 = server.stats();
    int base = impl.equals("jossl") ? 0 : 3;
    connections += done.sum();
    serverHandshakes += s1[base] - s0[base];
    serverResumed += s1[base + 1] - s0[base + 1];
    serverFailures += s1[base + 2] - s0[base + 2];
    if (failures.sum() > MAX_FAILURES) {
      throw new IllegalStateException(
          impl + ": more than " + MAX_FAILURES + " failed connections", firstFailure.get());
    }
    return new Slice(done.sum(), t - t0, cpu, serverCpu);
  }

  @Override
  public TlsPair.Probe probe() throws Exception {
    if (probe == null) {
      String[] n = connectOnce(0, true);
      if (resume) {
        connectOnce(0, false);
      }
      probe = new TlsPair.Probe(n[0], n[1], resume, 0, 0, 0);
    }
    return probe;
  }

  @Override
  public String openssl() {
    return OpenSslLibrary.version();
  }

  /** {@code note} lines: what the clients and the server counted over all slices. */
  List<String> notes() throws IOException {
    List<String> out = new ArrayList<>();
    out.add(
        "note "
            + impl
            + " connections="
            + connections
            + " server_handshakes="
            + serverHandshakes
            + " server_resumed="
            + serverResumed
            + " client_failures="
            + failures.sum()
            + " server_failures="
            + serverFailures
            + " concurrency="
            + concurrency);
    Throwable t = firstFailure.get();
    if (t != null) {
      out.add("note " + impl + " first_client_failure=" + t.toString().replace('\n', ' '));
    }
    if (serverFailures > 0) {
      out.add("note " + impl + " first_server_failure=" + server.failure());
    }
    return out;
  }

  @Override
  public void close() {
    if (josslClient != null) {
      josslClient.close();
    }
  }

  @Override
  public String toString() {
    return impl + " " + sc.id;
  }
}
