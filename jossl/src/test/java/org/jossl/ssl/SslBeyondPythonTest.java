package org.jossl.ssl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jossl.testing.PkiFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the {@code jossl} command needs beyond Python's {@code ssl}: sessions saved as DER and
 * resumed by another context (another process), close_notify without waiting for the peer's (TLS
 * half-close), and the key-exchange groups and TLS 1.3 suites as OpenSSL lists.
 */
class SslBeyondPythonTest {
  @TempDir static Path dir;

  static String ca;
  static SslContext serverContext;
  static SslServerSocket server;

  @BeforeAll
  static void startServer() throws Exception {
    PkiFiles pki = PkiFiles.write(dir, "beyond root");
    ca = pki.ca().toString();
    serverContext = Ssl.createDefaultContext(Purpose.CLIENT_AUTH);
    serverContext.loadCertChain(pki.chain().toString(), pki.key().toString());
    server = new SslServerSocket(serverContext, 0, 8, InetAddress.getLoopbackAddress());
  }

  @AfterAll
  static void stopServer() throws IOException {
    server.close();
    serverContext.close();
  }

  private static SslContext client() throws IOException {
    return Ssl.createDefaultContext(Purpose.SERVER_AUTH, VerifyLocations.none().withCafile(ca));
  }

  /** The next server-side connection, accepted on another thread. */
  private static CompletableFuture<SslSocket> accept() {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return server.accept();
          } catch (IOException e) {
            throw new RuntimeException(e);
          }
        });
  }

  private static SslSocket connect(SslContext context, SslSession session) throws IOException {
    Socket raw = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
    return context.wrapSocket(
        raw, WrapOptions.defaults().withServerHostname("localhost").withSession(session));
  }

  @Test
  void aSessionSavedAsDerResumesWithAnotherContext() throws Exception {
    byte[] der;
    try (SslContext first = client()) {
      CompletableFuture<SslSocket> accepted = accept();
      try (SslSocket c = connect(first, null);
          SslSocket s = accepted.get(10, TimeUnit.SECONDS)) {
        s.sendAll("x".getBytes(StandardCharsets.US_ASCII));
        c.recv(1); // the TLS 1.3 tickets come before it
        SslSession session = c.getSession();
        assertTrue(session.isResumable(), "the ticket arrived");
        der = session.toDer();
        assertArrayEquals(der, SslSession.fromDer(der, first).toDer(), "DER round trip");
      }
    }
    try (SslContext second = client()) {
      SslSession restored = SslSession.fromDer(der, second);
      assertEquals(second, restored.getContext());
      CompletableFuture<SslSocket> accepted = accept();
      try (SslSocket c = connect(second, restored);
          SslSocket s = accepted.get(10, TimeUnit.SECONDS)) {
        assertTrue(c.isSessionReused(), "resumed by a context that never saw the server");
        assertTrue(s.isSessionReused());
      }
      // the control: the same context without the session does not resume
      CompletableFuture<SslSocket> again = accept();
      try (SslSocket c = connect(second, null);
          SslSocket s = again.get(10, TimeUnit.SECONDS)) {
        assertFalse(c.isSessionReused());
      }
      SslException e =
          assertThrows(SslException.class, () -> SslSession.fromDer(new byte[] {1, 2, 3}, second));
      assertTrue(e.getMessage().length() > 0);
    }
  }

  @Test
  void closeNotifyWithoutWaitingLeavesTheReadingSideOpen() throws Exception {
    try (SslContext context = client()) {
      CompletableFuture<SslSocket> accepted = accept();
      try (SslSocket c = connect(context, null);
          SslSocket s = accepted.get(10, TimeUnit.SECONDS)) {
        c.setTimeout(10.0);
        s.setTimeout(10.0);
        c.sendAll("request".getBytes(StandardCharsets.US_ASCII));
        c.sendCloseNotify();
        assertEquals("request", new String(s.recv(100), StandardCharsets.US_ASCII));
        assertEquals(0, s.recv(100).length, "the server sees the client's close_notify");
        // the server answers after the client closed its side, then closes too
        s.sendAll("answer".getBytes(StandardCharsets.US_ASCII));
        s.sendCloseNotify();
        assertEquals("answer", new String(c.recv(100), StandardCharsets.US_ASCII));
        assertThrows(SslZeroReturnException.class, () -> c.recv(100), "both sides closed");
      }
    }
  }

  @Test
  void groupsAndTls13SuitesAreOpenSslLists() throws Exception {
    try (SslContext context = client()) {
      context.setGroups("P-384");
      context.setCiphersuites("TLS_CHACHA20_POLY1305_SHA256");
      CompletableFuture<SslSocket> accepted = accept();
      try (SslSocket c = connect(context, null);
          SslSocket s = accepted.get(10, TimeUnit.SECONDS)) {
        assertEquals("TLS_CHACHA20_POLY1305_SHA256", c.cipher().name());
        assertEquals(c.cipher(), s.cipher());
        assertTrue(String.valueOf(c.group()).contains("384"), c.group());
        assertEquals(c.group(), s.group());
      }
      assertThrows(SslException.class, () -> context.setGroups("no-such-group"));
      assertThrows(SslException.class, () -> context.setCiphersuites("NO_SUCH_SUITE"));
    }
  }
}
