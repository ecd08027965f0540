package org.jossl.ssl;

import static org.jossl.ssl.TlsLab.Impl.PYTHON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jossl.ssl.TlsLab.Cfg;
import org.jossl.ssl.TlsLab.Impl;
import org.junit.jupiter.api.Test;

/**
 * {@code SSLSession} and {@code SSLContext.session_stats()} after a real sequence of connections,
 * with upstream CPython as the oracle. On fresh contexts (a client, a second client, two servers)
 * each pair Python/jossl client × Python/jossl server runs the same sequence: a full handshake, a
 * resumption with {@code wrap_socket(session=…)}, a resumption by assigning {@code s.session}
 * before {@code connect()}, a failed resumption (a server whose tickets the session is not from),
 * and a session from another context given to {@code wrap_socket} and assigned before {@code
 * connect()} (Python refuses both, the second before connecting). Each client reports its session's
 * {@code id} (length), {@code time}, {@code timeout}, {@code ticket_lifetime_hint}, {@code
 * has_ticket} right after the handshake and after a round trip, equality, {@code session_reused},
 * and the errors of assigning a session after the handshake and one from another context; each
 * server its own session and the error of assigning it. Everything, and every context's {@code
 * session_stats()} at the end, must equal Python/Python's, for TLS 1.2 and 1.3.
 */
class SslSessionOracleTest extends WithTlsLab {
  /** The probe app; sessions made since the class started count as made in time. */
  private static final Map<String, Object> PROBE =
      Map.of("session_probe", true, "not_before", System.currentTimeMillis() / 1000);

  /** What must agree: stage, error, the probes, and from the handshake version and reuse. */
  @SuppressWarnings("unchecked")
  private static Object essence(Map<String, Object> result) {
    Map<String, Object> out = new LinkedHashMap<>(TlsLab.comparable(result));
    Object info = out.remove("info");
    if (info instanceof Map<?, ?> m) {
      out.put("version", ((Map<String, Object>) m).get("version"));
      out.put("session_reused", ((Map<String, Object>) m).get("session_reused"));
    }
    if (out.get("app") instanceof Map<?, ?> app) {
      Map<String, Object> a = new LinkedHashMap<>((Map<String, Object>) app);
      for (String step : List.of("set_after_handshake", "set_foreign", "set_on_server")) {
        if (a.get(step) instanceof Map<?, ?> attempt) {
          a.put(step, TlsLab.comparable((Map<String, Object>) attempt));
        }
      }
      out.put("app", a);
    }
    return TlsLab.normalize(out);
  }

  /** The whole sequence for one pair, on fresh contexts; everything each end reported. */
  private static Map<String, Object> sequence(Impl clientImpl, Impl serverImpl, TlsVersion version)
      throws Exception {
    Cfg client = Cfg.client().defaults().cafile(pki.rootPem);
    Cfg otherClient = Cfg.client().defaults().cafile(pki.rootPem);
    Cfg server = Cfg.server().cert(pki.server.cert(), pki.server.key()).versions(null, version);
    Cfg otherServer =
        Cfg.server().cert(pki.server.cert(), pki.server.key()).versions(null, version);
    String tag = clientImpl + "-" + serverImpl + "-" + version + "-";
    String full = tag + "full";
    String foreign = tag + "foreign";
    int port = lab.serve(serverImpl, server, 5, PROBE, 10);
    int otherPort = lab.serve(serverImpl, otherServer, 2, PROBE, 10);
    List<Object> clients = new ArrayList<>();
    // a session of the other client context, for the "another context" cases
    clients.add(connect(clientImpl, otherClient, otherPort, null, foreign, PROBE, false));
    lab.results(serverImpl, otherPort, 1);
    Map<String, Object> probeForeign = new LinkedHashMap<>(PROBE);
    probeForeign.put("foreign_session", foreign);
    clients.add(connect(clientImpl, client, port, null, full, probeForeign, false));
    lab.results(serverImpl, port, 1);
    clients.add(connect(clientImpl, client, port, full, null, PROBE, false));
    lab.results(serverImpl, port, 2);
    clients.add(connect(clientImpl, client, port, full, null, PROBE, true));
    lab.results(serverImpl, port, 3);
    clients.add(connect(clientImpl, client, otherPort, full, null, PROBE, false));
    lab.results(serverImpl, otherPort, 2);
    // a session from another context: refused at wrap time (after the TCP connect) ...
    clients.add(connect(clientImpl, otherClient, port, full, null, PROBE, false));
    lab.results(serverImpl, port, 4);
    // ... and, assigned to an unconnected socket, by connect() before it connects
    clients.add(connect(clientImpl, otherClient, port, full, null, PROBE, true));
    // the last connection to the server: a plain one, so that a stray connection shows
    clients.add(connect(clientImpl, client, port, null, null, PROBE, false));
    List<Object> servers = new ArrayList<>();
    for (Map<String, Object> r : lab.results(serverImpl, port, 5)) {
      servers.add(essence(r));
    }
    for (Map<String, Object> r : lab.results(serverImpl, otherPort, 2)) {
      servers.add(essence(r));
    }
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("client", lab.sessionStats(clientImpl, client));
    stats.put("other client", lab.sessionStats(clientImpl, otherClient));
    stats.put("server", lab.sessionStats(serverImpl, server));
    stats.put("other server", lab.sessionStats(serverImpl, otherServer));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("clients", clients);
    out.put("servers", servers);
    out.put("stats", TlsLab.normalize(stats));
    return out;
  }

  private static Object connect(
      Impl impl,
      Cfg cfg,
      int port,
      String session,
      String save,
      Map<String, Object> app,
      boolean setter)
      throws Exception {
    return essence(lab.connect(impl, cfg, port, "localhost", session, save, app, 10, setter));
  }

  @SuppressWarnings("unchecked")
  private static void matrix(TlsVersion version) throws Exception {
    Map<String, Object> oracle = sequence(PYTHON, PYTHON, version);
    System.out.println(version + " oracle: " + oracle);
    checkOracle(oracle);
    for (Impl c : Impl.values()) {
      for (Impl s : Impl.values()) {
        if (c == PYTHON && s == PYTHON) {
          continue;
        }
        Map<String, Object> o = sequence(c, s, version);
        String pair = version + ", " + c + " client, " + s + " server";
        List<Object> expected = (List<Object>) oracle.get("clients");
        List<Object> actual = (List<Object>) o.get("clients");
        for (int i = 0; i < expected.size(); i++) {
          assertEquals(expected.get(i), actual.get(i), pair + ": client connection " + i);
        }
        assertEquals(oracle.get("servers"), o.get("servers"), pair + ": the servers");
        assertEquals(oracle.get("stats"), o.get("stats"), pair + ": session_stats()");
      }
    }
  }

  /** The sequence did what it is meant to in Python itself. */
  @SuppressWarnings("unchecked")
  private static void checkOracle(Map<String, Object> oracle) {
    List<Map<String, Object>> clients = (List<Map<String, Object>>) oracle.get("clients");
    assertEquals(false, clients.get(1).get("session_reused"), "full handshake");
    assertEquals(true, clients.get(2).get("session_reused"), "resumed, session passed to wrap");
    assertEquals(true, clients.get(3).get("session_reused"), "resumed, session assigned");
    assertEquals(false, clients.get(4).get("session_reused"), "failed resumption");
    for (int i : new int[] {5, 6}) {
      Map<String, Object> error = (Map<String, Object>) clients.get(i).get("error");
      assertNotNull(error, "a session of another context: " + clients.get(i));
      assertEquals("ValueError", error.get("type"));
    }
    Map<String, Object> stats = (Map<String, Object>) oracle.get("stats");
    Map<String, Object> client = (Map<String, Object>) stats.get("client");
    assertTrue((Long) client.get("hits") >= 2, stats.toString());
  }

  @Test
  void tls12() throws Exception {
    matrix(TlsVersion.TLSv1_2);
  }

  @Test
  void tls13() throws Exception {
    matrix(TlsVersion.TLSv1_3);
  }
}
