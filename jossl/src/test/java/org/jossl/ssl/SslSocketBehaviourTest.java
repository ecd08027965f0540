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
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.jossl.crypto.CertificateAuthority;
import org.jossl.crypto.DecodedCertificate;
import org.jossl.crypto.IssuedCertificate;
import org.jossl.crypto.X509;
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
 * without {@code suppress_ragged_eofs}, a clean close, a reset; {@code read}/{@code write}, {@code
 * recv(n, flags)}, {@code recv_into}, {@code read(len, buffer)}, {@code do_handshake(block)},
 * {@code gettimeout}/{@code settimeout}, the {@code context} property, the chains, what a closed,
 * unwrapped or shut down socket answers, {@code connect_ex}, and {@code SSLWantWriteError} from a
 * peer that does not read.
 *
 * <p>Where Python fails with {@code AttributeError} (its {@code _sslobj} is None after {@code
 * close()}, {@code unwrap()} or {@code shutdown()}), jossl throws {@link IllegalStateException};
 * Python's {@code OSError}s compare by type only (their text is the C library's). A non-blocking
 * write needs a {@link java.nio.channels.SocketChannel} in Java (a {@link Socket}'s stream cannot
 * refuse to block), so jossl's end of the want-write case is wrapped around one.
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
    int echo =
        tlsServer(
            s -> {
              while (true) {
                byte[] data = s.recv(1024);
                if (data.length == 0) {
                  return;
                }
                s.sendAll(data);
              }
            });
    int sink = tlsServer(s -> Thread.sleep(5000));
    int refused;
    try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      refused = gone.getLocalPort();
    }
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
    put(
        "reads, writes, buffers, timeouts, context, then closed",
        echo,
        5.0,
        Map.of(),
        concat(
            steps("gettimeout", "write hello", "read 2", "read 10"),
            List.of(List.of("recv_flags", 10L, 1L)),
            steps("send abcdef"),
            List.of(
                Arrays.asList("recv_into", 4L, null),
                List.of("recv_into", 10L, 0L),
                List.of("send", "xyz"),
                List.of("read_into", 10L, 2L),
                List.of("read_into", 10L, -1L),
                Arrays.asList("recv_into", 0L, null)),
            steps(
                "handshake",
                "handshake_block true",
                "version",
                "cipher",
                "shared_ciphers",
                "getpeercert",
                "getpeercert_der",
                "verified_chain",
                "unverified_chain",
                "channel_binding tls-unique",
                "channel_binding tls-server-end-point",
                "context_is_own",
                "set_other_context",
                "context_is_other",
                "context_is_own",
                "send ping",
                "recv 10",
                "settimeout 2.5",
                "gettimeout",
                "setblocking false",
                "gettimeout",
                "recv 10",
                "settimeout null",
                "gettimeout",
                "settimeout -1.0",
                "gettimeout",
                "close",
                "version",
                "cipher",
                "pending",
                "shared_ciphers",
                "getpeercert",
                "verified_chain",
                "unverified_chain",
                "read 5",
                "write x",
                "recv 5",
                "send x",
                "channel_binding tls-unique",
                "channel_binding foo",
                "context_is_other",
                "set_other_context",
                "gettimeout",
                "unwrap")));
    put(
        "unwrap, then the plain socket",
        cleanBye,
        5.0,
        Map.of(),
        concat(
            steps(
                "recv 10",
                "recv 10",
                "unwrap",
                "version",
                "cipher",
                "getpeercert",
                "unverified_chain",
                "read 5",
                "write x",
                "recv 10"),
            List.of(Arrays.asList("recv_into", 10L, null)),
            steps("context_is_own", "channel_binding tls-unique", "pending", "unwrap")));
    put(
        "shutdown(SHUT_RDWR)",
        holding,
        5.0,
        Map.of(),
        steps(
            "version",
            "shutdown 2",
            "version",
            "cipher",
            "getpeercert",
            "verified_chain",
            "read 5",
            "write x",
            "pending"));
    put(
        "do_handshake(block) on a non-blocking socket",
        slowHolding,
        null,
        Map.of("blocking", false, "do_handshake_on_connect", false),
        steps(
            "handshake_block false",
            "gettimeout",
            "handshake_block true",
            "gettimeout",
            "version",
            "recv 10"));
    put(
        "connect_ex refused",
        refused,
        5.0,
        Map.of("unconnected", true),
        steps("connect_ex " + refused, "connect_ex " + refused, "version"));
    put(
        "connect_ex",
        holding,
        5.0,
        Map.of("unconnected", true),
        steps("connect_ex " + holding, "version", "connect_ex " + holding));
    put(
        "a peer that does not read: SSLWantWriteError",
        sink,
        5.0,
        Map.of("channel", true),
        steps("setblocking false", "send_until_blocked 65536 4000", "pending", "close"));

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

  @SafeVarargs
  private static List<List<Object>> concat(List<? extends List<Object>>... parts) {
    List<List<Object>> out = new ArrayList<>();
    for (List<? extends List<Object>> p : parts) {
      out.addAll(p);
    }
    return out;
  }

  /** Steps written as "op [arg…]": numbers, true/false, null, or (one argument) text. */
  private static List<List<Object>> steps(String... specs) {
    List<List<Object>> out = new ArrayList<>();
    for (String spec : specs) {
      String[] p = spec.split(" ", 2);
      List<Object> step = new ArrayList<>(List.of(p[0]));
      if (p.length > 1 && p[1].matches("-?\\d+( -?\\d+)+")) {
        for (String n : p[1].split(" ")) {
          step.add(Long.parseLong(n));
        }
      } else if (p.length > 1) {
        String a = p[1];
        step.add(
            a.matches("-?\\d+")
                ? (Object) Long.parseLong(a)
                : a.matches("-?\\d+\\.\\d+")
                    ? (Object) Double.parseDouble(a)
                    : a.equals("null")
                        ? null
                        : a.equals("true") || a.equals("false")
                            ? (Object) Boolean.parseBoolean(a)
                            : a);
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
                          lines(c, comparable(expected)),
                          lines(c, comparable(actual)),
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

  @org.junit.jupiter.api.Test
  void theOracleDidWhatTheCasesAreAbout() {
    // the comparisons prove these only if Python did them
    List<String> names = new ArrayList<>(cases.keySet());
    List<Map<String, Object>> blocked =
        outcomes(python.get(names.indexOf("a peer that does not read: SSLWantWriteError")));
    assertEquals("SSLWantWriteError", blocked.get(2).get("exc"), blocked.toString());
    List<Map<String, Object>> refused = outcomes(python.get(names.indexOf("connect_ex refused")));
    assertEquals(111L, refused.get(1).get("ok"), refused.toString());
    List<Map<String, Object>> connected = outcomes(python.get(names.indexOf("connect_ex")));
    assertEquals(0L, connected.get(1).get("ok"), connected.toString());
    List<Map<String, Object>> unwrapped =
        outcomes(python.get(names.indexOf("unwrap, then the plain socket")));
    assertEquals("socket", unwrapped.get(3).get("ok"), unwrapped.toString());
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> outcomes(Object o) {
    return (List<Map<String, Object>>) o;
  }

  /** Python's OS errors and AttributeErrors compare by type: their texts are not jossl's. */
  private static final List<String> TYPE_ONLY =
      List.of("AttributeError", "OSError", "ConnectionResetError", "BrokenPipeError");

  private static List<Map<String, Object>> comparable(List<Map<String, Object>> outcomes) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> m : outcomes) {
      Map<String, Object> copy = new LinkedHashMap<>(m);
      copy.remove("elapsed");
      if (copy.get("exc") instanceof String exc && TYPE_ONLY.contains(exc)) {
        copy.remove("str");
      }
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
    SslContext other =
        Ssl.createDefaultContext(Purpose.SERVER_AUTH, VerifyLocations.of(cafile, null));
    InetSocketAddress address =
        new InetSocketAddress("127.0.0.1", ((Number) c.get("port")).intValue());
    boolean unconnected = Boolean.TRUE.equals(c.get("unconnected"));
    SocketChannel channel =
        Boolean.TRUE.equals(c.get("channel")) ? SocketChannel.open(address) : null;
    Socket raw = channel != null ? channel.socket() : new Socket();
    if (channel == null && !unconnected) {
      raw.connect(address, 10_000);
    }
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
        // the handshake on connect after the timeout is set, as Python's socket has it already
        WrapOptions wrap = unconnected ? options : options.withDoHandshakeOnConnect(false);
        sock = channel != null ? ctx.wrapSocket(channel, wrap) : ctx.wrapSocket(raw, wrap);
        sock.setTimeout(blocking ? timeout : Double.valueOf(0));
        if (options.doHandshakeOnConnect() && !unconnected) {
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
          out.add(outcome(step(sock, step, ctx, other), null, start));
        } catch (Exception e) {
          out.add(outcome(null, e, start));
        }
      }
      return out;
    } finally {
      (sock != null ? sock : raw).close();
      ctx.close();
      other.close();
    }
  }

  private static Object step(SslSocket sock, List<?> step, SslContext own, SslContext other)
      throws Exception {
    String op = (String) step.get(0);
    Object arg = step.size() > 1 ? step.get(1) : null;
    Object arg2 = step.size() > 2 ? step.get(2) : null;
    return switch (op) {
      case "handshake" -> {
        sock.doHandshake();
        yield null;
      }
      case "handshake_block" -> {
        sock.doHandshake((Boolean) arg);
        yield null;
      }
      case "recv" -> bytes(sock.recv(number(arg)));
      case "recv_flags" -> bytes(sock.recv(number(arg), number(arg2)));
      case "read" -> bytes(sock.read(number(arg)));
      case "recv_into" -> {
        byte[] buf = new byte[number(arg)];
        int n = arg2 == null ? sock.recvInto(buf) : sock.recvInto(buf, number(arg2));
        yield List.of(n, bytes(Arrays.copyOf(buf, n)));
      }
      case "read_into" -> {
        byte[] buf = new byte[number(arg)];
        int n = sock.read(number(arg2), buf);
        yield List.of(n, bytes(Arrays.copyOf(buf, n)));
      }
      case "send" -> sock.send(((String) arg).getBytes(StandardCharsets.ISO_8859_1));
      case "write" -> sock.write(((String) arg).getBytes(StandardCharsets.ISO_8859_1));
      case "send_until_blocked" -> {
        byte[] data = new byte[number(arg)];
        Arrays.fill(data, (byte) 'x');
        for (int i = 0; i < number(arg2); i++) {
          sock.send(data);
        }
        yield "never blocked";
      }
      case "unwrap" -> sock.unwrap() instanceof Socket ? "socket" : null;
      case "cipher" -> {
        CipherInfo ci = sock.cipher();
        yield ci == null ? null : List.of(ci.name(), ci.protocol(), ci.secretBits());
      }
      case "shared_ciphers" -> {
        List<CipherInfo> shared = sock.sharedCiphers();
        yield shared == null
            ? null
            : shared.stream()
                .map(x -> (Object) List.of(x.name(), x.protocol(), x.secretBits()))
                .toList();
      }
      case "getpeercert" -> {
        DecodedCertificate d = sock.getPeerCert();
        yield d == null ? null : PeerJson.parse(d.toJson());
      }
      case "getpeercert_der" -> {
        byte[] der = sock.getPeerCertDer();
        yield der == null ? null : sha256(der);
      }
      case "verified_chain" -> digests(sock.getVerifiedChain());
      case "unverified_chain" -> digests(sock.getUnverifiedChain());
      case "channel_binding" -> {
        byte[] cb = sock.getChannelBinding((String) arg);
        yield cb == null ? null : cb.length;
      }
      case "connect_ex" -> sock.connectEx(new InetSocketAddress("127.0.0.1", number(arg)));
      case "context_is_own" -> sock.getContext() == own;
      case "context_is_other" -> sock.getContext() == other;
      case "set_other_context" -> {
        sock.setContext(other);
        yield null;
      }
      case "gettimeout" -> sock.getTimeout();
      case "shutdown" -> {
        sock.shutdown(number(arg));
        yield null;
      }
      case "close" -> {
        sock.close();
        yield null;
      }
      case "settimeout" -> {
        sock.setTimeout(arg == null ? null : ((Number) arg).doubleValue());
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

  private static int number(Object o) {
    return ((Number) o).intValue();
  }

  private static Map<String, Object> bytes(byte[] b) {
    return Map.of("bytes", new String(b, StandardCharsets.ISO_8859_1));
  }

  private static String sha256(byte[] der) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
  }

  private static List<String> digests(List<X509> chain) throws Exception {
    List<String> out = new ArrayList<>();
    for (X509 x : chain) {
      out.add(sha256(x.toDer()));
    }
    return out;
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

  /** Python's ValueErrors that jossl raises as {@link IllegalStateException}, with their text. */
  private static final List<String> STATE_VALUE_ERRORS =
      List.of(
          "Read on closed or unwrapped SSL socket.", "Write on closed or unwrapped SSL socket.");

  /**
   * Python's exception type for jossl's: the SSL family, timeouts, resets, a closed socket's
   * OSError, ValueError; an {@link IllegalStateException} without one of Python's ValueError texts
   * is jossl's form of Python's AttributeError on a socket without its TLS layer.
   */
  static String pythonType(Exception e) {
    return switch (e) {
      case SocketTimeoutException x -> "TimeoutError";
      case SocketException x when String.valueOf(x.getMessage()).contains("reset") ->
          "ConnectionResetError";
      case SocketException x when "Socket is closed".equals(x.getMessage()) -> "OSError";
      case IllegalStateException x when !STATE_VALUE_ERRORS.contains(x.getMessage()) ->
          "AttributeError";
      default -> SslObjectTranscriptTest.pythonType(e);
    };
  }

  /** Python's str(e); an errno error's text is the OS's, so only its type is compared. */
  static String pythonStr(Exception e) {
    return switch (e) {
      case SslException s -> s.pythonStr();
      case SocketException x -> null;
      default ->
          e.getMessage() == null
              ? null
              : e.getMessage()
                  .replaceAll("No SSL wrapper around .*", "No SSL wrapper around <socket>");
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
