package org.jossl.ssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jossl.crypto.OpenSslLibrary;
import org.jossl.internal.ErrorNames;
import org.jossl.testing.CProbe;
import org.jossl.testing.OpensslProcess;
import org.jossl.testing.PeerJson;
import org.jossl.testing.Peers;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS-PSK in the {@code ssl} face ({@code SSLContext.set_psk_client_callback} and {@code
 * set_psk_server_callback}, Python 3.13) against peers nobody here wrote: {@code openssl s_server
 * -nocert -psk} and {@code openssl s_client -psk}, TLS 1.2 (PSK cipher suites, identity hint) and
 * TLS 1.3 (external PSK through the same callbacks, no hint), in both directions and jossl↔jossl.
 *
 * <p>A wrong key must fail each end with the error the {@code openssl} command reports in the same
 * seat (a reference run of {@code s_client} against {@code s_server} with the same keys); a server
 * callback refusing an identity, and a callback that raises, follow Python 3.13's documented
 * semantics (refusal: the handshake fails; an exception: reported, here as the cause of the
 * handshake's {@link SslException}, and the handshake fails). {@code Ssl.HAS_PSK}, {@code HAS_PHA}
 * and {@code HAS_PSK_TLS13} are compared with a gcc-built probe that looks the functions up in the
 * library jossl loaded, and {@code HAS_PSK} also with the {@code openssl} command's {@code -psk}.
 *
 * <p>Where a CPython 3.13 or newer is installed (not the oracle: CI has 3.11 only), its client runs
 * the same jobs against {@code s_server} as jossl's, and what each saw must be the same.
 */
class SslPskTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(15);
  private static final String KEY_HEX = "c0ffee0123456789abcdef";
  private static final byte[] KEY = HexFormat.of().parseHex(KEY_HEX);
  private static final String WRONG_HEX = "c0ffee0123456789abcdee";
  private static final byte[] WRONG = HexFormat.of().parseHex(WRONG_HEX);
  private static final Pattern ERROR_CODE = Pattern.compile(":error:([0-9A-Fa-f]{8}):");

  @TempDir Path tmp;

  // ---- contexts as Python 3.13's documentation sets them up

  /** A client context for PSK only: no certificate checks; TLS 1.2 needs PSK suites. */
  private static SslContext client(TlsVersion version, PskClientCallback callback)
      throws SslException {
    SslContext c = new SslContext(SslMethod.PROTOCOL_TLS_CLIENT);
    c.setCheckHostname(false);
    c.setVerifyMode(VerifyMode.CERT_NONE);
    pin(c, version);
    c.setPskClientCallback(callback);
    return c;
  }

  /** A server context without a certificate. */
  private static SslContext server(TlsVersion version, PskServerCallback callback, String hint)
      throws SslException {
    SslContext c = new SslContext(SslMethod.PROTOCOL_TLS_SERVER);
    pin(c, version);
    c.setPskServerCallback(callback, hint);
    return c;
  }

  private static void pin(SslContext c, TlsVersion version) throws SslException {
    c.setMinimumVersion(version);
    c.setMaximumVersion(version);
    if (version == TlsVersion.TLSv1_2) {
      c.setCiphers("PSK");
    }
  }

  private static List<String> opensslVersionArgs(TlsVersion version) {
    return version == TlsVersion.TLSv1_2
        ? List.of("-tls1_2", "-cipher", "PSK")
        : List.of("-tls1_3");
  }

  private static String versionName(TlsVersion version) {
    return version == TlsVersion.TLSv1_2 ? "TLSv1.2" : "TLSv1.3";
  }

  /** {@code openssl s_server -nocert -psk KEY -psk_identity ID [-psk_hint HINT]}, one client. */
  private static OpensslProcess opensslServer(
      TlsVersion version, String keyHex, String identity, String hint) {
    List<String> args =
        new ArrayList<>(
            List.of("-naccept", "1", "-nocert", "-psk", keyHex, "-psk_identity", identity));
    if (hint != null) {
      args.addAll(List.of("-psk_hint", hint));
    }
    args.addAll(opensslVersionArgs(version));
    return OpensslProcess.server(args.toArray(String[]::new));
  }

  private static OpensslProcess opensslClient(
      int port, TlsVersion version, String keyHex, String identity) {
    List<String> args = new ArrayList<>(List.of("-psk", keyHex, "-psk_identity", identity));
    args.addAll(opensslVersionArgs(version));
    return OpensslProcess.client(port, args.toArray(String[]::new));
  }

  /** The last packed error code the openssl command printed (Python reports the last one). */
  private static long lastErrorCode(String output) {
    Matcher m = ERROR_CODE.matcher(output);
    String last = null;
    while (m.find()) {
      last = m.group(1);
    }
    assertNotNull(last, "no OpenSSL error in:\n" + output);
    return Long.parseLong(last, 16);
  }

  /** Python's (library, reason) for a packed OpenSSL 3 error code. */
  private static List<String> pythonNames(long code) {
    int lib = (int) ((code >> 23) & 0xFF);
    int reason = (int) (code & 0x7FFFFF);
    return List.of(ErrorNames.library(lib), ErrorNames.reason(lib, reason));
  }

  private static List<String> names(SslException e) {
    return List.of(String.valueOf(e.library()), String.valueOf(e.reason()));
  }

  /** Accepts one connection on {@code listener} and wraps it as a server in the background. */
  private static CompletableFuture<SslSocket> acceptOne(ServerSocket listener, SslContext ctx) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            Socket s = listener.accept();
            s.setSoTimeout((int) TIMEOUT.toMillis());
            return ctx.wrapSocket(s, WrapOptions.defaults().withServerSide(true));
          } catch (IOException e) {
            throw new java.util.concurrent.CompletionException(e);
          }
        });
  }

  private static ServerSocket listener() throws IOException {
    return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
  }

  private static SslSocket connect(SslContext ctx, int port) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
    s.setSoTimeout((int) TIMEOUT.toMillis());
    try {
      return ctx.wrapSocket(s);
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  private static Throwable failure(CompletableFuture<?> f) throws Exception {
    try {
      Object v = f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError("expected a failure, got " + v);
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  // ---- the module's flags

  @Test
  void hasFlagsSayWhetherTheLoadedLibraryHasTheFunctions() throws Exception {
    String gcc = CProbe.gccOrSkip();
    String[] symbols = {
      "SSL_CTX_set_psk_client_callback",
      "SSL_verify_client_post_handshake",
      "SSL_CTX_set_psk_find_session_callback"
    };
    StringBuilder c = new StringBuilder();
    c.append("#include <dlfcn.h>\n#include <stdio.h>\nint main(void) {\n");
    c.append("  void *h = dlopen(\"")
        .append(OpenSslLibrary.libsslPath())
        .append("\", RTLD_NOW | RTLD_LOCAL);\n");
    c.append("  if (!h) { fprintf(stderr, \"%s\\n\", dlerror()); return 2; }\n");
    for (String s : symbols) {
      c.append("  printf(\"%d\\n\", dlsym(h, \"").append(s).append("\") != NULL);\n");
    }
    c.append("  return 0;\n}\n");
    List<String> probe =
        List.of(CProbe.compileAndRun(gcc, tmp, "has_psk.c", c.toString()).strip().split("\n"));
    assertEquals(
        List.of(Ssl.HAS_PSK, Ssl.HAS_PHA, Ssl.HAS_PSK_TLS13),
        probe.stream().map("1"::equals).toList(),
        "HAS_PSK, HAS_PHA, HAS_PSK_TLS13 vs dlsym in " + OpenSslLibrary.libsslPath());
    // the openssl command offers -psk exactly when its OpenSSL was built with PSK
    String help = Peers.run(List.of(Peers.openssl(), "s_server", "-help"), null, TIMEOUT).stderr();
    assertEquals(Ssl.HAS_PSK, help.contains("-psk "), help);
  }

  // ---- refusals on the wrong side

  @Test
  void aServerContextRefusesTheClientCallbackAndViceVersa() throws Exception {
    try (SslContext serverCtx = new SslContext(SslMethod.PROTOCOL_TLS_SERVER);
        SslContext clientCtx = new SslContext(SslMethod.PROTOCOL_TLS_CLIENT)) {
      SslException e =
          assertThrows(
              SslException.class,
              () -> serverCtx.setPskClientCallback(hint -> new PskClientCallback.Psk("a", KEY)));
      assertEquals(
          "Cannot add PSK client callback to a PROTOCOL_TLS_SERVER context", e.pythonStr());
      assertEquals(0, e.errno());
      assertNull(e.library());
      e = assertThrows(SslException.class, () -> clientCtx.setPskServerCallback(id -> KEY, "hint"));
      assertEquals(
          "Cannot add PSK server callback to a PROTOCOL_TLS_CLIENT context", e.pythonStr());
      assertEquals(0, e.errno());
      // PROTOCOL_TLS takes both
      try (SslContext both = new SslContext(SslMethod.PROTOCOL_TLS)) {
        both.setPskClientCallback(hint -> null);
        both.setPskServerCallback(id -> KEY, null);
        both.setPskClientCallback(null);
        both.setPskServerCallback(null, null);
      }
    }
  }

  // ---- jossl client, openssl server

  /** A client sending identity "client1" with {@link #KEY}, noting each hint it is given. */
  private static SslContext recordingClient(TlsVersion version, List<String> hints)
      throws Exception {
    return client(
        version,
        hint -> {
          hints.add(hint);
          return new PskClientCallback.Psk("client1", KEY);
        });
  }

  @Test
  void tls12ClientGetsTheHintAndConnectsToOpensslServer() throws Exception {
    List<String> hints = Collections.synchronizedList(new ArrayList<>());
    pingOpensslServer(TlsVersion.TLSv1_2, "TLSv1.2", "hint1", hints);
    assertEquals(List.of("hint1"), hints);
  }

  /**
   * A recording jossl client ({@link #recordingClient}) sends a line to {@code openssl s_server
   * -psk} (identity client1, {@code hint} if not null), which must accept its identity: what
   * s_server printed by then.
   */
  private String pingOpensslServer(
      TlsVersion version, String expectedVersion, String hint, List<String> hints)
      throws Exception {
    try (OpensslProcess server = opensslServer(version, KEY_HEX, "client1", hint);
        SslContext ctx = recordingClient(version, hints);
        SslSocket s = connect(ctx, server.port())) {
      assertEquals(expectedVersion, s.version());
      assertNull(s.getPeerCert(), "no certificate: the PSK authenticated the server");
      if (version == TlsVersion.TLSv1_2) {
        assertTrue(s.cipher().name().contains("PSK"), s.cipher().toString());
      }
      String line = "ping from jossl over " + expectedVersion;
      s.sendAll((line + "\n").getBytes(StandardCharsets.UTF_8));
      String out = server.awaitStdout(line, TIMEOUT);
      assertFalse(
          out.contains("client identity not what we expected"),
          "s_server got the identity:\n" + out);
      return out;
    }
  }

  @Test
  void theIdentityReachesTheServer() throws Exception {
    // s_server only warns about an unexpected identity: its warning proves what was sent
    try (OpensslProcess server = opensslServer(TlsVersion.TLSv1_2, KEY_HEX, "expected", null);
        SslContext ctx =
            client(TlsVersion.TLSv1_2, hint -> new PskClientCallback.Psk("someone else", KEY));
        SslSocket s = connect(ctx, server.port())) {
      s.sendAll("ping\n".getBytes(StandardCharsets.UTF_8));
      String out = server.awaitStdout("ping", TIMEOUT);
      assertTrue(out.contains("PSK warning: client identity not what we expected"), out);
      assertTrue(out.contains("got 'someone else'"), out);
    }
  }

  @Test
  void tls12WithoutAHintTheCallbackGetsNone() throws Exception {
    List<String> hints = Collections.synchronizedList(new ArrayList<>());
    try (OpensslProcess server = opensslServer(TlsVersion.TLSv1_2, KEY_HEX, "client1", null);
        SslContext ctx = recordingClient(TlsVersion.TLSv1_2, hints);
        SslSocket s = connect(ctx, server.port())) {
      assertEquals("TLSv1.2", s.version());
      assertEquals(Collections.singletonList(null), hints);
    }
  }

  @Test
  void tls13ClientConnectsToOpensslServerWithoutAHint() throws Exception {
    List<String> hints = Collections.synchronizedList(new ArrayList<>());
    String out = pingOpensslServer(TlsVersion.TLSv1_3, "TLSv1.3", "hint1", hints);
    // the external PSK was used (a resumption to OpenSSL), not a certificate
    assertTrue(out.contains("Reused session-id"), out);
    assertFalse(hints.isEmpty());
    assertTrue(hints.stream().allMatch(h -> h == null), "TLS 1.3 has no hint: " + hints);
  }

  // ---- openssl client, jossl server

  @Test
  void opensslClientsConnectToAJosslServer() throws Exception {
    for (TlsVersion version : List.of(TlsVersion.TLSv1_2, TlsVersion.TLSv1_3)) {
      List<String> identities = Collections.synchronizedList(new ArrayList<>());
      try (SslContext ctx =
              server(
                  version,
                  id -> {
                    identities.add(id);
                    return "client9".equals(id) ? KEY : new byte[0];
                  },
                  "hint9");
          ServerSocket listener = listener()) {
        CompletableFuture<SslSocket> accepted = acceptOne(listener, ctx);
        try (OpensslProcess client =
            opensslClient(listener.getLocalPort(), version, KEY_HEX, "client9")) {
          try (SslSocket s = accepted.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            assertEquals(versionName(version), s.version());
            s.sendAll("pong from jossl\n".getBytes(StandardCharsets.UTF_8));
            String out = client.awaitStdout("pong from jossl", TIMEOUT);
            assertEquals(List.of("client9"), identities, version.toString());
            // s_client's summary line: "New, TLSv1.2, Cipher is …" ("Reused" for a TLS 1.3 PSK)
            assertTrue(
                Pattern.compile(
                        "(New|Reused), "
                            + Pattern.quote(
                                versionName(version) + ", Cipher is " + s.cipher().name())
                            + "\\n")
                    .matcher(out)
                    .find(),
                out);
            if (version == TlsVersion.TLSv1_2) {
              // the hint is sent with TLS 1.2 only
              assertTrue(out.contains("PSK identity hint: hint9"), out);
            }
          }
        }
      }
    }
  }

  @Test
  void aNullHintClearsTheOneSetBefore() throws Exception {
    // Python passes identity_hint=None on to OpenSSL, which then sends no hint
    try (SslContext ctx = server(TlsVersion.TLSv1_2, id -> KEY, "first hint");
        ServerSocket listener = listener()) {
      ctx.setPskServerCallback(id -> KEY, null);
      CompletableFuture<SslSocket> accepted = acceptOne(listener, ctx);
      try (OpensslProcess client =
          opensslClient(listener.getLocalPort(), TlsVersion.TLSv1_2, KEY_HEX, "id")) {
        try (SslSocket s = accepted.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          s.sendAll("no hint\n".getBytes(StandardCharsets.UTF_8));
          String out = client.awaitStdout("no hint", TIMEOUT);
          assertTrue(out.contains("PSK identity hint: None"), out);
        }
      }
    }
  }

  // ---- jossl on both ends

  @Test
  void josslClientAndServer() throws Exception {
    for (TlsVersion version : List.of(TlsVersion.TLSv1_2, TlsVersion.TLSv1_3)) {
      List<String> identities = Collections.synchronizedList(new ArrayList<>());
      List<String> hints = Collections.synchronizedList(new ArrayList<>());
      try (SslContext serverCtx =
              server(
                  version,
                  id -> {
                    identities.add(id);
                    return KEY;
                  },
                  "the hint");
          SslContext clientCtx =
              client(
                  version,
                  hint -> {
                    hints.add(hint);
                    return new PskClientCallback.Psk("jossl client", KEY);
                  });
          ServerSocket listener = listener()) {
        CompletableFuture<SslSocket> accepted = acceptOne(listener, serverCtx);
        try (SslSocket c = connect(clientCtx, listener.getLocalPort());
            SslSocket s = accepted.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          c.sendAll("hello".getBytes(StandardCharsets.UTF_8));
          assertEquals("hello", new String(s.recv(5), StandardCharsets.UTF_8));
          assertEquals(versionName(version), c.version());
          assertEquals(c.cipher(), s.cipher());
          assertEquals(List.of("jossl client"), identities);
          if (version == TlsVersion.TLSv1_2) {
            assertEquals(List.of("the hint"), hints);
          } else {
            assertTrue(hints.stream().allMatch(h -> h == null), hints.toString());
          }
        }
      }
    }
  }

  @Test
  void aClientWithoutIdentitySendsAnEmptyOne() throws Exception {
    // Python: the callback may return (None, psk); the identity is then empty (TLS 1.2)
    List<String> identities = Collections.synchronizedList(new ArrayList<>());
    try (SslContext serverCtx =
            server(
                TlsVersion.TLSv1_2,
                id -> {
                  identities.add(id);
                  return KEY;
                },
                null);
        SslContext clientCtx =
            client(TlsVersion.TLSv1_2, hint -> new PskClientCallback.Psk(null, KEY));
        ServerSocket listener = listener()) {
      CompletableFuture<SslSocket> accepted = acceptOne(listener, serverCtx);
      try (SslSocket c = connect(clientCtx, listener.getLocalPort());
          SslSocket s = accepted.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        assertEquals("TLSv1.2", c.version());
        assertEquals(List.of(""), identities);
      }
    }
  }

  // ---- failures

  /** Both ends' errors of openssl s_client with key {@code WRONG} against s_server with KEY. */
  private record Reference(List<String> client, List<String> server) {}

  private static Reference opensslReference(TlsVersion version) {
    try (OpensslProcess server = opensslServer(version, KEY_HEX, "id", null);
        OpensslProcess client = opensslClient(server.port(), version, WRONG_HEX, "id")) {
      client.waitFor(TIMEOUT);
      server.waitFor(TIMEOUT);
      return new Reference(
          pythonNames(lastErrorCode(client.stderr() + client.stdout())),
          pythonNames(lastErrorCode(server.stderr() + server.stdout())));
    }
  }

  @Test
  void aWrongKeyFailsEachEndAsItFailsTheOpensslCommand() throws Exception {
    for (TlsVersion version : List.of(TlsVersion.TLSv1_2, TlsVersion.TLSv1_3)) {
      Reference ref = opensslReference(version);
      String what = version + ", openssl reference " + ref;
      // jossl client, openssl server
      try (OpensslProcess server = opensslServer(version, KEY_HEX, "id", null);
          SslContext ctx = client(version, hint -> new PskClientCallback.Psk("id", WRONG))) {
        SslException e = assertThrows(SslException.class, () -> connect(ctx, server.port()));
        assertEquals(ref.client(), names(e), what + ": jossl client: " + e.pythonStr());
        server.waitFor(TIMEOUT);
      }
      // openssl client, jossl server
      try (SslContext ctx = server(version, id -> KEY, null);
          ServerSocket listener = listener()) {
        CompletableFuture<SslSocket> accepted = acceptOne(listener, ctx);
        try (OpensslProcess client =
            opensslClient(listener.getLocalPort(), version, WRONG_HEX, "id")) {
          Throwable t = failure(accepted);
          SslException e = assertInstanceOf(t);
          assertEquals(ref.server(), names(e), what + ": jossl server: " + e.pythonStr());
          client.waitFor(TIMEOUT);
        }
      }
      // jossl on both ends
      try (SslContext serverCtx = server(version, id -> KEY, null);
          SslContext clientCtx = client(version, hint -> new PskClientCallback.Psk("id", WRONG));
          ServerSocket listener = listener()) {
        CompletableFuture<SslSocket> accepted = acceptOne(listener, serverCtx);
        SslException ce =
            assertThrows(SslException.class, () -> connect(clientCtx, listener.getLocalPort()));
        SslException se = assertInstanceOf(failure(accepted));
        assertEquals(ref.client(), names(ce), what + ": jossl pair, client");
        assertEquals(ref.server(), names(se), what + ": jossl pair, server");
      }
    }
  }

  private static SslException assertInstanceOf(Throwable t) {
    if (t instanceof SslException e) {
      return e;
    }
    throw new AssertionError("expected an SslException", t);
  }

  @Test
  void aServerRefusingTheIdentityFailsTheTls12Handshake() throws Exception {
    // Python 3.13: a zero-length key refuses the identity; RFC 4279: unknown_psk_identity
    try (SslContext ctx = server(TlsVersion.TLSv1_2, id -> new byte[0], null);
        ServerSocket listener = listener()) {
      CompletableFuture<SslSocket> accepted = acceptOne(listener, ctx);
      try (OpensslProcess client =
          opensslClient(listener.getLocalPort(), TlsVersion.TLSv1_2, KEY_HEX, "stranger")) {
        SslException e = assertInstanceOf(failure(accepted));
        assertEquals(List.of("SSL", "PSK_IDENTITY_NOT_FOUND"), names(e), e.pythonStr());
        client.waitFor(TIMEOUT);
        assertEquals(
            List.of("SSL", "TLSV1_ALERT_UNKNOWN_PSK_IDENTITY"),
            pythonNames(lastErrorCode(client.stderr() + client.stdout())));
      }
    }
  }

  @Test
  void aClientCallbackRefusingFailsTheTls12Handshake() throws Exception {
    for (PskClientCallback refusal :
        List.<PskClientCallback>of(
            hint -> null, hint -> new PskClientCallback.Psk("id", new byte[0]))) {
      try (OpensslProcess server = opensslServer(TlsVersion.TLSv1_2, KEY_HEX, "id", null);
          SslContext ctx = client(TlsVersion.TLSv1_2, refusal)) {
        SslException e = assertThrows(SslException.class, () -> connect(ctx, server.port()));
        assertEquals(List.of("SSL", "PSK_IDENTITY_NOT_FOUND"), names(e), e.pythonStr());
        server.waitFor(TIMEOUT);
      }
    }
  }

  @Test
  void callbackExceptionsFailTheHandshakeAndAreItsCause() throws Exception {
    IllegalStateException boom = new IllegalStateException("client callback failed");
    try (OpensslProcess server = opensslServer(TlsVersion.TLSv1_2, KEY_HEX, "id", null);
        SslContext ctx =
            client(
                TlsVersion.TLSv1_2,
                hint -> {
                  throw boom;
                })) {
      SslException e = assertThrows(SslException.class, () -> connect(ctx, server.port()));
      assertSame(boom, e.getCause());
      server.waitFor(TIMEOUT);
    }
    Exception checked = new Exception("server callback failed");
    try (SslContext ctx =
            server(
                TlsVersion.TLSv1_2,
                id -> {
                  throw checked;
                },
                null);
        ServerSocket listener = listener()) {
      CompletableFuture<SslSocket> accepted = acceptOne(listener, ctx);
      try (OpensslProcess client =
          opensslClient(listener.getLocalPort(), TlsVersion.TLSv1_2, KEY_HEX, "id")) {
        SslException e = assertInstanceOf(failure(accepted));
        assertSame(checked, e.getCause());
        client.waitFor(TIMEOUT);
      }
    }
  }

  // ---- Python 3.13 or newer, where one is installed (CI's oracle, 3.11, has no PSK)

  /** A CPython with {@code set_psk_client_callback}, or null. */
  private static String pythonWithPsk() {
    List<Path> candidates = new ArrayList<>();
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      for (String name : List.of("python3.13", "python3.14", "python3.15")) {
        candidates.add(Path.of(dir.isEmpty() ? "." : dir, name));
      }
    }
    Path pyenv = Path.of(System.getProperty("user.home"), ".pyenv", "versions");
    if (java.nio.file.Files.isDirectory(pyenv)) {
      try (var versions = java.nio.file.Files.list(pyenv)) {
        versions
            .filter(v -> v.getFileName().toString().matches("3\\.(1[3-9]|[2-9]\\d)\\..*"))
            .sorted()
            .forEach(v -> candidates.add(v.resolve("bin/python3")));
      } catch (IOException e) {
        // no pyenv versions to look at
      }
    }
    for (Path p : candidates) {
      if (java.nio.file.Files.isExecutable(p)
          && Peers.run(
                      List.of(
                          p.toString(), "-c", "import ssl; ssl.SSLContext.set_psk_client_callback"),
                      null,
                      TIMEOUT)
                  .exitCode()
              == 0) {
        return p.toString();
      }
    }
    return null;
  }

  private record Job(TlsVersion version, String identity, String keyHex) {}

  /** What a client saw: the hints, then the version and cipher or the error's library/reason. */
  private static Map<String, Object> josslClient(int port, Job job) throws Exception {
    List<String> hints = Collections.synchronizedList(new ArrayList<>());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("hints", hints);
    byte[] key = HexFormat.of().parseHex(job.keyHex());
    try (SslContext ctx =
        client(
            job.version(),
            hint -> {
              hints.add(hint);
              return new PskClientCallback.Psk(job.identity(), key);
            })) {
      try (SslSocket s = connect(ctx, port)) {
        out.put("version", s.version());
        out.put("cipher", s.cipher().name());
        s.sendAll("ping from jossl\n".getBytes(StandardCharsets.UTF_8));
      } catch (SslException e) {
        out.put("error", Arrays.asList("SSLError", e.library(), e.reason()));
      }
    }
    return out;
  }

  @Test
  @SuppressWarnings("unchecked")
  void clientsAgreeWithPython313WhereInstalled() throws Exception {
    String python = pythonWithPsk();
    Assumptions.assumeTrue(
        python != null, "skipped: no CPython >= 3.13 (with TLS-PSK) is installed here");
    List<Job> jobs = new ArrayList<>();
    for (TlsVersion v : List.of(TlsVersion.TLSv1_2, TlsVersion.TLSv1_3)) {
      jobs.add(new Job(v, "id", KEY_HEX));
      jobs.add(new Job(v, "id", WRONG_HEX));
      jobs.add(new Job(v, null, KEY_HEX));
    }
    List<OpensslProcess> servers = new ArrayList<>();
    try {
      List<Map<String, Object>> requests = new ArrayList<>();
      for (Job job : jobs) {
        OpensslProcess server = opensslServer(job.version(), KEY_HEX, "id", "the hint");
        servers.add(server);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("port", server.port());
        r.put("version", job.version().name());
        r.put("identity", job.identity());
        r.put("key", job.keyHex());
        requests.add(r);
      }
      Peers.Result result =
          Peers.run(
                  List.of(
                      python,
                      Peers.script("ssl_psk_client.py").toString(),
                      PeerJson.write(requests)),
                  null,
                  Duration.ofMinutes(1))
              .requireSuccess("ssl_psk_client.py");
      Map<String, Object> theirs = (Map<String, Object>) PeerJson.parse(result.stdout());
      List<Object> answers = (List<Object>) theirs.get("jobs");
      for (int i = 0; i < jobs.size(); i++) {
        Map<String, Object> answer = new LinkedHashMap<>((Map<String, Object>) answers.get(i));
        if (answer.get("error") instanceof Map<?, ?> e) {
          answer.put("error", Arrays.asList(e.get("type"), e.get("library"), e.get("reason")));
        }
        try (OpensslProcess server =
            opensslServer(jobs.get(i).version(), KEY_HEX, "id", "the hint")) {
          Map<String, Object> ours = josslClient(server.port(), jobs.get(i));
          assertEquals(
              PeerJson.write(answer), PeerJson.write(ours), jobs.get(i) + ": Python 3.13 vs jossl");
          Job job = jobs.get(i);
          if (job.keyHex().equals(WRONG_HEX)) {
            assertTrue(ours.containsKey("error"), job + ": " + ours);
          } else if (job.identity() != null) {
            assertEquals(versionName(job.version()), ours.get("version"), job + ": " + ours);
          }
        }
      }
      // the wrong side's error
      try (SslContext serverCtx = new SslContext(SslMethod.PROTOCOL_TLS_SERVER);
          SslContext clientCtx = new SslContext(SslMethod.PROTOCOL_TLS_CLIENT)) {
        SslException a =
            assertThrows(SslException.class, () -> serverCtx.setPskClientCallback(h -> null));
        SslException b =
            assertThrows(
                SslException.class, () -> clientCtx.setPskServerCallback(id -> KEY, "hint"));
        assertEquals(
            List.of(
                Arrays.asList("SSLError", a.errno(), a.pythonStr()),
                Arrays.asList("SSLError", b.errno(), b.pythonStr())),
            List.of(
                refusalRow(theirs.get("server_refuses_client_callback")),
                refusalRow(theirs.get("client_refuses_server_callback"))));
      }
    } finally {
      servers.forEach(OpensslProcess::close);
    }
  }

  private static List<Object> refusalRow(Object o) {
    Map<?, ?> m = (Map<?, ?>) o;
    assertNotNull(m, "Python accepted the callback on the wrong side");
    Object errno = m.get("errno");
    return Arrays.asList(
        m.get("type"), errno instanceof Number n ? n.intValue() : errno, m.get("str"));
  }
}
