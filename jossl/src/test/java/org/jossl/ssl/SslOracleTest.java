package org.jossl.ssl;

import static org.jossl.ssl.TlsLab.Impl.PYTHON;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jossl.crypto.Crypto;
import org.jossl.crypto.X509;
import org.jossl.ssl.TlsLab.Cfg;
import org.jossl.ssl.TlsLab.Impl;
import org.junit.jupiter.api.Test;

/**
 * jossl's {@link SslSocket} and {@link SslServerSocket} against upstream CPython's {@code ssl}, in
 * both directions, with Python as the oracle: each scenario runs as the four pairs Python/jossl
 * client × Python/jossl server, and what every end reports after the handshake ({@code
 * getpeercert()} as JSON and in binary form, {@code cipher()}, {@code version()}, {@code
 * shared_ciphers()}, {@code selected_alpn_protocol()}, {@code compression()}, the tls-unique
 * channel binding, {@code session_reused}, the verified and unverified chains as DER) must equal
 * what Python's end reports in the same seat. Data moves both ways (megabytes, checked by SHA-256)
 * and every connection ends with close_notify both ways, Python's {@code read()} giving {@code
 * b''}.
 */
class SslOracleTest extends WithTlsLab {
  private static final int BULK = 3 * 1024 * 1024;

  private record Run(
      Impl clientImpl, Impl serverImpl, Map<String, Object> client, Map<String, Object> server) {
    String pair() {
      return clientImpl + " client, " + serverImpl + " server";
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> clientInfo() {
      Map<String, Object> info = (Map<String, Object>) client.get("info");
      assertNotNull(info, pair() + ": the client's handshake failed: " + client);
      return info;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> serverInfo() {
      Map<String, Object> info = (Map<String, Object>) server.get("info");
      assertNotNull(info, pair() + ": the server's handshake failed: " + server);
      return info;
    }
  }

  /** The four pairs, Python against Python first, each on a fresh server. */
  private static List<Run> fourPairs(
      Cfg serverCfg,
      Cfg clientCfg,
      String host,
      Map<String, Object> clientApp,
      Map<String, Object> serverApp)
      throws Exception {
    List<Run> runs = new ArrayList<>();
    for (Impl s : Impl.values()) {
      for (Impl c : Impl.values()) {
        int port = lab.serve(s, serverCfg, 1, serverApp);
        Map<String, Object> client =
            lab.connect(c, clientCfg, port, host, null, null, clientApp, 20);
        runs.add(new Run(c, s, client, lab.results(s, port, 1).getFirst()));
      }
    }
    runs.sort((a, b) -> Boolean.compare(!isOracle(a), !isOracle(b)));
    return runs;
  }

  private static boolean isOracle(Run r) {
    return r.clientImpl() == PYTHON && r.serverImpl() == PYTHON;
  }

  /** What must equal across implementations: random values only by their length. */
  private static Object comparableInfo(Map<String, Object> info) {
    Map<String, Object> out = new LinkedHashMap<>(info);
    for (String random : List.of("channel_binding", "session_id")) {
      Object v = out.get(random);
      out.put(random, v == null ? null : "length " + ((byte[]) v).length);
    }
    return TlsLab.normalize(out);
  }

  private static Object brief(Map<String, Object> info) {
    Map<String, Object> out = new LinkedHashMap<>(info);
    out.remove("peercert_der");
    return comparableInfo(out);
  }

  /** Compares every run's ends with the oracle's, and the two ends of each connection. */
  private static void compareWithOracle(List<Run> runs) {
    Run oracle = runs.getFirst();
    System.out.println("oracle client info: " + brief(oracle.clientInfo()));
    System.out.println("oracle server info: " + brief(oracle.serverInfo()));
    for (Run r : runs) {
      assertEquals("done", r.client().get("stage"), r.pair() + ": " + r.client());
      assertEquals("done", r.server().get("stage"), r.pair() + ": " + r.server());
      assertEquals(
          comparableInfo(oracle.clientInfo()),
          comparableInfo(r.clientInfo()),
          r.pair() + ": what the client reports");
      assertEquals(
          comparableInfo(oracle.serverInfo()),
          comparableInfo(r.serverInfo()),
          r.pair() + ": what the server reports");
      TlsLab.assertSame(
          r.pair() + ": the client's application outcome",
          oracle.client().get("app"),
          r.client().get("app"));
      TlsLab.assertSame(
          r.pair() + ": the server's application outcome",
          oracle.server().get("app"),
          r.server().get("app"));
      // tls-unique is the first Finished message of the handshake: the same at both ends
      TlsLab.assertSame(
          r.pair() + ": tls-unique at both ends",
          r.clientInfo().get("channel_binding"),
          r.serverInfo().get("channel_binding"));
    }
  }

  private static byte[] der(Path pem) throws Exception {
    X509 cert = Crypto.loadCertificate(Crypto.FILETYPE_PEM, Files.readAllBytes(pem));
    return cert.toDer();
  }

  private static void assertBulkExchange(Run oracle, String closer) {
    @SuppressWarnings("unchecked")
    Map<String, Object> client = (Map<String, Object>) oracle.client().get("app");
    @SuppressWarnings("unchecked")
    Map<String, Object> server = (Map<String, Object>) oracle.server().get("app");
    assertEquals(true, client.get("upload_ok"));
    assertEquals(true, client.get("download_ok"));
    assertEquals((long) BULK, client.get("download_len"));
    assertEquals(true, client.get("unwrapped"));
    assertEquals((long) BULK, server.get("upload_len"));
    assertEquals(true, server.get("unwrapped"));
    // the side that did not close first read until Python's read() gave b''
    Object afterClose = ("client".equals(closer) ? server : client).get("after_close");
    assertArrayEquals(new byte[0], (byte[]) afterClose);
  }

  private void mutualAlpnBulk(TlsVersion version, String closer) throws Exception {
    Cfg server =
        Cfg.server()
            .cert(pki.server.cert(), pki.server.key())
            .cafile(pki.rootPem)
            .verifyMode(VerifyMode.CERT_REQUIRED)
            .alpn("h2", "http/1.1")
            .versions(version, version);
    Cfg client =
        Cfg.client()
            .defaults()
            .cafile(pki.rootPem)
            .cert(pki.client.cert(), pki.client.key())
            .alpn("http/1.1");
    List<Run> runs =
        fourPairs(
            server,
            client,
            "localhost",
            TlsLab.exchange(BULK, BULK, closer),
            TlsLab.exchange(0, 0, closer));
    compareWithOracle(runs);
    Run oracle = runs.getFirst();
    assertBulkExchange(oracle, closer);
    assertEquals("http/1.1", oracle.clientInfo().get("alpn"));
    assertEquals(version.name().replace('_', '.'), oracle.clientInfo().get("version"));
    byte[] serverDer = der(pki.server.cert());
    byte[] clientDer = der(pki.client.cert());
    for (Run r : runs) {
      assertArrayEquals(serverDer, (byte[]) r.clientInfo().get("peercert_der"), r.pair());
      assertArrayEquals(clientDer, (byte[]) r.serverInfo().get("peercert_der"), r.pair());
    }
    // the chains compared above are real ones: leaf first, ending at the trusted root
    List<?> verified = (List<?>) oracle.clientInfo().get("verified_chain");
    assertTrue(verified.size() >= 2, "verified chain of " + verified.size());
    assertArrayEquals(serverDer, (byte[]) verified.getFirst());
    assertArrayEquals(der(pki.rootPem), (byte[]) verified.getLast());
    List<?> unverified = (List<?>) oracle.serverInfo().get("unverified_chain");
    assertArrayEquals(clientDer, (byte[]) unverified.getFirst());
  }

  @Test
  void tls13MutualAuthAlpnBulkDataClientCloses() throws Exception {
    mutualAlpnBulk(TlsVersion.TLSv1_3, "client");
  }

  @Test
  void tls12MutualAuthAlpnBulkDataServerCloses() throws Exception {
    mutualAlpnBulk(TlsVersion.TLSv1_2, "server");
  }

  @Test
  void alpnWithoutOverlapOrOnOneSideOnly() throws Exception {
    // no common protocol: Python's server callback declines (no ALPN, no failure)
    List<Run> none =
        localhostPairs(
            Cfg.server().cert(pki.server.cert(), pki.server.key()).alpn("h2", "spdy/3"),
            Cfg.client().cafile(pki.rootPem).alpn("http/1.1"),
            TlsLab.exchange(10, 10, "client"));
    compareWithOracle(none);
    assertNull(none.getFirst().clientInfo().get("alpn"));
    List<Run> serverOnly =
        localhostPairs(
            Cfg.server().cert(pki.server.cert(), pki.server.key()).alpn("h2"),
            Cfg.client().cafile(pki.rootPem),
            TlsLab.exchange(10, 10, "client"));
    compareWithOracle(serverOnly);
    List<Run> clientOnly =
        localhostPairs(
            Cfg.server().cert(pki.server.cert(), pki.server.key()),
            Cfg.client().cafile(pki.rootPem).alpn("h2", "http/1.1"),
            TlsLab.exchange(10, 10, "client"));
    compareWithOracle(clientOnly);
    // the server's preference order decides
    List<Run> order =
        localhostPairs(
            Cfg.server().cert(pki.server.cert(), pki.server.key()).alpn("http/1.1", "h2"),
            Cfg.client().cafile(pki.rootPem).alpn("h2", "http/1.1"),
            TlsLab.exchange(10, 10, "client"));
    compareWithOracle(order);
    System.out.println("ALPN chosen: " + order.getFirst().clientInfo().get("alpn"));
  }

  @Test
  void sendfileUploadsAFileRange() throws Exception {
    // sendfile(file, offset, count) with a count and to the end of the file, over 16 KiB records
    for (Object count : java.util.Arrays.asList(300_000L, null)) {
      Map<String, Object> app = new LinkedHashMap<>(TlsLab.exchange(300_000, 1000, "client"));
      Map<String, Object> sendfile = new LinkedHashMap<>();
      sendfile.put("offset", 777L);
      sendfile.put("count", count);
      app.put("sendfile", sendfile);
      List<Run> runs = usualPairs(app);
      compareWithOracle(runs);
      @SuppressWarnings("unchecked")
      Map<String, Object> oracle = (Map<String, Object>) runs.getFirst().client().get("app");
      assertEquals(300_000L, oracle.get("sent"), "count " + count);
      assertEquals(true, oracle.get("upload_ok"));
    }
  }

  /**
   * {@link #fourPairs} with the client connecting to "localhost" and the server echoing what the
   * client sends.
   */
  private static List<Run> localhostPairs(
      Cfg serverCfg, Cfg clientCfg, Map<String, Object> clientApp) throws Exception {
    return fourPairs(serverCfg, clientCfg, "localhost", clientApp, TlsLab.exchange(0, 0, "client"));
  }

  /** {@link #localhostPairs} of the PKI's server and a client trusting the PKI's root. */
  private static List<Run> usualPairs(Map<String, Object> clientApp) throws Exception {
    return localhostPairs(
        Cfg.server().cert(pki.server.cert(), pki.server.key()),
        Cfg.client().cafile(pki.rootPem),
        clientApp);
  }

  @Test
  void wrapAnUnconnectedSocketThenConnect() throws Exception {
    // ctx.wrap_socket(socket.socket(), server_hostname=...).connect(address)
    Map<String, Object> app = new LinkedHashMap<>(TlsLab.exchange(1000, 1000, "client"));
    app.put("connect_after_wrap", true);
    List<Run> runs = usualPairs(app);
    compareWithOracle(runs);
  }

  @Test
  void serverWithoutClientCertificateSeesNone() throws Exception {
    // CERT_OPTIONAL asks for a certificate, the client has none: getpeercert() is None
    Cfg server =
        Cfg.server()
            .cert(pki.server.cert(), pki.server.key())
            .cafile(pki.rootPem)
            .verifyMode(VerifyMode.CERT_OPTIONAL);
    List<Run> runs =
        localhostPairs(
            server, Cfg.client().cafile(pki.rootPem), TlsLab.exchange(100, 100, "client"));
    compareWithOracle(runs);
    assertNull(runs.getFirst().serverInfo().get("peercert"));
    assertNull(runs.getFirst().serverInfo().get("peercert_der"));
  }

  @Test
  void serverThatDoesNotAskSeesNone() throws Exception {
    // the server's default CERT_NONE: a client certificate is never sent
    List<Run> runs =
        fourPairs(
            Cfg.server().cert(pki.server.cert(), pki.server.key()),
            Cfg.client().cafile(pki.rootPem).cert(pki.client.cert(), pki.client.key()),
            "localhost",
            TlsLab.exchange(100, 100, "server"),
            TlsLab.exchange(0, 0, "server"));
    compareWithOracle(runs);
    assertNull(runs.getFirst().serverInfo().get("peercert"));
  }

  @Test
  void unverifiedPeerGivesAnEmptyDict() throws Exception {
    // CERT_NONE: Python gives {} for a certificate it did not verify, and the DER all the same
    Cfg client = Cfg.client().checkHostname(false).verifyMode(VerifyMode.CERT_NONE);
    List<Run> runs =
        localhostPairs(
            Cfg.server().cert(pki.untrusted.cert(), pki.untrusted.key()),
            client,
            TlsLab.exchange(100, 100, "client"));
    compareWithOracle(runs);
    assertEquals("{}", runs.getFirst().clientInfo().get("peercert"));
    assertNotNull(runs.getFirst().clientInfo().get("peercert_der"));
    // not verified, yet OpenSSL built a chain (compared above): what Python reports for it
    System.out.println(
        "CERT_NONE verified chain length: "
            + ((List<?>) runs.getFirst().clientInfo().get("verified_chain")).size());
  }

  @Test
  void verifiedClientCertificateWithoutServerName() throws Exception {
    // no server_hostname (no SNI, no host check); the server decodes the client's certificate
    Cfg server =
        Cfg.server()
            .cert(pki.server.cert(), pki.server.key())
            .cafile(pki.rootPem)
            .verifyMode(VerifyMode.CERT_REQUIRED)
            .versions(null, TlsVersion.TLSv1_2);
    Cfg client =
        Cfg.client()
            .checkHostname(false)
            .cafile(pki.rootPem)
            .cert(pki.client.cert(), pki.client.key());
    List<Run> runs =
        fourPairs(
            server,
            client,
            null,
            TlsLab.exchange(100, 100, "client"),
            TlsLab.exchange(0, 0, "client"));
    compareWithOracle(runs);
    assertNull(runs.getFirst().clientInfo().get("server_hostname"));
    assertNotNull(runs.getFirst().serverInfo().get("peercert"));
  }

  private void plaintextAfterUnwrap(String closer) throws Exception {
    // STARTTLS in reverse: after close_notify both ways the server speaks in the clear on the
    // socket unwrap() returned, right behind its close_notify
    byte[] tail = "PLAIN TEXT AFTER TLS\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    Map<String, Object> client = new LinkedHashMap<>(TlsLab.exchange(1000, 1000, closer));
    client.put("plain_tail", true);
    Map<String, Object> server = new LinkedHashMap<>(TlsLab.exchange(0, 0, closer));
    server.put("plain_tail", tail);
    List<Run> runs =
        fourPairs(
            Cfg.server().cert(pki.server.cert(), pki.server.key()),
            Cfg.client().cafile(pki.rootPem),
            "localhost",
            client,
            server);
    compareWithOracle(runs);
    @SuppressWarnings("unchecked")
    Map<String, Object> app = (Map<String, Object>) runs.getFirst().client().get("app");
    assertArrayEquals(tail, (byte[]) app.get("plain"));
  }

  @Test
  void plaintextAfterUnwrapClientClosesFirst() throws Exception {
    plaintextAfterUnwrap("client");
  }

  @Test
  void plaintextAfterUnwrapServerClosesFirst() throws Exception {
    plaintextAfterUnwrap("server");
  }

  private void resumption(TlsVersion version) throws Exception {
    Cfg server = Cfg.server().cert(pki.server.cert(), pki.server.key()).versions(version, version);
    Cfg client = Cfg.client().cafile(pki.rootPem);
    Map<String, Object> app = TlsLab.exchange(10, 10, "client");
    for (Impl s : Impl.values()) {
      for (Impl c : Impl.values()) {
        String pair = c + " client, " + s + " server, " + version;
        String name = "session-" + pair;
        int port = lab.serve(s, server, 2, TlsLab.exchange(0, 0, "client"));
        Map<String, Object> first = lab.connect(c, client, port, "localhost", null, name, app, 20);
        Map<String, Object> second = lab.connect(c, client, port, "localhost", name, null, app, 20);
        List<Map<String, Object>> served = lab.results(s, port, 2);
        Run one = new Run(c, s, first, served.get(0));
        Run two = new Run(c, s, second, served.get(1));
        assertEquals("done", second.get("stage"), pair + ": " + second);
        assertEquals(false, one.clientInfo().get("session_reused"), pair);
        assertEquals(false, one.serverInfo().get("session_reused"), pair);
        assertEquals(true, two.clientInfo().get("session_reused"), pair + ": client resumed");
        assertEquals(true, two.serverInfo().get("session_reused"), pair + ": server resumed");
        // a resumed session has no new certificate exchange, yet getpeercert() still answers
        assertEquals(one.clientInfo().get("peercert"), two.clientInfo().get("peercert"), pair);
      }
    }
  }

  @Test
  void sessionResumptionTls12() throws Exception {
    resumption(TlsVersion.TLSv1_2);
  }

  @Test
  void sessionResumptionTls13() throws Exception {
    resumption(TlsVersion.TLSv1_3);
  }

  @Test
  void readTimeoutThenCleanClose() throws Exception {
    // a read that times out leaves the connection usable; the next read sees the close_notify
    Map<String, Object> probe = new LinkedHashMap<>();
    probe.put("probe", List.of(0.3, 10.0));
    List<Run> runs =
        fourPairs(
            Cfg.server().cert(pki.server.cert(), pki.server.key()),
            Cfg.client().cafile(pki.rootPem),
            "localhost",
            probe,
            Map.of("sleep_then_close", 1.0));
    Object expected = TlsLab.normalize(runs.getFirst().client().get("app"));
    System.out.println("oracle probe: " + expected);
    for (Run r : runs) {
      assertEquals("done", r.client().get("stage"), r.pair() + ": " + r.client());
      assertEquals(expected, TlsLab.normalize(r.client().get("app")), r.pair());
      TlsLab.assertSame(
          r.pair() + ": the server's outcome",
          withoutInfo(runs.getFirst().server()),
          withoutInfo(r.server()));
    }
  }

  @Test
  void unwrapTimesOutThenReadSeesZeroReturn() throws Exception {
    // unwrap() sent close_notify but timed out waiting for the peer's; the read that then gets it
    // raises SSLZeroReturnError (both close_notify seen), not b''
    List<Run> runs =
        fourPairs(
            Cfg.server().cert(pki.server.cert(), pki.server.key()),
            Cfg.client().cafile(pki.rootPem),
            "localhost",
            Map.of("unwrap_probe", List.of(0.3, 10.0)),
            Map.of("sleep_then_close", 1.0));
    Object expected = TlsLab.normalize(runs.getFirst().client().get("app"));
    System.out.println("oracle unwrap probe: " + expected);
    for (Run r : runs) {
      assertEquals(expected, TlsLab.normalize(r.client().get("app")), r.pair());
      TlsLab.assertSame(
          r.pair() + ": the server's outcome",
          withoutInfo(runs.getFirst().server()),
          withoutInfo(r.server()));
    }
  }

  private static Map<String, Object> withoutInfo(Map<String, Object> result) {
    Map<String, Object> out = new LinkedHashMap<>(result);
    out.remove("info");
    return out;
  }
}
