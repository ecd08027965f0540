package org.jossl.openssl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jossl.openssl.Parity.Obj;
import org.jossl.openssl.Parity.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * jossl's {@link Connection} where it goes beyond comparing calls: sessions saved as DER and
 * resumed against pyOpenSSL, socket mode against pyOpenSSL over 127.0.0.1 in both directions, and
 * how exceptions thrown by callbacks come back.
 */
class ConnectionTest {
  private static PyOpenSslSide py;
  private static JosslSide jossl;
  private static TestPki pki;

  @BeforeAll
  static void start() {
    pki = TestPki.get();
    py = new PyOpenSslSide(pki);
    jossl = new JosslSide(pki, py.pyOpenSslVersion());
  }

  @AfterAll
  static void stop() {
    if (py != null) {
      py.close();
    }
  }

  private static void limit(Run r, Obj ctx, long version) {
    r.call(ctx, "set_min_proto_version", version).get();
    r.call(ctx, "set_max_proto_version", version).get();
  }

  /**
   * A jossl client's session, saved with {@link Session#toDer()} and restored with {@link
   * Session#fromDer}, resumes against a pyOpenSSL server: both ends say so.
   */
  @ParameterizedTest(name = "TLS 0x{0}")
  @ValueSource(longs = {OpenSsl.TLS1_2_VERSION, OpenSsl.TLS1_3_VERSION})
  void sessionSavedAsDerResumesAgainstPyOpenSsl(long version) throws Exception {
    py.reset();
    jossl.reset();
    try {
      Run r = new Run(jossl, py, "jossl client");
      Obj sctx = r.serverContext("sctx", "TLS_METHOD");
      Obj cctx = r.clientContext("cctx", "TLS_METHOD", true);
      limit(r, cctx, version);
      Obj c1 = r.client(cctx, "c1");
      Obj s1 = r.server(sctx, "s1");
      assertTrue(r.handshake(c1, s1).values().stream().allMatch(Outcome::isOk));
      assertTrue(r.call(c1, "recv", 100L).raised("WantReadError")); // reads TLS 1.3 tickets
      Connection first = jossl.object("c1");
      Session session = first.getSession();
      assertNotNull(session);
      assertEquals(version, session.getProtocolVersion());
      assertEquals(first.getCipherName(), session.getCipherName());
      assertTrue(session.isResumable());
      assertTrue(session.hasTicket());
      assertEquals(7200, session.getTimeout());
      byte[] der = session.toDer();
      Session restored = Session.fromDer(der);
      assertArrayEquals(der, restored.toDer());
      assertArrayEquals(session.getId(), restored.getId());
      session.close();
      first.close();
      jossl.put("restored", restored);

      Obj c2 = r.client(cctx, "c2");
      r.call(c2, "set_session", Map.of("$ref", "restored")).get();
      Obj s2 = r.server(sctx, "s2");
      assertTrue(r.handshake(c2, s2).values().stream().allMatch(Outcome::isOk));
      assertEquals(true, r.call(c2, "session_reused").get());
      if (py.hasBinding("SSL_session_reused")) {
        assertEquals(true, r.call(s2, "session_reused").get());
      }
      // the resumed session keeps deriving the same keys on both ends
      byte[] label = "EXPORTER-jossl-test".getBytes();
      assertArrayEquals(
          r.call(c2, "export_keying_material", label, 32L, null).bytes(),
          r.call(s2, "export_keying_material", label, 32L, null).bytes());
    } finally {
      py.reset();
      jossl.reset();
    }
    OpenSslException e =
        assertThrows(OpenSslException.class, () -> Session.fromDer(new byte[] {0x30, 3, 1}));
    assertFalse(e.errors().isEmpty());
    assertEquals(OpenSslException.render(e.errors()), e.getMessage());
  }

  // ---- socket mode against pyOpenSSL

  private static Context clientContext(long version) throws OpenSslException {
    Context ctx = new Context(OpenSsl.TLS_METHOD);
    ctx.setMaxProtoVersion((int) version);
    ctx.loadVerifyLocations(pki.rootPem.toString());
    ctx.setVerify(OpenSsl.VERIFY_PEER);
    ctx.setAlpnProtos(List.of("http/1.1".getBytes()));
    return ctx;
  }

  private static Context serverContext(long version) throws OpenSslException {
    Context ctx = new Context(OpenSsl.TLS_METHOD);
    ctx.setMaxProtoVersion((int) version);
    ctx.useCertificateChainFile(pki.serverChainPem.toString());
    ctx.usePrivatekeyFile(pki.serverKey.toString());
    ctx.setAlpnSelectCallback((c, offered) -> offered.get(0));
    return ctx;
  }

  private static byte[] payload(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> join(String name) {
    Object result = py.peer().call("join", "name", name, "timeout", 30);
    Map<String, Object> m = (Map<String, Object>) result;
    assertFalse(m.containsKey("raised"), "pyOpenSSL end failed: " + m);
    return m;
  }

  /** jossl over a {@link Socket} as the client of a pyOpenSSL echo server. */
  @ParameterizedTest(name = "TLS 0x{0}")
  @ValueSource(longs = {OpenSsl.TLS1_2_VERSION, OpenSsl.TLS1_3_VERSION})
  void josslClientOverASocket(long version) throws Exception {
    py.reset();
    py.context("sctx", "TLS_METHOD").get();
    py.call("sctx", "use_certificate_chain_file", List.of(pki.serverChainPem.toString())).get();
    py.call("sctx", "use_privatekey_file", List.of(pki.serverKey.toString())).get();
    py.callback("sctx", "alpn_select", "http/1.1".getBytes(), null, 0).get();
    Object port = py.peer().call("serve", "name", "server", "context", "sctx", "mode", "echo");
    byte[] data = payload(60_000);
    Map<String, Object> server;
    try (Context ctx = clientContext(version);
        Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), ((Long) port).intValue()),
          20_000);
      socket.setSoTimeout(20_000);
      Connection conn = new Connection(ctx, socket);
      conn.setConnectState();
      conn.setTlsextHostName("localhost");
      conn.doHandshake();
      assertEquals(version, conn.getProtocolVersion());
      assertEquals(data.length, conn.sendAll(data));
      ByteArrayOutputStream echo = new ByteArrayOutputStream();
      while (echo.size() < data.length) {
        echo.writeBytes(conn.recv(65536));
      }
      assertArrayEquals(data, echo.toByteArray());
      assertFalse(conn.shutdown());
      assertThrows(ZeroReturnException.class, () -> conn.recv(10));
      assertEquals(OpenSsl.SENT_SHUTDOWN | OpenSsl.RECEIVED_SHUTDOWN, conn.getShutdown());
      server = join("server");
      assertEquals("localhost", Outcome.canon(server.get("servername")));
      assertEquals(conn.getCipherName(), server.get("cipher"));
      assertEquals(conn.getProtocolVersionName(), server.get("version"));
      assertArrayEquals(conn.getFinished(), (byte[]) server.get("peer_finished"));
      assertArrayEquals(conn.getPeerFinished(), (byte[]) server.get("finished"));
      assertArrayEquals(conn.clientRandom(), (byte[]) server.get("client_random"));
      assertArrayEquals(
          conn.exportKeyingMaterial("EXPORTER-jossl".getBytes(), 32, null),
          (byte[]) server.get("ekm"));
      assertArrayEquals(data, (byte[]) server.get("received"));
      assertEquals(Map.of("type", "ZeroReturnError", "str", ""), server.get("end"));
      conn.close();
    }
  }

  /** jossl over an accepted {@link Socket} as the server of a pyOpenSSL client. */
  @ParameterizedTest(name = "TLS 0x{0}")
  @ValueSource(longs = {OpenSsl.TLS1_2_VERSION, OpenSsl.TLS1_3_VERSION})
  void josslServerOverASocket(long version) throws Exception {
    py.reset();
    py.context("cctx", "TLS_METHOD").get();
    py.call("cctx", "load_verify_locations", List.of(pki.rootPem.toString())).get();
    py.call("cctx", "set_verify", List.of((long) OpenSsl.VERIFY_PEER)).get();
    py.call("cctx", "set_alpn_protos", List.of(List.of("h2".getBytes(), "http/1.1".getBytes())))
        .get();
    byte[] data = payload(70_000);
    try (Context ctx = serverContext(version);
        ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      listener.setSoTimeout(20_000);
      py.peer()
          .call(
              "connect",
              "name",
              "client",
              "port",
              listener.getLocalPort(),
              "context",
              "cctx",
              "sni",
              "localhost".getBytes(),
              "payload",
              data);
      try (Socket socket = listener.accept()) {
        socket.setSoTimeout(20_000);
        Connection conn = new Connection(ctx, socket);
        conn.setAcceptState();
        conn.doHandshake();
        assertEquals("localhost", conn.getServername());
        assertArrayEquals("h2".getBytes(), conn.getAlpnProtoNegotiated());
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        while (received.size() < data.length) {
          received.writeBytes(conn.recv(65536));
        }
        assertArrayEquals(data, received.toByteArray());
        conn.sendAll(received.toByteArray());
        assertThrows(ZeroReturnException.class, () -> conn.recv(10)); // the client's close_notify
        assertTrue(conn.shutdown());
        Map<String, Object> client = join("client");
        assertArrayEquals(data, (byte[]) client.get("echo"));
        assertEquals("h2", Outcome.canon(client.get("alpn")));
        assertEquals(conn.getCipherName(), client.get("cipher"));
        assertEquals(
            version == OpenSsl.TLS1_3_VERSION ? "TLSv1.3" : "TLSv1.2", client.get("version"));
        assertArrayEquals(conn.getFinished(), (byte[]) client.get("peer_finished"));
        assertArrayEquals(conn.getPeerFinished(), (byte[]) client.get("finished"));
        assertArrayEquals(conn.serverRandom(), (byte[]) client.get("server_random"));
        assertArrayEquals(
            conn.exportKeyingMaterial("EXPORTER-jossl".getBytes(), 32, null),
            (byte[]) client.get("ekm"));
        assertEquals("localhost", client.get("peer"));
        conn.close();
      }
    }
  }

  // ---- exceptions from callbacks

  private static Connection[] memoryPair(Context client, Context server) throws Exception {
    Connection c = new Connection(client);
    c.setConnectState();
    Connection s = new Connection(server);
    s.setAcceptState();
    return new Connection[] {c, s};
  }

  /** Runs the handshake; returns what the client and server threw (null: finished). */
  private static Exception[] handshake(Connection c, Connection s) throws Exception {
    Exception[] failed = new Exception[2];
    boolean[] done = new boolean[2];
    Connection[] ends = {c, s};
    for (int round = 0; round < 20; round++) {
      for (int i = 0; i < 2; i++) {
        if (!done[i] && failed[i] == null) {
          try {
            ends[i].doHandshake();
            done[i] = true;
          } catch (WantReadException e) {
            // more bytes needed
          } catch (Exception e) {
            failed[i] = e;
          }
        }
      }
      boolean moved = move(c, s) | move(s, c);
      boolean finished = (done[0] || failed[0] != null) && (done[1] || failed[1] != null);
      if (finished || !moved) {
        break;
      }
    }
    return failed;
  }

  private static boolean move(Connection from, Connection to) throws OpenSslException {
    boolean moved = false;
    while (true) {
      try {
        to.bioWrite(from.bioRead(65536));
        moved = true;
      } catch (WantReadException e) {
        return moved;
      }
    }
  }

  /**
   * An unchecked exception thrown by a callback comes back unchanged (the same object) from the
   * call that ran the handshake; a checked one comes wrapped in a {@link CallbackException}.
   */
  @Test
  void callbackExceptionsComeBackUnchanged() throws Exception {
    IllegalStateException unchecked = new IllegalStateException("verify says no");
    IOException checked = new IOException("alpn backend unreachable");
    try (Context server = serverContext(OpenSsl.TLS1_3_VERSION);
        Context client = clientContext(OpenSsl.TLS1_3_VERSION)) {
      client.setVerify(
          OpenSsl.VERIFY_PEER,
          (conn, cert, errno, depth, ok) -> {
            throw unchecked;
          });
      Connection[] pair = memoryPair(client, server);
      Exception[] failed = handshake(pair[0], pair[1]);
      assertSame(unchecked, failed[0]);
      assertInstanceOf(OpenSslException.class, failed[1]);
      pair[0].close();
      pair[1].close();
    }
    try (Context server = new Context(OpenSsl.TLS_METHOD);
        Context client = clientContext(OpenSsl.TLS1_3_VERSION)) {
      server.useCertificateChainFile(pki.serverChainPem.toString());
      server.usePrivatekeyFile(pki.serverKey.toString());
      server.setAlpnSelectCallback(
          (conn, offered) -> {
            throw checked;
          });
      Connection[] pair = memoryPair(client, server);
      Exception[] failed = handshake(pair[0], pair[1]);
      CallbackException wrapped = assertInstanceOf(CallbackException.class, failed[1]);
      assertSame(checked, wrapped.getCause());
      assertEquals(checked.toString(), wrapped.getMessage());
      assertEquals(
          "[('SSL routines', '', 'tlsv1 alert no application protocol')]", failed[0].getMessage());
      pair[0].close();
      pair[1].close();
    }
  }

  /**
   * A server name callback that throws aborts the handshake with a fatal alert and the exception
   * comes back from the server's handshake call — as pyOpenSSL 26.0 does (CVE-2026-27448); older
   * pyOpenSSL let it escape and continued. The pyOpenSSL client sees the alert.
   */
  @ParameterizedTest(name = "TLS 0x{0}")
  @ValueSource(longs = {OpenSsl.TLS1_2_VERSION, OpenSsl.TLS1_3_VERSION})
  void throwingServerNameCallbackAbortsTheHandshake(long version) {
    py.reset();
    jossl.reset();
    try {
      Run r = new Run(py, jossl, "jossl server");
      Obj sctx = r.serverContext("sctx", "TLS_METHOD");
      r.callback(sctx, "servername", "raise");
      Obj cctx = r.clientContext("cctx", "TLS_METHOD", true);
      limit(r, cctx, version);
      Obj c = r.client(cctx, "c");
      r.call(c, "set_tlsext_host_name", "localhost".getBytes()).get();
      Obj s = r.server(sctx, "s");
      Map<String, Outcome> out = r.handshake(c, s);
      assertEquals("CallbackBoom", out.get("server").type());
      assertEquals("servername", out.get("server").str());
      assertEquals(
          "[('SSL routines', '', 'sslv3 alert handshake failure')]", out.get("client").str());
      assertNotEquals("SSL negotiation finished successfully", r.call(s, "get_state_string").get());
    } finally {
      py.reset();
      jossl.reset();
    }
  }

  /**
   * DTLS-only calls refuse a TLS connection (pyOpenSSL 23 crashes in {@code get_cleartext_mtu()}
   * there), and the retransmission timer of a DTLS client runs after its first flight. pyOpenSSL
   * compares the timer in PyOpenSslParityTest where it has one (23.1 and later).
   */
  @Test
  void dtlsOnlyCalls() throws Exception {
    try (Context tls = new Context(OpenSsl.TLS_METHOD);
        Connection c = new Connection(tls)) {
      assertThrows(IllegalStateException.class, c::getCleartextMtu);
      assertThrows(IllegalStateException.class, () -> c.setCiphertextMtu(1200));
      assertThrows(IllegalStateException.class, c::dtlsv1Listen);
      assertThrows(IllegalStateException.class, c::dtlsv1GetTimeout);
      assertThrows(IllegalStateException.class, c::dtlsv1HandleTimeout);
    }
    try (Context dtls = new Context(OpenSsl.DTLS_CLIENT_METHOD);
        Connection c = new Connection(dtls)) {
      c.setConnectState();
      assertEquals(null, c.dtlsv1GetTimeout());
      assertThrows(WantReadException.class, c::doHandshake);
      Double left = c.dtlsv1GetTimeout();
      assertNotNull(left);
      assertTrue(left > 0 && left <= 1.0, "initial DTLS timer is one second, left " + left);
      assertFalse(c.dtlsv1HandleTimeout());
      assertTrue(c.bioRead(65536).length > 0); // the ClientHello
    }
  }

  /**
   * A peer that drops the TCP connection without close_notify: jossl's read fails as pyOpenSSL's
   * does, with {@code SysCallError(-1, 'Unexpected EOF')}, in both directions.
   */
  @ParameterizedTest(name = "TLS 0x{0}")
  @ValueSource(longs = {OpenSsl.TLS1_2_VERSION, OpenSsl.TLS1_3_VERSION})
  void peerDroppingTheConnectionIsAnUnexpectedEof(long version) throws Exception {
    py.reset();
    py.context("sctx", "TLS_METHOD").get();
    py.call("sctx", "use_certificate_chain_file", List.of(pki.serverChainPem.toString())).get();
    py.call("sctx", "use_privatekey_file", List.of(pki.serverKey.toString())).get();
    py.context("cctx", "TLS_METHOD").get();
    py.call("cctx", "load_verify_locations", List.of(pki.rootPem.toString())).get();
    py.call("cctx", "set_verify", List.of((long) OpenSsl.VERIFY_PEER)).get();
    Object port = py.peer().call("serve", "name", "server", "context", "sctx", "mode", "abort");
    byte[] data = payload(1000);
    // jossl client, pyOpenSSL server that drops the connection
    try (Context ctx = clientContext(version);
        Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), ((Long) port).intValue()),
          20_000);
      socket.setSoTimeout(20_000);
      Connection conn = new Connection(ctx, socket);
      conn.setConnectState();
      conn.doHandshake();
      conn.sendAll(data);
      SysCallException e = assertThrows(SysCallException.class, () -> conn.recv(100));
      assertEquals("(-1, 'Unexpected EOF')", e.getMessage());
      assertEquals(-1, e.errno());
      assertArrayEquals(data, (byte[]) join("server").get("received"));
      conn.close();
    }
    // pyOpenSSL client, jossl server that drops the connection
    try (Context ctx = serverContext(version);
        ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      listener.setSoTimeout(20_000);
      py.peer()
          .call(
              "connect",
              "name",
              "client",
              "port",
              listener.getLocalPort(),
              "context",
              "cctx",
              "payload",
              data);
      try (Socket socket = listener.accept()) {
        socket.setSoTimeout(20_000);
        Connection conn = new Connection(ctx, socket);
        conn.setAcceptState();
        conn.doHandshake();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        while (received.size() < data.length) {
          received.writeBytes(conn.recv(65536));
        }
        conn.close(); // closes the socket without close_notify
      }
      Map<String, Object> client = join("client");
      assertEquals(
          Map.of("type", "SysCallError", "str", "(-1, 'Unexpected EOF')"), client.get("end"));
    }
    py.reset();
  }
}
