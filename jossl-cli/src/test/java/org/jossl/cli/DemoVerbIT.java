package org.jossl.cli;

import static org.jossl.cli.TlsPeers.map;
import static org.jossl.cli.TlsPeers.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/jossl demo}: it succeeds with nothing prepared, and what it shows is what Python shows
 * in the same situation: a Python client of a Python server with the same kind of certificate
 * (localhost, 127.0.0.1, from an intermediate), the same default contexts and ALPN offers.
 */
class DemoVerbIT {
  @TempDir Path tmp;

  /** The demo's line that starts (after its indentation) with {@code start}. */
  private static String line(String out, String start) {
    return out.lines()
        .map(l -> l.strip().replaceFirst("^\\{", ""))
        .filter(l -> l.startsWith(start))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line starting with " + start + ":\n" + out));
  }

  @Test
  void demoShowsWhatPythonShows() {
    TestPki pki = TestPki.get();
    try (TlsPeers.Server server = TlsPeers.python(tmp, pki.server, "--alpn", "h2,http/1.1")) {
      String ca = pki.ca.toString();
      List<Object> results =
          Jossl.parallel(
              List.<Callable<Object>>of(
                  () -> Jossl.run(tmp, "demo"),
                  () ->
                      TlsPeers.pythonClients(
                          List.of(
                              spec(
                                  server.port(),
                                  "cafile",
                                  ca,
                                  "server_hostname",
                                  "localhost",
                                  "alpn",
                                  List.of("http/1.1")),
                              spec(
                                  server.port(),
                                  "cafile",
                                  ca,
                                  "server_hostname",
                                  "wrong.example")))));
      Jossl.Run demo = ((Jossl.Run) results.get(0)).requireSuccess();
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> python = (List<Map<String, Object>>) results.get(1);
      String out = demo.stdout();

      Map<String, Object> conn = map(python.get(0).get("conn"));
      List<?> cipher = (List<?>) conn.get("cipher");
      assertEquals("protocol    " + conn.get("version"), line(out, "protocol "));
      assertEquals(
          "cipher      " + cipher.get(0) + " (" + cipher.get(2) + " secret bits)",
          line(out, "cipher "));
      assertEquals("ALPN        " + conn.get("alpn"), line(out, "ALPN "));
      assertTrue(line(out, "verified ").startsWith("verified    yes: localhost <- "), out);
      assertTrue(line(out, "tls-unique ").matches("tls-unique  [0-9a-f]{24,}"), out);
      assertTrue(
          line(out, "sent ").startsWith("sent \"hello from jossl\", received \"HELLO FROM JOSSL\""),
          out);
      assertTrue(line(out, "reconnected ").contains("session_reused = True"), out);

      // getpeercert() as Python's repr shows it, for the fields the two certificates share
      Map<String, Object> repr = map(python.get(0).get("peercert_repr"));
      for (String key : List.of("subject", "version", "subjectAltName")) {
        String l = line(out, "'" + key + "': ").replaceFirst("[,}]$", "");
        assertEquals("'" + key + "': " + repr.get(key), l, key);
      }

      // the wrong host: Python's exception, word for word
      Map<String, Object> error = map(python.get(1).get("error"));
      assertEquals("SSLCertVerificationError", error.get("type"), error.toString());
      assertEquals(
          "ssl.SSLCertVerificationError: " + error.get("message"),
          line(out, "ssl.SSLCertVerificationError: "));
      assertEquals(
          "(verify_code " + error.get("verify_code") + ": " + error.get("verify_message") + ")",
          line(out, "(verify_code "));
    }
  }
}
