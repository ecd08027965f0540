package org.jossl.ssl;

import static org.jossl.ssl.TlsLab.Impl.PYTHON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jossl.ssl.TlsLab.Cfg;
import org.jossl.ssl.TlsLab.Impl;
import org.junit.jupiter.api.Test;

/**
 * TLS 1.3 post-handshake client authentication ({@code SSLContext.post_handshake_auth}, {@code
 * SSLSocket.verify_client_post_handshake()}), with upstream CPython as the oracle. The server reads
 * {@code getpeercert()}, asks for the client's certificate, sends a message that carries the
 * request, reads the client's answer (the certificate arrives with it) and reads {@code
 * getpeercert()} again; the client calls {@code verify_client_post_handshake()} itself (which a
 * client may not), reads, answers and reads. Every step's value or exception, at both ends, must
 * equal Python/Python's for each of the four pairs Python/jossl client × Python/jossl server: the
 * certificate arriving, and the errors for a client without PHA, TLS 1.2, a client socket, a client
 * without a certificate, a server that verifies nothing.
 */
class SslPostHandshakeAuthTest extends WithTlsLab {
  private static final Map<String, Object> PHA = Map.of("pha", true);

  private static Map<String, Object> run(
      Impl clientImpl, Impl serverImpl, Cfg serverCfg, Cfg clientCfg) throws Exception {
    int port = lab.serve(serverImpl, serverCfg, 1, PHA, 10);
    Map<String, Object> client =
        lab.connect(clientImpl, clientCfg, port, "localhost", null, null, PHA, 10);
    Map<String, Object> server = lab.results(serverImpl, port, 1).getFirst();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("client", essence(client));
    out.put("server", essence(server));
    @SuppressWarnings("unchecked")
    Map<String, Object> normalized = (Map<String, Object>) TlsLab.normalize(out);
    return normalized;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> essence(Map<String, Object> result) {
    Map<String, Object> out = new LinkedHashMap<>(TlsLab.comparable(result));
    Object info = out.remove("info");
    if (info instanceof Map<?, ?> m) {
      out.put("version", ((Map<String, Object>) m).get("version"));
      out.put("peercert_at_handshake", ((Map<String, Object>) m).get("peercert"));
    }
    if (out.get("app") instanceof Map<?, ?> app) {
      Map<String, Object> a = new LinkedHashMap<>((Map<String, Object>) app);
      for (String step : new String[] {"verify", "read", "after"}) {
        if (a.get(step) instanceof Map<?, ?> attempt) {
          a.put(step, TlsLab.comparable((Map<String, Object>) attempt));
        }
      }
      out.put("app", a);
    }
    return out;
  }

  /** The four pairs, each compared with Python/Python; the oracle's outcome. */
  private static Map<String, Object> matrix(Cfg serverCfg, Cfg clientCfg) throws Exception {
    Map<String, Object> oracle = run(PYTHON, PYTHON, serverCfg, clientCfg);
    System.out.println("oracle: " + oracle);
    for (Impl c : Impl.values()) {
      for (Impl s : Impl.values()) {
        if (c == PYTHON && s == PYTHON) {
          continue;
        }
        Map<String, Object> o = run(c, s, serverCfg, clientCfg);
        String pair = c + " client, " + s + " server";
        assertEquals(oracle.get("client"), o.get("client"), pair + ": the client's outcome");
        assertEquals(oracle.get("server"), o.get("server"), pair + ": the server's outcome");
      }
    }
    return oracle;
  }

  private static Cfg server(VerifyMode mode, boolean pha) {
    return Cfg.server()
        .cert(pki.server.cert(), pki.server.key())
        .cafile(pki.rootPem)
        .verifyMode(mode)
        .postHandshakeAuth(pha);
  }

  private static Cfg client(boolean pha, boolean cert) {
    Cfg c = Cfg.client().defaults().cafile(pki.rootPem).postHandshakeAuth(pha);
    return cert ? c.cert(pki.client.cert(), pki.client.key()) : c;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> app(Map<String, Object> outcome, String side) {
    Map<String, Object> end = (Map<String, Object>) outcome.get(side);
    Map<String, Object> app = (Map<String, Object>) end.get("app");
    assertNotNull(app, side + ": " + outcome);
    return app;
  }

  @SuppressWarnings("unchecked")
  private static String errorReason(Object attempt) {
    Map<String, Object> error = (Map<String, Object>) ((Map<String, Object>) attempt).get("error");
    assertNotNull(error, "expected an error: " + attempt);
    return (String) error.get("reason");
  }

  @SuppressWarnings("unchecked")
  private static Object okValue(Object attempt) {
    Map<String, Object> a = (Map<String, Object>) attempt;
    assertTrue(a.containsKey("ok"), "expected a value: " + attempt);
    return a.get("ok");
  }

  @Test
  void certificateArrivesAfterTheHandshake() throws Exception {
    Map<String, Object> o = matrix(server(VerifyMode.CERT_REQUIRED, true), client(true, true));
    Map<String, Object> server = app(o, "server");
    assertNull(server.get("before"), "no certificate before the request");
    assertNull(okValue(server.get("verify")));
    assertTrue(((String) okValue(server.get("after"))).contains("client.jossl.test"), o.toString());
    assertEquals("NOT_SERVER", errorReason(app(o, "client").get("verify")));
  }

  @Test
  void clientWithoutPostHandshakeAuth() throws Exception {
    Map<String, Object> o = matrix(server(VerifyMode.CERT_REQUIRED, true), client(false, true));
    assertEquals("EXTENSION_NOT_RECEIVED", errorReason(app(o, "server").get("verify")));
    assertNull(okValue(app(o, "server").get("after")));
  }

  @Test
  void tls12HasNoPostHandshakeAuth() throws Exception {
    Cfg server = server(VerifyMode.CERT_REQUIRED, true).versions(null, TlsVersion.TLSv1_2);
    Map<String, Object> o = matrix(server, client(true, true));
    assertEquals("WRONG_SSL_VERSION", errorReason(app(o, "server").get("verify")));
    // TLS 1.2 asks for the certificate in the handshake instead
    assertNotNull(app(o, "server").get("before"), o.toString());
  }

  @Test
  void clientWithoutCertificateWhenRequired() throws Exception {
    Map<String, Object> o = matrix(server(VerifyMode.CERT_REQUIRED, true), client(true, false));
    assertEquals(
        "PEER_DID_NOT_RETURN_A_CERTIFICATE", errorReason(app(o, "server").get("read")), "" + o);
  }

  @Test
  void clientWithoutCertificateWhenOptional() throws Exception {
    Map<String, Object> o = matrix(server(VerifyMode.CERT_OPTIONAL, true), client(true, false));
    assertNull(okValue(app(o, "server").get("after")));
    assertEquals("done", ((Map<?, ?>) o.get("server")).get("stage"), o.toString());
  }

  @Test
  void serverThatVerifiesNothing() throws Exception {
    Map<String, Object> o = matrix(server(VerifyMode.CERT_NONE, true), client(true, true));
    assertEquals("INVALID_CONFIG", errorReason(app(o, "server").get("verify")));
  }

  @Test
  void serverWithoutPostHandshakeAuthAsksInTheHandshake() throws Exception {
    Map<String, Object> o = matrix(server(VerifyMode.CERT_REQUIRED, false), client(true, true));
    assertNotNull(app(o, "server").get("before"), o.toString());
  }
}
