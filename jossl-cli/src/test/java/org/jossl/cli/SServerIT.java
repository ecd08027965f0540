package org.jossl.cli;

import static org.jossl.cli.TlsPeers.assertSameConnection;
import static org.jossl.cli.TlsPeers.map;
import static org.jossl.cli.TlsPeers.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jossl.testing.PeerJson;
import org.jossl.testing.Peers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/jossl s_server} with real clients: {@code openssl s_client} and upstream CPython's
 * {@code ssl}, several at once and some bad. Its {@code -json} lines are compared with what a
 * Python ssl server prints for the same clients, and every connection must end with close_notify.
 */
class SServerIT {
  @TempDir static Path tmp;

  static TestPki pki;

  private static final Duration EXIT = Duration.ofSeconds(40);

  @BeforeAll
  static void makePki() {
    pki = TestPki.get();
  }

  /** {@code s_server -accept 127.0.0.1:0 -cert <chain> -key <key> -json more...}. */
  private static Background server(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "s_server",
                "-accept",
                "127.0.0.1:0",
                "-cert",
                pki.server.chainFile(),
                "-key",
                pki.server.keyFile(),
                "-json"));
    args.addAll(List.of(more));
    return Background.jossl(tmp, args.toArray(String[]::new));
  }

  /** The JSON lines of a jossl server, by the client's port. */
  private static Map<Long, Map<String, Object>> byPeerPort(Background server) {
    Map<Long, Map<String, Object>> m = new HashMap<>();
    for (String line : server.stdout()) {
      Map<String, Object> c = map(PeerJson.parse(line));
      String peer = (String) c.get("peer");
      assertTrue(peer.startsWith("127.0.0.1:"), line);
      m.put(Long.parseLong(peer.substring(peer.lastIndexOf(':') + 1)), c);
    }
    return m;
  }

  private static Peers.Result opensslClient(int port, byte[] stdin, String... more) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Peers.openssl(),
                "s_client",
                "-connect",
                "127.0.0.1:" + port,
                "-CAfile",
                pki.ca.toString(),
                "-servername",
                "localhost",
                "-verify_return_error"));
    command.addAll(List.of(more));
    return Peers.run(command, stdin, Duration.ofSeconds(30));
  }

  @Test
  void wwwServesManyClientsAtOnceAndBadOnesDoNotStopIt() {
    Map<String, Object> get = Map.of("send", "GET / HTTP/1.0\r\n\r\n", "read", true);
    String ca = pki.ca.toString();
    // 1 openssl client, 4 good Python clients at once, 2 bad ones, then a last good one
    try (Background server = server("-www", "-alpn", "h2,http/1.1", "-naccept", "8")) {
      int port = server.awaitPort(true, "ACCEPT");
      List<Object> results =
          Jossl.parallel(
              List.<Callable<Object>>of(
                  () ->
                      opensslClient(
                          port,
                          "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                          "-ign_eof",
                          "-alpn",
                          "http/1.1"),
                  () -> {
                    List<Map<String, Object>> specs = new ArrayList<>();
                    for (int i = 0; i < 4; i++) {
                      Map<String, Object> s = spec(port, "cafile", ca, "alpn", List.of("h2"));
                      s.putAll(get);
                      specs.add(s);
                    }
                    specs.add(spec(port, "raw", "hello, this is no TLS\r\n\r\n"));
                    specs.add(spec(port, "cafile", ca, "server_hostname", "wrong.example"));
                    Map<String, Object> last = spec(port, "cafile", ca, "delay", 1.0);
                    last.putAll(get);
                    specs.add(last);
                    return TlsPeers.pythonClients(specs);
                  }));
      assertEquals(0, server.awaitExit(EXIT), server.describe("-naccept 8: done, exit 0"));

      // openssl s_client: verified, the page names the cipher openssl negotiated, clean close
      Peers.Result openssl = (Peers.Result) results.get(0);
      String out = openssl.stdout();
      assertEquals(0, openssl.exitCode(), out + openssl.stderr());
      assertTrue(out.contains("Verify return code: 0 (ok)"), out);
      assertTrue(out.contains("\nHTTP/1.0 200 ok\r\n"), out);
      List<String> ciphers = new ArrayList<>();
      Matcher m = Pattern.compile("(?m)^(New|Reused), (\\S+), Cipher is (\\S+)$").matcher(out);
      while (m.find()) {
        ciphers.add(m.group());
      }
      assertTrue(ciphers.size() >= 2, out);
      assertEquals(ciphers.get(0), ciphers.get(1), "openssl's line and the page's");
      assertTrue(out.contains("ALPN protocol: http/1.1"), out);
      assertFalse(out.contains("errno=") || out.contains("unexpected eof"), out);

      @SuppressWarnings("unchecked")
      List<Map<String, Object>> python = (List<Map<String, Object>>) results.get(1);
      Map<Long, Map<String, Object>> seen = byPeerPort(server);
      assertEquals(8, server.stdout().size(), server.describe("one JSON line per connection"));
      for (int i : new int[] {0, 1, 2, 3, 6}) {
        Map<String, Object> client = python.get(i);
        Map<String, Object> conn = map(client.get("conn"));
        assertEquals("close_notify", client.get("end"), client.toString());
        String page = (String) client.get("received");
        assertTrue(page.startsWith("HTTP/1.0 200 ok\r\nContent-type: text/html\r\n\r\n"), page);
        String cipher = (String) ((List<?>) conn.get("cipher")).get(0);
        assertTrue(page.contains(", Cipher is " + cipher + "\n"), page);
        Map<String, Object> server1 = seen.get((Long) client.get("local_port"));
        // what the server saw of the connection is what the client saw, but for the peer's
        // certificate (the client sent none)
        assertNull(server1.get("peercert"), server1.toString());
        Map<String, Object> clientView = new HashMap<>(conn);
        clientView.remove("peercert");
        Map<String, Object> serverView = new HashMap<>(server1);
        serverView.remove("peercert");
        assertSameConnection(clientView, serverView, "client " + i);
        assertEquals(conn.get("tls_unique"), server1.get("tls_unique"), "the same Finished");
      }
      // the bad clients: an error line each, the server went on
      long errors = seen.values().stream().filter(c -> c.containsKey("error")).count();
      assertEquals(2, errors, server.describe("two refused"));
      Map<String, Object> refusedHost = seen.get((Long) python.get(5).get("local_port"));
      assertEquals(
          "SSLCertVerificationError",
          map(python.get(5).get("error")).get("type"),
          python.get(5).toString());
      assertTrue(refusedHost.containsKey("error"), refusedHost.toString());
    }
  }

  /**
   * The same clients against a jossl server and a Python server with the same settings: what each
   * server says of each connection (its JSON line) must agree.
   */
  @Test
  void clientCertificatesAsPythonServersJudgeThem() {
    String ca = pki.ca.toString();
    String good = pki.client.chainFile();
    String goodKey = pki.client.keyFile();
    String bad = pki.untrustedClient.chainFile();
    String badKey = pki.untrustedClient.keyFile();
    try (Background required = server("-Verify", "1", "-CAfile", ca, "-echo", "-naccept", "4");
        Background optional = server("-verify", "1", "-CAfile", ca, "-echo", "-naccept", "3");
        TlsPeers.Server pyRequired =
            TlsPeers.python(tmp, pki.server, "--cafile", ca, "--verify", "required");
        TlsPeers.Server pyOptional =
            TlsPeers.python(tmp, pki.server, "--cafile", ca, "--verify", "optional")) {
      int requiredPort = required.awaitPort(true, "ACCEPT");
      int optionalPort = optional.awaitPort(true, "ACCEPT");
      Map<String, Object> echo = Map.of("send", "ping", "echo", true);
      List<Map<String, Object>> specs = new ArrayList<>();
      for (int port :
          new int[] {requiredPort, pyRequired.port(), optionalPort, pyOptional.port()}) {
        boolean isRequired = port == requiredPort || port == pyRequired.port();
        specs.add(withAll(spec(port, "cafile", ca, "certfile", good, "keyfile", goodKey), echo));
        specs.add(withAll(spec(port, "cafile", ca, "certfile", bad, "keyfile", badKey), echo));
        specs.add(withAll(spec(port, "cafile", ca), echo));
        if (isRequired) {
          specs.add(null); // the openssl client below
        }
      }
      specs.removeIf(s -> s == null);
      List<Object> results =
          Jossl.parallel(
              List.<Callable<Object>>of(
                  () -> TlsPeers.pythonClients(specs),
                  () ->
                      opensslClient(
                          requiredPort,
                          new byte[0],
                          "-cert",
                          pki.client.cert().toString(),
                          "-cert_chain",
                          pki.intermediateCa.toString(),
                          "-key",
                          goodKey)));
      assertEquals(0, required.awaitExit(EXIT), required.describe("-naccept 4"));
      assertEquals(0, optional.awaitExit(EXIT), optional.describe("-naccept 3"));

      @SuppressWarnings("unchecked")
      List<Map<String, Object>> python = (List<Map<String, Object>>) results.get(0);
      Map<Long, Map<String, Object>> joss = byPeerPort(required);
      joss.putAll(byPeerPort(optional));
      Map<Long, Map<String, Object>> py = new HashMap<>();
      for (Map<String, Object> c : pyRequired.connections()) {
        String peer = (String) c.get("peer");
        py.put(Long.parseLong(peer.substring(peer.lastIndexOf(':') + 1)), c);
      }
      for (Map<String, Object> c : pyOptional.connections()) {
        String peer = (String) c.get("peer");
        py.put(Long.parseLong(peer.substring(peer.lastIndexOf(':') + 1)), c);
      }
      String[] what = {"a good certificate", "an untrusted certificate", "no certificate"};
      for (int i = 0; i < 3; i++) {
        for (int[] pair : new int[][] {{0, 3}, {6, 9}}) {
          Map<String, Object> jc = python.get(pair[0] + i);
          Map<String, Object> pc = python.get(pair[1] + i);
          String label = what[i] + (pair[0] == 0 ? ", -Verify" : ", -verify");
          Map<String, Object> jossl = joss.remove((Long) jc.get("local_port"));
          Map<String, Object> pythonServer = py.get((Long) pc.get("local_port"));
          assertTrue(
              jossl != null && pythonServer != null,
              label
                  + ": "
                  + jc
                  + "\n"
                  + required.describe("-Verify")
                  + optional.describe("-verify")
                  + "\n"
                  + py);
          if (pythonServer.containsKey("error")) {
            assertEquals(pythonServer.get("error"), jossl.get("error"), label);
            // the client reads jossl's alert (the server closes as openssl s_server does, so no
            // reset destroys it)
            assertEquals("SSLError", jc.get("end"), label + ": " + jc);
          } else {
            assertSameConnection(pythonServer, jossl, label);
            assertEquals("unwrap", jc.get("end"), label + ": echo, then close_notify both ways");
            assertEquals("ping", jc.get("received"), label);
            assertEquals("PING", pc.get("received"), label);
          }
        }
      }
      // the certificate cases are not all alike: the test can tell them apart
      assertTrue(py.get((Long) python.get(3).get("local_port")).get("peercert") != null);
      assertTrue(py.get((Long) python.get(4).get("local_port")).containsKey("error"));
      assertNull(py.get((Long) python.get(11).get("local_port")).get("peercert"));

      // openssl s_client with the client certificate: the one line left
      Peers.Result openssl = (Peers.Result) results.get(1);
      assertEquals(0, openssl.exitCode(), openssl.stdout() + openssl.stderr());
      assertTrue(openssl.stdout().contains("Verify return code: 0 (ok)"), openssl.stdout());
      assertEquals(1, joss.size(), joss.toString());
      Map<String, Object> opensslSeen = joss.values().iterator().next();
      assertFalse(opensslSeen.containsKey("error"), opensslSeen.toString());
      assertEquals(pyRequiredCert(pyRequired, python), opensslSeen.get("peercert"));
    }
  }

  /** The client certificate as the Python server decoded it for the first (good) client. */
  private static Object pyRequiredCert(
      TlsPeers.Server pyRequired, List<Map<String, Object>> python) {
    for (Map<String, Object> c : pyRequired.connections()) {
      if (c.get("peer").equals("127.0.0.1:" + python.get(3).get("local_port"))) {
        return c.get("peercert");
      }
    }
    throw new AssertionError("the Python server saw the good client");
  }

  private static Map<String, Object> withAll(Map<String, Object> spec, Map<String, Object> more) {
    spec.putAll(more);
    return spec;
  }

  @Test
  void badArgumentsMissingFilesAndPortsInUseAreOneLine() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String inUse = "127.0.0.1:" + taken.getLocalPort();
      String missing = tmp.resolve("missing.pem").toString();
      List<Jossl.Run> runs =
          Jossl.runAll(
              tmp,
              List.of(
                  List.of(
                      "s_server",
                      "-accept",
                      inUse,
                      "-cert",
                      pki.server.chainFile(),
                      "-key",
                      pki.server.keyFile()),
                  List.of("s_server", "-accept", "0", "-cert", missing),
                  List.of("s_client", "-connect", "127.0.0.1"),
                  List.of("s_client", "-connect", "127.0.0.1:1", "-CAfile", missing),
                  List.of("get-server-cert")));
      List<String> lines = new ArrayList<>();
      for (Jossl.Run r : runs) {
        String line = r.requireOneLineFailure();
        assertTrue(line.startsWith("jossl " + r.command().get(1) + ": "), line);
        lines.add(line);
      }
      assertTrue(lines.get(0).contains("cannot listen on " + inUse), lines.get(0));
      assertTrue(lines.get(1).contains(missing + ": no such file"), lines.get(1));
      assertTrue(lines.get(3).contains(missing + ": no such file"), lines.get(3));
    }
  }
}
