package org.jossl.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jossl.crypto.CertificateAuthority;
import org.jossl.crypto.DecodedCertificate;
import org.jossl.crypto.IssuedCertificate;
import org.jossl.crypto.OpenSslLibrary;
import org.jossl.crypto.X509;
import org.jossl.ssl.CipherInfo;
import org.jossl.ssl.Purpose;
import org.jossl.ssl.Ssl;
import org.jossl.ssl.SslCertVerificationException;
import org.jossl.ssl.SslContext;
import org.jossl.ssl.SslServerSocket;
import org.jossl.ssl.SslSession;
import org.jossl.ssl.SslSocket;
import org.jossl.ssl.VerifyLocations;
import org.jossl.ssl.WrapOptions;

/**
 * {@code jossl demo}: jossl's main job on a built-in default. A test PKI in memory, a TLS server on
 * 127.0.0.1, a verifying client (Python's {@code create_default_context()}), a message each way, a
 * resumed session, and a client with the wrong host name refused with the error a Python user would
 * see. No files, no network beyond loopback.
 */
final class DemoVerb implements Verb {
  @Override
  public String name() {
    return "demo";
  }

  @Override
  public String summary() {
    return "a TLS round trip on 127.0.0.1 with a built-in test PKI: what jossl does, shown";
  }

  @Override
  public String help() {
    return """
        usage: jossl demo

        Makes a test PKI in memory (root, intermediate, a certificate for localhost), starts a
        TLS server on 127.0.0.1 (an ephemeral port), connects a verifying client to it as
        Python's ssl.create_default_context() does, exchanges a message, resumes the session,
        and prints what happened and how long each step took. Then a client that expects
        another host name is refused, with the exception Python would raise.
        """;
  }

  private long mark = System.nanoTime();

  private String lap() {
    long now = System.nanoTime();
    String t = String.format("%6.1f ms", (now - mark) / 1e6);
    mark = now;
    return t;
  }

  @Override
  public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
    Args args = Args.parse(name(), argv, Set.of(), Set.of());
    if (!args.positional().isEmpty()) {
      throw CliException.usage("unexpected argument " + args.positional().getFirst());
    }
    out.println("jossl demo: Python's ssl on OpenSSL, in Java, on 127.0.0.1");
    out.println(
        "  "
            + OpenSslLibrary.version()
            + " ("
            + OpenSslLibrary.libsslPath()
            + "), Java "
            + Runtime.version());
    out.println();

    mark = System.nanoTime();
    CertificateAuthority root =
        CertificateAuthority.builder().commonName("jossl Demo Root CA").build();
    CertificateAuthority intermediate = root.intermediate("jossl Demo Intermediate CA");
    IssuedCertificate leaf = intermediate.issue("localhost", "127.0.0.1");
    step(out, "made a test PKI: root, intermediate, certificate for localhost", lap());

    SslContext serverContext = Ssl.createDefaultContext(Purpose.CLIENT_AUTH);
    serverContext.loadCertChain(
        write("server-chain", leaf.chainPem()), write("server-key", leaf.keyPem()), null);
    serverContext.setAlpnProtocols(List.of("h2", "http/1.1"));
    SslServerSocket server =
        new SslServerSocket(serverContext, 0, 8, InetAddress.getLoopbackAddress());
    List<Exception> serverFailures = new ArrayList<>();
    server.setFailureListener(
        e -> {
          synchronized (serverFailures) {
            serverFailures.add(e);
          }
        });
    int port = server.getLocalPort();
    CountDownLatch served = new CountDownLatch(2);
    Thread.ofVirtual()
        .start(
            () -> {
              while (!server.isClosed()) {
                try {
                  SslSocket s = server.accept();
                  Thread.ofVirtual().start(() -> echo(s, served));
                } catch (IOException e) {
                  return;
                }
              }
            });
    step(out, "server listening on 127.0.0.1:" + port + " (SslServerSocket)", lap());

    SslContext clientContext =
        Ssl.createDefaultContext(
            Purpose.SERVER_AUTH, VerifyLocations.none().withCadata(root.certificatePem()));
    clientContext.setAlpnProtocols(List.of("http/1.1"));
    SslSession session;
    try (SslSocket client = clientContext.wrapSocket(new Socket("127.0.0.1", port), "localhost")) {
      step(out, "client connected; handshake done, server verified", lap());
      CipherInfo cipher = client.cipher();
      detail(out, "protocol", client.version());
      detail(out, "cipher", cipher.name() + " (" + cipher.secretBits() + " secret bits)");
      detail(out, "group", String.valueOf(client.group()));
      detail(out, "ALPN", String.valueOf(client.selectedAlpnProtocol()));
      detail(out, "verified", "yes: " + chain(client.getVerifiedChain()) + ", host name localhost");
      detail(out, "tls-unique", HexFormat.of().formatHex(client.getChannelBinding()));
      client.sendAll("hello from jossl".getBytes(StandardCharsets.UTF_8));
      String answer = new String(client.recv(1024), StandardCharsets.UTF_8);
      step(out, "sent \"hello from jossl\", received \"" + answer + "\"", lap());
      DecodedCertificate peer = client.getPeerCert();
      out.println();
      out.println("  the server's certificate, as Python's getpeercert() shows it:");
      out.println(PythonRepr.dict(peer.asMap(), "    "));
      out.println();
      mark = System.nanoTime();
      session = client.getSession();
      client.unwrap();
    }

    try (SslSocket again =
        clientContext.wrapSocket(
            new Socket("127.0.0.1", port),
            WrapOptions.defaults().withServerHostname("localhost").withSession(session))) {
      again.sendAll("once more".getBytes(StandardCharsets.UTF_8));
      again.recv(1024);
      step(
          out,
          "reconnected with the saved session: session_reused = " + pyBool(again.isSessionReused()),
          lap());
    }

    out.println();
    try (Socket raw = new Socket("127.0.0.1", port)) {
      clientContext.wrapSocket(raw, "wrong.example").close();
      out.println("  a client expecting wrong.example was NOT refused: this is a bug");
      return 1;
    } catch (SslCertVerificationException e) {
      step(out, "a client expecting the host wrong.example is refused:", lap());
      out.println("    ssl.SSLCertVerificationError: " + e.getMessage());
      out.println("    (verify_code " + e.verifyCode() + ": " + e.verifyMessage() + ")");
    }
    served.await(5, TimeUnit.SECONDS);
    server.close();
    serverContext.close();
    clientContext.close();
    return 0;
  }

  private static String pyBool(boolean b) {
    return b ? "True" : "False";
  }

  private static void echo(SslSocket s, CountDownLatch served) {
    try (s) {
      byte[] data = s.recv(1024);
      s.sendAll(
          new String(data, StandardCharsets.UTF_8).toUpperCase().getBytes(StandardCharsets.UTF_8));
      try {
        s.unwrap();
      } catch (IOException peerClosed) {
        // the peer may close without close_notify
      }
    } catch (IOException e) {
      // a client that went away
    } finally {
      served.countDown();
    }
  }

  private static String chain(List<X509> chain) {
    List<String> names = new ArrayList<>();
    for (X509 x : chain) {
      try {
        names.add(x.getSubject().commonName());
      } catch (Exception e) {
        names.add("?");
      }
    }
    return String.join(" <- ", names);
  }

  private static String write(String name, String pem) throws IOException {
    java.nio.file.Path f = java.nio.file.Files.createTempFile("jossl-demo-" + name, ".pem");
    f.toFile().deleteOnExit();
    java.nio.file.Files.writeString(f, pem);
    return f.toString();
  }

  private static void step(PrintStream out, String what, String time) {
    out.printf("  %-72s %s%n", what, time);
  }

  private static void detail(PrintStream out, String key, String value) {
    out.printf("      %-11s %s%n", key, value);
  }
}
