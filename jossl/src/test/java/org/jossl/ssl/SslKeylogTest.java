package org.jossl.ssl;

import static org.jossl.ssl.TlsLab.Impl.PYTHON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jossl.ssl.TlsLab.Cfg;
import org.jossl.ssl.TlsLab.Impl;
import org.jossl.testing.Jvm;
import org.jossl.testing.PeerJson;
import org.jossl.testing.Peers;
import org.junit.jupiter.api.Test;

/**
 * {@code SSLContext.keylog_filename} and {@code SSLKEYLOGFILE}, with upstream CPython as the
 * oracle: the getter and setter (with the file errors, and what a failed assignment leaves), the
 * header line Python writes to a new or empty file only, one line per secret with the labels
 * Python's file has for the same kind of connection (TLS 1.2 and 1.3, client and server, appending
 * across connections), the secrets themselves (the client's file and the server's file of the same
 * connections hold the same lines, in every pair Python/jossl client × Python/jossl server), and
 * {@code create_default_context} honouring {@code $SSLKEYLOGFILE} (a child JVM and a Python process
 * with the same environment).
 */
class SslKeylogTest extends WithTlsLab {
  /** The lines of a key log file: comments as they are, secret lines by their label. */
  private static List<String> shape(Path file) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
      out.add(line.startsWith("#") ? line : line.split(" ")[0]);
    }
    return out;
  }

  /** The secret lines of a key log file, sorted. */
  private static List<String> secrets(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.US_ASCII).stream()
        .filter(l -> !l.startsWith("#"))
        .sorted()
        .toList();
  }

  // ---- the property

  private static Map<String, Object> get() {
    return Map.of("get", "keylog_filename");
  }

  private static Map<String, Object> set(Object value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("set", "keylog_filename");
    m.put("value", value);
    return m;
  }

  /** The steps, with every path under {@code base}. */
  private static List<Map<String, Object>> propertySteps(Path base) {
    return List.of(
        get(),
        set(base.resolve("fresh.log").toString()),
        get(),
        set(base.resolve("existing.log").toString()),
        get(),
        set(base.toString()),
        get(),
        set(base.resolve("fresh.log").toString()),
        set(base.resolve("missing").resolve("x.log").toString()),
        get(),
        set(base.resolve("existing.log").toString()),
        set(null),
        get());
  }

  private static Path prepare(String name) throws IOException {
    Path base = Files.createDirectories(dir.resolve(name));
    Files.writeString(base.resolve("existing.log"), "# written before\n");
    return base;
  }

  @Test
  void propertyAndHeaderAsPython() throws Exception {
    Path py = prepare("property-python");
    Path jv = prepare("property-jossl");
    Map<String, Object> job =
        Map.of(
            "contexts",
            List.of(
                Map.of(
                    "name",
                    "keylog",
                    "ctx",
                    Map.of("new", "PROTOCOL_TLS_CLIENT"),
                    "steps",
                    propertySteps(py))));
    // Python's answers, its paths written as jossl's
    String answer =
        PeerJson.write(PythonSsl.map(PythonSsl.run(dir, job).get("contexts")).get("keylog"))
            .replace(py.toString(), jv.toString());
    Map<String, Object> python = PythonSsl.map(PeerJson.parse(answer));
    List<Object> pySteps = PythonSsl.list(python.get("steps"));
    List<Map<String, Object>> steps = propertySteps(jv);
    try (SslContext ctx = new SslContext(SslMethod.PROTOCOL_TLS_CLIENT)) {
      for (int i = 0; i < steps.size(); i++) {
        Map<String, Object> step = steps.get(i);
        PythonSsl.Outcome outcome =
            PythonSsl.attempt(
                () -> {
                  if (step.containsKey("get")) {
                    return ctx.getKeylogFilename();
                  }
                  ctx.setKeylogFilename((String) step.get("value"));
                  return null;
                });
        PythonSsl.assertSameOutcome("step " + i + " " + step, pySteps.get(i), outcome, null);
      }
    }
    for (String name : List.of("fresh.log", "existing.log")) {
      assertEquals(
          Files.readString(py.resolve(name)), Files.readString(jv.resolve(name)), name + "'s text");
    }
    assertTrue(
        Files.readString(py.resolve("fresh.log")).startsWith("# "), "Python wrote its header");
  }

  // ---- the lines of real connections

  /** Everything the key log files of one pair show after two connections. */
  private static Map<String, Object> connections(
      Impl clientImpl, Impl serverImpl, TlsVersion version) throws Exception {
    Path base = Files.createDirectories(dir.resolve(clientImpl + "-" + serverImpl + "-" + version));
    Path clientLog = base.resolve("client.log");
    Path serverLog = base.resolve("server.log");
    Files.writeString(clientLog, "# an earlier line\n");
    Cfg server =
        Cfg.server()
            .cert(pki.server.cert(), pki.server.key())
            .versions(null, version)
            .keylogFilename(serverLog);
    Cfg client = Cfg.client().defaults().cafile(pki.rootPem).keylogFilename(clientLog);
    int port = lab.serve(serverImpl, server, 2, TlsLab.exchange(100, 100, "client"));
    for (int i = 0; i < 2; i++) {
      Map<String, Object> r =
          lab.connect(
              clientImpl,
              client,
              port,
              "localhost",
              null,
              null,
              TlsLab.exchange(100, 100, "client"),
              10);
      assertEquals("done", r.get("stage"), r.toString());
    }
    lab.results(serverImpl, port, 2);
    String pair = clientImpl + " client, " + serverImpl + " server, " + version;
    // both ends logged the same secrets of the same connections
    assertEquals(secrets(clientLog), secrets(serverLog), pair + ": the secrets of both ends");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("client", shape(clientLog));
    out.put("server", shape(serverLog));
    return out;
  }

  private static void linesAsPython(TlsVersion version) throws Exception {
    Map<String, Object> oracle = connections(PYTHON, PYTHON, version);
    System.out.println(version + " oracle: " + oracle);
    for (Impl c : Impl.values()) {
      for (Impl s : Impl.values()) {
        if (c != PYTHON || s != PYTHON) {
          assertEquals(oracle, connections(c, s, version), c + " client, " + s + " server");
        }
      }
    }
    @SuppressWarnings("unchecked")
    List<String> client = (List<String>) oracle.get("client");
    assertEquals("# an earlier line", client.getFirst(), "no header on a file with lines");
  }

  @Test
  void tls12Lines() throws Exception {
    linesAsPython(TlsVersion.TLSv1_2);
  }

  @Test
  void tls13Lines() throws Exception {
    linesAsPython(TlsVersion.TLSv1_3);
  }

  // ---- $SSLKEYLOGFILE

  /**
   * Run in a child JVM by {@link SslKeylogTest}: what {@code ssl_keylog_env.py} prints, for jossl.
   * Arguments: PORT CAFILE.
   */
  public static final class EnvProbe {
    private EnvProbe() {}

    /** Prints the JSON object. */
    public static void main(String[] args) throws Exception {
      int port = Integer.parseInt(args[0]);
      SslContext client =
          Ssl.createDefaultContext(Purpose.SERVER_AUTH, VerifyLocations.none().withCafile(args[1]));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("client", client.getKeylogFilename());
      out.put("server", Ssl.createDefaultContext(Purpose.CLIENT_AUTH).getKeylogFilename());
      out.put("plain", new SslContext(SslMethod.PROTOCOL_TLS_CLIENT).getKeylogFilename());
      Socket raw = new Socket();
      raw.connect(new InetSocketAddress(TlsLab.LOOPBACK, port), 10_000);
      raw.setSoTimeout(10_000);
      try (SslSocket s = client.wrapSocket(raw, "localhost")) {
        out.put("version", s.version());
      }
      System.out.println(PeerJson.write(out));
    }
  }

  private static Object envRun(Impl impl, String value, Path file) throws Exception {
    Cfg server = Cfg.server().cert(pki.server.cert(), pki.server.key());
    int port = lab.serve(PYTHON, server, 1, null);
    Map<String, String> env = Map.of("SSLKEYLOGFILE", value);
    Peers.Result r;
    if (impl == PYTHON) {
      r =
          Peers.run(
              List.of(
                  Peers.python(),
                  Peers.script("ssl_keylog_env.py").toString(),
                  String.valueOf(port),
                  pki.rootPem.toString()),
              null,
              Duration.ofSeconds(30),
              env,
              null);
    } else {
      r =
          Jvm.run(
              EnvProbe.class,
              List.of(),
              env,
              null,
              Duration.ofSeconds(60),
              String.valueOf(port),
              pki.rootPem.toString());
    }
    r.requireSuccess(impl + " with SSLKEYLOGFILE=" + value);
    lab.results(PYTHON, port, 1);
    Map<String, Object> out =
        new LinkedHashMap<>(PythonSsl.map(PeerJson.parse(r.stdout().strip())));
    if (file != null) {
      out.put("file", shape(file));
    }
    return TlsLab.normalize(out);
  }

  @Test
  void createDefaultContextHonoursSslkeylogfile() throws Exception {
    Path py = dir.resolve("env-python.log");
    Path jv = dir.resolve("env-jossl.log");
    @SuppressWarnings("unchecked")
    Map<String, Object> python = (Map<String, Object>) envRun(PYTHON, py.toString(), py);
    System.out.println("oracle: " + python);
    Map<String, Object> expected = new LinkedHashMap<>(python);
    expected.replaceAll((k, v) -> py.toString().equals(v) ? jv.toString() : v);
    assertEquals(expected, envRun(Impl.JOSSL, jv.toString(), jv));
    assertEquals(py.toString(), python.get("client"));
    // an empty SSLKEYLOGFILE is no file
    assertEquals(envRun(PYTHON, "", null), envRun(Impl.JOSSL, "", null));
  }
}
