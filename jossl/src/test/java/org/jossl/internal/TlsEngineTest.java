package org.jossl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jossl.crypto.CertificateAuthority;
import org.jossl.crypto.IssuedCertificate;
import org.jossl.internal.ffi.Constants;
import org.jossl.internal.ffi.LibSsl;
import org.junit.jupiter.api.Test;

/** The engine alone: two engines over memory, pumped by hand. */
class TlsEngineTest {
  static final CertificateAuthority ROOT;
  static final IssuedCertificate LEAF;

  static {
    try {
      ROOT = CertificateAuthority.create();
      LEAF = ROOT.issue("localhost");
    } catch (Exception e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  static NativeContext serverContext() {
    NativeContext ctx = NativeContext.create(LibSsl.TLS_server_method());
    var bridge = CryptoAccess.get();
    ctx.ref.use(
        c ->
            bridge
                .x509Ref(LEAF.certificate())
                .use(
                    x ->
                        bridge
                            .pkeyRef(LEAF.key())
                            .use(
                                k -> {
                                  assertEquals(1, LibSsl.SSL_CTX_use_certificate(c, x));
                                  assertEquals(1, LibSsl.SSL_CTX_use_PrivateKey(c, k));
                                  return null;
                                })));
    return ctx;
  }

  static NativeContext clientContext() {
    NativeContext ctx = NativeContext.create(LibSsl.TLS_client_method());
    var bridge = CryptoAccess.get();
    ctx.ref.use(
        c ->
            bridge
                .x509Ref(ROOT.certificate())
                .use(
                    x -> {
                      assertEquals(
                          1,
                          org.jossl.internal.ffi.LibCrypto.X509_STORE_add_cert(
                              LibSsl.SSL_CTX_get_cert_store(c), x));
                      return null;
                    }));
    ctx.setVerify(Constants.SSL_VERIFY_PEER, null);
    return ctx;
  }

  /** Moves every pending byte between the two engines; returns whether anything moved. */
  static boolean pump(TlsEngine a, TlsEngine b) {
    byte[] buf = new byte[32 * 1024];
    boolean moved = false;
    for (TlsEngine[] d : new TlsEngine[][] {{a, b}, {b, a}}) {
      int n;
      while ((n = d[0].drain(buf, 0, buf.length)) > 0) {
        assertEquals(n, d[1].feed(buf, 0, n));
        moved = true;
      }
    }
    return moved;
  }

  static void handshake(TlsEngine client, TlsEngine server) {
    TlsStatus cs = new TlsStatus();
    TlsStatus ss = new TlsStatus();
    boolean cDone = false;
    boolean sDone = false;
    for (int i = 0; i < 50 && !(cDone && sDone); i++) {
      if (!cDone) {
        int r = client.handshake(cs);
        cDone = r == 1;
        if (!cDone) {
          assertEquals(Constants.SSL_ERROR_WANT_READ, cs.sslError, "client: " + cs.errors);
        }
      }
      if (!sDone) {
        int r = server.handshake(ss);
        sDone = r == 1;
        if (!sDone) {
          assertEquals(Constants.SSL_ERROR_WANT_READ, ss.sslError, "server: " + ss.errors);
        }
      }
      pump(client, server);
    }
    assertTrue(cDone && sDone, "handshake did not finish");
  }

  @Test
  void handshakeAndDataBothWays() {
    try (NativeContext sc = serverContext();
        NativeContext cc = clientContext();
        TlsEngine server = TlsEngine.create(sc, true, 0);
        TlsEngine client = TlsEngine.create(cc, false, 0)) {
      assertNotNull(server);
      assertNotNull(client);
      handshake(client, server);
      TlsStatus st = new TlsStatus();
      byte[] hello = "hello, server".getBytes(StandardCharsets.UTF_8);
      assertEquals(hello.length, client.write(hello, 0, hello.length, st));
      pump(client, server);
      byte[] got = new byte[100];
      int n = server.read(got, 0, got.length, st);
      assertEquals("hello, server", new String(got, 0, n, StandardCharsets.UTF_8));
      // nothing more: WANT_READ, not an error
      assertTrue(server.read(got, 0, got.length, st) <= 0);
      assertEquals(Constants.SSL_ERROR_WANT_READ, st.sslError);
      assertEquals(List.of(), st.errors);
    }
  }

  @Test
  void callbacksRunAndTheirExceptionsComeBackThroughTheStatus() {
    try (NativeContext sc = serverContext();
        NativeContext cc = clientContext()) {
      List<String> keylog = new ArrayList<>();
      List<Integer> depths = new ArrayList<>();
      cc.setKeylog((e, line) -> keylog.add(new String(line, StandardCharsets.US_ASCII)));
      cc.setVerify(
          Constants.SSL_VERIFY_PEER,
          (e, cert, error, depth, ok) -> {
            assertFalse(cert.address() == 0);
            depths.add(depth);
            return ok;
          });
      try (TlsEngine server = TlsEngine.create(sc, true, 0);
          TlsEngine client = TlsEngine.create(cc, false, 0)) {
        client.setOwner("owner");
        handshake(client, server);
        assertSame("owner", client.owner());
      }
      assertEquals(List.of(1, 0), depths);
      assertTrue(
          keylog.stream().anyMatch(l -> l.startsWith("CLIENT_TRAFFIC_SECRET_0 ")),
          keylog.toString());

      RuntimeException boom = new IllegalStateException("verify boom");
      cc.setVerify(
          Constants.SSL_VERIFY_PEER,
          (e, cert, error, depth, ok) -> {
            throw boom;
          });
      try (TlsEngine server = TlsEngine.create(sc, true, 0);
          TlsEngine client = TlsEngine.create(cc, false, 0)) {
        TlsStatus cs = new TlsStatus();
        TlsStatus ss = new TlsStatus();
        Throwable seen = null;
        for (int i = 0; i < 20 && seen == null; i++) {
          client.handshake(cs);
          seen = cs.callbackFailure;
          server.handshake(ss);
          pump(client, server);
        }
        assertSame(boom, seen);
        assertEquals(Constants.SSL_ERROR_SSL, cs.sslError);
        assertEquals("CERTIFICATE_VERIFY_FAILED", cs.last().reasonName());
      }
    }
  }

  @Test
  void closeFromAnotherThreadNeverFreesUnderACall() throws Exception {
    for (int round = 0; round < 200; round++) {
      NativeContext sc = serverContext();
      NativeContext cc = clientContext();
      TlsEngine server = TlsEngine.create(sc, true, 0);
      TlsEngine client = TlsEngine.create(cc, false, 0);
      Thread closer =
          Thread.ofPlatform()
              .start(
                  () -> {
                    Thread.onSpinWait();
                    client.close();
                    server.close();
                  });
      try {
        handshake(client, server);
      } catch (IllegalStateException | AssertionError expected) {
        // closed under us: a clean Java exception, never a crash
      }
      closer.join();
      assertTrue(client.isClosed() && server.isClosed());
      sc.close();
      cc.close();
    }
  }

  @Test
  void engineAndContextAreFoundFromTheirPointers() {
    try (NativeContext sc = serverContext();
        TlsEngine server = TlsEngine.create(sc, true, 0)) {
      MemorySegment ssl = server.call(s -> s);
      assertSame(server, TlsEngine.of(ssl));
      assertSame(sc, sc.ref.use(NativeContext::of));
    }
  }
}
