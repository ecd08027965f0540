package org.jossl.openssl;

import static org.jossl.openssl.InteropFixture.T;
import static org.jossl.openssl.InteropFixture.concat;
import static org.jossl.openssl.InteropFixture.connect;
import static org.jossl.openssl.InteropFixture.data;
import static org.jossl.openssl.InteropFixture.recvExactly;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jossl.openssl.InteropFixture.Proto;
import org.jossl.testing.OpensslProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * jossl's {@link Connection} as a client of {@code openssl s_server} over 127.0.0.1: what jossl
 * reports (version, cipher, ALPN, keying material, key log lines, verify codes, error reasons) is
 * compared with what openssl prints for the same connection, or with what its own {@code s_client}
 * gets from the same server. Each server is started with {@code -naccept} and killed on exit.
 */
class OpensslServerInteropTest {
  @TempDir static Path dir;
  static InteropFixture pki;

  @BeforeAll
  static void certificates() throws Exception {
    pki = new InteropFixture(dir);
  }

  static OpensslProcess server(Proto proto, int accepts, String... extra) {
    List<String> args = new ArrayList<>(List.of("-naccept", String.valueOf(accepts)));
    if (proto != null) {
      args.add(proto.flag);
    }
    args.addAll(pki.server.serverArgs());
    args.addAll(List.of(extra));
    return OpensslProcess.server(args.toArray(String[]::new));
  }

  @ParameterizedTest
  @EnumSource(Proto.class)
  void handshakeDataBothWaysAndCleanShutdown(Proto proto) throws Exception {
    try (OpensslProcess server = server(proto, 1, "-brief");
        Context ctx = pki.clientContext(null);
        Connection c = connect(ctx, server.port())) {
      c.doHandshake();
      assertEquals(server.awaitField("Protocol version:", T), c.getProtocolVersionName());
      assertEquals(proto.name, c.getProtocolVersionName());
      assertEquals(server.awaitField("Ciphersuite:", T), c.getCipherName());
      assertEquals(InteropFixture.opensslCipherBits(c.getCipherName()), c.getCipherBits());

      byte[] small = data(4096, 1);
      byte[] big = data(1 << 20, 2);
      assertEquals(small.length, c.sendAll(small));
      assertEquals(big.length, c.sendAll(big));
      byte[] sent = concat(small, big);
      assertArrayEquals(sent, server.awaitStdoutBytes(sent.length, T));

      byte[] back = concat(data(3000, 3), data(1 << 20, 4));
      CompletableFuture<Void> writing = server.writeAsync(back);
      assertArrayEquals(back, recvExactly(c, back.length));
      writing.join();

      assertFalse(c.shutdown(), "close_notify sent, the peer's not yet received");
      assertEquals(OpenSsl.SENT_SHUTDOWN, c.getShutdown());
      assertThrows(ZeroReturnException.class, () -> c.recv(1024));
      assertEquals(OpenSsl.SENT_SHUTDOWN | OpenSsl.RECEIVED_SHUTDOWN, c.getShutdown());
      assertTrue(c.shutdown(), "both close_notify alerts seen");
      assertThrows(ZeroReturnException.class, () -> c.recv(1024), "again, as pyOpenSSL");
      OpenSslException e = assertThrows(OpenSslException.class, () -> c.send(bytes("late")));
      assertEquals(List.of("protocol is shutdown"), InteropFixture.reasons(e), e::toString);
      assertEquals(0, server.waitFor(T), server::describe);
    }
  }

  @ParameterizedTest
  @EnumSource(Proto.class)
  void clientCertificateAcceptedBySserverVerify(Proto proto) throws Exception {
    try (OpensslProcess server =
            server(proto, 1, "-brief", "-Verify", "1", "-CAfile", pki.rootPem);
        Context ctx = pki.clientContext(null)) {
      ctx.useCertificateChainFile(pki.client.fullChain());
      ctx.usePrivatekeyFile(pki.client.key());
      try (Connection c = connect(ctx, server.port())) {
        c.doHandshake();
        c.sendAll("hello\n".getBytes(StandardCharsets.US_ASCII));
        server.awaitStdout("hello\n", T);
        assertEquals(
            "CN = " + pki.client.issued().certificate().getSubject().commonName(),
            server.awaitField("Peer certificate:", T));
        assertEquals(
            pki.client.issued().certificate().getSubject().commonName(),
            c.getCertificate().getSubject().commonName());
        c.shutdown();
      }
      assertEquals(0, server.waitFor(T), server::describe);
    }
  }

  /**
   * s_server -Verify rejects a client without a certificate: jossl fails as openssl's own s_client
   * does in the same place (TLS 1.2: the handshake; TLS 1.3: the first read, after the client's
   * handshake completed) with the same error reasons.
   */
  @ParameterizedTest
  @EnumSource(Proto.class)
  void missingClientCertificateFailsLikeSclient(Proto proto) throws Exception {
    try (OpensslProcess server =
            server(proto, 2, "-brief", "-Verify", "1", "-CAfile", pki.rootPem);
        Context ctx = pki.clientContext(null)) {
      OpenSslException failure;
      try (Connection c = connect(ctx, server.port())) {
        if (proto == Proto.TLS13) {
          c.doHandshake();
          failure = assertThrows(OpenSslException.class, () -> c.recv(100));
        } else {
          failure = assertThrows(OpenSslException.class, c::doHandshake);
        }
      }
      List<String> expected = sclientErrors(server, proto);
      assertFalse(expected.isEmpty());
      assertEquals(expected, InteropFixture.reasons(failure), failure::toString);
    }
  }

  /** openssl s_client's error reasons against {@code server}, without client certificate. */
  static List<String> sclientErrors(OpensslProcess server, Proto proto, String... extra) {
    List<String> args =
        new ArrayList<>(List.of("-CAfile", pki.rootPem, "-verify_return_error", proto.flag));
    args.addAll(List.of(extra));
    try (OpensslProcess client =
        OpensslProcess.client(server.port(), args.toArray(String[]::new))) {
      client.waitFor(T);
      return InteropFixture.opensslErrorReasons(client.stderr() + client.stdout());
    }
  }

  @Test
  void alpnChoiceAgreesWithSclient() throws Exception {
    try (OpensslProcess server = server(null, 2, "-brief", "-alpn", "h2,http/1.1");
        Context ctx = pki.clientContext(null)) {
      ctx.setAlpnProtos(List.of(bytes("http/1.1"), bytes("h2")));
      String negotiated;
      try (Connection c = connect(ctx, server.port())) {
        c.doHandshake();
        negotiated = new String(c.getAlpnProtoNegotiated(), StandardCharsets.US_ASCII);
        c.shutdown();
      }
      try (OpensslProcess client =
          OpensslProcess.client(server.port(), "-alpn", "http/1.1,h2", "-CAfile", pki.rootPem)) {
        assertEquals(client.awaitField("ALPN protocol:", T), negotiated);
      }
      assertEquals("h2", negotiated, "s_server prefers its own first choice");
    }
  }

  @Test
  void serverNameSelectsSserversSecondCertificate() throws Exception {
    try (OpensslProcess server =
            server(
                null,
                2,
                "-brief",
                "-servername",
                "other.test",
                "-cert2",
                pki.other.cert(),
                "-key2",
                pki.other.key());
        Context ctx = new Context(OpenSsl.TLS_CLIENT_METHOD)) {
      try (Connection c = connect(ctx, server.port())) {
        c.setTlsextHostName("other.test");
        c.doHandshake();
        assertEquals("other.test", c.getServername());
        assertEquals("other.test", c.getPeerCertificate().getSubject().commonName());
        c.shutdown();
      }
      try (Connection c = connect(ctx, server.port())) {
        c.doHandshake();
        assertEquals(null, c.getServername());
        assertEquals("localhost", c.getPeerCertificate().getSubject().commonName());
        c.shutdown();
      }
    }
  }

  /**
   * Resumption against s_server: TLS 1.2 with a session ID (tickets off), TLS 1.3 with a ticket
   * (which arrives after the handshake: one read first), and the same through DER.
   */
  @ParameterizedTest
  @EnumSource(Proto.class)
  void sessionResumption(Proto proto) throws Exception {
    try (OpensslProcess server = server(proto, 3, "-brief");
        Context ctx = pki.clientContext(null)) {
      if (proto == Proto.TLS12) {
        ctx.setOptions(OpenSsl.OP_NO_TICKET);
      }
      Session session;
      try (Connection c = connect(ctx, server.port())) {
        c.doHandshake();
        assertFalse(c.sessionReused());
        if (proto == Proto.TLS13) {
          Session early = c.getSession();
          assertFalse(early.hasTicket(), "TLS 1.3: no ticket before the first read");
          assertEquals(0, early.getId().length);
          server.write("ticket time\n");
          assertArrayEquals(bytes("ticket time\n"), recvExactly(c, 12));
        }
        session = c.getSession();
        assertTrue(session.isResumable());
        assertEquals(proto == Proto.TLS13, session.hasTicket());
        assertEquals(32, session.getId().length);
        c.shutdown();
      }
      try (Connection c = connect(ctx, server.port())) {
        c.setSession(session);
        c.doHandshake();
        assertTrue(c.sessionReused(), "resumed with the Session object");
        c.shutdown();
      }
      try (Connection c = connect(ctx, server.port());
          Session copy = Session.fromDer(session.toDer())) {
        c.setSession(copy);
        c.doHandshake();
        assertTrue(c.sessionReused(), "resumed with the session read back from DER");
        c.shutdown();
      }
      assertEquals(0, server.waitFor(T), server::describe);
    }
  }

  @Test
  void renegotiationAcceptedBySserver() throws Exception {
    try (OpensslProcess server = server(Proto.TLS12, 1, "-brief", "-client_renegotiation");
        Context ctx = pki.clientContext(Proto.TLS12);
        Connection c = connect(ctx, server.port())) {
      c.doHandshake();
      byte[] firstFinished = c.getFinished();
      assertEquals(0, c.totalRenegotiations());
      assertTrue(c.renegotiate());
      assertTrue(c.renegotiatePending());
      assertFalse(c.renegotiate(), "already pending");
      c.doHandshake();
      assertFalse(c.renegotiatePending());
      assertEquals(1, c.totalRenegotiations());
      assertFalse(Arrays.equals(firstFinished, c.getFinished()), "a new handshake");

      c.sendAll(bytes("after renegotiation\n"));
      server.awaitStdout("after renegotiation\n", T);
      server.write("and back\n");
      assertArrayEquals(bytes("and back\n"), recvExactly(c, 9));
      assertFalse(c.shutdown());
      assertThrows(ZeroReturnException.class, () -> c.recv(10));
    }
  }

  /** Without -client_renegotiation, OpenSSL 3 servers refuse: jossl fails as s_client does. */
  @Test
  void renegotiationRefusedBySserver() throws Exception {
    try (OpensslProcess server = server(Proto.TLS12, 1, "-brief");
        Context ctx = pki.clientContext(Proto.TLS12);
        Connection c = connect(ctx, server.port())) {
      c.doHandshake();
      assertTrue(c.renegotiate());
      OpenSslException e = assertThrows(OpenSslException.class, c::doHandshake);
      // s_client's 'R' command against the same kind of server
      try (OpensslProcess other = server(Proto.TLS12, 1, "-brief");
          OpensslProcess client =
              OpensslProcess.client(other.port(), "-CAfile", pki.rootPem, Proto.TLS12.flag)) {
        client.awaitStdout("---", T);
        client.write("R\n");
        client.write("x\n");
        client.waitFor(T);
        List<String> expected = InteropFixture.opensslErrorReasons(client.stderr());
        assertFalse(expected.isEmpty(), client::describe);
        assertEquals(expected, InteropFixture.reasons(e), e::toString);
      }
    }
  }

  /** The keylog callback's lines equal s_server's -keylogfile lines for the same connection. */
  @ParameterizedTest
  @EnumSource(Proto.class)
  void keylogLinesEqualSserversKeylogFile(Proto proto) throws Exception {
    Path keylog = dir.resolve("server-" + proto + ".keylog");
    List<String> lines = new CopyOnWriteArrayList<>();
    try (OpensslProcess server = server(proto, 1, "-brief", "-keylogfile", keylog.toString());
        Context ctx = pki.clientContext(null)) {
      ctx.setKeylogCallback((conn, line) -> lines.add(new String(line, StandardCharsets.US_ASCII)));
      byte[] clientRandom;
      try (Connection c = connect(ctx, server.port())) {
        c.doHandshake();
        clientRandom = c.clientRandom();
        assertFalse(c.shutdown());
        assertThrows(ZeroReturnException.class, () -> c.recv(10));
      }
      assertEquals(0, server.waitFor(T), server::describe);
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

  static Set<String> labels(List<String> lines) {
    return lines.stream().map(l -> l.split(" ")[0]).collect(Collectors.toCollection(TreeSet::new));
  }

  /** A bad server certificate, the verify code openssl gives it, and pyOpenSSL's doc value. */
  enum BadServer {
    UNTRUSTED_ROOT(20),
    SELF_SIGNED(18),
    EXPIRED(10);

    final int code;

    BadServer(int code) {
      this.code = code;
    }
  }

  private static OpensslProcess badServer(BadServer bad, int accepts) {
    InteropFixture.Leaf leaf =
        switch (bad) {
          case UNTRUSTED_ROOT -> pki.server;
          case SELF_SIGNED -> pki.selfSigned;
          case EXPIRED -> pki.expired;
        };
    List<String> args = new ArrayList<>(List.of("-naccept", String.valueOf(accepts), "-brief"));
    args.addAll(List.of("-cert", leaf.cert(), "-key", leaf.key()));
    if (bad != BadServer.SELF_SIGNED) {
      args.addAll(List.of("-cert_chain", leaf.chain()));
    }
    return OpensslProcess.server(args.toArray(String[]::new));
  }

  private static Context verifyingContext(BadServer bad) throws OpenSslException {
    Context ctx = new Context(OpenSsl.TLS_CLIENT_METHOD);
    if (bad != BadServer.UNTRUSTED_ROOT) {
      ctx.loadVerifyLocations(pki.rootPem);
    }
    return ctx;
  }

  @ParameterizedTest
  @EnumSource(BadServer.class)
  void verificationFailureMatchesSclient(BadServer bad) throws Exception {
    try (OpensslProcess server = badServer(bad, 2);
        Context ctx = verifyingContext(bad)) {
      ctx.setVerify(OpenSsl.VERIFY_PEER);
      OpenSslException e;
      long result;
      try (Connection c = connect(ctx, server.port())) {
        e = assertThrows(OpenSslException.class, c::doHandshake);
        result = c.getVerifyResult();
      }
      assertFalse(e instanceof SysCallException, e::toString);
      assertEquals("certificate verify failed", e.lastError().reasonText(), e::toString);
      List<String> args = new ArrayList<>(List.of("-verify_return_error", "-brief"));
      if (bad == BadServer.UNTRUSTED_ROOT) {
        args.addAll(List.of("-no-CAfile", "-no-CApath", "-no-CAstore"));
      } else {
        args.addAll(List.of("-CAfile", pki.rootPem));
      }
      try (OpensslProcess client =
          OpensslProcess.client(server.port(), args.toArray(String[]::new))) {
        client.waitFor(T);
        List<Integer> codes = InteropFixture.opensslVerifyErrors(client.stderr());
        assertEquals(List.of((int) result), codes, client::describe);
        assertEquals(
            InteropFixture.opensslErrorReasons(client.stderr()),
            InteropFixture.reasons(e),
            client::describe);
      }
      assertEquals(bad.code, result);
    }
  }

  @Test
  void verifyCallbackReturningTrueOverridesTheFailure() throws Exception {
    try (OpensslProcess server = badServer(BadServer.UNTRUSTED_ROOT, 1);
        Context ctx = verifyingContext(BadServer.UNTRUSTED_ROOT)) {
      List<String> calls = new CopyOnWriteArrayList<>();
      ctx.setVerify(
          OpenSsl.VERIFY_PEER,
          (conn, cert, errno, depth, ok) -> {
            calls.add(cert.getSubject().commonName() + "/" + errno + "/" + depth + "/" + ok);
            return true;
          });
      try (Connection c = connect(ctx, server.port())) {
        c.doHandshake();
        assertEquals(0, c.getVerifyResult(), "the callback's verdict replaced OpenSSL's");
        assertTrue(
            calls.contains(pki.intermediate.certificate().getSubject().commonName() + "/20/1/0"),
            calls::toString);
        assertEquals("localhost/0/0/1", calls.getLast(), calls::toString);
        c.shutdown();
      }
    }
  }

  @Test
  void verifyCallbackExceptionIsRethrownFromDoHandshake() throws Exception {
    IllegalStateException boom = new IllegalStateException("verify boom");
    try (OpensslProcess server = badServer(BadServer.UNTRUSTED_ROOT, 1);
        Context ctx = verifyingContext(BadServer.UNTRUSTED_ROOT)) {
      ctx.setVerify(
          OpenSsl.VERIFY_PEER,
          (conn, cert, errno, depth, ok) -> {
            throw boom;
          });
      try (Connection c = connect(ctx, server.port())) {
        assertSame(boom, assertThrows(IllegalStateException.class, c::doHandshake));
      }
    }
  }

  /** s_server killed: the connection ends without close_notify. */
  @Test
  void peerKilledIsUnexpectedEof() throws Exception {
    try (OpensslProcess server = server(null, 1, "-quiet");
        Context ctx = pki.clientContext(null);
        Connection c = connect(ctx, server.port())) {
      c.doHandshake();
      c.sendAll(bytes("hi\n"));
      server.awaitStdout("hi\n", T);
      server.kill();
      SysCallException e = assertThrows(SysCallException.class, () -> c.recv(100));
      assertEquals(-1, e.errno());
      assertEquals("Unexpected EOF", e.errorName());
    }
  }

  /** A TCP peer that closes (FIN) without answering the ClientHello. */
  @Test
  void closedDuringHandshakeIsUnexpectedEof() throws Exception {
    try (ServerSocket raw = InteropFixture.listen();
        Context ctx = pki.clientContext(null)) {
      CompletableFuture<Void> peer =
          CompletableFuture.runAsync(
              () -> {
                try (Socket s = raw.accept()) {
                  readRecord(s);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      try (Connection c = connect(ctx, raw.getLocalPort())) {
        SysCallException e = assertThrows(SysCallException.class, c::doHandshake);
        assertEquals(-1, e.errno());
        assertEquals("Unexpected EOF", e.errorName());
      }
      peer.join();
    }
  }

  /**
   * A peer that sends FIN and at once RST after the ClientHello: OpenSSL meets the EOF and queues
   * an alert that can no longer be sent (EPIPE). As in pyOpenSSL, whose OpenSSL ignores that failed
   * write, the outcome is the EOF (or ECONNRESET if the reset overtook it), never EPIPE.
   */
  @Test
  void peerGoneBeforeOurAlertIsUnexpectedEof() throws Exception {
    for (int i = 0; i < 5; i++) {
      try (ServerSocket raw = InteropFixture.listen();
          Context ctx = pki.clientContext(null)) {
        CompletableFuture<Void> peer =
            CompletableFuture.runAsync(
                () -> {
                  try (Socket s = raw.accept()) {
                    readRecord(s);
                    s.shutdownOutput();
                    s.setSoLinger(true, 0);
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                });
        try (Connection c = connect(ctx, raw.getLocalPort())) {
          SysCallException e = assertThrows(SysCallException.class, c::doHandshake);
          assertTrue(e.errno() == -1 || e.errno() == 104, e::toString);
          if (e.errno() == -1) {
            assertEquals("Unexpected EOF", e.errorName());
          }
        }
        peer.join();
      }
    }
  }

  /** Reads one TLS record (the ClientHello), so that closing the socket sends FIN, not RST. */
  static void readRecord(Socket s) throws IOException {
    java.io.DataInputStream in = new java.io.DataInputStream(s.getInputStream());
    byte[] header = new byte[5];
    in.readFully(header);
    in.readFully(new byte[((header[3] & 0xff) << 8) | (header[4] & 0xff)]);
  }

  /** A TCP peer that resets the connection (SO_LINGER 0): pyOpenSSL's (104, 'ECONNRESET'). */
  @Test
  void connectionResetIsEconnreset() throws Exception {
    try (ServerSocket raw = InteropFixture.listen();
        Context ctx = pki.clientContext(null)) {
      CompletableFuture<Void> peer =
          CompletableFuture.runAsync(
              () -> {
                try (Socket s = raw.accept()) {
                  readRecord(s);
                  s.setSoLinger(true, 0);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      try (Connection c = connect(ctx, raw.getLocalPort())) {
        SysCallException e = assertThrows(SysCallException.class, c::doHandshake);
        assertEquals(104, e.errno(), e::toString);
        assertEquals("ECONNRESET", e.errorName());
      }
      peer.join();
    }
  }

  /**
   * A non-blocking {@link SocketChannel}: the handshake throws {@link WantReadException} while the
   * server is stopped (SIGSTOP); once it runs again the handshake completes with a {@link
   * Selector}.
   */
  @Test
  void nonBlockingChannelHandshakeWithSelector() throws Exception {
    try (OpensslProcess server = server(null, 1, "-quiet");
        Context ctx = pki.clientContext(null);
        SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()));
        Selector selector = Selector.open()) {
      ch.configureBlocking(false);
      SelectionKey key = ch.register(selector, 0);
      try (Connection c = new Connection(ctx, ch)) {
        c.setConnectState();
        server.pause();
        assertThrows(WantReadException.class, c::doHandshake, "the server is stopped");
        assertThrows(WantReadException.class, c::doHandshake);
        server.resume();
        retry(c::doHandshake, key, selector);
        assertEquals("TLSv1.3", c.getProtocolVersionName());
        retry(() -> c.send(bytes("non-blocking\n")), key, selector);
        server.awaitStdout("non-blocking\n", T);
        server.write("reply\n");
        byte[][] got = new byte[1][];
        retry(() -> got[0] = c.recv(100), key, selector);
        assertArrayEquals(bytes("reply\n"), got[0]);
      }
    }
  }

  /**
   * A non-blocking send to a peer that stopped reading: {@link WantWriteException} once the socket
   * buffers are full (nothing piles up in memory), then the rest with a {@link Selector}.
   */
  @Test
  void nonBlockingSendToStalledPeerWantsWrite() throws Exception {
    try (OpensslProcess server = OpensslProcess.serverHoldingStdout(withServerArgs("-quiet"));
        Context ctx = pki.clientContext(null);
        SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()));
        Selector selector = Selector.open()) {
      ch.setOption(java.net.StandardSocketOptions.SO_SNDBUF, 16 * 1024);
      ch.configureBlocking(false);
      SelectionKey key = ch.register(selector, 0);
      try (Connection c = new Connection(ctx, ch)) {
        c.setConnectState();
        retry(c::doHandshake, key, selector);
        byte[] chunk = data(16 * 1024, 7);
        long sent = 0;
        boolean wantWrite = false;
        long limit = 64L << 20;
        while (sent < limit) {
          try {
            sent += c.send(chunk);
          } catch (WantWriteException e) {
            wantWrite = true;
            break;
          } catch (WantReadException e) {
            fail("a send wanted to read");
          }
        }
        assertTrue(wantWrite, "no WantWriteException after " + sent + " bytes");
        server.releaseStdout();
        // finish: send one more chunk through the selector, then everything must arrive
        retry(() -> c.send(chunk), key, selector);
        long total = sent + chunk.length;
        byte[] got = server.awaitStdoutBytes((int) total, T);
        assertEquals(total, got.length);
      }
    }
  }

  private static String[] withServerArgs(String... extra) {
    List<String> args = new ArrayList<>(List.of("-naccept", "1"));
    args.addAll(pki.server.serverArgs());
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  interface Step {
    void run() throws OpenSslException;
  }

  /** Runs {@code step} until it completes, waiting with the selector; returns the Want count. */
  static int retry(Step step, SelectionKey key, Selector selector) throws Exception {
    long deadline = System.nanoTime() + T.toNanos();
    int wants = 0;
    while (true) {
      try {
        step.run();
        return wants;
      } catch (WantReadException e) {
        key.interestOps(SelectionKey.OP_READ);
      } catch (WantWriteException e) {
        key.interestOps(SelectionKey.OP_WRITE);
      }
      wants++;
      assertTrue(System.nanoTime() < deadline, "no progress within " + T);
      selector.select(200);
      selector.selectedKeys().clear();
    }
  }

  /**
   * Keying material: jossl equals what s_server -keymatexport prints for the same connection (no
   * context, as s_server uses), and a jossl client and server agree with each other, also on
   * tls-unique (the client's Finished in a full handshake).
   */
  @ParameterizedTest
  @EnumSource(Proto.class)
  void exportedKeyingMaterialEqualsSservers(Proto proto) throws Exception {
    String label = "EXPERIMENTAL-jossl-interop";
    try (OpensslProcess server =
            server(proto, 1, "-keymatexport", label, "-keymatexportlen", "32");
        Context ctx = pki.clientContext(null);
        Connection c = connect(ctx, server.port())) {
      c.doHandshake();
      String theirs = server.awaitField("Keying material:", T);
      byte[] ours = c.exportKeyingMaterial(bytes(label), 32, null);
      assertEquals(theirs, HexFormat.of().withUpperCase().formatHex(ours));
      assertEquals("'" + label + "'", server.awaitField("Label:", T));
      c.shutdown();
    }

    try (ServerSocket listener = InteropFixture.listen();
        Context sctx = pki.serverContext(proto, pki.server);
        Context cctx = pki.clientContext(proto)) {
      CompletableFuture<Connection> accepted =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  Connection s = InteropFixture.accept(sctx, listener);
                  s.doHandshake();
                  return s;
                } catch (Exception e) {
                  throw new java.util.concurrent.CompletionException(e);
                }
              });
      try (Connection c = connect(cctx, listener.getLocalPort())) {
        c.doHandshake();
        try (Connection s = accepted.get(T.toSeconds(), TimeUnit.SECONDS)) {
          byte[] context = bytes("some context");
          for (byte[] ctxBytes : new byte[][] {null, new byte[0], context}) {
            assertArrayEquals(
                s.exportKeyingMaterial(bytes(label), 48, ctxBytes),
                c.exportKeyingMaterial(bytes(label), 48, ctxBytes));
          }
          assertFalse(
              Arrays.equals(
                  c.exportKeyingMaterial(bytes(label), 48, null),
                  c.exportKeyingMaterial(bytes("EXPERIMENTAL-other"), 48, null)));
          assertArrayEquals(s.getPeerFinished(), c.getFinished(), "tls-unique");
          assertArrayEquals(s.getFinished(), c.getPeerFinished());
        }
      }
    }
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
