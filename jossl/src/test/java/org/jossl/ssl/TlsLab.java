package org.jossl.ssl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jossl.crypto.DecodedCertificate;
import org.jossl.crypto.X509;
import org.jossl.testing.JsonPeer;

/**
 * Test support for the {@code ssl} face against real peers: context configurations that build the
 * same {@code SSLContext} in upstream CPython and in jossl, servers and clients of both, and the
 * application exchange of {@code peers/python_tls_peer.py} (header, upload, digests, download,
 * close_notify both ways) written again over {@link SslSocket}. Every connection's outcome is one
 * map in the peer script's format ({@code stage}, {@code info}, {@code error}, {@code app}), so a
 * Python result and a jossl result compare with {@code assertEquals}.
 */
final class TlsLab implements AutoCloseable {
  /** Which implementation runs an end. */
  enum Impl {
    PYTHON,
    JOSSL
  }

  static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final Random RANDOM = new SecureRandom();

  private JsonPeer python;
  private final Map<String, SslSession> josslSessions = new ConcurrentHashMap<>();
  private final Map<Integer, JosslServer> josslServers = new ConcurrentHashMap<>();

  /** The Python peer, started on first use: one process for the whole test class. */
  synchronized JsonPeer python() {
    if (python == null) {
      python = JsonPeer.python("python_tls_peer.py");
    }
    return python;
  }

  // ---- configurations

  /** Settings of one context, as a map the peer script takes and as a jossl {@link SslContext}. */
  static final class Cfg {
    final Map<String, Object> map = new LinkedHashMap<>();
    private Long pythonId;
    private SslContext jossl;

    /** The SNI callback's behaviour (null: none), and the context it switches to. */
    private Sni sni;

    /** What the jossl SNI callback was given, as the peer script's {@code sni_record}s. */
    final List<Map<String, Object>> josslSniSeen = Collections.synchronizedList(new ArrayList<>());

    private Cfg(String side) {
      map.put("side", side);
    }

    static Cfg client() {
      return new Cfg("client");
    }

    static Cfg server() {
      return new Cfg("server");
    }

    boolean isServer() {
      return "server".equals(map.get("side"));
    }

    /** {@code ssl.create_default_context(purpose, cafile=...)} instead of a bare context. */
    Cfg defaults() {
      map.put("default", true);
      return this;
    }

    Cfg cert(Path cert, Path key) {
      map.put("cert", cert.toString());
      map.put("key", key.toString());
      return this;
    }

    Cfg cafile(Path cafile) {
      map.put("cafile", cafile.toString());
      return this;
    }

    Cfg verifyMode(VerifyMode mode) {
      map.put("verify_mode", mode.name());
      return this;
    }

    Cfg checkHostname(boolean check) {
      map.put("check_hostname", check);
      return this;
    }

    Cfg versions(TlsVersion min, TlsVersion max) {
      if (min != null) {
        map.put("minimum_version", min.name());
      }
      if (max != null) {
        map.put("maximum_version", max.name());
      }
      return this;
    }

    Cfg ciphers(String ciphers) {
      map.put("ciphers", ciphers);
      return this;
    }

    Cfg alpn(String... protocols) {
      map.put("alpn", List.of(protocols));
      return this;
    }

    Cfg postHandshakeAuth(boolean enabled) {
      map.put("post_handshake_auth", enabled);
      return this;
    }

    Cfg numTickets(int n) {
      map.put("num_tickets", n);
      return this;
    }

    Cfg keylogFilename(Path file) {
      map.put("keylog_filename", file.toString());
      return this;
    }

    /** An SNI callback that records its calls and then acts as {@code sni} says. */
    Cfg sni(Sni sni) {
      this.sni = sni;
      return this;
    }

    boolean hasSni() {
      return sni != null;
    }

    Cfg verifyFlag(String flag) {
      @SuppressWarnings("unchecked")
      List<String> flags =
          (List<String>) map.computeIfAbsent("verify_flags", k -> new ArrayList<String>());
      flags.add(flag);
      return this;
    }

    /** The Python context (made once, so sessions stay resumable). */
    synchronized long python(JsonPeer peer) {
      if (pythonId == null) {
        Map<String, Object> config = new LinkedHashMap<>(map);
        if (sni != null) {
          Map<String, Object> spec = new LinkedHashMap<>();
          spec.put("action", sni.action());
          spec.put("legacy", sni.legacy());
          if (sni.alert() != null) {
            spec.put("alert", sni.alert().name().substring("ALERT_DESCRIPTION_".length()));
          }
          if (sni.message() != null) {
            spec.put("message", sni.message());
          }
          if (sni.switchTo() != null) {
            spec.put("to", sni.switchTo().python(peer));
          }
          config.put("sni", spec);
        }
        pythonId = (Long) peer.call("context", "config", config);
      }
      return pythonId;
    }

    /** The same settings, in Python's order of calls, on a jossl context (made once). */
    @SuppressWarnings("unchecked")
    synchronized SslContext jossl() throws IOException {
      if (jossl != null) {
        return jossl;
      }
      String cafile = (String) map.get("cafile");
      SslContext ctx;
      if (Boolean.TRUE.equals(map.get("default"))) {
        ctx =
            Ssl.createDefaultContext(
                isServer() ? Purpose.CLIENT_AUTH : Purpose.SERVER_AUTH,
                cafile == null ? null : VerifyLocations.none().withCafile(cafile));
      } else {
        ctx =
            new SslContext(
                isServer() ? SslMethod.PROTOCOL_TLS_SERVER : SslMethod.PROTOCOL_TLS_CLIENT);
        if (cafile != null) {
          ctx.loadVerifyLocations(cafile);
        }
      }
      if (map.containsKey("check_hostname")) {
        ctx.setCheckHostname((Boolean) map.get("check_hostname"));
      }
      if (map.containsKey("verify_mode")) {
        ctx.setVerifyMode(VerifyMode.valueOf((String) map.get("verify_mode")));
      }
      for (String flag : (List<String>) map.getOrDefault("verify_flags", List.of())) {
        long value =
            switch (flag) {
              case "VERIFY_CRL_CHECK_LEAF" -> VerifyFlags.VERIFY_CRL_CHECK_LEAF;
              case "VERIFY_CRL_CHECK_CHAIN" -> VerifyFlags.VERIFY_CRL_CHECK_CHAIN;
              case "VERIFY_X509_STRICT" -> VerifyFlags.VERIFY_X509_STRICT;
              default -> throw new IllegalArgumentException(flag);
            };
        ctx.setVerifyFlags(ctx.getVerifyFlags() | value);
      }
      if (map.containsKey("cert")) {
        ctx.loadCertChain((String) map.get("cert"), (String) map.get("key"));
      }
      if (map.containsKey("minimum_version")) {
        ctx.setMinimumVersion(TlsVersion.valueOf((String) map.get("minimum_version")));
      }
      if (map.containsKey("maximum_version")) {
        ctx.setMaximumVersion(TlsVersion.valueOf((String) map.get("maximum_version")));
      }
      if (map.containsKey("ciphers")) {
        ctx.setCiphers((String) map.get("ciphers"));
      }
      if (map.containsKey("alpn")) {
        ctx.setAlpnProtocols((List<String>) map.get("alpn"));
      }
      if (map.containsKey("post_handshake_auth")) {
        ctx.setPostHandshakeAuth((Boolean) map.get("post_handshake_auth"));
      }
      if (map.containsKey("num_tickets")) {
        ctx.setNumTickets(((Number) map.get("num_tickets")).longValue());
      }
      if (map.containsKey("keylog_filename")) {
        ctx.setKeylogFilename((String) map.get("keylog_filename"));
      }
      if (sni != null) {
        installSni(ctx);
      }
      jossl = ctx;
      return ctx;
    }

    /** The peer script's {@code install_sni} on a jossl context. */
    private void installSni(SslContext ctx) throws IOException {
      SslContext target = sni.switchTo() == null ? null : sni.switchTo().jossl();
      SniCallback callback =
          (connection, name, context) -> {
            Map<String, Object> seen = new LinkedHashMap<>();
            seen.put("type", connection instanceof SslSocket ? "SSLSocket" : "SSLObject");
            seen.put("server_name", name);
            seen.put("context_arg", context == ctx ? "self" : "other");
            seen.put("socket_context", connection.getContext() == ctx ? "self" : "other");
            seen.put("server_side", connection.isServerSide());
            seen.put("server_hostname", connection.getServerHostname());
            josslSniSeen.add(seen);
            switch (sni.action()) {
              case "alert" -> {
                return sni.alert();
              }
              case "raise" ->
                  throw new IllegalArgumentException(
                      sni.message() == null ? "refused by the SNI callback" : sni.message());
              case "switch" -> connection.setContext(target);
              default -> {}
            }
            return null;
          };
      if (sni.legacy()) {
        ctx.setServernameCallback(callback);
      } else {
        ctx.setSniCallback(callback);
      }
    }
  }

  /**
   * An SNI callback's behaviour: {@code action} "none" (go on), "alert" (return {@code alert}),
   * "raise" (a ValueError / IllegalArgumentException with {@code message}) or "switch" (to the
   * context of {@code switchTo}); {@code legacy} sets it with {@code set_servername_callback}.
   */
  record Sni(String action, AlertDescription alert, String message, Cfg switchTo, boolean legacy) {
    static Sni none() {
      return new Sni("none", null, null, null, false);
    }

    static Sni alert(AlertDescription alert) {
      return new Sni("alert", alert, null, null, false);
    }

    static Sni raise(String message) {
      return new Sni("raise", null, message, null, false);
    }

    static Sni switchTo(Cfg other) {
      return new Sni("switch", null, null, other, false);
    }

    Sni legacyForm() {
      return new Sni(action, alert, message, switchTo, true);
    }
  }

  // ---- the application exchange

  /** {@code "app"} of the peer script: upload and download sizes and who closes first. */
  static Map<String, Object> exchange(int upload, int download, String closer) {
    Map<String, Object> app = new LinkedHashMap<>();
    app.put("upload", upload);
    app.put("download", download);
    app.put("closer", closer);
    return app;
  }

  /** {@code "app"}: read once (failures that surface on the first read). */
  static Map<String, Object> readOnce() {
    return Map.of("read", true);
  }

  /** Both directions of a connection as the exchange needs them. */
  interface Wire {
    void write(byte[] data) throws IOException;

    /** Bytes read (> 0) or -1 at a clean close. */
    int read(byte[] buffer, int offset, int length) throws IOException;

    /**
     * Sends close_notify and waits for the peer's (Python's {@code unwrap()}); the plain socket to
     * go on with, or null where there is none.
     */
    Socket closeTls() throws IOException;

    /** Python's {@code settimeout(seconds)} for the next calls. */
    default void timeout(double seconds) throws IOException {
      throw new UnsupportedOperationException();
    }

    /** Python's {@code sendfile(file, offset, count)} ({@code count} < 0: None); bytes sent. */
    default long sendfile(Path file, long offset, long count) throws IOException {
      throw new UnsupportedOperationException();
    }
  }

  /** Python's methods of an {@link SslSocket}: sendall, recv (b'' = clean close), unwrap. */
  static Wire wire(SslSocket s) {
    return new Wire() {
      @Override
      public void write(byte[] data) throws IOException {
        s.sendAll(data);
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        byte[] got = s.recv(length);
        if (got.length == 0) {
          return -1;
        }
        System.arraycopy(got, 0, buffer, offset, got.length);
        return got.length;
      }

      @Override
      public Socket closeTls() throws IOException {
        return s.unwrap();
      }

      @Override
      public void timeout(double seconds) throws IOException {
        s.setTimeout(seconds);
      }

      @Override
      public long sendfile(Path file, long offset, long count) throws IOException {
        return s.sendfile(file, offset, count);
      }
    };
  }

  /**
   * {@link #wire(SslSocket)}, or with {@code "streams": true} in {@code app} the socket's {@link
   * SslSocket#getInputStream()} and {@link SslSocket#getOutputStream()} (end of stream = the peer's
   * close_notify), still closed by {@code unwrap()}.
   */
  static Wire wire(SslSocket s, Map<String, Object> app) throws IOException {
    if (app == null || !Boolean.TRUE.equals(app.get("streams"))) {
      return wire(s);
    }
    InputStream in = s.getInputStream();
    OutputStream out = s.getOutputStream();
    return new Wire() {
      @Override
      public void write(byte[] data) throws IOException {
        out.write(data);
        out.flush();
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        return in.read(buffer, offset, length);
      }

      @Override
      public Socket closeTls() throws IOException {
        return s.unwrap();
      }

      @Override
      public void timeout(double seconds) throws IOException {
        s.setTimeout(seconds);
      }
    };
  }

  /**
   * A socket's streams (JSSE's, or an {@link SslSocket}'s): close_notify by {@code
   * shutdownOutput()}, then the peer's close_notify as end of stream.
   */
  static Wire streams(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    OutputStream out = s.getOutputStream();
    return new Wire() {
      @Override
      public void write(byte[] data) throws IOException {
        out.write(data);
        out.flush();
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        return in.read(buffer, offset, length);
      }

      @Override
      public Socket closeTls() throws IOException {
        if (!s.isOutputShutdown()) {
          s.shutdownOutput();
        }
        byte[] rest = new byte[1024];
        while (in.read(rest) >= 0) {
          // the peer's data after our close_notify is not part of the exchange
        }
        s.close();
        return null;
      }
    };
  }

  static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static byte[] readExactly(Wire w, int n) throws IOException {
    byte[] out = new byte[n];
    int got = 0;
    while (got < n) {
      int r = w.read(out, got, Math.min(n - got, 256 * 1024));
      if (r < 0) {
        throw new EOFException("connection closed after " + got + " of " + n + " bytes");
      }
      got += r;
    }
    return out;
  }

  /** Reads until the peer's close_notify; returns what came before it. */
  static byte[] readToCleanClose(Wire w) throws IOException {
    byte[] buf = new byte[64 * 1024];
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int n;
    while ((n = w.read(buf, 0, buf.length)) >= 0) {
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  /** The client end of the exchange; fills {@code result} as the peer script does. */
  static void clientApp(Wire w, Map<String, Object> app, Map<String, Object> result)
      throws IOException {
    if (Boolean.TRUE.equals(app.get("read"))) {
      byte[] buf = new byte[1024];
      int n = w.read(buf, 0, buf.length);
      result.put("app", Map.of("read", n < 0 ? new byte[0] : Arrays.copyOf(buf, n)));
      return;
    }
    if (app.get("unwrap_probe") instanceof List<?> timeouts) {
      List<Object> seen = new ArrayList<>();
      result.put("app", Map.of("steps", seen));
      w.timeout(((Number) timeouts.get(0)).doubleValue());
      try {
        w.closeTls();
        seen.add(Map.of("unwrapped", true));
      } catch (IOException e) {
        seen.add(Map.of("error", errorInfo(e)));
      }
      w.timeout(((Number) timeouts.get(1)).doubleValue());
      try {
        byte[] buf = new byte[1024];
        int n = w.read(buf, 0, buf.length);
        seen.add(Map.of("data", n < 0 ? new byte[0] : Arrays.copyOf(buf, n)));
      } catch (IOException e) {
        seen.add(Map.of("error", errorInfo(e)));
      }
      return;
    }
    if (app.get("probe") instanceof List<?> timeouts) {
      List<Object> seen = new ArrayList<>();
      result.put("app", Map.of("reads", seen));
      for (Object t : timeouts) {
        w.timeout(((Number) t).doubleValue());
        try {
          byte[] buf = new byte[1024];
          int n = w.read(buf, 0, buf.length);
          seen.add(Map.of("data", n < 0 ? new byte[0] : Arrays.copyOf(buf, n)));
          if (n < 0) {
            close(w.closeTls());
            seen.add(Map.of("unwrapped", true));
            return;
          }
        } catch (SocketTimeoutException e) {
          seen.add(Map.of("error", errorInfo(e)));
        }
      }
      return;
    }
    int up = ((Number) app.get("upload")).intValue();
    int down = ((Number) app.get("download")).intValue();
    boolean serverCloses = "server".equals(app.get("closer"));
    byte[] data = random(up);
    w.write(
        ByteBuffer.allocate(17)
            .putLong(up)
            .putLong(down)
            .put((byte) (serverCloses ? 1 : 0))
            .array());
    Long sent = null;
    if (app.get("sendfile") instanceof Map<?, ?> sendfile) {
      // the upload from a file that holds other bytes around it
      int offset = ((Number) sendfile.get("offset")).intValue();
      Object count = sendfile.get("count");
      Path file = Files.createTempFile("jossl-sendfile", ".bin");
      try {
        byte[] after = count == null ? new byte[0] : random(100);
        Files.write(file, concat(random(offset), data, after));
        sent = w.sendfile(file, offset, count == null ? -1 : ((Number) count).longValue());
      } finally {
        Files.deleteIfExists(file);
      }
    } else {
      w.write(data);
    }
    byte[] digest = readExactly(w, 32);
    byte[] got = readExactly(w, down);
    byte[] theirs = readExactly(w, 32);
    Map<String, Object> seen = new LinkedHashMap<>();
    seen.put("upload_ok", Arrays.equals(digest, sha256(data)));
    seen.put("download_ok", Arrays.equals(theirs, sha256(got)));
    seen.put("download_len", (long) got.length);
    if (sent != null) {
      seen.put("sent", sent);
    }
    result.put("app", seen);
    result.put("stage", "close");
    if (serverCloses) {
      seen.put("after_close", readToCleanClose(w));
    }
    Socket plain = w.closeTls();
    seen.put("unwrapped", true);
    try {
      if (app.get("plain_tail") != null) {
        seen.put("plain", plain.getInputStream().readAllBytes());
      }
    } finally {
      close(plain);
    }
  }

  private static void close(Socket plain) throws IOException {
    if (plain != null) {
      plain.close();
    }
  }

  /** The server end of the exchange. */
  static void serverApp(Wire w, Map<String, Object> app, Map<String, Object> result)
      throws IOException {
    if (Boolean.TRUE.equals(app.get("read"))) {
      byte[] buf = new byte[1024];
      int n = w.read(buf, 0, buf.length);
      result.put("app", Map.of("read", n < 0 ? new byte[0] : Arrays.copyOf(buf, n)));
      return;
    }
    if (Boolean.TRUE.equals(app.get("abort"))) {
      return; // closed without close_notify
    }
    if (app.get("sleep_then_close") instanceof Number seconds) {
      try {
        Thread.sleep((long) (seconds.doubleValue() * 1000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      close(w.closeTls());
      result.put("app", Map.of("unwrapped", true));
      return;
    }
    ByteBuffer header = ByteBuffer.wrap(readExactly(w, 17));
    int up = (int) header.getLong();
    int down = (int) header.getLong();
    boolean serverCloses = header.get() != 0;
    byte[] data = readExactly(w, up);
    w.write(sha256(data));
    byte[] payload = random(down);
    w.write(payload);
    w.write(sha256(payload));
    Map<String, Object> seen = new LinkedHashMap<>();
    seen.put("upload_len", (long) data.length);
    result.put("app", seen);
    result.put("stage", "close");
    if (!serverCloses) {
      seen.put("after_close", readToCleanClose(w));
    }
    Socket plain = w.closeTls();
    seen.put("unwrapped", true);
    try {
      if (app.get("plain_tail") instanceof byte[] tail) {
        plain.getOutputStream().write(tail);
      }
    } finally {
      close(plain);
    }
  }

  // ---- the feature apps: post-handshake authentication, session probes

  /** A step whose failure is part of the outcome. */
  @FunctionalInterface
  interface Step {
    Object run() throws Exception;
  }

  /** The peer script's {@code attempt}: {@code {"ok": value}} or {@code {"error": errorInfo}}. */
  static Map<String, Object> attempt(Step step) {
    Map<String, Object> out = new LinkedHashMap<>();
    try {
      out.put("ok", step.run());
    } catch (Exception e) {
      out.put("error", errorInfo(e));
    }
    return out;
  }

  private static String peercertJson(SslSocket s) throws IOException {
    DecodedCertificate cert = s.getPeerCert();
    return cert == null ? null : cert.toJson();
  }

  /** The peer script's {@code server_pha}. */
  static void serverPha(SslSocket s, Map<String, Object> result) throws IOException {
    Map<String, Object> seen = new LinkedHashMap<>();
    seen.put("before", peercertJson(s));
    result.put("app", seen);
    seen.put(
        "verify",
        attempt(
            () -> {
              s.verifyClientPostHandshake();
              return null;
            }));
    s.sendAll("PHA?".getBytes(StandardCharsets.US_ASCII));
    Map<String, Object> read = attempt(() -> s.recv(1024));
    seen.put("read", read);
    if (read.containsKey("error")) {
      // let the client read our alert before our close resets the connection (its answer is
      // unread here)
      sleep(500);
    }
    seen.put("after", attempt(() -> peercertJson(s)));
    s.sendAll("done".getBytes(StandardCharsets.US_ASCII));
    s.unwrap().close();
    seen.put("unwrapped", true);
  }

  private static void sleep(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException();
    }
  }

  /** The peer script's {@code client_pha}. */
  static void clientPha(SslSocket s, Map<String, Object> result) throws IOException {
    Map<String, Object> seen = new LinkedHashMap<>();
    seen.put(
        "verify",
        attempt(
            () -> {
              s.verifyClientPostHandshake();
              return null;
            }));
    result.put("app", seen);
    seen.put("read", s.recv(1024));
    s.sendAll("cert sent".getBytes(StandardCharsets.US_ASCII));
    seen.put("read2", s.recv(1024));
    s.unwrap().close();
    seen.put("unwrapped", true);
  }

  /** The peer script's {@code session_attrs}. */
  static Map<String, Object> sessionAttrs(SslSession session, long startedMillis) {
    // startedMillis: when the session may have been made at the earliest
    if (session == null) {
      return null;
    }
    long now = System.currentTimeMillis() / 1000;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id_length", (long) session.getId().length);
    m.put(
        "time_in_range",
        startedMillis / 1000 - 1 <= session.getTime() && session.getTime() <= now + 1);
    m.put("timeout", session.getTimeout());
    m.put("ticket_lifetime_hint", session.getTicketLifetimeHint());
    m.put("has_ticket", session.hasTicket());
    return m;
  }

  /** The app's {@code not_before} (seconds) in milliseconds, else {@code started}. */
  private static long notBefore(Map<String, Object> app, long started) {
    return app.get("not_before") instanceof Number n ? n.longValue() * 1000 : started;
  }

  /** The peer script's {@code client_session_probe}. */
  private void clientSessionProbe(
      SslSocket s, Map<String, Object> app, Map<String, Object> result, String save, long started)
      throws IOException {
    SslSession a = s.getSession();
    SslSession b = s.getSession();
    Map<String, Object> seen = new LinkedHashMap<>();
    seen.put("early", sessionAttrs(a, started));
    seen.put("distinct_objects_equal", a != b && a.equals(b));
    seen.put("equals_other_type", a.equals((Object) "session"));
    seen.put("reused", s.isSessionReused());
    result.put("app", seen);
    s.sendAll("ping".getBytes(StandardCharsets.US_ASCII));
    seen.put("reply", s.recv(16));
    SslSession late = s.getSession();
    seen.put("late", sessionAttrs(late, started));
    seen.put("early_equals_late", a.equals(late));
    seen.put(
        "set_after_handshake",
        attempt(
            () -> {
              s.setSession(late);
              return null;
            }));
    if (app.get("foreign_session") instanceof String name) {
      SslSession foreign = josslSessions.get(name);
      seen.put(
          "set_foreign",
          attempt(
              () -> {
                s.setSession(foreign);
                return null;
              }));
    }
    if (save != null) {
      josslSessions.put(save, late);
    }
    s.unwrap().close();
    seen.put("unwrapped", true);
  }

  /** The peer script's {@code server_session_probe}. */
  static void serverSessionProbe(SslSocket s, Map<String, Object> result, long started)
      throws IOException {
    SslSession session = s.getSession();
    Map<String, Object> seen = new LinkedHashMap<>();
    seen.put("session", sessionAttrs(session, started));
    seen.put("reused", s.isSessionReused());
    result.put("app", seen);
    seen.put("read", s.recv(16));
    s.sendAll("pong".getBytes(StandardCharsets.US_ASCII));
    seen.put(
        "set_on_server",
        attempt(
            () -> {
              s.setSession(session);
              return null;
            }));
    seen.put("after_close", readToCleanClose(wire(s)));
    s.unwrap().close();
    seen.put("unwrapped", true);
  }

  // ---- what a connection reports, and how it failed

  /** The peer script's {@code describe(s)} for a jossl socket. */
  static Map<String, Object> describe(SslSocket s) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", s.version());
    CipherInfo c = s.cipher();
    m.put("cipher", c == null ? null : List.of(c.name(), c.protocol(), (long) c.secretBits()));
    DecodedCertificate cert = s.getPeerCert();
    m.put("peercert", cert == null ? null : cert.toJson());
    m.put("peercert_der", s.getPeerCertDer());
    List<CipherInfo> shared = s.sharedCiphers();
    m.put(
        "shared_ciphers",
        shared == null
            ? null
            : shared.stream()
                .map(x -> (Object) List.of(x.name(), x.protocol(), (long) x.secretBits()))
                .toList());
    m.put("alpn", s.selectedAlpnProtocol());
    m.put("compression", s.compression());
    m.put("channel_binding", s.getChannelBinding("tls-unique"));
    m.put("session_reused", s.isSessionReused());
    SslSession session = s.getSession();
    m.put("session_id", session == null ? null : session.getId());
    m.put("server_hostname", s.getServerHostname());
    m.put("verified_chain", ders(s.getVerifiedChain()));
    m.put("unverified_chain", ders(s.getUnverifiedChain()));
    return m;
  }

  private static List<byte[]> ders(List<X509> chain) throws IOException {
    List<byte[]> out = new ArrayList<>();
    for (X509 x : chain) {
      try {
        out.add(x.toDer());
      } catch (org.jossl.crypto.CryptoException e) {
        throw new IOException(e);
      }
    }
    return out;
  }

  /** Python's exception type for a jossl (or JDK) exception. */
  static String pythonType(Throwable e) {
    return switch (e) {
      case SslCertVerificationException x -> "SSLCertVerificationError";
      case SslZeroReturnException x -> "SSLZeroReturnError";
      case SslEofException x -> "SSLEOFError";
      case SslSyscallException x -> "SSLSyscallError";
      case SslWantReadException x -> "SSLWantReadError";
      case SslWantWriteException x -> "SSLWantWriteError";
      case SslException x -> "SSLError";
      case SocketTimeoutException x -> "TimeoutError";
      case SocketException x
          when x.getMessage() != null && x.getMessage().contains("Connection reset") ->
          "ConnectionResetError";
      case SocketException x
          when x.getMessage() != null && x.getMessage().contains("Broken pipe") ->
          "BrokenPipeError";
      case EOFException x -> "EOFError";
      // Java's argument and state errors are Python's ValueErrors (same texts)
      case IllegalArgumentException x -> "ValueError";
      case IllegalStateException x -> "ValueError";
      default -> e.getClass().getName();
    };
  }

  /**
   * The peer script's {@code error_info(e)} for a jossl exception. OS errors keep only their type
   * (the JDK's texts are not the C library's).
   */
  static Map<String, Object> errorInfo(Throwable e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", pythonType(e));
    m.put("message", e.getMessage());
    if (e instanceof SocketTimeoutException) {
      m.put("errno", null); // Python's TimeoutError from ssl carries no errno
    }
    if (e instanceof SslException s) {
      m.put("errno", s.errno() == null ? null : (long) s.errno());
      m.put("library", s.library());
      m.put("reason", s.reason());
      if (s instanceof SslCertVerificationException v) {
        m.put("verify_code", v.verifyCode());
        m.put("verify_message", v.verifyMessage());
      }
    }
    return m;
  }

  /** Drops what only Python's OS errors have (errno, the C library's text) for comparison. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> comparable(Map<String, Object> result) {
    Map<String, Object> out = new LinkedHashMap<>(result);
    if (out.get("error") instanceof Map<?, ?> err) {
      Map<String, Object> e = new LinkedHashMap<>((Map<String, Object>) err);
      String type = (String) e.get("type");
      if (!type.startsWith("SSL")) {
        e.remove("errno");
        if (!type.equals("TimeoutError") && !type.equals("ValueError")) {
          e.remove("message");
        }
      }
      out.put("error", e);
    }
    return out;
  }

  // ---- servers and clients of both implementations

  /** Starts a server of {@code impl} on 127.0.0.1 for {@code count} connections; its port. */
  int serve(Impl impl, Cfg cfg, int count, Map<String, Object> app) throws IOException {
    return serve(impl, cfg, count, app, 20);
  }

  /** As {@link #serve(Impl, Cfg, int, Map)}, each connection's calls bounded by {@code timeout}. */
  int serve(Impl impl, Cfg cfg, int count, Map<String, Object> app, double timeout)
      throws IOException {
    if (impl == Impl.PYTHON) {
      return ((Long)
              python()
                  .call(
                      "serve",
                      "context",
                      cfg.python(python()),
                      "count",
                      count,
                      "mode",
                      "tls",
                      "app",
                      app,
                      "timeout",
                      timeout))
          .intValue();
    }
    JosslServer server = new JosslServer(cfg.jossl(), count, app, (int) (timeout * 1000));
    josslServers.put(server.port(), server);
    return server.port();
  }

  /** A Python server on 127.0.0.1 that misbehaves in {@code mode} (see the peer script). */
  int serveRaw(String mode, int count) {
    return ((Long) python().call("serve", "count", count, "mode", mode)).intValue();
  }

  /** The first {@code count} results of a server (waiting for them, bounded). */
  @SuppressWarnings("unchecked")
  List<Map<String, Object>> results(Impl impl, int port, int count) {
    if (impl == Impl.PYTHON) {
      return (List<Map<String, Object>>)
          python().call("results", "port", port, "count", count, "timeout", 30);
    }
    return josslServers.get(port).results(count);
  }

  /** One client connection of {@code impl}; its result. */
  Map<String, Object> connect(
      Impl impl,
      Cfg cfg,
      int port,
      String hostname,
      String session,
      String saveSession,
      Map<String, Object> app,
      double timeout)
      throws IOException {
    return connect(impl, cfg, port, hostname, session, saveSession, app, timeout, false);
  }

  /**
   * One client connection of {@code impl}; its result. With {@code sessionSetter}, the socket is
   * wrapped unconnected, the session assigned to it ({@code s.session = …}), then it connects.
   */
  @SuppressWarnings("unchecked")
  Map<String, Object> connect(
      Impl impl,
      Cfg cfg,
      int port,
      String hostname,
      String session,
      String saveSession,
      Map<String, Object> app,
      double timeout,
      boolean sessionSetter)
      throws IOException {
    if (impl == Impl.PYTHON) {
      return (Map<String, Object>)
          python()
              .call(
                  "connect",
                  "context",
                  cfg.python(python()),
                  "port",
                  port,
                  "server_hostname",
                  hostname,
                  "session",
                  session,
                  "save_session",
                  saveSession,
                  "app",
                  app,
                  "timeout",
                  timeout,
                  "session_setter",
                  sessionSetter);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    Socket raw = new Socket();
    SslSocket s = null;
    long started = System.currentTimeMillis();
    boolean connectAfterWrap =
        sessionSetter || (app != null && Boolean.TRUE.equals(app.get("connect_after_wrap")));
    try {
      if (!connectAfterWrap) {
        raw.connect(new InetSocketAddress(LOOPBACK, port), 10_000);
      }
      raw.setSoTimeout((int) (timeout * 1000));
      result.put("stage", "handshake");
      WrapOptions options =
          WrapOptions.defaults()
              .withServerHostname(hostname)
              .withSuppressRaggedEofs(
                  app == null || !Boolean.FALSE.equals(app.get("suppress_ragged_eofs")));
      if (session != null && !sessionSetter) {
        options = options.withSession(josslSessions.get(session));
      }
      s = cfg.jossl().wrapSocket(raw, options);
      if (sessionSetter) {
        s.setSession(session == null ? null : josslSessions.get(session));
      }
      if (connectAfterWrap) {
        s.connect(new InetSocketAddress(LOOPBACK, port));
      }
      result.put("info", describe(s));
      result.put("stage", "app");
      if (app != null && Boolean.TRUE.equals(app.get("session_probe"))) {
        clientSessionProbe(s, app, result, saveSession, notBefore(app, started));
        saveSession = null;
      } else if (app != null && Boolean.TRUE.equals(app.get("pha"))) {
        clientPha(s, result);
      } else if (app != null) {
        if (saveSession != null && app.get("upload") != null) {
          // the session after the exchange, when TLS 1.3 tickets have arrived
          SslSocket socket = s;
          clientApp(savingWire(socket, saveSession), app, result);
        } else {
          clientApp(wire(s, app), app, result);
        }
      }
      if (saveSession != null && app == null) {
        josslSessions.put(saveSession, s.getSession());
      }
      result.put("stage", "done");
    } catch (IOException | RuntimeException e) {
      result.put("error", errorInfo(e));
    } finally {
      (s != null ? s : raw).close();
    }
    return result;
  }

  /** {@link #wire} that keeps the session just before close_notify, as the peer script does. */
  private Wire savingWire(SslSocket s, String name) {
    Wire w = wire(s);
    return new Wire() {
      @Override
      public void write(byte[] data) throws IOException {
        w.write(data);
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        return w.read(buffer, offset, length);
      }

      @Override
      public Socket closeTls() throws IOException {
        josslSessions.put(name, s.getSession());
        return w.closeTls();
      }

      @Override
      public void timeout(double seconds) throws IOException {
        w.timeout(seconds);
      }
    };
  }

  /** What the SNI callback of {@code cfg}'s context in {@code impl} was given since last asked. */
  @SuppressWarnings("unchecked")
  List<Map<String, Object>> sniSeen(Impl impl, Cfg cfg) {
    if (impl == Impl.PYTHON) {
      return (List<Map<String, Object>>) python().call("sni_seen", "context", cfg.python(python()));
    }
    synchronized (cfg.josslSniSeen) {
      List<Map<String, Object>> out = new ArrayList<>(cfg.josslSniSeen);
      cfg.josslSniSeen.clear();
      return out;
    }
  }

  /** The exceptions the Python peer reported to {@code sys.unraisablehook} since last asked. */
  @SuppressWarnings("unchecked")
  List<Map<String, Object>> pythonUnraisable() {
    return (List<Map<String, Object>>) python().call("unraisable");
  }

  /** A callback's exception as the peer script reports unraisable ones: type and message. */
  static Map<String, Object> callbackException(Throwable t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", pythonType(t));
    m.put("message", t.getMessage());
    return m;
  }

  /** {@code session_stats()} of {@code cfg}'s context in {@code impl}. */
  @SuppressWarnings("unchecked")
  Map<String, Object> sessionStats(Impl impl, Cfg cfg) throws IOException {
    if (impl == Impl.PYTHON) {
      return (Map<String, Object>) python().call("session_stats", "context", cfg.python(python()));
    }
    return new LinkedHashMap<>(cfg.jossl().sessionStats().asMap());
  }

  /**
   * A plain TCP client of the peer script: sends {@code data}, waits {@code delay} seconds, then
   * closes, resets or reads to the end.
   */
  @SuppressWarnings("unchecked")
  Map<String, Object> rawConnect(int port, byte[] data, String then, double delay) {
    return (Map<String, Object>)
        python().call("raw_connect", "port", port, "send", data, "then", then, "delay", delay);
  }

  /**
   * A jossl {@link SslServerSocket} for {@code count} connections: handshakes on accept, reports
   * failed handshakes through the failure listener, runs the exchange on each accepted socket.
   */
  static final class JosslServer implements AutoCloseable {
    private final SslServerSocket server;
    private final List<Map<String, Object>> results =
        Collections.synchronizedList(new ArrayList<>());
    private final int count;
    private final int timeoutMillis;
    private int accepted;

    private final SslContext ctx;

    JosslServer(SslContext ctx, int count, Map<String, Object> app, int timeoutMillis)
        throws IOException {
      this.ctx = ctx;
      this.count = count;
      this.timeoutMillis = timeoutMillis;
      this.server = new SslServerSocket(ctx, new ServerSocket(0, count, LOOPBACK), defaults());
      server.setHandshakeTimeout(timeoutMillis);
      server.setFailureListener(
          e -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("stage", "handshake");
            r.put("error", errorInfo(e));
            if (e instanceof SslException
                && e.getCause() != null
                && !(e.getCause() instanceof IOException)) {
              // a callback's exception: Python reports it to sys.unraisablehook instead
              r.put("callback_exception", callbackException(e.getCause()));
            }
            add(r);
            countAccepted();
          });
      Thread t =
          new Thread(
              () -> {
                try {
                  while (true) {
                    SslSocket s = server.accept();
                    countAccepted();
                    Thread.ofPlatform().daemon().start(() -> handle(s, app));
                  }
                } catch (IOException closed) {
                  // all accepted, or the test ended
                }
              },
              "jossl-server-" + server.getLocalPort());
      t.setDaemon(true);
      t.start();
    }

    private static WrapOptions defaults() {
      return WrapOptions.defaults();
    }

    private synchronized void countAccepted() {
      if (++accepted >= count) {
        try {
          server.close();
        } catch (IOException ignored) {
          // closing anyway
        }
      }
    }

    private void handle(SslSocket s, Map<String, Object> app) {
      Map<String, Object> r = new LinkedHashMap<>();
      long started = System.currentTimeMillis();
      try (s) {
        s.setSoTimeout(timeoutMillis);
        r.put("stage", "handshake");
        if (ctx.getSniCallback() != null) {
          r.put("context_switched", s.getContext() != ctx);
        }
        r.put("info", describe(s));
        r.put("stage", "app");
        if (app != null && Boolean.TRUE.equals(app.get("session_probe"))) {
          serverSessionProbe(s, r, notBefore(app, started));
        } else if (app != null && Boolean.TRUE.equals(app.get("pha"))) {
          serverPha(s, r);
        } else if (app != null) {
          serverApp(wire(s, app), app, r);
        }
        r.put("stage", "done");
      } catch (IOException | RuntimeException e) {
        r.put("error", errorInfo(e));
      }
      add(r);
    }

    private void add(Map<String, Object> r) {
      synchronized (results) {
        results.add(r);
        results.notifyAll();
      }
    }

    int port() {
      return server.getLocalPort();
    }

    List<Map<String, Object>> results(int n) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      synchronized (results) {
        while (results.size() < n) {
          long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
          if (left <= 0) {
            throw new AssertionError("jossl server: " + results.size() + " of " + n + " results");
          }
          try {
            results.wait(left);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
          }
        }
        return new ArrayList<>(results.subList(0, n));
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  // ---- comparing

  /** Byte arrays as hex, numbers as longs: JSON's view of a value, for equality. */
  static Object normalize(Object v) {
    return switch (v) {
      case null -> null;
      case byte[] b -> "hex:" + HexFormat.of().formatHex(b);
      case Integer i -> (long) i;
      case Short s -> (long) s;
      case Map<?, ?> m -> {
        Map<String, Object> out = new HashMap<>();
        m.forEach((k, x) -> out.put(k.toString(), normalize(x)));
        yield out;
      }
      case List<?> l -> l.stream().map(TlsLab::normalize).toList();
      default -> v;
    };
  }

  /** Asserts two results equal after {@link #normalize}, with both in the message. */
  static void assertSame(String what, Object expected, Object actual) {
    assertEquals(normalize(expected), normalize(actual), what);
  }

  @Override
  public void close() {
    for (JosslServer s : josslServers.values()) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    synchronized (this) {
      if (python != null) {
        python.close();
      }
    }
  }
}
