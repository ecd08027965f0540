package org.jossl.cli;

import static org.jossl.cli.TlsPeers.assertSameConnection;
import static org.jossl.cli.TlsPeers.json;
import static org.jossl.cli.TlsPeers.map;
import static org.jossl.cli.TlsPeers.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * {@code bin/jossl s_client} and {@code get-server-cert} against real servers: {@code openssl
 * s_server} and upstream CPython's {@code ssl}. Its {@code -json} output is compared field by field
 * with what a Python client sees of the same server, its failures with the exceptions Python raises
 * in the same situation.
 */
class SClientIT {
  @TempDir static Path tmp;

  static TestPki pki;

  private static final byte[] GET = "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  @BeforeAll
  static void makePki() {
    pki = TestPki.get();
  }

  /** {@code s_client -connect 127.0.0.1:PORT -CAfile <root> more...}. */
  private static String[] client(int port, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of("s_client", "-connect", "127.0.0.1:" + port, "-CAfile", pki.ca.toString()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private static Callable<Jossl.Run> run(byte[] stdin, String... args) {
    return () -> Jossl.run(tmp, Map.of(), stdin, args);
  }

  private static Callable<Jossl.Run> run(String... args) {
    return run(null, args);
  }

  /** The lines "New|Reused, VERSION, Cipher is NAME" in {@code text}, in order. */
  private static List<String> cipherLines(String text) {
    List<String> lines = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^(New|Reused), (\\S+), Cipher is (\\S+)$").matcher(text);
    while (m.find()) {
      lines.add(m.group());
    }
    return lines;
  }

  @Test
  void againstOpensslServer() throws IOException {
    Path keylog = tmp.resolve("keylog.txt");
    Path session = tmp.resolve("session.der");
    try (TlsPeers.Server server =
        TlsPeers.openssl(
            tmp,
            "-cert",
            pki.server.cert().toString(),
            "-key",
            pki.server.keyFile(),
            "-cert_chain",
            pki.intermediateCa.toString(),
            "-www",
            "-alpn",
            "h2,http/1.1",
            "-servername",
            "other.test",
            "-cert2",
            pki.otherName.cert().toString(),
            "-key2",
            pki.otherName.keyFile())) {
      int port = server.port();
      String endpoint = "127.0.0.1:" + port;
      List<Jossl.Run> runs =
          Jossl.parallel(
              List.of(
                  run(
                      GET,
                      client(
                          port,
                          "-servername",
                          "localhost",
                          "-showcerts",
                          "-keylogfile",
                          keylog.toString(),
                          "-alpn",
                          "http/1.1")),
                  run(
                      GET,
                      client(
                          port,
                          "-brief",
                          "-groups",
                          "P-384",
                          "-ciphersuites",
                          "TLS_CHACHA20_POLY1305_SHA256")),
                  run(client(port, "-json", "-alpn", "h2")),
                  run(client(port, "-json", "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256")),
                  run(client(port, "-json", "-reconnect")),
                  () -> {
                    Jossl.Run first =
                        Jossl.run(tmp, client(port, "-json", "-sess_out", session.toString()));
                    Jossl.Run second =
                        Jossl.run(tmp, client(port, "-json", "-sess_in", session.toString()));
                    return new Jossl.Run(
                        second.command(),
                        first.exitCode() | second.exitCode(),
                        (first.stdout() + second.stdout()).getBytes(StandardCharsets.UTF_8),
                        (first.stderr() + second.stderr()).getBytes(StandardCharsets.UTF_8));
                  },
                  run("get-server-cert", endpoint),
                  run("get-server-cert", endpoint, "-servername", "other.test"),
                  run("get-server-cert", endpoint, "-CAfile", pki.untrustedCa.toString())));
      String ca = pki.ca.toString();
      List<Map<String, Object>> python =
          TlsPeers.pythonClients(
              List.of(
                  spec(port, "cafile", ca, "server_hostname", "localhost", "alpn", List.of("h2")),
                  spec(
                      port, "cafile", ca, "tls", "1.2", "ciphers", "ECDHE-ECDSA-AES128-GCM-SHA256"),
                  spec(port, "get_server_certificate", true)));

      // stdin to the server, the server's page to stdout, after openssl s_client's summary
      Jossl.Run text = runs.get(0).requireSuccess();
      String out = text.stdout();
      assertTrue(out.contains("\nHTTP/1.0 200 ok\r\n"), text.describe("the page"));
      List<String> ciphers = cipherLines(out);
      assertEquals(2, ciphers.size(), text.describe("jossl's line and the page's"));
      assertEquals(ciphers.get(0), ciphers.get(1), "jossl and openssl s_server agree");
      assertTrue(out.contains("\nALPN protocol: http/1.1\n"), out);
      assertTrue(out.contains("\n 1 s:"), text.describe("the chain has the intermediate"));
      assertEquals(
          2,
          out.split("-----BEGIN CERTIFICATE-----", -1).length - 1,
          text.describe("-showcerts prints both certificates"));
      String keys = Files.readString(keylog);
      assertTrue(
          keys.contains("CLIENT_HANDSHAKE_TRAFFIC_SECRET ")
              && keys.contains("SERVER_TRAFFIC_SECRET_0 "),
          keys);

      // -brief: the summary on stderr, only data on stdout; -groups: the one group offered
      Jossl.Run brief = runs.get(1).requireExit0();
      assertTrue(
          brief
              .stderr()
              .startsWith(
                  "CONNECTION ESTABLISHED\nProtocol version: TLSv1.3\n"
                      + "Ciphersuite: TLS_CHACHA20_POLY1305_SHA256\n"),
          brief.describe("-brief, -ciphersuites"));
      assertTrue(brief.stdout().startsWith("HTTP/1.0 200 ok\r\n"), brief.describe("only data"));
      Matcher groups = Pattern.compile("(?m)^Supported groups: (.*)$").matcher(brief.stdout());
      assertTrue(groups.find(), brief.stdout());
      assertFalse(groups.group(1).contains(":"), "one group offered: " + groups.group(1));
      assertTrue(groups.group(1).contains("384"), groups.group(1));

      // -json against Python's view of the same server
      assertSameConnection(
          map(python.get(0).get("conn")), json(runs.get(2).requireSuccess()), "-alpn h2");
      assertSameConnection(
          map(python.get(1).get("conn")), json(runs.get(3).requireSuccess()), "-tls1_2 -cipher");

      // resumption: -reconnect, and -sess_out then -sess_in in another process
      assertEquals(true, json(runs.get(4).requireSuccess()).get("session_reused"), "-reconnect");
      Jossl.Run sessions = runs.get(5).requireSuccess();
      List<String> lines = sessions.stdout().lines().toList();
      assertEquals(2, lines.size(), sessions.describe("two runs"));
      assertEquals(false, map(PeerJson.parse(lines.get(0))).get("session_reused"));
      assertEquals(true, map(PeerJson.parse(lines.get(1))).get("session_reused"), "-sess_in");

      // get-server-cert: Python's get_server_certificate; -servername picks openssl's -cert2
      assertEquals(python.get(2).get("pem"), runs.get(6).requireSuccess().stdout());
      assertEquals(
          Files.readString(pki.otherName.cert()),
          runs.get(7).requireSuccess().stdout(),
          "-servername other.test");
      String refused = runs.get(8).requireOneLineFailure();
      assertTrue(
          refused.startsWith("jossl get-server-cert: [SSL: CERTIFICATE_VERIFY_FAILED]"), refused);
    }
  }

  @Test
  void againstPythonServers() throws IOException {
    // the client's key, encrypted, for -pass
    Path encryptedKey = tmp.resolve("client-encrypted.key");
    Jossl.openssl(
        tmp,
        "pkey",
        "-in",
        pki.client.keyFile(),
        "-aes256",
        "-passout",
        "pass:s3cret",
        "-out",
        encryptedKey.toString());
    Path passFile = Files.writeString(tmp.resolve("pass.txt"), "s3cret\n");
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    String ca = pki.ca.toString();
    String untrusted = pki.untrustedCa.toString();
    String crls = pki.crls.toString();
    try (TlsPeers.Server good = TlsPeers.python(tmp, pki.server);
        TlsPeers.Server revoked = TlsPeers.python(tmp, pki.revoked);
        TlsPeers.Server clientAuth =
            TlsPeers.python(tmp, pki.server, "--cafile", ca, "--verify", "required")) {
      int port = good.port();
      String cert = pki.client.chainFile();
      String key = encryptedKey.toString();
      List<Jossl.Run> runs =
          Jossl.parallel(
              List.of(
                  run(client(port, "-json", "-CRLfile", crls, "-crl_check_all")),
                  run(client(port, "-json", "-servername", "wrong.example")),
                  run("s_client", "-connect", "127.0.0.1:" + port, "-CAfile", untrusted, "-json"),
                  run(client(revoked.port(), "-json", "-CRLfile", crls, "-crl_check")),
                  run("hello jossl\n".getBytes(StandardCharsets.UTF_8), client(port)),
                  run("again\n".getBytes(StandardCharsets.UTF_8), client(port, "-reconnect")),
                  run(client(port, "-servername", "wrong.example")),
                  run("s_client", "-connect", "127.0.0.1:" + closedPort),
                  () ->
                      Jossl.run(
                          tmp,
                          Map.of("JOSSL_IT_PASS", "s3cret"),
                          "hi\n".getBytes(StandardCharsets.UTF_8),
                          client(
                              clientAuth.port(),
                              "-cert",
                              cert,
                              "-key",
                              key,
                              "-pass",
                              "env:JOSSL_IT_PASS")),
                  run(
                      client(
                          clientAuth.port(),
                          "-json",
                          "-cert",
                          cert,
                          "-key",
                          key,
                          "-pass",
                          "file:" + passFile)),
                  run(
                      client(
                          clientAuth.port(), "-cert", cert, "-key", key, "-pass", "pass:wrong"))));
      List<Map<String, Object>> python =
          TlsPeers.pythonClients(
              List.of(
                  spec(port, "cafile", ca, "crlfile", crls, "crl", "chain"),
                  spec(port, "cafile", ca, "server_hostname", "wrong.example"),
                  spec(port, "cafile", untrusted),
                  spec(revoked.port(), "cafile", ca, "crlfile", crls, "crl", "leaf")));

      assertSameConnection(
          map(python.get(0).get("conn")), json(runs.get(0).requireSuccess()), "-crl_check_all");
      // verification failures: the error Python raises, field by field, and exit status 1
      String[] failures = {"wrong host", "untrusted CA", "revoked"};
      for (int i = 1; i <= 3; i++) {
        Jossl.Run r = runs.get(i);
        assertEquals(1, r.exitCode(), r.describe(failures[i - 1]));
        assertEquals("", r.stderr(), r.describe(failures[i - 1]));
        Map<String, Object> expected = map(python.get(i).get("error"));
        assertEquals("SSLCertVerificationError", expected.get("type"), python.get(i).toString());
        assertEquals(expected, map(json(r).get("error")), failures[i - 1]);
      }

      // standard input to the server, its answer to standard output, both sides close cleanly
      assertEquals("HELLO JOSSL\n", tail(runs.get(4).requireSuccess().stdout(), 12));
      Jossl.Run again = runs.get(5).requireSuccess();
      assertTrue(again.stdout().contains("\ndrop connection and then reconnect\n"), again.stdout());
      assertEquals(
          List.of("New", "Reused"),
          cipherLines(again.stdout()).stream().map(l -> l.split(",")[0]).toList(),
          again.stdout());
      assertTrue(again.stdout().endsWith("\nAGAIN\n"), again.stdout());

      // failures without -json: one line
      String wrongHost = runs.get(6).requireOneLineFailure();
      assertEquals("jossl s_client: " + map(python.get(1).get("error")).get("message"), wrongHost);
      String refused = runs.get(7).requireOneLineFailure();
      assertTrue(refused.startsWith("jossl s_client: cannot connect to 127.0.0.1:"), refused);
      assertTrue(refused.contains("refused"), refused);

      // -cert sends the whole chain (Python's server trusts only the root), -pass env: and file:
      assertEquals("HI\n", tail(runs.get(8).requireSuccess().stdout(), 3));
      json(runs.get(9).requireSuccess());
      String badPass = runs.get(10).requireOneLineFailure();
      assertTrue(badPass.startsWith("jossl s_client: "), badPass);
      String decoded =
          Peers.python("decode_cert.py", pki.client.cert().toString()).stdout().strip();
      List<Map<String, Object>> seen = clientAuth.connections();
      assertEquals(2, seen.size(), clientAuth.process().describe("two handshakes"));
      for (Map<String, Object> c : seen) {
        assertEquals(PeerJson.parse(decoded), c.get("peercert"), c.toString());
      }
    }
  }

  private static String tail(String s, int n) {
    return s.length() <= n ? s : s.substring(s.length() - n);
  }
}
