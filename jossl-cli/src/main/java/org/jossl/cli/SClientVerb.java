package org.jossl.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jossl.crypto.PythonJson;
import org.jossl.crypto.X509;
import org.jossl.ssl.CipherInfo;
import org.jossl.ssl.Purpose;
import org.jossl.ssl.Ssl;
import org.jossl.ssl.SslContext;
import org.jossl.ssl.SslException;
import org.jossl.ssl.SslSession;
import org.jossl.ssl.SslSocket;
import org.jossl.ssl.SslZeroReturnException;
import org.jossl.ssl.VerifyFlags;
import org.jossl.ssl.VerifyLocations;
import org.jossl.ssl.VerifyMode;
import org.jossl.ssl.WrapOptions;

/**
 * {@code jossl s_client}: a TLS client with {@code openssl s_client}'s spellings, whose client is
 * Python's {@code ssl.create_default_context(cafile=…)}: standard input goes to the server, what
 * the server sends goes to standard output.
 */
final class SClientVerb implements Verb {
  /** How long to wait for a TLS 1.3 server's session ticket when a session is to be kept. */
  private static final long TICKET_WAIT_NANOS = 5_000_000_000L;

  @Override
  public String name() {
    return "s_client";
  }

  @Override
  public String summary() {
    return "a TLS client (Python's create_default_context), as openssl s_client";
  }

  @Override
  public String help() {
    return """
        usage: jossl s_client -connect HOST:PORT [flags]

        Connects with Python's ssl.create_default_context(cafile=..., capath=...): the server's
        certificate and host name are verified. Then standard input goes to the server and what
        the server sends goes to standard output; at the end of the input jossl sends its
        close_notify and waits for the server's (or the end of the connection).

          -connect HOST:PORT   the server ([ADDRESS]:PORT for IPv6 addresses)
          -servername NAME     the host name to ask for (SNI) and to verify (default: HOST)
          -CAfile FILE         trust the CA certificates in FILE (PEM) instead of the system's
          -CApath DIR          trust the CA certificates in DIR (hashed names)
          -CRLfile FILE        load the CRLs in FILE (PEM), for -crl_check or -crl_check_all
          -crl_check           check the server certificate against its issuer's CRL
          -crl_check_all       check every certificate of the chain against CRLs
          -cert FILE           send the certificate chain in FILE (PEM, leaf first)
          -key FILE            the private key of -cert (default: in the -cert file)
          -pass SPEC           the key's pass phrase: pass:PASSWORD, env:VARIABLE or file:FILE
          -alpn LIST           offer these ALPN protocols, separated by commas (h2,http/1.1)
          -tls1_2              use TLS 1.2 only
          -tls1_3              use TLS 1.3 only
          -cipher LIST         the TLS 1.2 cipher list (OpenSSL syntax)
          -ciphersuites LIST   the TLS 1.3 cipher suites (OpenSSL syntax)
          -groups LIST         the key-exchange groups to offer (X25519:P-256)
          -noverify            do not verify the server (no certificate or host name check)
          -sess_out FILE       save the TLS session to FILE (DER) to resume it later
          -sess_in FILE        resume the TLS session saved in FILE
          -reconnect           connect once, then again resuming that connection's session
          -keylogfile FILE     append the TLS secrets to FILE (NSS key log format)
          -showcerts           print every certificate the server sent (PEM)
          -brief               print a short summary on stderr instead; stdout is only data
          -json                handshake, print one JSON object and close:
                               {"version", "cipher": [name, protocol, bits], "alpn",
                                "peercert": Python's getpeercert(), "session_reused",
                                "tls_unique": hex}; a failure prints {"error": {"type",
                                "library", "reason", "verify_code", "verify_message",
                                "message"}} and exits 1
        """;
  }

  @Override
  public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
    Args args =
        Args.parse(
            name(),
            argv,
            Set.of(
                "-connect",
                "-servername",
                "-CAfile",
                "-CApath",
                "-CRLfile",
                "-cert",
                "-key",
                "-pass",
                "-alpn",
                "-cipher",
                "-ciphersuites",
                "-groups",
                "-sess_out",
                "-sess_in",
                "-keylogfile"),
            Set.of(
                "-crl_check",
                "-crl_check_all",
                "-tls1_2",
                "-tls1_3",
                "-noverify",
                "-reconnect",
                "-showcerts",
                "-brief",
                "-json"));
    Tls.noOperands(args, name());
    if (!args.has("-connect")) {
      throw CliException.usage("-connect HOST:PORT is required (see jossl s_client -h)");
    }
    Tls.HostPort target = Tls.HostPort.parse("-connect", args.get("-connect"), null);
    String serverHostname = args.get("-servername", target.host());
    boolean json = args.has("-json");

    SslContext context = context(args);
    SslSession session = null;
    if (args.has("-sess_in")) {
      byte[] der = Files.readAllBytes(Path.of(Tls.requireFile("-sess_in", args.get("-sess_in"))));
      try {
        session = SslSession.fromDer(der, context);
      } catch (SslException e) {
        throw new CliException("-sess_in " + args.get("-sess_in") + " holds no TLS session", e);
      }
    }

    PrintStream info = args.has("-brief") ? err : out;
    SslSocket s;
    try {
      if (args.has("-reconnect")) {
        SslSocket first = connect(target, context, serverHostname, session);
        try {
          if (!json) {
            summary(first, target, args, info);
          }
          session = awaitSession(first, json ? d -> {} : d -> write(out, d));
          if (!json) {
            info.println("drop connection and then reconnect");
          }
        } finally {
          closeQuietly(first);
        }
      }
      s = connect(target, context, serverHostname, session);
    } catch (IOException e) {
      if (json) {
        out.println(PythonJson.dumps(Map.of("error", Tls.error(e))));
        return 1;
      }
      throw failure(target, e);
    }

    try {
      if (json) {
        if (args.has("-sess_out")) {
          saveSession(awaitSession(s, d -> {}), args.get("-sess_out"), err);
        }
        out.println(PythonJson.dumps(Tls.describe(s)));
        return 0;
      }
      summary(s, target, args, info);
      SslSession last = converse(s, out);
      if (args.has("-sess_out")) {
        saveSession(last, args.get("-sess_out"), err);
      }
      return 0;
    } finally {
      closeQuietly(s);
      context.close();
    }
  }

  /** Python's {@code create_default_context(cafile=…, capath=…)}, then the flags. */
  private static SslContext context(Args args) throws Exception {
    String cafile = args.has("-CAfile") ? Tls.requireFile("-CAfile", args.get("-CAfile")) : null;
    String capath =
        args.has("-CApath") ? Tls.requireDirectory("-CApath", args.get("-CApath")) : null;
    String crlfile =
        args.has("-CRLfile") ? Tls.requireFile("-CRLfile", args.get("-CRLfile")) : null;
    String cert = args.has("-cert") ? Tls.requireFile("-cert", args.get("-cert")) : null;
    String key = args.has("-key") ? Tls.requireFile("-key", args.get("-key")) : null;
    if (key != null && cert == null) {
      throw CliException.usage("-key needs -cert");
    }
    if (args.has("-crl_check") && args.has("-crl_check_all")) {
      throw CliException.usage("choose one of -crl_check and -crl_check_all");
    }
    if (args.has("-sess_in") && args.has("-reconnect")) {
      throw CliException.usage("choose one of -sess_in and -reconnect");
    }
    SslContext context =
        Ssl.createDefaultContext(Purpose.SERVER_AUTH, VerifyLocations.of(cafile, capath));
    try {
      if (crlfile != null) {
        // as Python: load_verify_locations reads the CRLs (and certificates) of a PEM file
        context.loadVerifyLocations(crlfile);
      }
      if (args.has("-crl_check") || args.has("-crl_check_all")) {
        long flag =
            args.has("-crl_check")
                ? VerifyFlags.VERIFY_CRL_CHECK_LEAF
                : VerifyFlags.VERIFY_CRL_CHECK_CHAIN;
        context.setVerifyFlags(context.getVerifyFlags() | flag);
      }
      if (args.has("-noverify")) {
        context.setCheckHostname(false);
        context.setVerifyMode(VerifyMode.CERT_NONE);
      }
      if (cert != null) {
        context.loadCertChain(cert, key, Tls.password(args.get("-pass")));
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

  private static SslSocket connect(
      Tls.HostPort target, SslContext context, String serverHostname, SslSession session)
      throws IOException {
    Socket raw = Tls.connect(target, 0);
    WrapOptions options = WrapOptions.defaults().withServerHostname(serverHostname);
    return context.wrapSocket(raw, session == null ? options : options.withSession(session));
  }

  private static CliException failure(Tls.HostPort target, IOException e) {
    if (e instanceof SslException) {
      return new CliException(Tls.message(e), e);
    }
    return new CliException("cannot connect to " + target + ": " + Tls.message(e), e);
  }

  /**
   * The session to keep. A TLS 1.3 server sends its tickets after the handshake: read (handing any
   * data to {@code data}) until one arrived, for at most five seconds.
   */
  private static SslSession awaitSession(SslSocket s, Consumer<byte[]> data) throws IOException {
    SslSession session = s.getSession();
    if (session != null && session.isResumable()) {
      return session;
    }
    long end = System.nanoTime() + TICKET_WAIT_NANOS;
    Double timeout = s.getTimeout();
    s.setTimeout(0.05);
    try {
      while (System.nanoTime() < end) {
        try {
          byte[] d = s.recv(16 * 1024);
          if (d.length == 0) {
            break;
          }
          data.accept(d);
        } catch (SocketTimeoutException e) {
          // nothing yet
        } catch (SslException e) {
          break;
        }
        session = s.getSession();
        if (session != null && session.isResumable()) {
          return session;
        }
      }
    } finally {
      s.setTimeout(timeout);
    }
    return s.getSession();
  }

  private static void saveSession(SslSession session, String file, PrintStream err)
      throws CliException {
    if (session == null || !session.isResumable()) {
      err.println("jossl s_client: the server sent no session to resume; " + file + " not written");
      return;
    }
    try {
      Files.write(Path.of(file), session.toDer());
    } catch (IOException e) {
      throw new CliException("cannot write " + file + ": " + Tls.message(e), e);
    }
  }

  /**
   * Standard input to the server, the server's data to {@code out}, until the server closes.
   * Returns the connection's session as it was at the end (with any tickets that arrived).
   */
  private static SslSession converse(SslSocket s, PrintStream out) throws IOException {
    Thread pump =
        Thread.ofVirtual()
            .start(
                () -> {
                  InputStream in = System.in;
                  byte[] buf = new byte[16 * 1024];
                  try {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                      s.sendAll(java.util.Arrays.copyOf(buf, n));
                    }
                    s.sendCloseNotify();
                  } catch (IOException | RuntimeException e) {
                    // the connection is gone; the reading side reports it
                  }
                });
    try {
      while (true) {
        byte[] d;
        try {
          d = s.recv(16 * 1024);
        } catch (SslZeroReturnException e) {
          break; // both sides sent close_notify
        }
        if (d.length == 0) {
          break;
        }
        write(out, d);
      }
    } finally {
      pump.interrupt();
    }
    return s.getSession();
  }

  private static void write(PrintStream out, byte[] data) {
    out.write(data, 0, data.length);
    out.flush();
  }

  /** Sends close_notify (if the connection still takes it), then closes. */
  private static void closeQuietly(SslSocket s) {
    try {
      s.setTimeout(1.0);
      s.sendCloseNotify();
    } catch (IOException | RuntimeException e) {
      // already closed, by either side
    }
    try {
      s.close();
    } catch (IOException e) {
      // nothing left to do
    }
  }

  /** What {@code openssl s_client} prints about a connection (the essentials), or -brief's form. */
  private static void summary(SslSocket s, Tls.HostPort target, Args args, PrintStream info)
      throws SslException {
    CipherInfo cipher = s.cipher();
    List<X509> chain = s.getUnverifiedChain();
    String alpn = s.selectedAlpnProtocol();
    String verification = args.has("-noverify") ? "not done (-noverify)" : "OK";
    String group = s.group();
    if (args.has("-brief")) {
      info.println("CONNECTION ESTABLISHED");
      info.println("Protocol version: " + s.version());
      info.println("Ciphersuite: " + cipher.name());
      if (!chain.isEmpty()) {
        info.println("Peer certificate: " + Tls.name(chain.getFirst(), "Subject"));
      }
      info.println("Verification: " + verification);
      if (group != null) {
        info.println("Negotiated group: " + group);
      }
      if (alpn != null) {
        info.println("ALPN protocol: " + alpn);
      }
      info.println("Session reused: " + (s.isSessionReused() ? "yes" : "no"));
      return;
    }
    Map<String, String> lines = new LinkedHashMap<>();
    info.println("CONNECTED(" + target + ")");
    info.println("---");
    info.println("Certificate chain");
    for (int i = 0; i < chain.size(); i++) {
      X509 x = chain.get(i);
      info.printf(" %d s:%s%n", i, Tls.name(x, "Subject"));
      info.printf("   i:%s%n", Tls.name(x, "Issuer"));
      if (args.has("-showcerts")) {
        info.print(pem(x));
      }
    }
    info.println("---");
    if (!args.has("-showcerts") && !chain.isEmpty()) {
      info.println("Server certificate");
      info.print(pem(chain.getFirst()));
      info.println("subject=" + Tls.name(chain.getFirst(), "Subject"));
      info.println("issuer=" + Tls.name(chain.getFirst(), "Issuer"));
      info.println("---");
    }
    info.printf(
        "%s, %s, Cipher is %s%n",
        s.isSessionReused() ? "Reused" : "New", s.version(), cipher.name());
    lines.put("Protocol", s.version());
    lines.put("Cipher", cipher.name() + " (" + cipher.secretBits() + " secret bits)");
    if (group != null) {
      lines.put("Negotiated group", group);
    }
    lines.put("ALPN protocol", alpn == null ? "none negotiated" : alpn);
    lines.put("Verification", verification);
    lines.put("Session reused", s.isSessionReused() ? "yes" : "no");
    byte[] unique = s.getChannelBinding();
    if (unique != null) {
      lines.put("tls-unique", HexFormat.of().formatHex(unique));
    }
    lines.forEach((k, v) -> info.println(k + ": " + v));
    info.println("---");
  }

  private static String pem(X509 x) {
    try {
      return x.toPem();
    } catch (Exception e) {
      return "(certificate not printable: " + e.getMessage() + ")\n";
    }
  }
}
