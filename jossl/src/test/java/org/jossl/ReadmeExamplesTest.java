package org.jossl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jossl.crypto.CertificateAuthority;
import org.jossl.openssl.Connection;
import org.jossl.openssl.Context;
import org.jossl.openssl.OpenSsl;
import org.jossl.ssl.Ssl;
import org.jossl.ssl.SslContext;
import org.jossl.ssl.SslSocket;
import org.jossl.testing.OpensslProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two code examples of the project's README.md, run as a user would run them: a client of
 * {@code openssl s_server -www} on 127.0.0.1, whose certificate comes from a test PKI.
 *
 * <p>The README shows the code between the {@code // README: NAME} and {@code // README: end} lines
 * below verbatim (indentation removed): change both together. {@link
 * #theReadmeShowsTheseExamplesVerbatim()} fails when they differ.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // the examples block on their sockets
class ReadmeExamplesTest {
  @TempDir static Path dir;

  /** The root CA that signed the server's certificate (what a real server needs no file for). */
  static String caFile;

  static String serverCert;
  static String serverKey;

  @BeforeAll
  static void pki() throws Exception {
    CertificateAuthority root = CertificateAuthority.create();
    caFile = root.writeTo(dir.resolve("ca")).resolve("ca.pem").toString();
    Map<String, Path> server = root.issue("localhost", "127.0.0.1").writeTo(dir, "server");
    serverCert = server.get("cert").toString();
    serverKey = server.get("key").toString();
  }

  /** An {@code openssl s_server -www} for one connection: it answers a GET with a status page. */
  private static OpensslProcess server() {
    return OpensslProcess.server("-naccept", "1", "-www", "-cert", serverCert, "-key", serverKey);
  }

  /** A README example: code that a user would write, which may throw anything. */
  private interface Example {
    void run() throws Exception;
  }

  /** What {@code example} prints to {@code System.out}, line by line. */
  private static List<String> printed(Example example) throws Exception {
    PrintStream saved = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      example.run();
    } finally {
      System.setOut(saved);
    }
    String text = out.toString(StandardCharsets.UTF_8);
    saved.print(text);
    return text.lines().toList();
  }

  // ---- the examples, as the README shows them (a server's port; caFile: its CA)

  static void pythonSslExample(int port) throws Exception {
    // README: python-ssl
    SslContext context = Ssl.createDefaultContext(); // ssl.create_default_context()
    context.loadVerifyLocations(caFile); // also trust the test CA
    try (SslSocket tls = context.wrapSocket(new Socket("127.0.0.1", port), "localhost")) {
      tls.sendAll("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String reply = new String(tls.recv(1024), StandardCharsets.US_ASCII);
      System.out.println(reply.lines().findFirst().orElse("")); // HTTP/1.0 200 ok
      System.out.println(tls.version() + " " + tls.cipher().name());
      System.out.println(tls.getPeerCert().asMap().get("subjectAltName")); // Python's getpeercert()
    }
    // README: end
  }

  static void pyOpenSslExample(int port) throws Exception {
    // README: pyopenssl
    Context context = new Context(OpenSsl.TLS_CLIENT_METHOD); // SSL.Context(SSL.TLS_CLIENT_METHOD)
    context.loadVerifyLocations(caFile);
    context.setVerify(OpenSsl.VERIFY_PEER); // pyOpenSSL checks no host name
    try (Connection conn = new Connection(context, new Socket("127.0.0.1", port))) {
      conn.setTlsextHostName("localhost"); // SNI
      conn.setConnectState();
      conn.doHandshake();
      conn.sendAll("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String reply = new String(conn.recv(1024), StandardCharsets.US_ASCII);
      System.out.println(reply.lines().findFirst().orElse("")); // HTTP/1.0 200 ok
      System.out.println(conn.getProtocolVersionName() + " " + conn.getCipherName());
      System.out.println(conn.getPeerCertificate().getSubject().get("CN")); // localhost
    }
    // README: end
  }

  // ---- the tests

  @Test
  void pythonSslStyle() throws Exception {
    try (OpensslProcess server = server()) {
      List<String> lines = printed(() -> pythonSslExample(server.port()));
      assertEquals(3, lines.size(), lines.toString());
      assertEquals("HTTP/1.0 200 ok", lines.get(0), "the first line s_server -www answers");
      assertTrue(lines.get(1).matches("TLSv1\\.3 TLS_\\w+"), lines.get(1));
      // Python: (('DNS', 'localhost'), ('IP Address', '127.0.0.1'))
      assertEquals("[[DNS, localhost], [IP Address, 127.0.0.1]]", lines.get(2));
    }
  }

  @Test
  void pyOpenSslStyle() throws Exception {
    try (OpensslProcess server = server()) {
      List<String> lines = printed(() -> pyOpenSslExample(server.port()));
      assertEquals(3, lines.size(), lines.toString());
      assertEquals("HTTP/1.0 200 ok", lines.get(0), "the first line s_server -www answers");
      assertTrue(lines.get(1).matches("TLSv1\\.3 TLS_\\w+"), lines.get(1));
      assertEquals("localhost", lines.get(2));
    }
  }

  /** The examples in the README are this file's, character for character. */
  @Test
  void theReadmeShowsTheseExamplesVerbatim() throws IOException {
    Path module = Path.of("").toAbsolutePath();
    Path readme = module.resolveSibling("README.md");
    if (!Files.exists(readme)) {
      readme = module.resolve("README.md"); // run from the repository's root
      module = module.resolve("jossl");
    }
    String markdown = Files.readString(readme, StandardCharsets.UTF_8);
    String source =
        Files.readString(
            module.resolve("src/test/java/org/jossl/ReadmeExamplesTest.java"),
            StandardCharsets.UTF_8);
    for (String name : List.of("python-ssl", "pyopenssl")) {
      String block = "```java\n" + example(source, name) + "```\n";
      assertTrue(markdown.contains(block), "README.md lacks this block:\n" + block);
    }
  }

  /** The lines between "// README: name" and "// README: end", without their indentation. */
  private static String example(String source, String name) {
    List<String> lines = source.lines().toList();
    int start = lines.indexOf(indent(lines, "// README: " + name));
    assertTrue(start >= 0, "no example " + name);
    List<String> body = new ArrayList<>();
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.strip().equals("// README: end")) {
        break;
      }
      body.add(line);
    }
    int margin =
        body.stream()
            .filter(l -> !l.isBlank())
            .mapToInt(ReadmeExamplesTest::leading)
            .min()
            .orElse(0);
    StringBuilder b = new StringBuilder();
    for (String line : body) {
      b.append(line.isBlank() ? "" : line.substring(margin)).append('\n');
    }
    return b.toString();
  }

  private static String indent(List<String> lines, String marker) {
    return lines.stream().filter(l -> l.strip().equals(marker)).findFirst().orElse(marker);
  }

  private static int leading(String line) {
    return line.length() - line.stripLeading().length();
  }
}
