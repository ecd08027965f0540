package org.jossl.bench.tls;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLParameters;

/**
 * The JDK's JSSE {@link SSLEngine} pair in memory, configured like the OpenSSL side: same
 * certificates, one protocol version, one cipher suite, x25519, the client verifies the server
 * against the root with the default PKIX trust manager, no host name check.
 *
 * <p>Session tickets: JSSE reads {@code jdk.tls.server.newSessionTicketCount} once per JVM, so this
 * class sets it before the first JSSE use (each JMH fork measures one scenario): 0 for full
 * handshakes and bulk, 1 for resumption. Full handshakes use engines without a peer host, so the
 * client never looks for a session to resume; resumption uses {@code ("localhost", 443)}, so the
 * client offers the ticket it received last (JSSE uses each ticket once).
 *
 * <p>Each direction has one heap buffer: {@code wrap} writes into it and the peer's {@code unwrap}
 * reads from it, the natural way to connect two engines in memory (no copy in between).
 */
public final class JssePair implements TlsPair {
  /** The system property JSSE reads once for the number of TLS 1.3 tickets. */
  public static final String TICKETS = JsseSetup.TICKETS;

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final Scenario sc;
  private final SSLContext clientContext;
  private final SSLContext serverContext;
  private final SSLParameters clientParameters;
  private final SSLParameters serverParameters;
  private final ByteBuffer toServer;
  private final ByteBuffer toClient;
  private final ByteBuffer app;
  private final ByteBuffer data = ByteBuffer.allocate(Scenario.RECORD);
  private final int certificateLength;
  private int recordBytes;
  private long fullServerBytes;
  private SSLEngine client;
  private SSLEngine server;
  private long clientBytes;
  private long serverBytes;
  private Probe last;

  /** Contexts for {@code sc}; a first handshake for resumption; the engine pair for bulk. */
  public JssePair(Scenario sc, Path pki) throws Exception {
    this.sc = sc;
    JsseSetup setup = new JsseSetup(sc, pki);
    clientContext = setup.clientContext;
    serverContext = setup.serverContext;
    clientParameters = setup.clientParameters;
    serverParameters = setup.serverParameters;
    certificateLength = setup.certificateLength;

    SSLEngine probe = clientContext.createSSLEngine();
    toServer = ByteBuffer.allocate(2 * probe.getSession().getPacketBufferSize()).flip();
    toClient = ByteBuffer.allocate(2 * probe.getSession().getPacketBufferSize()).flip();
    app = ByteBuffer.allocate(probe.getSession().getApplicationBufferSize());

    if (sc.kind == Scenario.Kind.RESUMED) {
      handshakeOnce(false);
      fullServerBytes = serverBytes;
    } else if (sc.kind == Scenario.Kind.BULK) {
      client = newClient();
      server = newServer();
      handshake(client, server);
      // JSSE keeps a whole encrypted TLS 1.3 record within 16384 bytes, so a record carries at
      // most 16367 bytes of data (OpenSSL: 16384); one operation is one record all the same.
      data.clear();
      toServer.clear();
      recordBytes = client.wrap(data, toServer).bytesConsumed();
      toServer.flip();
      app.clear();
      server.unwrap(toServer, app);
    }
  }

  @Override
  public int bytesPerOp() {
    return sc.kind == Scenario.Kind.BULK ? recordBytes : 0;
  }

  private SSLEngine newClient() {
    SSLEngine e =
        sc.kind == Scenario.Kind.RESUMED
            ? clientContext.createSSLEngine("localhost", 443)
            : clientContext.createSSLEngine();
    e.setUseClientMode(true);
    e.setSSLParameters(clientParameters);
    return e;
  }

  private SSLEngine newServer() {
    SSLEngine e = serverContext.createSSLEngine();
    e.setUseClientMode(false);
    e.setSSLParameters(serverParameters);
    return e;
  }

  @Override
  public long op() throws Exception {
    return sc.kind == Scenario.Kind.BULK ? transfer() : handshakeOnce(false);
  }

  @Override
  public Probe probe() throws Exception {
    clientBytes = 0;
    serverBytes = 0;
    if (sc.kind == Scenario.Kind.BULK) {
      transfer();
      return new Probe(
          client.getSession().getProtocol(),
          client.getSession().getCipherSuite(),
          false,
          clientBytes,
          serverBytes,
          recordBytes);
    }
    handshakeOnce(true);
    return last;
  }

  private long handshakeOnce(boolean inspect) throws Exception {
    SSLEngine c = newClient();
    SSLEngine s = newServer();
    long serverBefore = serverBytes;
    toServer.clear().flip();
    toClient.clear().flip();
    int rounds = handshake(c, s);
    if (sc.kind == Scenario.Kind.RESUMED) {
      if (!toClient.hasRemaining()) {
        throw new IllegalStateException("no ticket: JSSE read " + TICKETS + " earlier in this JVM");
      }
      // the client takes the ticket the server sent after its handshake
      while (toClient.hasRemaining()) {
        app.clear();
        SSLEngineResult r = c.unwrap(toClient, app);
        if (r.getStatus() != SSLEngineResult.Status.OK || r.bytesProduced() != 0) {
          throw new IllegalStateException("reading the ticket: " + r);
        }
      }
    } else if (toClient.hasRemaining()) {
      throw new IllegalStateException("the server sent a ticket: set " + TICKETS + "=0 earlier");
    }
    if (inspect) {
      // JSSE does not say whether a session was resumed; a resumed TLS 1.3 handshake is the one
      // whose server sent no certificate.
      boolean resumed =
          fullServerBytes > 0 && serverBytes - serverBefore < fullServerBytes - certificateLength;
      last =
          new Probe(
              c.getSession().getProtocol(),
              c.getSession().getCipherSuite(),
              resumed,
              clientBytes,
              serverBytes,
              0);
    }
    return rounds;
  }

  /** Client step, (bytes are already in the peer's buffer), server step, until both are done. */
  private int handshake(SSLEngine c, SSLEngine s) throws Exception {
    c.beginHandshake();
    s.beginHandshake();
    boolean clientDone = false;
    boolean serverDone = false;
    int rounds = 0;
    while (!(clientDone && serverDone)) {
      if (++rounds > 10) {
        throw new IllegalStateException("handshake did not finish");
      }
      if (!clientDone) {
        clientDone = step(c, toClient, toServer, true);
      }
      if (!serverDone) {
        serverDone = step(s, toServer, toClient, false);
      }
    }
    return rounds;
  }

  /** Runs {@code e} until it needs bytes from the peer (false) or has finished (true). */
  private boolean step(SSLEngine e, ByteBuffer from, ByteBuffer to, boolean isClient)
      throws Exception {
    while (true) {
      HandshakeStatus hs = e.getHandshakeStatus();
      switch (hs) {
        case NEED_WRAP -> {
          to.compact();
          SSLEngineResult r = e.wrap(EMPTY, to);
          to.flip();
          if (r.getStatus() != SSLEngineResult.Status.OK) {
            throw new IllegalStateException("wrap: " + r);
          }
          if (isClient) {
            clientBytes += r.bytesProduced();
          } else {
            serverBytes += r.bytesProduced();
          }
        }
        case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
          if (!from.hasRemaining()) {
            return false;
          }
          app.clear();
          SSLEngineResult r = e.unwrap(from, app);
          if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
            return false;
          }
          if (r.getStatus() != SSLEngineResult.Status.OK) {
            throw new IllegalStateException("unwrap: " + r);
          }
        }
        case NEED_TASK -> {
          Runnable task;
          while ((task = e.getDelegatedTask()) != null) {
            task.run();
          }
        }
        case FINISHED, NOT_HANDSHAKING -> {
          return true;
        }
      }
    }
  }

  private long transfer() throws Exception {
    data.clear();
    toServer.compact();
    SSLEngineResult w = client.wrap(data, toServer);
    toServer.flip();
    clientBytes += w.bytesProduced();
    app.clear();
    SSLEngineResult r = server.unwrap(toServer, app);
    if (w.bytesConsumed() != recordBytes
        || r.bytesProduced() != recordBytes
        || toServer.hasRemaining()) {
      throw new IllegalStateException("not one record: " + w + " / " + r);
    }
    return r.bytesProduced();
  }

  @Override
  public void close() {
    if (client != null) {
      client.closeOutbound();
      server.closeOutbound();
    }
  }
}
