package org.jossl.ssl;

import static org.jossl.ssl.TlsLab.Impl.PYTHON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jossl.ssl.TlsLab.Cfg;
import org.jossl.ssl.TlsLab.Impl;
import org.jossl.ssl.TlsLab.Sni;
import org.junit.jupiter.api.Test;

/**
 * {@code SSLContext.sni_callback} and {@code set_servername_callback} on a server, with upstream
 * CPython as the oracle: each behaviour of the callback (go on, return an alert, raise, switch the
 * connection's context to another certificate) runs as the four pairs Python/jossl client ×
 * Python/jossl server, and what the callback was given (the connection's type, the server name or
 * None, the context argument, the connection's context, server_side, server_hostname), the client's
 * outcome (error, or the certificate it got), the server's outcome (its error, whether its context
 * was switched) and the callback's exception (Python: reported to {@code sys.unraisablehook};
 * jossl: the cause of the server's handshake exception) must equal Python/Python's.
 */
class SslSniCallbackTest extends WithTlsLab {
  /** Everything one connection showed, in a form to compare across implementations. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> run(
      Impl clientImpl, Impl serverImpl, Cfg serverCfg, Cfg clientCfg, String host)
      throws Exception {
    int port = lab.serve(serverImpl, serverCfg, 1, TlsLab.exchange(2000, 2000, "client"));
    Map<String, Object> client =
        lab.connect(
            clientImpl,
            clientCfg,
            port,
            host,
            null,
            null,
            TlsLab.exchange(2000, 2000, "client"),
            10);
    Map<String, Object> server = new LinkedHashMap<>(lab.results(serverImpl, port, 1).getFirst());
    if (serverImpl == PYTHON) {
      List<Map<String, Object>> unraisable = lab.pythonUnraisable();
      assertTrue(unraisable.size() <= 1, unraisable.toString());
      if (!unraisable.isEmpty()) {
        server.put("callback_exception", unraisable.getFirst());
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("client", essence(client));
    out.put("server", essence(server));
    out.put("callback_calls", lab.sniSeen(serverImpl, serverCfg));
    return (Map<String, Object>) TlsLab.normalize(out);
  }

  /** Stage, error, application outcome, and the certificate the client got. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> essence(Map<String, Object> result) {
    Map<String, Object> out = new LinkedHashMap<>(TlsLab.comparable(result));
    Object info = out.remove("info");
    out.put("handshake_done", info != null);
    if (info instanceof Map<?, ?> m) {
      out.put("version", ((Map<String, Object>) m).get("version"));
      out.put("peercert", ((Map<String, Object>) m).get("peercert"));
    }
    return out;
  }

  /** Runs the four pairs, compares each with Python/Python and returns the oracle's outcome. */
  private static Map<String, Object> matrix(Cfg serverCfg, Cfg clientCfg, String host)
      throws Exception {
    Map<String, Object> oracle = run(PYTHON, PYTHON, serverCfg, clientCfg, host);
    System.out.println("oracle: " + oracle);
    for (Impl c : Impl.values()) {
      for (Impl s : Impl.values()) {
        if (c == PYTHON && s == PYTHON) {
          continue;
        }
        Map<String, Object> o = run(c, s, serverCfg, clientCfg, host);
        String pair = c + " client, " + s + " server";
        assertEquals(oracle.get("client"), o.get("client"), pair + ": the client's outcome");
        assertEquals(oracle.get("server"), o.get("server"), pair + ": the server's outcome");
        assertEquals(
            oracle.get("callback_calls"), o.get("callback_calls"), pair + ": the callback's calls");
      }
    }
    return oracle;
  }

  private static Cfg server(Sni sni) {
    return Cfg.server().cert(pki.server.cert(), pki.server.key()).sni(sni);
  }

  private static Cfg client() {
    return Cfg.client().defaults().cafile(pki.rootPem);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> part(Map<String, Object> outcome, String key) {
    return (Map<String, Object>) outcome.get(key);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> onlyCall(Map<String, Object> outcome) {
    List<Map<String, Object>> calls = (List<Map<String, Object>>) outcome.get("callback_calls");
    assertEquals(1, calls.size(), outcome.toString());
    return calls.getFirst();
  }

  @SuppressWarnings("unchecked")
  private static String clientReason(Map<String, Object> outcome) {
    Map<String, Object> error = (Map<String, Object>) part(outcome, "client").get("error");
    assertNotNull(error, outcome.toString());
    return (String) error.get("reason");
  }

  @Test
  void callbackReturningNoneGoesOn() throws Exception {
    Map<String, Object> o = matrix(server(Sni.none()), client(), "localhost");
    assertEquals("done", part(o, "client").get("stage"), o.toString());
    Map<String, Object> call = onlyCall(o);
    assertEquals("localhost", call.get("server_name"));
    assertEquals("SSLSocket", call.get("type"));
    assertEquals(false, part(o, "server").get("context_switched"));
  }

  @Test
  void noServerNameForAnIpAddress() throws Exception {
    // a client connecting to an IP address sends no SNI: the callback gets None
    Map<String, Object> o = matrix(server(Sni.none()), client(), "127.0.0.1");
    assertEquals("done", part(o, "client").get("stage"), o.toString());
    assertEquals(null, onlyCall(o).get("server_name"));
  }

  @Test
  void alertAccessDenied() throws Exception {
    Map<String, Object> o =
        matrix(
            server(Sni.alert(AlertDescription.ALERT_DESCRIPTION_ACCESS_DENIED)),
            client(),
            "localhost");
    assertEquals("TLSV1_ALERT_ACCESS_DENIED", clientReason(o));
    assertNotNull(part(o, "server").get("error"), o.toString());
  }

  @Test
  void alertUnrecognizedNameOnTls12() throws Exception {
    Cfg server =
        server(Sni.alert(AlertDescription.ALERT_DESCRIPTION_UNRECOGNIZED_NAME))
            .versions(null, TlsVersion.TLSv1_2);
    Map<String, Object> o = matrix(server, client(), "localhost");
    assertEquals("TLSV1_UNRECOGNIZED_NAME", clientReason(o));
  }

  @Test
  void exceptionFailsTheHandshakeAndIsReported() throws Exception {
    Map<String, Object> o = matrix(server(Sni.raise("no such name")), client(), "localhost");
    assertEquals("SSLV3_ALERT_HANDSHAKE_FAILURE", clientReason(o));
    assertEquals(
        Map.of("type", "ValueError", "message", "no such name"),
        part(o, "server").get("callback_exception"));
  }

  @Test
  void switchingTheContextServesAnotherCertificate() throws Exception {
    // other.jossl.test is only in the second context's certificate: the client accepts the
    // server only if the callback switched
    Cfg other = Cfg.server().cert(pki.wrongHost.cert(), pki.wrongHost.key());
    Map<String, Object> o = matrix(server(Sni.switchTo(other)), client(), "other.jossl.test");
    assertEquals("done", part(o, "client").get("stage"), o.toString());
    assertTrue(
        ((String) part(o, "client").get("peercert")).contains("other.jossl.test"), o.toString());
    assertEquals(true, part(o, "server").get("context_switched"));
    assertEquals("self", onlyCall(o).get("socket_context"), "switched by the callback, not before");
  }

  @Test
  void switchingTheContextOnTls12() throws Exception {
    Cfg other = Cfg.server().cert(pki.wrongHost.cert(), pki.wrongHost.key());
    Cfg server = server(Sni.switchTo(other)).versions(null, TlsVersion.TLSv1_2);
    Map<String, Object> o = matrix(server, client(), "other.jossl.test");
    assertEquals("done", part(o, "client").get("stage"), o.toString());
    assertEquals("TLSv1.2", part(o, "client").get("version"));
  }

  @Test
  void legacyServernameCallbackGetsTheNameAsSent() throws Exception {
    Map<String, Object> o = matrix(server(Sni.none().legacyForm()), client(), "LocalHost");
    assertEquals("done", part(o, "client").get("stage"), o.toString());
    assertEquals("LocalHost", onlyCall(o).get("server_name"));
  }

  @Test
  void legacyServernameCallbackRaising() throws Exception {
    Map<String, Object> o =
        matrix(server(Sni.raise("legacy refused").legacyForm()), client(), "localhost");
    assertEquals("SSLV3_ALERT_HANDSHAKE_FAILURE", clientReason(o));
    assertNotNull(part(o, "server").get("callback_exception"), o.toString());
  }
}
