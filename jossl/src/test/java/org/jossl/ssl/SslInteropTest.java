package org.jossl.ssl;

import static org.jossl.ssl.TlsLab.Impl.JOSSL;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.jossl.crypto.Crypto;
import org.jossl.ssl.TlsLab.Cfg;
import org.jossl.testing.Peers;
import org.junit.jupiter.api.Test;

/**
 * jossl's {@link SslSocket} and {@link SslServerSocket} against peers nobody here wrote: the {@code
 * openssl} command ({@code s_server -rev} and {@code s_client}) and the JDK's JSSE, in both
 * directions, TLS 1.2 and 1.3, with ALPN, client certificates, megabytes both ways (checked),
 * close_notify both ways and session resumption.
 */
class SslInteropTest extends WithTlsLab {
  private static final Pattern ACCEPT = Pattern.compile("^ACCEPT .*:(\\d+)$");

  // ---- the openssl command

  /** An {@code openssl} process whose output is collected; killed on close. */
  static final class OpensslProcess implements AutoCloseable {
    final Process process;
    final StringBuffer stdout = new StringBuffer();
    final StringBuffer stderr = new StringBuffer();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private final Thread outReader;
    private final Thread errReader;

    OpensslProcess(List<String> args) throws IOException {
      List<String> cmd = new ArrayList<>();
      cmd.add(Peers.openssl());
      cmd.addAll(args);
      process = new ProcessBuilder(cmd).start();
      process.getOutputStream().close();
      outReader =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    try (BufferedReader r =
                        new BufferedReader(
                            new InputStreamReader(
                                process.getInputStream(), StandardCharsets.ISO_8859_1))) {
                      String line;
                      while ((line = r.readLine()) != null) {
                        stdout.append(line).append('\n');
                        Matcher m = ACCEPT.matcher(line);
                        if (m.matches()) {
                          port.complete(Integer.parseInt(m.group(1)));
                        }
                      }
                    } catch (IOException ignored) {
                      // the process ended
                    }
                    port.complete(-1);
                  });
      errReader =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    try {
                      stderr.append(
                          new String(
                              process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
                    } catch (IOException ignored) {
                      // the process ended
                    }
                  });
    }

    /** {@code openssl s_server -accept 127.0.0.1:0 ARGS}, once it listens. */
    static OpensslProcess server(List<String> args) throws Exception {
      List<String> all = new ArrayList<>(List.of("s_server", "-accept", "127.0.0.1:0"));
      all.addAll(args);
      OpensslProcess p = new OpensslProcess(all);
      try {
        if (p.port() <= 0) {
          throw new AssertionError("s_server did not start: " + p.stdout + p.stderr);
        }
      } catch (Exception | AssertionError e) {
        p.close();
        throw e;
      }
      return p;
    }

    int port() throws Exception {
      return port.get(20, TimeUnit.SECONDS);
    }

    /** Waits for the process to end (bounded); its exit code. */
    int waitFor() throws InterruptedException {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("openssl did not end: " + stdout + stderr);
      }
      // what it printed last (the statistics) may still be on its way to our buffers
      outReader.join(10_000);
      errReader.join(10_000);
      return process.exitValue();
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }

  private static SslContext josslClientContext(TlsVersion version) throws IOException {
    SslContext ctx = new SslContext(SslMethod.PROTOCOL_TLS_CLIENT);
    ctx.loadVerifyLocations(pki.rootPem.toString());
    ctx.loadCertChain(pki.client.cert().toString(), pki.client.key().toString());
    ctx.setAlpnProtocols(List.of("http/1.1"));
    ctx.setMinimumVersion(version);
    ctx.setMaximumVersion(version);
    return ctx;
  }

  private static SslSocket connect(SslContext ctx, int port, SslSession session)
      throws IOException {
    Socket raw = new Socket();
    raw.connect(new InetSocketAddress(TlsLab.LOOPBACK, port), 10_000);
    raw.setSoTimeout(30_000);
    return ctx.wrapSocket(
        raw, WrapOptions.defaults().withServerHostname("localhost").withSession(session));
  }

  /**
   * Sends {@code lines} random lines to {@code s_server -rev} from one thread while reading the
   * reversed lines on this one (full duplex: neither side could buffer it all), and checks them.
   */
  private static void reverseLines(SslSocket s, int lines) throws Exception {
    byte[] sent = new byte[lines * 64];
    HexFormat hex = HexFormat.of();
    for (int i = 0; i < lines; i++) {
      byte[] line = hex.formatHex(TlsLab.random(32)).substring(0, 63).getBytes();
      System.arraycopy(line, 0, sent, i * 64, 63);
      sent[i * 64 + 63] = '\n';
    }
    byte[] expected = new byte[sent.length];
    for (int i = 0; i < lines; i++) {
      for (int j = 0; j < 63; j++) {
        expected[i * 64 + j] = sent[i * 64 + 62 - j];
      }
      expected[i * 64 + 63] = '\n';
    }
    AtomicReference<Throwable> writeFailure = new AtomicReference<>();
    Thread writer =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    for (int off = 0; off < sent.length; off += 16 * 1024) {
                      s.sendAll(
                          java.util.Arrays.copyOfRange(
                              sent, off, Math.min(sent.length, off + 16 * 1024)));
                    }
                  } catch (Throwable t) {
                    writeFailure.set(t);
                  }
                });
    byte[] got = new byte[expected.length];
    int n = 0;
    while (n < got.length) {
      byte[] chunk = s.recv(Math.min(64 * 1024, got.length - n));
      assertTrue(chunk.length > 0, "s_server closed after " + n + " bytes");
      System.arraycopy(chunk, 0, got, n, chunk.length);
      n += chunk.length;
    }
    writer.join(30_000);
    assertFalse(writer.isAlive(), "the writer is stuck");
    if (writeFailure.get() != null) {
      throw new AssertionError("writing failed", writeFailure.get());
    }
    assertArrayEquals(TlsLab.sha256(expected), TlsLab.sha256(got), "the reversed lines");
  }

  private void josslClientAgainstSServer(TlsVersion version, String flag) throws Exception {
    try (OpensslProcess server =
        OpensslProcess.server(
            List.of(
                "-cert",
                pki.server.cert().toString(),
                "-key",
                pki.server.key().toString(),
                "-Verify",
                "1",
                "-CAfile",
                pki.rootPem.toString(),
                "-alpn",
                "h2,http/1.1",
                flag,
                "-naccept",
                "2",
                "-rev"))) {
      SslContext ctx = josslClientContext(version);
      SslSession session;
      try (SslSocket s = connect(ctx, server.port(), null)) {
        assertEquals(version.name().replace('_', '.'), s.version());
        assertEquals("http/1.1", s.selectedAlpnProtocol());
        assertEquals("localhost", s.getPeerCert().subjectAttribute("commonName"));
        assertFalse(s.isSessionReused());
        reverseLines(s, 32 * 1024); // 2 MiB each way, in 64-byte records from s_server
        session = s.getSession(); // after data: TLS 1.3 tickets have arrived
        Socket plain = s.unwrap(); // close_notify both ways
        plain.close();
      }
      try (SslSocket s = connect(ctx, server.port(), session)) {
        assertTrue(s.isSessionReused(), "resumed against s_server");
        reverseLines(s, 16);
        s.unwrap().close();
      }
      assertEquals(0, server.waitFor(), server.stderr.toString());
      assertTrue(
          server.stdout.toString().contains("   1 session cache hits"),
          "s_server counted the resumption:\n" + server.stdout);
      assertEquals(
          2,
          server.stderr.toString().split("CONNECTION CLOSED", -1).length - 1,
          "s_server saw both connections close cleanly:\n" + server.stderr);
    }
  }

  @Test
  void josslClientAgainstOpensslServerTls13() throws Exception {
    josslClientAgainstSServer(TlsVersion.TLSv1_3, "-tls1_3");
  }

  @Test
  void josslClientAgainstOpensslServerTls12() throws Exception {
    josslClientAgainstSServer(TlsVersion.TLSv1_2, "-tls1_2");
  }

  /** What a jossl server saw of one s_client connection. */
  private record Served(
      String version, String alpn, String peer, boolean reused, byte[] uploadDigest) {}

  private void opensslClientAgainstJosslServer(TlsVersion version, String flag) throws Exception {
    SslContext ctx = new SslContext(SslMethod.PROTOCOL_TLS_SERVER);
    ctx.loadCertChain(pki.server.cert().toString(), pki.server.key().toString());
    ctx.loadVerifyLocations(pki.rootPem.toString());
    ctx.setVerifyMode(VerifyMode.CERT_REQUIRED);
    ctx.setAlpnProtocols(List.of("h2", "http/1.1"));
    ctx.setMinimumVersion(version);
    ctx.setMaximumVersion(version);
    int up = 1024 * 1024;
    int down = 1024 * 1024;
    byte[] upload = TlsLab.random(up);
    byte[] download = TlsLab.random(down);
    List<Served> served = new ArrayList<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    try (SslServerSocket listener = new SslServerSocket(ctx, 0, 4, TlsLab.LOOPBACK)) {
      listener.setFailureListener(failure::set);
      Thread server =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    try {
                      for (int i = 0; i < 2; i++) {
                        try (SslSocket s = listener.accept()) {
                          s.setTimeout(30.0);
                          TlsLab.Wire w = TlsLab.wire(s);
                          byte[] got = TlsLab.readExactly(w, i == 0 ? up : 5);
                          w.write(i == 0 ? download : "done\n".getBytes());
                          served.add(
                              new Served(
                                  s.version(),
                                  s.selectedAlpnProtocol(),
                                  s.getPeerCert().subjectAttribute("commonName"),
                                  s.isSessionReused(),
                                  TlsLab.sha256(got)));
                          w.closeTls().close(); // the server closes: close_notify both ways
                        }
                      }
                    } catch (Throwable t) {
                      failure.compareAndSet(null, t);
                    }
                  });
      Path session = dir.resolve("s_client-" + flag + ".session");
      List<String> common =
          List.of(
              Peers.openssl(),
              "s_client",
              "-connect",
              "127.0.0.1:" + listener.getLocalPort(),
              "-servername",
              "localhost",
              "-CAfile",
              pki.rootPem.toString(),
              "-verify_return_error",
              "-verify_hostname",
              "localhost",
              "-cert",
              pki.client.cert().toString(),
              "-key",
              pki.client.key().toString(),
              "-alpn",
              "http/1.1",
              flag,
              "-quiet",
              "-nocommands");
      List<String> first = new ArrayList<>(common);
      first.addAll(List.of("-sess_out", session.toString()));
      byte[] out = sClient(first, upload);
      assertArrayEquals(TlsLab.sha256(download), TlsLab.sha256(out), "what s_client received");
      assertTrue(Files.size(session) > 0, "s_client saved the session");
      List<String> second = new ArrayList<>(common);
      second.addAll(List.of("-sess_in", session.toString()));
      assertEquals("done\n", new String(sClient(second, "hello".getBytes())));
      server.join(30_000);
      if (failure.get() != null) {
        throw new AssertionError("the jossl server failed", failure.get());
      }
      assertEquals(2, served.size());
      Served one = served.get(0);
      assertEquals(version.name().replace('_', '.'), one.version());
      assertEquals("http/1.1", one.alpn());
      assertEquals("client.jossl.test", one.peer());
      assertFalse(one.reused());
      assertArrayEquals(TlsLab.sha256(upload), one.uploadDigest(), "what the server received");
      assertTrue(served.get(1).reused(), "s_client resumed its session");
    }
  }

  /** Runs s_client with {@code input} on stdin; its stdout, as bytes. */
  private static byte[] sClient(List<String> cmd, byte[] input) throws Exception {
    Path in = Files.write(dir.resolve("s_client.in"), input);
    Path out = dir.resolve("s_client.out");
    Path err = dir.resolve("s_client.err");
    Process p =
        new ProcessBuilder(cmd)
            .redirectInput(in.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        throw new AssertionError("s_client did not end: " + Files.readString(err));
      }
      assertEquals(0, p.exitValue(), "s_client: " + Files.readString(err));
      return Files.readAllBytes(out);
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void opensslClientAgainstJosslServerTls13() throws Exception {
    opensslClientAgainstJosslServer(TlsVersion.TLSv1_3, "-tls1_3");
  }

  @Test
  void opensslClientAgainstJosslServerTls12() throws Exception {
    opensslClientAgainstJosslServer(TlsVersion.TLSv1_2, "-tls1_2");
  }

  // ---- JSSE

  private static final char[] PASSWORD = "changeit".toCharArray();

  /** A JSSE context with {@code identity}'s key and chain, trusting the test root. */
  private static SSLContext jsse(TestPki.Pair identity) throws Exception {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    List<Certificate> chain = new ArrayList<>();
    try (var in = Files.newInputStream(identity.cert())) {
      chain.addAll(cf.generateCertificates(in));
    }
    String pem = Files.readString(identity.key());
    byte[] der =
        Base64.getMimeDecoder()
            .decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("identity", key, PASSWORD, chain.toArray(Certificate[]::new));
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (var in = Files.newInputStream(pki.rootPem)) {
      trust.setCertificateEntry("root", cf.generateCertificate(in));
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PASSWORD);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }

  private static byte[] certDer(TestPki.Pair pair) throws Exception {
    return Crypto.loadCertificate(Crypto.FILETYPE_PEM, Files.readAllBytes(pair.cert())).toDer();
  }

  private void josslClientAgainstJsseServer(TlsVersion version, String closer) throws Exception {
    String protocol = version.name().replace('_', '.');
    int bulk = 2 * 1024 * 1024;
    SSLContext jsse = jsse(pki.server);
    Map<String, Object> served = new LinkedHashMap<>();
    try (SSLServerSocket listener =
        (SSLServerSocket) jsse.getServerSocketFactory().createServerSocket(0, 4, TlsLab.LOOPBACK)) {
      SSLParameters params = listener.getSSLParameters();
      params.setNeedClientAuth(true);
      params.setApplicationProtocols(new String[] {"h2", "http/1.1"});
      params.setProtocols(new String[] {protocol});
      listener.setSSLParameters(params);
      Thread server =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    try (SSLSocket s = (SSLSocket) listener.accept()) {
                      s.setSoTimeout(30_000);
                      s.startHandshake();
                      served.put("protocol", s.getSession().getProtocol());
                      served.put("alpn", s.getApplicationProtocol());
                      served.put("peer", s.getSession().getPeerCertificates()[0].getEncoded());
                      TlsLab.serverApp(TlsLab.streams(s), TlsLab.exchange(0, 0, closer), served);
                    } catch (Exception e) {
                      served.put("error", e);
                    }
                  });
      Cfg client =
          Cfg.client()
              .cafile(pki.rootPem)
              .cert(pki.client.cert(), pki.client.key())
              .alpn("http/1.1")
              .versions(version, version);
      // jossl's end through its InputStream / OutputStream
      Map<String, Object> app = new LinkedHashMap<>(TlsLab.exchange(bulk, bulk, closer));
      app.put("streams", true);
      Map<String, Object> result =
          lab.connect(JOSSL, client, listener.getLocalPort(), "localhost", null, null, app, 30);
      server.join(30_000);
      assertEquals("done", result.get("stage"), result.toString());
      assertEquals(null, served.get("error"), served.toString());
      assertExchanged(result, served, bulk, closer);
      @SuppressWarnings("unchecked")
      Map<String, Object> info = (Map<String, Object>) result.get("info");
      assertEquals(protocol, info.get("version"));
      assertEquals("http/1.1", info.get("alpn"));
      assertArrayEquals(certDer(pki.server), (byte[]) info.get("peercert_der"));
      assertEquals(protocol, served.get("protocol"));
      assertEquals("http/1.1", served.get("alpn"));
      assertArrayEquals(certDer(pki.client), (byte[]) served.get("peer"));
    }
  }

  @SuppressWarnings("unchecked")
  private static void assertExchanged(
      Map<String, Object> client, Map<String, Object> server, int bulk, String closer) {
    Map<String, Object> c = (Map<String, Object>) client.get("app");
    Map<String, Object> s = (Map<String, Object>) server.get("app");
    assertNotNull(c, client.toString());
    assertNotNull(s, server.toString());
    assertEquals(true, c.get("upload_ok"));
    assertEquals(true, c.get("download_ok"));
    assertEquals((long) bulk, c.get("download_len"));
    assertEquals((long) bulk, s.get("upload_len"));
    assertEquals(true, c.get("unwrapped"));
    assertEquals(true, s.get("unwrapped"));
    Object afterClose = ("client".equals(closer) ? s : c).get("after_close");
    assertArrayEquals(new byte[0], (byte[]) afterClose, "nothing after close_notify");
  }

  @Test
  void josslClientAgainstJsseServerTls13() throws Exception {
    josslClientAgainstJsseServer(TlsVersion.TLSv1_3, "client");
  }

  @Test
  void josslClientAgainstJsseServerTls12() throws Exception {
    josslClientAgainstJsseServer(TlsVersion.TLSv1_2, "server");
  }

  private void jsseClientAgainstJosslServer(TlsVersion version, String closer) throws Exception {
    String protocol = version.name().replace('_', '.');
    int bulk = 2 * 1024 * 1024;
    Cfg serverCfg =
        Cfg.server()
            .cert(pki.server.cert(), pki.server.key())
            .cafile(pki.rootPem)
            .verifyMode(VerifyMode.CERT_REQUIRED)
            .alpn("h2", "http/1.1")
            .versions(version, version);
    Map<String, Object> serverApp = new LinkedHashMap<>(TlsLab.exchange(0, 0, closer));
    serverApp.put("streams", true); // jossl's end through its streams
    int port = lab.serve(JOSSL, serverCfg, 1, serverApp);
    Map<String, Object> result = new LinkedHashMap<>();
    SSLContext jsse = jsse(pki.client);
    try (SSLSocket s = (SSLSocket) jsse.getSocketFactory().createSocket(TlsLab.LOOPBACK, port)) {
      SSLParameters params = s.getSSLParameters();
      params.setServerNames(List.of(new SNIHostName("localhost")));
      params.setEndpointIdentificationAlgorithm("HTTPS");
      params.setApplicationProtocols(new String[] {"http/1.1"});
      params.setProtocols(new String[] {protocol});
      s.setSSLParameters(params);
      s.setSoTimeout(30_000);
      s.startHandshake();
      result.put("protocol", s.getSession().getProtocol());
      result.put("alpn", s.getApplicationProtocol());
      TlsLab.clientApp(TlsLab.streams(s), TlsLab.exchange(bulk, bulk, closer), result);
    }
    Map<String, Object> server = lab.results(JOSSL, port, 1).getFirst();
    assertEquals("done", server.get("stage"), server.toString());
    assertExchanged(result, server, bulk, closer);
    @SuppressWarnings("unchecked")
    Map<String, Object> info = (Map<String, Object>) server.get("info");
    assertEquals(protocol, info.get("version"));
    assertEquals("http/1.1", info.get("alpn"));
    assertArrayEquals(certDer(pki.client), (byte[]) info.get("peercert_der"));
    assertTrue(((String) info.get("peercert")).contains("client.jossl.test"));
    assertEquals(protocol, result.get("protocol"));
    assertEquals("http/1.1", result.get("alpn"));
  }

  @Test
  void jsseClientAgainstJosslServerTls13() throws Exception {
    jsseClientAgainstJosslServer(TlsVersion.TLSv1_3, "server");
  }

  @Test
  void jsseClientAgainstJosslServerTls12() throws Exception {
    jsseClientAgainstJosslServer(TlsVersion.TLSv1_2, "client");
  }
}
