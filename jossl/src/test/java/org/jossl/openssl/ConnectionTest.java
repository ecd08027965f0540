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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jossl.openssl.Parity.Obj;
import org.jossl.openssl.Parity.Run;
import org.jossl.testing.OpensslProcess;
import org.jossl.testing.Peers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
    try (Context ctx = serverContext(version)) {
      try (PyClient peer = acceptPyOpenSslClient(ctx, data, "sni", "localhost".getBytes())) {
        Connection conn = peer.conn();
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

  /** A jossl server connection over the socket a pyOpenSSL client connected to. */
  private record PyClient(ServerSocket listener, Socket socket, Connection conn)
      implements AutoCloseable {
    @Override
    public void close() throws IOException {
      try (listener;
          socket) {
        conn.close();
      }
    }
  }

  /**
   * Starts the peer's client "client" (context cctx, sending {@code payload}; {@code extra} are
   * more of its keys and values) against a fresh listener and returns the jossl end of the accepted
   * socket in server state, not yet handshaken.
   */
  private static PyClient acceptPyOpenSslClient(Context ctx, byte[] payload, Object... extra)
      throws IOException {
    ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    try {
      listener.setSoTimeout(20_000);
      List<Object> args =
          new ArrayList<>(
              List.of("name", "client", "port", listener.getLocalPort(), "context", "cctx"));
      args.addAll(Arrays.asList(extra));
      args.addAll(List.of("payload", payload));
      py.peer().call("connect", args.toArray());
      Socket socket = listener.accept();
      socket.setSoTimeout(20_000);
      Connection conn = new Connection(ctx, socket);
      conn.setAcceptState();
      return new PyClient(listener, socket, conn);
    } catch (IOException | RuntimeException e) {
      listener.close();
      throw e;
    }
  }

  // ---- what a connection carries beyond its context

  private static final long REQUIRE = OpenSsl.VERIFY_PEER | OpenSsl.VERIFY_FAIL_IF_NO_PEER_CERT;

  /**
   * A connection's own settings, call by call against pyOpenSSL in every configuration: app data,
   * its own info callback (pyOpenSSL before 25.2 has only the context's, which OpenSSL calls alike
   * for a connection without one; its context serves no other connection here), the read/write
   * aliases and recv_into (nbytes 0, clamped, MSG_PEEK), and its own options (set_options and
   * get_options: pyOpenSSL 26.2, else read through its bindings) with their effect: a connection
   * with OP_NO_TICKET gives no ticket, so its client cannot resume with a server that keeps no
   * session cache.
   */
  @ParameterizedTest(name = "TLS 0x{0}")
  @ValueSource(longs = {OpenSsl.TLS1_2_VERSION, OpenSsl.TLS1_3_VERSION})
  void connectionLevelCallsMatchPyOpenSsl(long version) {
    boolean options =
        py.connectionHas("set_options")
            || (py.hasBinding("SSL_set_options") && py.hasBinding("SSL_get_options"));
    Parity.check(
        py,
        jossl,
        r -> {
          Obj ictx = r.serverContext("ictx", "TLS_METHOD");
          Obj cctx = r.clientContext("cctx", "TLS_METHOD", true);
          limit(r, cctx, version);
          Obj c = r.client(cctx, "c");
          r.rec(c, "get_app_data");
          r.rec(c, "set_app_data", "per connection".getBytes());
          r.rec(c, "get_app_data");
          r.rec(cctx, "get_app_data");
          Obj s = r.connection(ictx, "s");
          r.callback(s, "info", "record");
          r.rec(s, "set_accept_state");
          r.handshake(c, s);
          r.events("the server connection's info callback");
          r.rec(c, "write", "0123456789abcdef".getBytes());
          r.pump(c, s);
          r.rec(s, "recv_into", 4L, 0L);
          r.rec(s, "recv_into", 16L, 3L, (long) Connection.MSG_PEEK);
          r.rec(s, "recv_into", 4L);
          r.rec(s, "recv_into", 4L, 100L);
          r.rec(s, "read", 3L);
          r.rec(s, "read", 100L);
          r.rec(s, "read", 100L);
          r.rec(s, "recv_into", 8L);
          r.rec(s, "write", "back".getBytes());
          r.pump(c, s);
          r.rec(c, "read", 100L);
          r.rec(c, "get_app_data");
          r.events("info after the data");
          if (options) {
            Obj sctx = r.serverContext("sctx", "TLS_METHOD");
            r.rec(sctx, "set_session_cache_mode", OpenSsl.SESS_CACHE_OFF);
            for (boolean noTicket : new boolean[] {true, false}) {
              String n = noTicket ? "no-ticket" : "ticket";
              Obj c1 = r.client(cctx, "c1-" + n);
              Obj s1 = r.connection(sctx, "s1-" + n);
              if (noTicket) {
                r.rec(s1, "set_options", OpenSsl.OP_NO_TICKET);
              }
              r.rec(s1, "get_options");
              r.rec(c1, "get_options");
              r.rec(s1, "set_accept_state");
              r.handshake(c1, s1);
              r.resume(c1, cctx, sctx, n);
            }
          }
        });
  }

  /**
   * The java.security overloads of use_certificate and use_privatekey, on a context and on one
   * connection, behave as pyOpenSSL's X509/PKey ones (which the peer gets for the same material): a
   * mismatching key is refused, and the server and client certificates verify.
   */
  @Test
  void javaSecurityCertificatesAndKeys() {
    String cas = pki.casPem.toString();
    Parity.check(
        py,
        jossl,
        r -> {
          Obj sctx = r.context(true, "sctx", "TLS_METHOD");
          r.rec(sctx, "use_certificate", Map.of("$jcert", "server"));
          r.rec(sctx, "add_extra_chain_cert", Map.of("$cert", "inter"));
          r.rec(sctx, "use_privatekey", Map.of("$jkey", "other"));
          r.rec(sctx, "use_privatekey", Map.of("$jkey", "server"));
          r.rec(sctx, "check_privatekey");
          r.call(sctx, "load_verify_locations", cas).get();
          r.callback(sctx, "verify", "record", null, (int) REQUIRE);
          Obj cctx = r.clientContext("cctx", "TLS_METHOD", true);
          Obj c = r.client(cctx, "c");
          r.rec(c, "use_certificate", Map.of("$jcert", "client"));
          r.rec(c, "use_privatekey", Map.of("$jkey", "other"));
          r.rec(c, "use_privatekey", Map.of("$jkey", "client"));
          Obj s = r.server(sctx, "s");
          r.handshake(c, s);
          r.events("verify");
          r.rec(c, "get_peer_certificate");
          r.rec(c, "get_certificate");
          r.rec(s, "get_peer_certificate");
          r.rec(s, "get_certificate");
          r.rec(c, "get_verify_result");
        });
  }

  /**
   * A server name callback that switches the connection's context: getContext() is the new one,
   * getInitialContext() the one it was made with, and the pyOpenSSL client sees the new
   * certificate.
   */
  @Test
  void initialContextAfterASwitch() {
    py.reset();
    jossl.reset();
    try {
      Run r = new Run(py, jossl, "jossl server");
      Obj other = r.serverContext("other", "TLS_METHOD");
      r.call(other, "use_certificate", Map.of("$cert", "other")).get();
      r.call(other, "use_privatekey", Map.of("$key", "other")).get();
      Obj sctx = r.serverContext("sctx", "TLS_METHOD");
      r.callback(sctx, "servername", Map.of("switch", "other"));
      Obj cctx = r.clientContext("cctx", "TLS_METHOD", true);
      Obj c = r.client(cctx, "c");
      r.call(c, "set_tlsext_host_name", "other.test".getBytes()).get();
      Obj s = r.server(sctx, "s");
      Connection server = jossl.object("s");
      assertSame(jossl.object("sctx"), server.getInitialContext());
      assertSame(server.getContext(), server.getInitialContext());
      assertTrue(r.handshake(c, s).values().stream().allMatch(Outcome::isOk));
      assertSame(jossl.object("other"), server.getContext());
      assertSame(jossl.object("sctx"), server.getInitialContext());
      assertEquals(
          "other.test", ((Map<?, ?>) r.call(c, "get_peer_certificate").get()).get("$x509"));
    } finally {
      py.reset();
      jossl.reset();
    }
  }

  // ---- sessions: what the getters say, against pyOpenSSL's bindings and openssl sess_id

  /**
   * Session getters (pyOpenSSL has none; compared with SSL_SESSION_get_* through its bindings) on
   * the client's and the server's session: the timeout the server set, the ticket lifetime hint,
   * whether there is a ticket, and a start time within the handshake.
   */
  @ParameterizedTest(name = "TLS 0x{0}")
  @ValueSource(longs = {OpenSsl.TLS1_2_VERSION, OpenSsl.TLS1_3_VERSION})
  void sessionGettersMatchPyOpenSslsBindings(long version) {
    assumeTrue(
        py.hasBinding("SSL_SESSION_get_time") && py.hasBinding("SSL_SESSION_has_ticket"),
        "the peer's bindings lack the SSL_SESSION getters");
    Parity.check(
        py,
        jossl,
        r -> {
          for (long timeout : new long[] {300, 7200}) {
            Obj sctx = r.serverContext("sctx-" + timeout, "TLS_METHOD");
            r.call(sctx, "set_timeout", timeout).get();
            Obj cctx = r.clientContext("cctx-" + timeout, "TLS_METHOD", true);
            limit(r, cctx, version);
            Obj c = r.client(cctx, "c-" + timeout);
            Obj s = r.server(sctx, "s-" + timeout);
            long before = Instant.now().getEpochSecond();
            r.handshake(c, s);
            r.rec(c, "recv", 10L);
            long after = Instant.now().getEpochSecond();
            for (Obj o : List.of(c, s)) {
              Obj session = ref(o, r.rec(o, "get_session"));
              for (String getter :
                  List.of("get_timeout", "get_ticket_lifetime_hint", "has_ticket")) {
                r.note(o.name() + " session." + getter, r.call(session, getter));
              }
              long time = ((Number) r.call(session, "get_time").get()).longValue();
              // time(NULL) reads the coarse clock, which may lag behind Instant.now() by a tick
              r.note(
                  o.name() + " session time within the handshake",
                  time >= before - 1 && time <= after);
            }
          }
        });
  }

  private static Obj ref(Obj owner, Outcome o) {
    return new Obj(owner.side(), (String) ((Map<?, ?>) o.get()).get("$ref"));
  }

  /**
   * A jossl client session's getters equal what {@code openssl sess_id -text} prints for its DER
   * (protocol, cipher, ID, start time, timeout, ticket and its lifetime hint), and its host name
   * what {@code openssl asn1parse} finds in the DER's host name field: the SNI name the server
   * acknowledged (the pyOpenSSL server has a server name callback), none without SNI.
   */
  @ParameterizedTest(name = "TLS 0x{0}")
  @ValueSource(longs = {OpenSsl.TLS1_2_VERSION, OpenSsl.TLS1_3_VERSION})
  void sessionDetailsEqualOpensslSessId(long version, @TempDir Path dir) throws Exception {
    py.reset();
    jossl.reset();
    try {
      Run r = new Run(jossl, py, "jossl client");
      Obj sctx = r.serverContext("sctx", "TLS_METHOD");
      r.call(sctx, "set_timeout", 600L).get();
      r.callback(sctx, "servername", "record");
      Obj cctx = r.clientContext("cctx", "TLS_METHOD", true);
      limit(r, cctx, version);
      for (String sni : new String[] {"localhost", null}) {
        Obj c = r.client(cctx, "c-" + sni);
        if (sni != null) {
          r.call(c, "set_tlsext_host_name", sni.getBytes()).get();
        }
        Obj s = r.server(sctx, "s-" + sni);
        assertTrue(r.handshake(c, s).values().stream().allMatch(Outcome::isOk));
        r.call(c, "recv", 10L); // TLS 1.3: the tickets
        Connection conn = jossl.object(c.name());
        try (Session session = conn.getSession()) {
          Path file = dir.resolve("session-" + sni + ".der");
          Files.write(file, session.toDer());
          String text =
              openssl("sess_id", "-inform", "DER", "-in", file.toString(), "-noout", "-text");
          assertEquals(conn.getProtocolVersionName(), field(text, "Protocol"));
          assertEquals(session.getCipherName(), field(text, "Cipher"));
          assertEquals(
              HexFormat.of().withUpperCase().formatHex(session.getId()), field(text, "Session-ID"));
          assertEquals(String.valueOf(session.getTime()), field(text, "Start Time"));
          assertEquals(session.getTimeout() + " (sec)", field(text, "Timeout"));
          String hint = field(text, "TLS session ticket lifetime hint");
          assertEquals(
              hint == null ? 0 : Long.parseLong(hint.split(" ")[0]),
              session.getTicketLifetimeHint());
          assertEquals(text.contains("TLS session ticket:"), session.hasTicket());
          assertTrue(session.hasTicket(), "the server sends tickets");
          String asn1 = openssl("asn1parse", "-inform", "DER", "-in", file.toString());
          assertEquals(hostNameField(asn1), session.getHostname(), asn1);
          assertEquals(sni, session.getHostname());
        }
      }
    } finally {
      py.reset();
      jossl.reset();
    }
  }

  private static String openssl(String... args) {
    List<String> command = new java.util.ArrayList<>(List.of(Peers.openssl()));
    command.addAll(List.of(args));
    return Peers.run(command, null, Duration.ofSeconds(30)).requireSuccess(args[0]).stdout();
  }

  /**
   * The value after "name:" (or "name :") on its line of {@code openssl sess_id -text}, or null.
   */
  private static String field(String text, String name) {
    for (String line : text.split("\n")) {
      String t = line.strip();
      if (t.startsWith(name) && t.substring(name.length()).strip().startsWith(":")) {
        return t.substring(t.indexOf(':') + 1).strip();
      }
    }
    return null;
  }

  /**
   * The SSL_SESSION ASN.1 host name ({@code [6] OCTET STRING}, a field of the top-level sequence)
   * as {@code openssl asn1parse} prints it, or null.
   */
  private static String hostNameField(String asn1) {
    String[] lines = asn1.split("\n");
    for (int i = 0; i + 1 < lines.length; i++) {
      if (lines[i].contains("d=1") && lines[i].contains("cont [ 6 ]")) {
        String next = lines[i + 1];
        return next.substring(next.lastIndexOf(':') + 1).strip();
      }
    }
    return null;
  }

  // ---- the socket calls, against pyOpenSSL

  /**
   * A listening Connection over a {@link ServerSocket}: bind, listen, getsockname, socket options,
   * accept. The accepted connection serves a pyOpenSSL client with recv_into and sends the echo
   * with send(buf, offset, length) and write.
   */
  @Test
  void listeningServerSocketServesPyOpenSsl() throws Exception {
    py.reset();
    py.context("cctx", "TLS_METHOD").get();
    py.call("cctx", "load_verify_locations", List.of(pki.rootPem.toString())).get();
    py.call("cctx", "set_verify", List.of((long) OpenSsl.VERIFY_PEER)).get();
    byte[] data = payload(50_000);
    try (Context ctx = serverContext(OpenSsl.TLS1_3_VERSION);
        ServerSocket unbound = new ServerSocket();
        Connection listening = new Connection(ctx, unbound)) {
      listening.setsockopt(StandardSocketOptions.SO_REUSEADDR, true);
      assertEquals(true, listening.getsockopt(StandardSocketOptions.SO_REUSEADDR));
      listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      listening.listen(1);
      unbound.setSoTimeout(20_000);
      InetSocketAddress bound = (InetSocketAddress) listening.getsockname();
      assertEquals(unbound.getLocalPort(), bound.getPort());
      assertThrows(
          IllegalStateException.class, () -> listening.recv(1), "a listener has no stream");
      py.peer()
          .call(
              "connect",
              "name",
              "client",
              "port",
              bound.getPort(),
              "context",
              "cctx",
              "payload",
              data);
      Connection.Accepted accepted = listening.accept();
      try (Connection conn = accepted.connection()) {
        assertEquals(conn.getpeername(), accepted.address());
        assertSame(ctx, conn.getContext());
        conn.setsockopt(StandardSocketOptions.TCP_NODELAY, true);
        assertEquals(true, conn.getsockopt(StandardSocketOptions.TCP_NODELAY));
        conn.setsockopt(StandardSocketOptions.SO_KEEPALIVE, true);
        assertEquals(true, conn.getsockopt(StandardSocketOptions.SO_KEEPALIVE));
        conn.doHandshake();
        assertEquals("TLSv1.3", conn.getProtocolVersionName());
        byte[] received = new byte[data.length];
        int got = 0;
        byte[] chunk = new byte[7000];
        while (got < data.length) {
          int n = got % 2 == 0 ? conn.recvInto(chunk) : conn.recvInto(chunk, 1000, 0);
          System.arraycopy(chunk, 0, received, got, n);
          got += n;
        }
        assertArrayEquals(data, received);
        // the echo in slices of the received array, then the rest through the alias
        int sent = 0;
        while (sent < data.length - 1000) {
          sent += conn.send(received, sent, Math.min(3000, data.length - 1000 - sent));
        }
        byte[] rest = Arrays.copyOfRange(received, sent, data.length);
        while (rest.length > 0) {
          rest = Arrays.copyOfRange(rest, conn.write(rest), rest.length);
        }
        assertThrows(ZeroReturnException.class, () -> conn.recv(10)); // the client's close_notify
        assertTrue(conn.shutdown());
        Map<String, Object> client = join("client");
        assertArrayEquals(data, (byte[]) client.get("echo"));
        assertEquals(conn.getCipherName(), client.get("cipher"));
        assertArrayEquals(conn.getFinished(), (byte[]) client.get("peer_finished"));
      }
    }
    py.reset();
  }

  /**
   * sock_shutdown(1) sends FIN without close_notify: the pyOpenSSL client gets the data sent before
   * and then {@code SysCallError(-1, 'Unexpected EOF')}; sock_shutdown(0) ends jossl's own reading
   * the same way.
   */
  @Test
  void sockShutdownEndsTheStreamWithoutCloseNotify() throws Exception {
    py.reset();
    py.context("cctx", "TLS_METHOD").get();
    py.call("cctx", "load_verify_locations", List.of(pki.rootPem.toString())).get();
    byte[] data = payload(2000);
    try (Context ctx = serverContext(OpenSsl.TLS1_3_VERSION)) {
      try (PyClient peer = acceptPyOpenSslClient(ctx, data)) {
        Connection conn = peer.conn();
        conn.doHandshake();
        assertArrayEquals(data, InteropFixture.recvExactly(conn, data.length));
        conn.sendAll(Arrays.copyOf(data, 500));
        conn.sockShutdown(1);
        Map<String, Object> client = join("client");
        assertArrayEquals(Arrays.copyOf(data, 500), (byte[]) client.get("echo"));
        assertEquals(
            Map.of("type", "SysCallError", "str", "(-1, 'Unexpected EOF')"), client.get("end"));
        assertEquals(0, conn.getShutdown(), "no close_notify either way");
        conn.sockShutdown(0);
        SysCallException e = assertThrows(SysCallException.class, () -> conn.recv(10));
        assertEquals("(-1, 'Unexpected EOF')", e.getMessage());
        conn.close();
      }
    }
    py.reset();
  }

  /**
   * connect() on a Connection over an unconnected Socket makes it the client end (no
   * set_connect_state needed) against a pyOpenSSL server; connect_ex() to a port nobody listens on
   * answers the errno pyOpenSSL's connect_ex answers there, and leaves the same state.
   */
  @Test
  void connectAndConnectExAsPyOpenSsl() throws Exception {
    py.reset();
    py.context("sctx", "TLS_METHOD").get();
    py.call("sctx", "use_certificate_chain_file", List.of(pki.serverChainPem.toString())).get();
    py.call("sctx", "use_privatekey_file", List.of(pki.serverKey.toString())).get();
    py.context("cctx", "TLS_METHOD").get();
    int closed = OpensslProcess.freePort();
    Map<String, Object> theirs = py.peer().callMap("connect_ex", "context", "cctx", "port", closed);
    try (Context ctx = clientContext(OpenSsl.TLS1_3_VERSION)) {
      Socket unconnected = new Socket();
      unconnected.setSoTimeout(20_000);
      try (Connection c = new Connection(ctx, unconnected)) {
        assertEquals(
            ((Number) theirs.get("errno")).intValue(),
            c.connectEx(new InetSocketAddress(InetAddress.getLoopbackAddress(), closed)));
        assertEquals(Outcome.canon(theirs.get("state")), c.getStateString());
      }
      Object port = py.peer().call("serve", "name", "server", "context", "sctx", "mode", "echo");
      Socket socket = new Socket();
      socket.setSoTimeout(20_000);
      try (Connection c = new Connection(ctx, socket)) {
        c.connect(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), ((Long) port).intValue()));
        c.doHandshake();
        byte[] hello = "connected".getBytes();
        c.sendAll(hello);
        assertArrayEquals(hello, InteropFixture.recvExactly(c, hello.length));
        assertFalse(c.shutdown());
        assertThrows(ZeroReturnException.class, () -> c.recv(10));
        assertArrayEquals(hello, (byte[]) join("server").get("received"));
      }
      Object second = py.peer().call("serve", "name", "server2", "context", "sctx", "mode", "echo");
      socket = new Socket();
      socket.setSoTimeout(20_000);
      try (Connection c = new Connection(ctx, socket)) {
        assertEquals(
            0,
            c.connectEx(
                new InetSocketAddress(
                    InetAddress.getLoopbackAddress(), ((Long) second).intValue())));
        c.doHandshake();
        assertFalse(c.shutdown());
        assertThrows(ZeroReturnException.class, () -> c.recv(10));
        join("server2");
      }
      // makefile() is refused with pyOpenSSL's message
      Map<String, Object> refused = py.peer().callMap("makefile", "context", "cctx");
      try (Connection c = new Connection(ctx, new Socket())) {
        UnsupportedOperationException e =
            assertThrows(UnsupportedOperationException.class, c::makefile);
        assertEquals("NotImplementedError", refused.get("type"));
        assertEquals(refused.get("str"), e.getMessage());
      }
    }
    py.reset();
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
    try (Context ctx = serverContext(version)) {
      try (PyClient peer = acceptPyOpenSslClient(ctx, data)) {
        Connection conn = peer.conn();
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
