package org.jossl.bench.tls;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.jossl.openssl.Connection;
import org.jossl.openssl.Context;
import org.jossl.openssl.WantReadException;

/**
 * Bulk transfer through the pyOpenSSL face with direct {@link ByteBuffer}s: {@code
 * send(ByteBuffer)}, {@code bioRead(ByteBuffer)}, {@code bioWrite(ByteBuffer)}, {@code
 * recvInto(ByteBuffer)} — the same calls as {@link JosslPair}'s, but as a Java program that reuses
 * its buffers makes them (no array per record, no copy between the Java heap and OpenSSL).
 */
public final class JosslBufferPair implements TlsPair {
  private final Context clientContext;
  private final Context serverContext;
  private final Connection client;
  private final Connection server;
  private final ByteBuffer data = ByteBuffer.allocateDirect(Scenario.RECORD);
  private final ByteBuffer in = ByteBuffer.allocateDirect(Scenario.RECORD);
  private final ByteBuffer net = ByteBuffer.allocateDirect(Scenario.NET_BUFFER);
  private long clientBytes;

  /** A handshaken connection pair for the bulk scenario {@code sc}. */
  public JosslBufferPair(Scenario sc, Path pki) throws Exception {
    if (sc.kind != Scenario.Kind.BULK) {
      throw new IllegalArgumentException(sc.id + ": only bulk scenarios use ByteBuffers");
    }
    this.serverContext = OpenSslSetup.server(sc, pki);
    this.clientContext = OpenSslSetup.client(sc, pki);
    client = new Connection(clientContext);
    client.setConnectState();
    server = new Connection(serverContext);
    server.setAcceptState();
    boolean clientDone = false;
    boolean serverDone = false;
    for (int rounds = 0; !(clientDone && serverDone); rounds++) {
      if (rounds > 10) {
        throw new IllegalStateException("handshake did not finish");
      }
      clientDone = clientDone || JosslPair.step(client);
      move(client, server);
      serverDone = serverDone || JosslPair.step(server);
      move(server, client);
    }
  }

  /** Everything {@code from} has for the peer, through one reused direct buffer. */
  private int move(Connection from, Connection to) throws Exception {
    int total = 0;
    while (true) {
      net.clear();
      try {
        from.bioRead(net);
      } catch (WantReadException e) {
        return total;
      }
      net.flip();
      total += net.remaining();
      while (net.hasRemaining()) {
        to.bioWrite(net);
      }
    }
  }

  @Override
  public long op() throws Exception {
    data.clear();
    int n = client.send(data);
    clientBytes += move(client, server);
    in.clear();
    int r = server.recvInto(in);
    if (n != Scenario.RECORD || r != Scenario.RECORD) {
      throw new IllegalStateException("partial record: sent " + n + ", received " + r);
    }
    return r;
  }

  @Override
  public int bytesPerOp() {
    return Scenario.RECORD;
  }

  @Override
  public Probe probe() throws Exception {
    clientBytes = 0;
    op();
    return new Probe(
        client.getProtocolVersionName(),
        client.getCipherName(),
        client.sessionReused(),
        clientBytes,
        0,
        Scenario.RECORD);
  }

  @Override
  public void close() throws Exception {
    client.close();
    server.close();
    clientContext.close();
    serverContext.close();
  }
}
