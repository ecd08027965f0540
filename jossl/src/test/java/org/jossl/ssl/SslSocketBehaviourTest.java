package org.jossl.ssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.jossl.crypto.CertificateAuthority;
import org.jossl.crypto.IssuedCertificate;
import org.jossl.testing.PeerJson;
import org.jossl.testing.Peers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SslSocket}'s Python semantics over real sockets, with upstream CPython's {@code
 * ssl.SSLSocket} as the oracle: each case connects a Python client ({@code
 * peers/ssl_client_probe.py}) and a jossl client to the same server, runs the same steps, and
 * compares every outcome (value, or exception type and message): handshake and read timeouts (one
 * deadline per call, the operation named), non-blocking want-read points, ragged EOFs with and
 * without {@code suppress_ragged_eofs}, a clean close, a reset.
 */
class SslSocketBehaviourTest {
  @TempDir static Path dir;
  static SslContext serverContext;
  static String cafile;
  static final List<AutoCloseable> servers = new CopyOnWriteArrayList<>();
  static final Map<String, Map<String, Object>> cases = new LinkedHashMap<>();
  static List<?> python;

  /** What a test server does with each accepted, handshaken connection. */
  interface Behaviour {
    void serve(SslSocket s) throws Exception;
  }

  @BeforeAll
  static void setUp() throws Exception {
    CertificateAuthority root = CertificateAuthority.builder().commonName("Behaviour Root").build();
    IssuedCertificate leaf = root.issue("localhost", "127.0.0.1");
    cafile = root.writeTo(dir.resolve("ca")).resolve("ca.pem").toString();
    Map<String, Path> files = leaf.writeTo(dir, "server");
    serverContext = new SslContext(SslMethod.PROTOCOL_TLS_SERVER);
    serverContext.loadCertChain(files.get("chain").toString(), files.get("key").toString());

    int silent = silentServer();
    int holding = tlsServer(s -> s.getInputStream().read());
    int slowHolding = slowTlsServer(300, s -> s.getInputStream().read());
    int raggedBye =
        tlsServer(
            s -> {
              s.sendAll("bye".getBytes(StandardCharsets.US_ASCII));
              Thread.sleep(200);
            });
    int cleanBye =
        tlsServer(
            s -> {
              s.sendAll("bye".getBytes(StandardCharsets.US_ASCII));
              s.unwrap();
            });
    int reset =
        tlsServer(
            s -> {
              s.sendAll("bye".getBytes(StandardCharsets.US_ASCII));
              Thread.sleep(200);
              s.setSoLinger(true, 0);
            });

    put("handshake timeout", silent, 0.5, Map.of(), steps());
    put(
        "read timeout, then the socket still works",
        holding,
        0.5,
        Map.of(),
        steps("recv 10", "version", "recv 10", "send abc", "pending"));
    put(
        "non-blocking",
        slowHolding,
        null,
        Map.of("blocking", false, "do_handshake_on_connect", false),
        steps(
            "handshake",
            "settimeout 5",
            "handshake",
            "setblocking false",
            "recv 10",
            "send abc",
            "settimeout 0.3",
            "recv 10"));
    put(
        "handshake on connect refused for a non-blocking socket",
        holding,
        null,
        Map.of("blocking", false),
        steps());
    put("ragged EOF suppressed", raggedBye, 5.0, Map.of(), steps("recv 10", "recv 10", "recv 10"));
    put(
        "ragged EOF raised",
        raggedBye,
        5.0,
        Map.of("suppress_ragged_eofs", false),
        steps("recv 10", "recv 10", "recv 10"));
    put(
        "clean close",
        cleanBye,
        5.0,
        Map.of("suppress_ragged_eofs", false),
        steps("recv 10", "recv 10", "recv 10", "unwrap"));
    put("reset by the peer", reset, 5.0, Map.of(), steps("recv 10", "recv 10"));

    Peers.Result r =
        Peers.run(
                List.of(Peers.python(), Peers.script("ssl_client_probe.py").toString()),
                PeerJson.write(new ArrayList<>(cases.values())).getBytes(StandardCharsets.UTF_8),
                Duration.ofMinutes(1))
            .requireSuccess("ssl_client_probe.py");
    python = (List<?>) PeerJson.parse(r.stdout());
  }

  @AfterAll
  static void tearDown() throws Exception {
    for (AutoCloseable s : servers) {
      s.close();
    }
    serverContext.close();
  }

  private static void put(
      String name,
      int port,
      Double timeout,
      Map<String, Object> options,
      List<List<Object>> steps) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("port", port);
    c.put("cafile", cafile);
    c.put("hostname", "localhost");
    c.put("timeout", timeout);
    c.putAll(options);
    c.put("steps", steps);
    cases.put(name, c);
  }

  /** Steps written as "op [arg]": a number, true/false, or text. */
  private static List<List<Object>> steps(String... specs) {
    List<List<Object>> out = new ArrayList<>();
    for (String spec : specs) {
      String[] p = spec.split(" ", 2);
      List<Object> step = new ArrayList<>(List.of(p[0]));
      if (p.length > 1) {
        String a = p[1];
        step.add(
            a.matches("-?\\d+")
                ? (Object) Long.parseLong(a)
                : a.matches("-?\\d+\\.\\d+")
                    ? (Object) Double.parseDouble(a)
                    : a.equals("true") || a.equals("false") ? (Object) Boolean.parseBoolean(a) : a);
      }
      out.add(step);
    }
    return out;
  }

  @TestFactory
  Stream<DynamicTest> everyStepGivesWhatPythonGives() {
    List<String> names = new ArrayList<>(cases.keySet());
    return names.stream()
        .map(
            name ->
                DynamicTest.dynamicTest(
                    name,
                    () -> {
                      Map<String, Object> c = cases.get(name);
                      List<Map<String, Object>> expected =
                          outcomes(python.get(names.indexOf(name)));
                      List<Map<String, Object>> actual = runJossl(c);
                      assertEquals(
                          lines(c, withoutTimes(expected)),
                          lines(c, withoutTimes(actual)),
                          "Python's outcomes (expected) vs jossl's");
                      // a timed-out call waited about its timeout, once: one deadline per call
                      for (int i = 0; i < actual.size(); i++) {
                        if ("TimeoutError".equals(actual.get(i).get("exc"))) {
                          double t = ((Number) expected.get(i).get("elapsed")).doubleValue();
                          double j = ((Number) actual.get(i).get("elapsed")).doubleValue();
                          assertTrue(
                              Math.abs(t - j) <= 0.3,
                              "step " + i + ": Python " + t + " s, jossl " + j);
                        }
                      }
                    }));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> outcomes(Object o) {
    return (List<Map<String, Object>>) o;
  }

  private static List<Map<String, Object>> withoutTimes(List<Map<String, Object>> outcomes) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> m : outcomes) {
      Map<String, Object> copy = new LinkedHashMap<>(m);
      copy.remove("elapsed");
      out.add(copy);
    }
    return out;
  }

  private static String lines(Map<String, Object> c, List<Map<String, Object>> outcomes) {
    List<Object> steps = new ArrayList<>();
    steps.add("wrap_socket");
    steps.addAll((List<?>) c.get("steps"));
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < Math.max(steps.size(), outcomes.size()); i++) {
      b.append(i).append(' ').append(i < steps.size() ? steps.get(i) : "?").append(" -> ");
      b.append(i < outcomes.size() ? PeerJson.write(outcomes.get(i)) : "(missing)").append('\n');
    }
    return b.toString();
  }

  /** The same steps with jossl's client, outcomes recorded as the Python script does. */
  private static List<Map<String, Object>> runJossl(Map<String, Object> c) throws Exception {
    List<Map<String, Object>> out = new ArrayList<>();
    SslContext ctx =
        Ssl.createDefaultContext(Purpose.SERVER_AUTH, VerifyLocations.of(cafile, null));
    Socket raw = new Socket();
    raw.connect(new InetSocketAddress("127.0.0.1", ((Number) c.get("port")).intValue()), 10_000);
    SslSocket sock = null;
    try {
      long start = System.nanoTime();
      try {
        WrapOptions options =
            WrapOptions.defaults()
                .withServerHostname((String) c.get("hostname"))
                .withDoHandshakeOnConnect(
                    (Boolean) c.getOrDefault("do_handshake_on_connect", Boolean.TRUE))
                .withSuppressRaggedEofs(
                    (Boolean) c.getOrDefault("suppress_ragged_eofs", Boolean.TRUE));
        Double timeout =
            c.get("timeout") == null ? null : ((Number) c.get("timeout")).doubleValue();
        boolean blocking = (Boolean) c.getOrDefault("blocking", Boolean.TRUE);
        sock = ctx.wrapSocket(raw, options.withDoHandshakeOnConnect(false));
        sock.setTimeout(blocking ? timeout : Double.valueOf(0));
        if (options.doHandshakeOnConnect()) {
          if (!blocking) {
            throw new IllegalArgumentException(
                "do_handshake_on_connect should not be specified for non-blocking sockets");
          }
          sock.doHandshake();
        }
        out.add(outcome(null, null, start));
      } catch (Exception e) {
        out.add(outcome(null, e, start));
        return out;
      }
      for (Object o : (List<?>) c.get("steps")) {
        List<?> step = (List<?>) o;
        start = System.nanoTime();
        try {
          out.add(outcome(step(sock, step), null, start));
        } catch (Exception e) {
          out.add(outcome(null, e, start));
        }
      }
      return out;
    } finally {
      (sock != null ? sock : raw).close();
      ctx.close();
    }
  }

  private static Object step(SslSocket sock, List<?> step) throws Exception {
    String op = (String) step.get(0);
    Object arg = step.size() > 1 ? step.get(1) : null;
    return switch (op) {
      case "handshake" -> {
        sock.doHandshake();
        yield null;
      }
      case "recv" ->
          Map.of(
              "bytes",
              new String(sock.recv(((Number) arg).intValue()), StandardCharsets.ISO_8859_1));
      case "send" -> sock.send(((String) arg).getBytes(StandardCharsets.ISO_8859_1));
      case "unwrap" -> sock.unwrap() instanceof Socket ? "socket" : null;
      case "settimeout" -> {
        sock.setTimeout(((Number) arg).doubleValue());
        yield null;
      }
      case "setblocking" -> {
        sock.setBlocking((Boolean) arg);
        yield null;
      }
      case "version" -> sock.version();
      case "pending" -> sock.pending();
      default -> throw new AssertionError("unknown step " + op);
    };
  }

  private static Map<String, Object> outcome(Object value, Exception e, long start) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (e == null) {
      m.put("ok", value);
    } else {
      m.put("exc", pythonType(e));
      m.put("str", pythonStr(e));
    }
    m.put("elapsed", Math.round((System.nanoTime() - start) / 1e8) / 10.0);
    return m;
  }

  /** Python's exception type for jossl's: the SSL family, timeouts, resets, ValueError. */
  static String pythonType(Exception e) {
    return switch (e) {
      case SocketTimeoutException x -> "TimeoutError";
      case SocketException x when String.valueOf(x.getMessage()).contains("reset") ->
          "ConnectionResetError";
      default -> SslObjectTranscriptTest.pythonType(e);
    };
  }

  /** Python's str(e); an errno error's text is the OS's, so only its type is compared. */
  static String pythonStr(Exception e) {
    return switch (e) {
      case SslException s -> s.pythonStr();
      case SocketException x -> null;
      default -> e.getMessage();
    };
  }

  // ---- servers on 127.0.0.1

  /** A TCP server that accepts and never answers. */
  private static int silentServer() throws IOException {
    ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    List<Socket> held = new CopyOnWriteArrayList<>();
    servers.add(
        () -> {
          listener.close();
          for (Socket s : held) {
            s.close();
          }
        });
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                while (true) {
                  held.add(listener.accept());
                }
              } catch (IOException e) {
                // closed
              }
            });
    return listener.getLocalPort();
  }

  /**
   * A TLS server that waits {@code delayMillis} after accepting before it answers the ClientHello
   * (so a non-blocking client surely finds nothing to read yet).
   */
  private static int slowTlsServer(long delayMillis, Behaviour behaviour) throws IOException {
    ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    servers.add(listener);
    Thread.ofVirtual()
        .start(
            () -> {
              while (!listener.isClosed()) {
                Socket raw;
                try {
                  raw = listener.accept();
                } catch (IOException e) {
                  continue;
                }
                Thread.ofVirtual()
                    .start(
                        () -> {
                          try (raw) {
                            Thread.sleep(delayMillis);
                            raw.setSoTimeout(30_000);
                            try (SslSocket s =
                                serverContext.wrapSocket(
                                    raw, WrapOptions.defaults().withServerSide(true))) {
                              behaviour.serve(s);
                            }
                          } catch (Exception e) {
                            // the client's doing: the case compares what the client saw
                          }
                        });
              }
            });
    return listener.getLocalPort();
  }

  /** A jossl TLS server running {@code behaviour} on each connection, at most 30 s each. */
  private static int tlsServer(Behaviour behaviour) throws IOException {
    SslServerSocket server =
        new SslServerSocket(serverContext, 0, 50, InetAddress.getLoopbackAddress());
    servers.add(server);
    Thread.ofVirtual()
        .start(
            () -> {
              while (!server.isClosed()) {
                SslSocket s;
                try {
                  s = server.accept();
                } catch (IOException e) {
                  continue;
                }
                Thread.ofVirtual()
                    .start(
                        () -> {
                          try (s) {
                            s.setTimeout(30.0);
                            behaviour.serve(s);
                          } catch (Exception e) {
                            // the client's doing: the case compares what the client saw
                          }
                        });
              }
            });
    return server.getLocalPort();
  }
}
