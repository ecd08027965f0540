package org.jossl.openssl;

import static org.jossl.openssl.InteropFixture.T;
import static org.jossl.openssl.InteropFixture.accept;
import static org.jossl.openssl.InteropFixture.concat;
import static org.jossl.openssl.InteropFixture.data;
import static org.jossl.openssl.InteropFixture.recvExactly;
import static org.jossl.openssl.OpensslServerInteropTest.bytes;
import static org.jossl.openssl.OpensslServerInteropTest.labels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jossl.openssl.InteropFixture.Proto;
import org.jossl.testing.OpensslProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * jossl's {@link Connection} as a server for {@code openssl s_client} over 127.0.0.1: what jossl
 * reports is compared with what s_client prints for the same connection, and failures with what
 * {@code openssl s_server} reports in the same situation.
 */
class OpensslClientInteropTest {
  @TempDir static Path dir;
  static InteropFixture pki;

  @BeforeAll
  static void certificates() throws Exception {
    pki = new InteropFixture(dir);
  }

  static OpensslProcess sclient(ServerSocket listener, Proto proto, String... extra) {
    List<String> args = new ArrayList<>(List.of("-CAfile", pki.rootPem));
    if (proto != null) {
      args.add(proto.flag);
    }
    args.addAll(List.of(extra));
    return OpensslProcess.client(listener.getLocalPort(), args.toArray(String[]::new));
  }

  @ParameterizedTest
  @EnumSource(Proto.class)
  void handshakeDataBothWaysAndCleanShutdown(Proto proto) throws Exception {
    try (ServerSocket listener = InteropFixture.listen();
        Context ctx = pki.serverContext(null, pki.server);
        OpensslProcess client = sclient(listener, proto, "-brief");
        Connection c = accept(ctx, listener)) {
      c.doHandshake();
      assertEquals(client.awaitField("Protocol version:", T), c.getProtocolVersionName());
      assertEquals(proto.name, c.getProtocolVersionName());
      assertEquals(client.awaitField("Ciphersuite:", T), c.getCipherName());
      assertEquals(InteropFixture.opensslCipherBits(c.getCipherName()), c.getCipherBits());
      assertEquals("CN = localhost", client.awaitField("Peer certificate:", T));

      byte[] toClient = concat(data(4096, 11), data(1 << 20, 12));
      assertEquals(toClient.length, c.sendAll(toClient));
      assertArrayEquals(toClient, client.awaitStdoutBytes(toClient.length, T));

      byte[] toServer = concat(data(2500, 13), data(1 << 20, 14));
      CompletableFuture<Void> writing = client.writeAsync(toServer);
      assertArrayEquals(toServer, recvExactly(c, toServer.length));
      writing.join();

      assertFalse(c.shutdown(), "close_notify sent, the peer's not yet received");
      assertThrows(ZeroReturnException.class, () -> c.recv(1024));
      assertTrue(c.shutdown(), "both close_notify alerts seen");
      assertEquals(0, client.waitFor(T), client::describe);
    }
  }

  /** s_client closes on end of input: jossl sees close_notify, then completes the shutdown. */
  @Test
  void sclientClosingIsZeroReturn() throws Exception {
    try (ServerSocket listener = InteropFixture.listen();
        Context ctx = pki.serverContext(null, pki.server);
        OpensslProcess client = sclient(listener, null, "-brief");
        Connection c = accept(ctx, listener)) {
      c.doHandshake();
      client.write("last words\n");
      assertArrayEquals(bytes("last words\n"), recvExactly(c, 11));
      client.closeStdin();
      assertThrows(ZeroReturnException.class, () -> c.recv(100));
      assertThrows(ZeroReturnException.class, () -> c.recv(100), "again, as pyOpenSSL");
      assertEquals(OpenSsl.RECEIVED_SHUTDOWN, c.getShutdown());
      assertTrue(c.shutdown());
      assertEquals(0, client.waitFor(T), client::describe);
    }
  }

  static Context verifyingServerContext() throws OpenSslException {
    Context ctx = pki.serverContext(null, pki.server);
    ctx.loadVerifyLocations(pki.rootPem);
    ctx.setVerify(OpenSsl.VERIFY_PEER | OpenSsl.VERIFY_FAIL_IF_NO_PEER_CERT);
    return ctx;
  }

  @ParameterizedTest
  @EnumSource(Proto.class)
  void clientCertificateRequiredAndPresented(Proto proto) throws Exception {
    try (ServerSocket listener = InteropFixture.listen();
        Context ctx = verifyingServerContext();
        OpensslProcess client =
            sclient(
                listener,
                proto,
                "-brief",
                "-cert",
                pki.client.cert(),
                "-key",
                pki.client.key(),
                "-cert_chain",
                pki.client.chain());
        Connection c = accept(ctx, listener)) {
      c.doHandshake();
      assertEquals(0, c.getVerifyResult());
      assertEquals(
          pki.client.issued().certificate().getSubject().commonName(),
          c.getPeerCertificate().getSubject().commonName());
      List<String> verified = new ArrayList<>();
      for (var x : c.getVerifiedChain()) {
        verified.add(x.getSubject().commonName());
      }
      assertEquals(
          List.of(
              pki.client.issued().certificate().getSubject().commonName(),
              pki.intermediate.certificate().getSubject().commonName(),
              pki.root.certificate().getSubject().commonName()),
          verified);
      c.sendAll(bytes("welcome\n"));
      client.awaitStdout("welcome\n", T);
      c.shutdown();
    }
  }

  /**
   * s_client without a certificate: jossl's server fails its handshake with the errors s_server
   * -Verify reports in the same situation.
   */
  @ParameterizedTest
  @EnumSource(Proto.class)
  void missingClientCertificateFailsLikeSserver(Proto proto) throws Exception {
    OpenSslException failure;
    try (ServerSocket listener = InteropFixture.listen();
        Context ctx = verifyingServerContext();
        OpensslProcess client = sclient(listener, proto, "-brief");
        Connection c = accept(ctx, listener)) {
      failure = assertThrows(OpenSslException.class, c::doHandshake);
      assertFalse(failure instanceof SysCallException, failure::toString);
      client.waitFor(T);
    }
    List<String> args = new ArrayList<>(List.of("-naccept", "1", "-brief", proto.flag));
    args.addAll(pki.server.serverArgs());
    args.addAll(List.of("-Verify", "1", "-CAfile", pki.rootPem));
    try (OpensslProcess server = OpensslProcess.server(args.toArray(String[]::new));
        OpensslProcess client = OpensslProcess.client(server.port(), "-brief", proto.flag)) {
      client.waitFor(T);
      server.waitFor(T);
      List<String> expected = InteropFixture.opensslErrorReasons(server.stderr());
      assertFalse(expected.isEmpty(), server::describe);
      assertEquals(expected, InteropFixture.reasons(failure), failure::toString);
    }
  }

  @Test
  void alpnSelectCallbackSeesSclientsOffer() throws Exception {
    List<List<String>> offers = new CopyOnWriteArrayList<>();
    try (ServerSocket listener = InteropFixture.listen();
        Context ctx = pki.serverContext(null, pki.server)) {
      ctx.setAlpnSelectCallback(
          (conn, offered) -> {
            offers.add(
                offered.stream().map(b -> new String(b, StandardCharsets.US_ASCII)).toList());
            return bytes("http/1.1");
          });
      try (OpensslProcess client = sclient(listener, null, "-alpn", "h2,http/1.1");
          Connection c = accept(ctx, listener)) {
        c.doHandshake();
        assertArrayEquals(bytes("http/1.1"), c.getAlpnProtoNegotiated());
        assertEquals("http/1.1", client.awaitField("ALPN protocol:", T));
        assertEquals(List.of(List.of("h2", "http/1.1")), offers);
        c.shutdown();
      }
    }
  }

  /**
   * SNI: the callback sees the name s_client sends and switches to a context with another
   * certificate, which is the one s_client receives; without SNI the first context serves.
   */
  @Test
  void serverNameCallbackSwitchesContext() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (ServerSocket listener = InteropFixture.listen();
        Context first = pki.serverContext(null, pki.server);
        Context second = pki.serverContext(null, pki.other)) {
      first.setTlsextServernameCallback(
          conn -> {
            String name = conn.getServername();
            seen.add(String.valueOf(name));
            if ("other.test".equals(name)) {
              conn.setContext(second);
            }
          });
      try (OpensslProcess client = sclient(listener, null, "-servername", "other.test");
          Connection c = accept(first, listener)) {
        c.doHandshake();
        assertEquals("other.test", c.getServername());
        assertEquals("CN = other.test", client.awaitField("subject=", T));
        assertEquals("other.test", c.getCertificate().getSubject().commonName());
        assertEquals(second, c.getContext());
        c.shutdown();
      }
      try (OpensslProcess client = sclient(listener, null, "-noservername");
          Connection c = accept(first, listener)) {
        c.doHandshake();
        assertNull(c.getServername());
        assertEquals("CN = localhost", client.awaitField("subject=", T));
        assertEquals(first, c.getContext());
        c.shutdown();
      }
      assertEquals(List.of("other.test", "null"), seen);
    }
  }

  /** Resumption of s_client's saved session (-sess_out, then -sess_in). */
  @ParameterizedTest
  @EnumSource(Proto.class)
  void resumesSclientSavedSession(Proto proto) throws Exception {
    Path saved = dir.resolve("session-" + proto + ".pem");
    try (ServerSocket listener = InteropFixture.listen();
        Context ctx = pki.serverContext(null, pki.server)) {
      try (OpensslProcess client = sclient(listener, proto, "-sess_out", saved.toString());
          Connection c = accept(ctx, listener)) {
        c.doHandshake();
        assertFalse(c.sessionReused());
        c.sendAll(bytes("first\n"));
        client.awaitStdout("first\n", T);
        assertFalse(c.shutdown());
        assertThrows(ZeroReturnException.class, () -> c.recv(10));
        client.waitFor(T);
        assertTrue(client.stdout().contains("New, " + proto.name), client::describe);
      }
      assertTrue(Files.size(saved) > 0);
      try (OpensslProcess client = sclient(listener, proto, "-sess_in", saved.toString());
          Connection c = accept(ctx, listener)) {
        c.doHandshake();
        assertTrue(c.sessionReused());
        c.sendAll(bytes("second\n"));
        client.awaitStdout("second\n", T);
        assertTrue(client.stdout().contains("Reused, " + proto.name), client::describe);
        c.shutdown();
      }
    }
  }

  /**
   * s_client -reconnect: five more connections that resume the first session with TLS 1.2 and, as
   * s_client reports it (OpenSSL 3.0's s_client reconnects before a TLS 1.3 ticket arrives), with
   * TLS 1.3.
   */
  @ParameterizedTest
  @EnumSource(Proto.class)
  void resumesSclientReconnects(Proto proto) throws Exception {
    List<Boolean> reused = new ArrayList<>();
    try (ServerSocket listener = InteropFixture.listen();
        Context ctx = pki.serverContext(null, pki.server);
        OpensslProcess client = sclient(listener, proto, "-reconnect")) {
      for (int i = 0; i < 6; i++) {
        try (Connection c = accept(ctx, listener)) {
          c.doHandshake();
          reused.add(c.sessionReused());
          try {
            c.recv(100);
          } catch (ZeroReturnException | SysCallException closed) {
            // s_client closes each connection (the last one on end of input)
          }
        }
        if (i == 4) {
          client.closeStdin();
        }
      }
      client.waitFor(T);
      List<Boolean> theirs = new ArrayList<>();
      for (String line : client.stdout().split("\n")) {
        if (line.startsWith("New, ") || line.startsWith("Reused, ")) {
          theirs.add(line.startsWith("Reused, "));
        }
      }
      assertEquals(theirs, reused, client::describe);
    }
    assertEquals(6, reused.size());
    if (proto == Proto.TLS12) {
      assertEquals(List.of(false, true, true, true, true, true), reused);
    }
  }

  /**
   * s_client's 'R' command renegotiates a TLS 1.2 connection; jossl's server (allowing
   * client-initiated renegotiation, which OpenSSL 3 refuses by default) answers inside recv.
   */
  @Test
  void sclientRenegotiation() throws Exception {
    List<Integer> starts = new CopyOnWriteArrayList<>();
    try (ServerSocket listener = InteropFixture.listen();
        Context ctx = pki.serverContext(Proto.TLS12, pki.server)) {
      ctx.setOptions(OpenSsl.OP_ALLOW_CLIENT_RENEGOTIATION);
      ctx.setInfoCallback(
          (conn, where, ret) -> {
            if ((where & OpenSsl.SSL_CB_HANDSHAKE_START) != 0) {
              starts.add(where);
            }
          });
      try (OpensslProcess client = sclient(listener, Proto.TLS12, "-brief");
          Connection c = accept(ctx, listener)) {
        c.doHandshake();
        byte[] finished = c.getFinished();
        client.write("R\n");
        client.awaitStderr("RENEGOTIATING", T);
        // s_client starts the handshake with its next write; jossl answers it inside recv
        client.write("after\n");
        assertArrayEquals(bytes("after\n"), recvExactly(c, 6));
        assertEquals(2, starts.size(), "two handshakes: " + starts);
        assertFalse(Arrays.equals(finished, c.getFinished()), "a new Finished message");
        c.sendAll(bytes("pong\n"));
        client.awaitStdout("pong\n", T);
        assertFalse(c.shutdown());
        assertThrows(ZeroReturnException.class, () -> c.recv(10));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Proto.class)
  void keylogLinesEqualSclientsKeylogFile(Proto proto) throws Exception {
    Path keylog = dir.resolve("client-" + proto + ".keylog");
    List<String> lines = new CopyOnWriteArrayList<>();
    try (ServerSocket listener = InteropFixture.listen();
        Context ctx = pki.serverContext(null, pki.server)) {
      ctx.setKeylogCallback((conn, line) -> lines.add(new String(line, StandardCharsets.US_ASCII)));
      byte[] clientRandom;
      try (OpensslProcess client =
              sclient(listener, proto, "-brief", "-keylogfile", keylog.toString());
          Connection c = accept(ctx, listener)) {
        c.doHandshake();
        clientRandom = c.clientRandom();
        assertFalse(c.shutdown());
        assertThrows(ZeroReturnException.class, () -> c.recv(10));
        assertEquals(0, client.waitFor(T), client::describe);
      }
      List<String> theirs =
          Files.readAllLines(keylog).stream().filter(l -> !l.startsWith("#")).toList();
      assertFalse(theirs.isEmpty());
      assertEquals(new TreeSet<>(theirs), new TreeSet<>(lines));
      assertEquals(labels(theirs), labels(lines));
      String random = HexFormat.of().formatHex(clientRandom);
      for (String line : lines) {
        assertTrue(line.matches("[A-Z0-9_]+ [0-9a-f]{64} [0-9a-f]+"), line);
        assertEquals(random, line.split(" ")[1], line);
      }
    }
  }

  /** s_client killed: the connection ends without close_notify. */
  @Test
  void sclientKilledIsUnexpectedEof() throws Exception {
    try (ServerSocket listener = InteropFixture.listen();
        Context ctx = pki.serverContext(null, pki.server);
        OpensslProcess client = sclient(listener, null, "-quiet");
        Connection c = accept(ctx, listener)) {
      c.doHandshake();
      client.write("hi\n");
      assertArrayEquals(bytes("hi\n"), recvExactly(c, 3));
      client.kill();
      SysCallException e = assertThrows(SysCallException.class, () -> c.recv(100));
      assertEquals(-1, e.errno());
      assertEquals("Unexpected EOF", e.errorName());
    }
  }

  @ParameterizedTest
  @EnumSource(Proto.class)
  void exportedKeyingMaterialEqualsSclients(Proto proto) throws Exception {
    String label = "EXPERIMENTAL-jossl-sclient";
    try (ServerSocket listener = InteropFixture.listen();
        Context ctx = pki.serverContext(null, pki.server);
        OpensslProcess client =
            sclient(listener, proto, "-keymatexport", label, "-keymatexportlen", "40");
        Connection c = accept(ctx, listener)) {
      c.doHandshake();
      byte[] ours = c.exportKeyingMaterial(bytes(label), 40, null);
      assertEquals(
          client.awaitField("Keying material:", T), HexFormat.of().withUpperCase().formatHex(ours));
      c.shutdown();
    }
  }

  /**
   * A listening {@link Connection} accepts s_client; the accepted connection, made non-blocking,
   * throws {@link WantReadException} while s_client is stopped (SIGSTOP) and completes its
   * handshake once it runs again.
   */
  @Test
  void listeningConnectionAcceptsAndHandshakesNonBlocking() throws Exception {
    try (ServerSocketChannel ssc = ServerSocketChannel.open();
        Context ctx = pki.serverContext(null, pki.server);
        Connection listening = new Connection(ctx, ssc)) {
      listening.bind(new InetSocketAddress("127.0.0.1", 0));
      listening.listen(4);
      int port = ((InetSocketAddress) listening.getsockname()).getPort();
      try (OpensslProcess client = OpensslProcess.client(port, "-CAfile", pki.rootPem, "-brief")) {
        Connection.Accepted accepted = listening.accept();
        try (Connection c = accepted.connection()) {
          assertEquals(c.getpeername(), accepted.address());
          c.setblocking(false);
          client.pause();
          long deadline = System.nanoTime() + T.toNanos();
          int wants = 0;
          while (true) {
            try {
              c.doHandshake();
              break;
            } catch (WantReadException e) {
              wants++;
              assertTrue(System.nanoTime() < deadline, "handshake stalled");
              if (wants == 3) {
                client.resume();
              }
              Thread.sleep(wants < 3 ? 20 : 2);
            }
          }
          assertTrue(wants >= 3, "WantReadException while the client was stopped");
          assertEquals(client.awaitField("Protocol version:", T), c.getProtocolVersionName());
          assertThrows(WantReadException.class, () -> c.recv(10), "no data yet");
          client.write("nb\n");
          byte[] got = null;
          while (got == null) {
            try {
              got = c.recv(10);
            } catch (WantReadException e) {
              assertTrue(System.nanoTime() < deadline, "no data");
              Thread.sleep(2);
            }
          }
          assertArrayEquals(bytes("nb\n"), got);
        }
      }
    }
  }
}
