package org.jossl.bench.tls;

import java.nio.file.Path;
import org.jossl.openssl.Connection;
import org.jossl.openssl.Context;
import org.jossl.openssl.Session;
import org.jossl.openssl.WantReadException;

/**
 * jossl through its pyOpenSSL face in memory mode: {@code Connection(context)}, {@code
 * do_handshake}, {@code bio_read}/{@code bio_write}, {@code send}/{@code recv_into} — the calls a
 * pyOpenSSL program makes.
 */
public final class JosslPair implements TlsPair {
  private final Scenario sc;
  private final Context clientContext;
  private final Context serverContext;
  private final byte[] data = new byte[Scenario.RECORD];
  private final byte[] in = new byte[Scenario.RECORD];
  private Session session;
  private Connection client;
  private Connection server;
  private long clientBytes;
  private long serverBytes;
  private Probe last;

  /** Contexts for {@code sc}; a first handshake for resumption; the connection pair for bulk. */
  public JosslPair(Scenario sc, Path pki) throws Exception {
    this.sc = sc;
    this.serverContext = OpenSslSetup.server(sc, pki);
    this.clientContext = OpenSslSetup.client(sc, pki);
    if (sc.kind == Scenario.Kind.RESUMED) {
      handshakeOnce(false);
      if (session == null) {
        throw new IllegalStateException("no session after the first handshake");
      }
    } else if (sc.kind == Scenario.Kind.BULK) {
      client = newClient();
      server = newServer();
      handshake(client, server);
    }
  }

  @Override
  public long op() throws Exception {
    return sc.kind == Scenario.Kind.BULK ? transfer() : handshakeOnce(false);
  }

  @Override
  public int bytesPerOp() {
    return sc.kind == Scenario.Kind.BULK ? Scenario.RECORD : 0;
  }

  @Override
  public Probe probe() throws Exception {
    clientBytes = 0;
    serverBytes = 0;
    if (sc.kind == Scenario.Kind.BULK) {
      transfer();
      return new Probe(
          client.getProtocolVersionName(),
          client.getCipherName(),
          client.sessionReused(),
          clientBytes,
          serverBytes,
          Scenario.RECORD);
    }
    handshakeOnce(true);
    return last;
  }

  private Connection newClient() throws Exception {
    Connection c = new Connection(clientContext);
    c.setConnectState();
    return c;
  }

  private Connection newServer() throws Exception {
    Connection s = new Connection(serverContext);
    s.setAcceptState();
    return s;
  }

  private long handshakeOnce(boolean inspect) throws Exception {
    Connection c = newClient();
    Connection s = newServer();
    try {
      if (session != null) {
        c.setSession(session);
      }
      int rounds = handshake(c, s);
      if (sc.kind == Scenario.Kind.RESUMED) {
        readTickets(c);
        Session next = c.getSession();
        if (session != null) {
          session.close();
        }
        session = next;
      }
      if (inspect) {
        last =
            new Probe(
                c.getProtocolVersionName(),
                c.getCipherName(),
                c.sessionReused() && s.sessionReused(),
                clientBytes,
                serverBytes,
                0);
      }
      return rounds;
    } finally {
      c.close();
      s.close();
    }
  }

  /** Client step, move, server step, move, until both are done; returns the rounds. */
  private int handshake(Connection c, Connection s) throws Exception {
    boolean clientDone = false;
    boolean serverDone = false;
    int rounds = 0;
    while (!(clientDone && serverDone)) {
      if (++rounds > 10) {
        throw new IllegalStateException("handshake did not finish");
      }
      if (!clientDone) {
        clientDone = step(c);
      }
      clientBytes += move(c, s);
      if (!serverDone) {
        serverDone = step(s);
      }
      serverBytes += move(s, c);
    }
    return rounds;
  }

  /** One handshake step: whether the connection is done (false: it wants the peer's bytes). */
  static boolean step(Connection conn) throws Exception {
    try {
      conn.doHandshake();
      return true;
    } catch (WantReadException e) {
      return false;
    }
  }

  /** Everything {@code from} has for the peer, {@code bio_read} then {@code bio_write}. */
  private static int move(Connection from, Connection to) throws Exception {
    int total = 0;
    while (true) {
      byte[] bytes;
      try {
        bytes = from.bioRead(Scenario.NET_BUFFER);
      } catch (WantReadException e) {
        return total;
      }
      to.bioWrite(bytes);
      total += bytes.length;
    }
  }

  /** The client reads what the server sent after its handshake (the session ticket). */
  private void readTickets(Connection c) throws Exception {
    try {
      c.recvInto(in);
      throw new IllegalStateException("unexpected application data");
    } catch (WantReadException expected) {
      // the ticket was processed; no application data
    }
  }

  private long transfer() throws Exception {
    int n = client.send(data);
    clientBytes += move(client, server);
    int r = server.recvInto(in);
    if (n != Scenario.RECORD || r != Scenario.RECORD) {
      throw new IllegalStateException("partial record: sent " + n + ", received " + r);
    }
    return r;
  }

  @Override
  public void close() throws Exception {
    if (client != null) {
      client.close();
      server.close();
    }
    if (session != null) {
      session.close();
    }
    clientContext.close();
    serverContext.close();
  }
}
