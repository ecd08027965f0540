package org.jossl.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jossl.crypto.DecodedCertificate;
import org.jossl.crypto.PythonJson;
import org.jossl.crypto.X509;
import org.jossl.ssl.CipherDetails;
import org.jossl.ssl.CipherInfo;
import org.jossl.ssl.Purpose;
import org.jossl.ssl.SessionStats;
import org.jossl.ssl.Ssl;
import org.jossl.ssl.SslContext;
import org.jossl.ssl.SslSession;
import org.jossl.ssl.SslSocket;
import org.jossl.ssl.SslZeroReturnException;
import org.jossl.ssl.VerifyLocations;
import org.jossl.ssl.VerifyMode;
import org.jossl.ssl.WrapOptions;

/**
 * {@code jossl s_server}: a TLS server with {@code openssl s_server}'s spellings, on Python's
 * {@code create_default_context(Purpose.CLIENT_AUTH)}. Each client is served on its own virtual
 * thread; a client that fails never stops the server.
 */
final class SServerVerb implements Verb {
  /** The time a client has for its handshake, and a {@code -www} client for its request. */
  private static final double CLIENT_TIMEOUT_SECONDS = 30;

  /** How long a closed connection's late bytes are read before the socket closes. */
  private static final int DRAIN_MILLIS = 500;

  private enum Mode {
    DATA,
    WWW,
    ECHO
  }

  @Override
  public String name() {
    return "s_server";
  }

  @Override
  public String summary() {
    return "a TLS server for many clients at once (virtual threads), as openssl s_server";
  }

  @Override
  public String help() {
    return """
        usage: jossl s_server -accept [HOST:]PORT -cert FILE [flags]

        Serves TLS clients, each on its own virtual thread, with Python's
        ssl.create_default_context(Purpose.CLIENT_AUTH). When it listens it prints
        ACCEPT ADDRESS:PORT (PORT 0 picks a free port). Without -www or -echo, what clients
        send goes to standard output and standard input goes to every connected client.
        Connections end as openssl s_server's do: close_notify, then a short wait for the
        client's last bytes before the socket closes.

          -accept [HOST:]PORT  where to listen (default HOST: every address)
          -cert FILE           the certificate chain (PEM, leaf first)
          -key FILE            its private key (default: in the -cert file)
          -pass SPEC           the key's pass phrase: pass:PASSWORD, env:VARIABLE or file:FILE
          -CAfile FILE         trust these CA certificates (PEM) for client certificates
          -verify N            ask for a client certificate (Python's CERT_OPTIONAL); one that
                               does not verify is refused. N (openssl's depth) must be a number
                               and is otherwise not used: OpenSSL's default depth applies
          -Verify N            require a client certificate that verifies (CERT_REQUIRED)
          -alpn LIST           accept these ALPN protocols, preferred first (h2,http/1.1)
          -tls1_2              use TLS 1.2 only
          -tls1_3              use TLS 1.3 only
          -cipher LIST         the TLS 1.2 cipher list (OpenSSL syntax)
          -ciphersuites LIST   the TLS 1.3 cipher suites (OpenSSL syntax)
          -groups LIST         the key-exchange groups to accept (X25519:P-256)
          -keylogfile FILE     append the TLS secrets to FILE (NSS key log format)
          -naccept N           serve N connections, then exit 0 when they have ended
          -www                 answer an HTTP GET with a status page, as openssl s_server -www
          -echo                send every client back what it sends
          -json                one JSON line per connection on stdout, when its handshake ends:
                               {"peer": "ADDRESS:PORT", "version", "cipher", "alpn",
                                "peercert": the client's certificate as Python's getpeercert(),
                                "session_reused", "tls_unique"} or {"peer", "error": {"type",
                                "library", "reason", "verify_code", "verify_message",
                                "message"}}; the ACCEPT line goes to stderr then, and the
                               data clients send is not printed
        """;
  }

  private SslContext context;
  private Mode mode;
  private boolean json;
  private PrintStream out;
  private PrintStream err;
  private List<String> argv;
  private final Set<SslSocket> open = ConcurrentHashMap.newKeySet();

  @Override
  public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
    Args args =
        Args.parse(
            name(),
            argv,
            Set.of(
                "-accept",
                "-cert",
                "-key",
                "-pass",
                "-CAfile",
                "-verify",
                "-Verify",
                "-alpn",
                "-cipher",
                "-ciphersuites",
                "-groups",
                "-keylogfile",
                "-naccept"),
            Set.of("-tls1_2", "-tls1_3", "-www", "-echo", "-json"));
    Tls.noOperands(args, name());
    this.argv = argv;
    this.out = out;
    this.err = err;
    if (!args.has("-accept")) {
      throw CliException.usage("-accept [HOST:]PORT is required (see jossl s_server -h)");
    }
    Tls.HostPort where = Tls.HostPort.parse("-accept", args.get("-accept"), "");
    if (!args.has("-cert")) {
      throw CliException.usage("-cert FILE is required (see jossl s_server -h)");
    }
    if (args.has("-www") && args.has("-echo")) {
      throw CliException.usage("choose one of -www and -echo");
    }
    if (args.has("-verify") && args.has("-Verify")) {
      throw CliException.usage("choose one of -verify and -Verify");
    }
    int naccept = args.getInt("-naccept", -1);
    if (args.has("-naccept") && naccept <= 0) {
      throw CliException.usage("-naccept must be positive");
    }
    mode = args.has("-www") ? Mode.WWW : args.has("-echo") ? Mode.ECHO : Mode.DATA;
    json = args.has("-json");
    context = context(args);

    ServerSocket listener = new ServerSocket();
    try {
      InetAddress address = where.host().isEmpty() ? null : InetAddress.getByName(where.host());
      listener.setReuseAddress(true);
      listener.bind(new InetSocketAddress(address, where.port()), 128);
    } catch (IOException e) {
      listener.close();
      throw new CliException("cannot listen on " + args.get("-accept") + ": " + Tls.message(e), e);
    }
    InetAddress bound = listener.getInetAddress();
    String host = bound.isAnyLocalAddress() ? "*" : bound.getHostAddress();
    String accept =
        "ACCEPT " + (host.contains(":") ? "[" + host + "]" : host) + ":" + listener.getLocalPort();
    (json ? err : out).println(accept);
    if (mode == Mode.DATA) {
      Thread.ofVirtual().start(this::broadcastStdin);
    }

    List<Thread> clients = new ArrayList<>();
    try (listener) {
      int accepted = 0;
      while (naccept < 0 || accepted < naccept) {
        Socket raw;
        try {
          raw = listener.accept();
        } catch (IOException e) {
          // a failed accept (the client left at once, or too many files) is no reason to stop
          log("accept failed: " + Tls.message(e));
          continue;
        }
        accepted++;
        clients.add(Thread.ofVirtual().start(() -> serve(raw)));
        clients.removeIf(t -> !t.isAlive());
      }
    }
    for (Thread t : clients) {
      t.join();
    }
    context.close();
    return 0;
  }

  /** Python's {@code create_default_context(Purpose.CLIENT_AUTH, cafile=…)}, then the flags. */
  private static SslContext context(Args args) throws Exception {
    String cert = Tls.requireFile("-cert", args.get("-cert"));
    String key = args.has("-key") ? Tls.requireFile("-key", args.get("-key")) : null;
    String cafile = args.has("-CAfile") ? Tls.requireFile("-CAfile", args.get("-CAfile")) : null;
    VerifyMode verify = VerifyMode.CERT_NONE;
    if (args.has("-verify") || args.has("-Verify")) {
      String flag = args.has("-verify") ? "-verify" : "-Verify";
      if (args.getInt(flag, 0) < 0) {
        throw CliException.usage(flag + " takes a depth, a number >= 0");
      }
      verify = args.has("-verify") ? VerifyMode.CERT_OPTIONAL : VerifyMode.CERT_REQUIRED;
    }
    SslContext context =
        Ssl.createDefaultContext(
            Purpose.CLIENT_AUTH, cafile == null ? null : VerifyLocations.of(cafile, null));
    try {
      context.loadCertChain(cert, key, Tls.password(args.get("-pass")));
      if (verify != VerifyMode.CERT_NONE) {
        context.setVerifyMode(verify);
        if (cafile == null) {
          context.loadDefaultCerts(Purpose.CLIENT_AUTH);
        }
      }
      if (args.has("-alpn")) {
        context.setAlpnProtocols(Tls.alpn(args.get("-alpn")));
      }
      Tls.versions(context, args);
      if (args.has("-cipher")) {
        context.setCiphers(args.get("-cipher"));
      }
      if (args.has("-ciphersuites")) {
        context.setCiphersuites(args.get("-ciphersuites"));
      }
      if (args.has("-groups")) {
        context.setGroups(args.get("-groups"));
      }
      if (args.has("-keylogfile")) {
        context.setKeylogFilename(args.get("-keylogfile"));
      }
      return context;
    } catch (Exception e) {
      context.close();
      throw e;
    }
  }

  /** One client, start to end; nothing it does escapes this method. */
  private void serve(Socket raw) {
    String peer = Tls.HostPort.format(raw.getInetAddress(), raw.getPort());
    SslSocket s = null;
    boolean reported = false;
    try {
      s =
          context.wrapSocket(
              raw, WrapOptions.defaults().withServerSide(true).withDoHandshakeOnConnect(false));
      s.setTimeout(CLIENT_TIMEOUT_SECONDS);
      try {
        s.doHandshake();
      } catch (IOException | RuntimeException e) {
        reported = true;
        report(peer, null, e);
        return;
      }
      s.setTimeout(null);
      reported = true;
      report(peer, s, null);
      switch (mode) {
        case WWW -> www(s);
        case ECHO -> echo(s);
        case DATA -> data(s);
      }
      if (!json) {
        log(peer + " closed");
      }
    } catch (IOException | RuntimeException e) {
      if (!reported) {
        report(peer, null, e);
      } else if (!json) {
        log(peer + " failed: " + Tls.message(e));
      }
    } finally {
      close(s, raw);
    }
  }

  /** The JSON line, or a line on stderr, for a handshake that ended ({@code e} null: it worked). */
  private void report(String peer, SslSocket s, Exception e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("peer", peer);
    if (e == null) {
      try {
        m.putAll(Tls.describe(s));
      } catch (IOException | RuntimeException failure) {
        e = failure;
      }
    }
    if (e != null) {
      m.put("error", Tls.error(e));
    }
    if (json) {
      synchronized (out) {
        out.println(PythonJson.dumps(m));
      }
      return;
    }
    if (e != null) {
      log(peer + " refused: " + Tls.message(e));
      return;
    }
    StringBuilder b = new StringBuilder(peer + " connected: " + s.version());
    CipherInfo cipher = s.cipher();
    b.append(", ").append(cipher.name());
    if (s.selectedAlpnProtocol() != null) {
      b.append(", ALPN ").append(s.selectedAlpnProtocol());
    }
    if (s.isSessionReused()) {
      b.append(", session reused");
    }
    Object cert = m.get("peercert");
    if (cert instanceof Map<?, ?> c && !c.isEmpty()) {
      List<X509> chain = s.getUnverifiedChain();
      b.append(", client certificate ")
          .append(chain.isEmpty() ? "?" : Tls.name(chain.getFirst(), "Subject"));
    }
    log(b.toString());
  }

  private void log(String line) {
    synchronized (err) {
      err.println(line);
    }
  }

  /**
   * As {@code openssl s_server}: close_notify (not waiting for the client's), end of our TCP
   * stream, then the client's last bytes are read for a moment so that closing sends no reset.
   */
  private void close(SslSocket s, Socket raw) {
    if (s != null) {
      open.remove(s);
      try {
        s.setTimeout(1.0);
        s.sendCloseNotify();
      } catch (IOException | RuntimeException e) {
        // the handshake failed (its alert is sent) or the client is gone
      }
    }
    try {
      if (!raw.isClosed()) {
        raw.shutdownOutput();
        Tls.drain(raw, raw.getInputStream(), DRAIN_MILLIS);
      }
    } catch (IOException e) {
      // gone already
    }
    try {
      if (s != null) {
        s.close();
      }
      raw.close();
    } catch (IOException e) {
      // nothing left to do
    }
  }

  // ---- what a connection does

  private void echo(SslSocket s) throws IOException {
    while (true) {
      byte[] d = receive(s);
      if (d.length == 0) {
        return;
      }
      s.sendAll(d);
    }
  }

  private void data(SslSocket s) throws IOException {
    open.add(s);
    while (true) {
      byte[] d = receive(s);
      if (d.length == 0) {
        return;
      }
      if (!json) {
        synchronized (out) {
          out.write(d, 0, d.length);
          out.flush();
        }
      }
    }
  }

  /** Standard input goes to every open connection ({@code openssl s_server}'s one, here many). */
  private void broadcastStdin() {
    InputStream in = System.in;
    byte[] buf = new byte[16 * 1024];
    try {
      int n;
      while ((n = in.read(buf)) > 0) {
        byte[] d = java.util.Arrays.copyOf(buf, n);
        for (SslSocket s : open) {
          try {
            s.sendAll(d);
          } catch (IOException | RuntimeException e) {
            open.remove(s);
          }
        }
      }
    } catch (IOException e) {
      // no input
    }
  }

  /** The next data, or empty when the client closed (with or without close_notify). */
  private static byte[] receive(SslSocket s) throws IOException {
    try {
      return s.recv(16 * 1024);
    } catch (SslZeroReturnException e) {
      return new byte[0];
    }
  }

  private void www(SslSocket s) throws IOException {
    s.setTimeout(CLIENT_TIMEOUT_SECONDS);
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    while (request.size() < 16 * 1024) {
      byte[] d = receive(s);
      if (d.length == 0) {
        break;
      }
      request.writeBytes(d);
      String text = request.toString(StandardCharsets.ISO_8859_1);
      if (text.contains("\r\n\r\n") || text.contains("\n\n")) {
        break;
      }
    }
    String text = request.toString(StandardCharsets.ISO_8859_1);
    if (text.isEmpty()) {
      return;
    }
    byte[] answer =
        text.startsWith("GET ")
            ? statusPage(s).getBytes(StandardCharsets.UTF_8)
            : ("HTTP/1.0 400 Bad Request\r\nContent-type: text/plain\r\n\r\n"
                    + "jossl s_server -www answers GET only\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    s.sendAll(answer);
  }

  /** The page {@code openssl s_server -www} sends, with what jossl knows of the connection. */
  private String statusPage(SslSocket s) {
    StringBuilder b = new StringBuilder();
    b.append("HTTP/1.0 200 ok\r\nContent-type: text/html\r\n\r\n");
    b.append("<HTML><BODY BGCOLOR=\"#ffffff\">\n<pre>\n\n");
    b.append(escape("jossl s_server " + String.join(" ", argv))).append('\n');
    b.append("Ciphers supported in s_server binary\n");
    List<CipherDetails> ciphers = context.getCiphers();
    for (int i = 0; i < ciphers.size(); i++) {
      CipherDetails c = ciphers.get(i);
      b.append(String.format("%-11s:%-25s ", c.protocol(), c.name()));
      if (i % 2 == 1 || i == ciphers.size() - 1) {
        b.append('\n');
      }
    }
    b.append("---\nCiphers common between both SSL end points:\n");
    List<CipherInfo> shared = s.sharedCiphers();
    for (int i = 0; i < shared.size(); i++) {
      b.append(String.format("%-26s ", shared.get(i).name()));
      if (i % 3 == 2 || i == shared.size() - 1) {
        b.append('\n');
      }
    }
    CipherInfo cipher = s.cipher();
    b.append("---\n");
    if (s.group() != null) {
      b.append("Negotiated group: ").append(s.group()).append('\n');
    }
    b.append(s.isSessionReused() ? "Reused, " : "New, ")
        .append(s.version())
        .append(", Cipher is ")
        .append(cipher.name())
        .append('\n');
    b.append("SSL-Session:\n");
    b.append("    Protocol  : ").append(s.version()).append('\n');
    b.append("    Cipher    : ").append(cipher.name()).append('\n');
    SslSession session = s.getSession();
    if (session != null) {
      b.append("    Session-ID: ")
          .append(HexFormat.of().withUpperCase().formatHex(session.getId()))
          .append('\n');
    }
    if (s.selectedAlpnProtocol() != null) {
      b.append("    ALPN protocol: ").append(escape(s.selectedAlpnProtocol())).append('\n');
    }
    b.append("---\n");
    SessionStats st = context.sessionStats();
    b.append(String.format("%4d items in the session cache%n", st.number()));
    b.append(String.format("%4d server accepts (SSL_accept())%n", st.accept()));
    b.append(String.format("%4d server renegotiates (SSL_accept())%n", st.acceptRenegotiate()));
    b.append(String.format("%4d server accepts that finished%n", st.acceptGood()));
    b.append(String.format("%4d session cache hits%n", st.hits()));
    b.append(String.format("%4d session cache misses%n", st.misses()));
    b.append(String.format("%4d session cache timeouts%n", st.timeouts()));
    b.append(String.format("%4d cache full overflows%n", st.cacheFull()));
    b.append("---\n");
    List<X509> chain = s.getUnverifiedChain();
    DecodedCertificate peer = null;
    try {
      peer = s.getPeerCert();
    } catch (IOException | RuntimeException e) {
      // shown as none
    }
    if (peer != null && !chain.isEmpty()) {
      X509 client = chain.getFirst();
      b.append("Client certificate\n");
      try {
        b.append(client.toPem());
      } catch (Exception e) {
        // the names below still say which
      }
      b.append("subject=").append(escape(Tls.name(client, "Subject"))).append('\n');
      b.append("issuer=").append(escape(Tls.name(client, "Issuer"))).append('\n');
    } else {
      b.append("no client certificate available\n");
    }
    b.append("</pre></BODY></HTML>\r\n\r\n");
    return b.toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
