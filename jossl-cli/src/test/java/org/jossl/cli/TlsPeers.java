package org.jossl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jossl.testing.PeerJson;
import org.jossl.testing.Peers;

/**
 * The real peers of the TLS verbs' tests: upstream CPython's {@code ssl} (peer script {@code
 * tls_peer.py}) as server and as clients, and {@code openssl s_server}.
 */
final class TlsPeers {
  private TlsPeers() {}

  /** A Python ssl server ({@code tls_peer.py server ...}); its PORT line has been read. */
  record Server(Background process, int port) implements AutoCloseable {
    /** Its per-connection JSON lines so far, parsed. */
    List<Map<String, Object>> connections() {
      List<Map<String, Object>> out = new ArrayList<>();
      for (String line : process.stdout()) {
        if (line.startsWith("{")) {
          out.add(map(PeerJson.parse(line)));
        }
      }
      return out;
    }

    @Override
    public void close() {
      process.close();
    }
  }

  /** Starts {@code tls_peer.py server --chain ... --key ... options...}. */
  static Server python(Path dir, TestPki.Leaf leaf, String... options) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Peers.python(),
                Peers.script("tls_peer.py").toString(),
                "server",
                "--chain",
                leaf.chainFile(),
                "--key",
                leaf.keyFile()));
    command.addAll(List.of(options));
    Background p = Background.start(dir, command);
    try {
      return new Server(p, p.awaitPort(false, "PORT"));
    } catch (RuntimeException | AssertionError e) {
      p.close();
      throw e;
    }
  }

  /** Starts {@code openssl s_server -accept 127.0.0.1:0 args...}; returns it and its port. */
  static Server openssl(Path dir, String... args) {
    List<String> command =
        new ArrayList<>(List.of(Peers.openssl(), "s_server", "-accept", "127.0.0.1:0"));
    command.addAll(List.of(args));
    Background p = Background.start(dir, command);
    try {
      return new Server(p, p.awaitPort(false, "ACCEPT"));
    } catch (RuntimeException | AssertionError e) {
      p.close();
      throw e;
    }
  }

  /** Runs Python clients, all at once; returns their results in the order of {@code specs}. */
  static List<Map<String, Object>> pythonClients(List<Map<String, Object>> specs) {
    String out = Peers.python("tls_peer.py", "clients", PeerJson.write(specs)).stdout();
    List<?> results = (List<?>) PeerJson.parse(out.strip());
    assertEquals(specs.size(), results.size(), out);
    List<Map<String, Object>> maps = new ArrayList<>();
    for (Object r : results) {
      maps.add(map(r));
    }
    return maps;
  }

  /** A client spec: {@code port} plus key-value pairs. */
  static Map<String, Object> spec(int port, Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("port", port);
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  /** Parses the one JSON line of a jossl {@code -json} run. */
  static Map<String, Object> json(Jossl.Run r) {
    String text = r.stdout();
    assertEquals(1, text.lines().count(), r.describe("one JSON line"));
    return map(PeerJson.parse(text.strip()));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    assertNotNull(o);
    return (Map<String, Object>) o;
  }

  /**
   * Asserts that two descriptions of a connection agree field by field; {@code tls_unique} is per
   * connection, so only its length is compared.
   */
  static void assertSameConnection(
      Map<String, Object> expected, Map<String, Object> actual, String what) {
    Map<String, Object> e = new HashMap<>(expected);
    Map<String, Object> a = new HashMap<>(actual);
    e.remove("peer");
    a.remove("peer");
    Object eu = e.remove("tls_unique");
    Object au = a.remove("tls_unique");
    assertEquals(e.keySet(), a.keySet(), what + ": the same fields");
    for (String k : e.keySet()) {
      assertEquals(e.get(k), a.get(k), what + ": " + k);
    }
    assertEquals(
        eu == null ? null : ((String) eu).length(),
        au == null ? null : ((String) au).length(),
        what + ": tls_unique length");
  }
}
