package org.jossl.openssl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jossl.crypto.CertificateAuthority;
import org.jossl.crypto.IssuedCertificate;
import org.jossl.testing.Peers;

/**
 * Certificates, contexts and small helpers shared by the interop tests against the {@code openssl}
 * command: a root, an intermediate, server/client/other-name/expired leaves under it and a
 * self-signed certificate, all written as PEM files into one directory.
 */
final class InteropFixture {
  static final Duration T = Duration.ofSeconds(15);
  static final int SOCKET_TIMEOUT_MS = 15_000;

  /** A protocol version as jossl and openssl name it. */
  enum Proto {
    TLS13("TLSv1.3", "-tls1_3", OpenSsl.TLS1_3_VERSION),
    TLS12("TLSv1.2", "-tls1_2", OpenSsl.TLS1_2_VERSION);

    final String name;
    final String flag;
    final int version;

    Proto(String name, String flag, int version) {
      this.name = name;
      this.flag = flag;
      this.version = version;
    }
  }

  final Path dir;
  final CertificateAuthority root;
  final CertificateAuthority intermediate;
  final String rootPem;
  final String intermediatePem;
  final Leaf server;
  final Leaf client;
  final Leaf other;
  final Leaf expired;
  final Leaf selfSigned;

  /** A leaf's files. */
  record Leaf(IssuedCertificate issued, String cert, String key, String chain, String fullChain) {
    List<String> serverArgs() {
      return List.of("-cert", cert, "-key", key, "-cert_chain", chain);
    }
  }

  InteropFixture(Path dir) throws Exception {
    this.dir = dir;
    root = CertificateAuthority.create();
    intermediate = root.intermediate("jossl Interop Intermediate");
    rootPem = root.writeTo(dir.resolve("root")).resolve("ca.pem").toString();
    intermediatePem = write("intermediate.pem", intermediate.certificatePem());
    server = leaf(intermediate.issue("localhost", "127.0.0.1"), "server");
    client = leaf(intermediate.issue("jossl interop client"), "client");
    other = leaf(intermediate.issue("other.test"), "other");
    expired = leaf(intermediate.leaf("localhost").expired().build(), "expired");
    CertificateAuthority self = CertificateAuthority.builder().commonName("localhost").build();
    String selfCert = write("self.pem", self.certificatePem());
    String selfKey = write("self.key", self.key().toPem());
    selfSigned = new Leaf(null, selfCert, selfKey, selfCert, selfCert);
  }

  private Leaf leaf(IssuedCertificate issued, String name) throws Exception {
    Map<String, Path> files = issued.writeTo(dir, name);
    // -cert_chain: the certificates sent after the leaf (here the intermediate)
    return new Leaf(
        issued,
        files.get("cert").toString(),
        files.get("key").toString(),
        intermediatePem,
        files.get("chain").toString());
  }

  private String write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text, StandardCharsets.US_ASCII);
    return p.toString();
  }

  // ---- contexts

  /** A client context trusting the root and verifying the server; {@code proto} null: any. */
  Context clientContext(Proto proto) throws OpenSslException {
    Context ctx = new Context(OpenSsl.TLS_CLIENT_METHOD);
    limit(ctx, proto);
    ctx.loadVerifyLocations(rootPem);
    ctx.setVerify(OpenSsl.VERIFY_PEER);
    return ctx;
  }

  /** A server context serving {@code leaf} with its chain. */
  Context serverContext(Proto proto, Leaf leaf) throws OpenSslException {
    Context ctx = new Context(OpenSsl.TLS_SERVER_METHOD);
    limit(ctx, proto);
    ctx.useCertificateFile(leaf.cert);
    ctx.addExtraChainCert(intermediate.certificate());
    ctx.usePrivatekeyFile(leaf.key);
    return ctx;
  }

  static void limit(Context ctx, Proto proto) throws OpenSslException {
    if (proto != null) {
      ctx.setMinProtoVersion(proto.version);
      ctx.setMaxProtoVersion(proto.version);
    }
  }

  // ---- sockets

  /** A client connection over a connected {@link Socket} (with a read timeout). */
  static Connection connect(Context ctx, int port) throws Exception {
    Socket s = new Socket();
    s.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), SOCKET_TIMEOUT_MS);
    s.setSoTimeout(SOCKET_TIMEOUT_MS);
    Connection c = new Connection(ctx, s);
    c.setConnectState();
    return c;
  }

  /** A listening socket on 127.0.0.1 whose accept() gives up after the timeout. */
  static ServerSocket listen() throws IOException {
    ServerSocket ss = new ServerSocket(0, 8, InetAddress.getByName("127.0.0.1"));
    ss.setSoTimeout(SOCKET_TIMEOUT_MS);
    return ss;
  }

  /** Accepts one TCP connection and makes it the server end of a TLS connection. */
  static Connection accept(Context ctx, ServerSocket listener) throws Exception {
    Socket s = listener.accept();
    s.setSoTimeout(SOCKET_TIMEOUT_MS);
    Connection c = new Connection(ctx, s);
    c.setAcceptState();
    return c;
  }

  // ---- data

  /**
   * {@code n} bytes of text that openssl passes through unchanged: lower-case letters, digits and
   * newlines, never a letter s_client takes as a command (Q, R, k, K) at the start of a read.
   */
  static byte[] data(int n, long seed) {
    byte[] alphabet = "abcdefghij0123456789".getBytes(StandardCharsets.US_ASCII);
    Random r = new Random(seed);
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) {
      out[i] = (i % 64 == 63) ? (byte) '\n' : alphabet[r.nextInt(alphabet.length)];
    }
    return out;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** Receives exactly {@code n} bytes. */
  static byte[] recvExactly(Connection c, int n) throws OpenSslException {
    byte[] out = new byte[n];
    int got = 0;
    byte[] buf = new byte[32 * 1024];
    while (got < n) {
      int r = c.recvInto(buf, Math.min(buf.length, n - got), 0);
      System.arraycopy(buf, 0, out, got, r);
      got += r;
    }
    return out;
  }

  // ---- what openssl says

  private static Map<String, Integer> cipherBits;

  /** The secret bits of a cipher as {@code openssl ciphers -v} prints them ("Enc=AESGCM(256)"). */
  static synchronized int opensslCipherBits(String cipher) {
    if (cipherBits == null) {
      Map<String, Integer> m = new HashMap<>();
      Pattern enc = Pattern.compile("Enc=[^(\\s]*\\((\\d+)\\)");
      String out =
          Peers.run(List.of(Peers.openssl(), "ciphers", "-v", "ALL:@SECLEVEL=0"), null, T)
              .requireSuccess("openssl ciphers")
              .stdout();
      for (String line : out.split("\n")) {
        String[] f = line.trim().split("\\s+");
        Matcher mm = enc.matcher(line);
        if (f.length > 0 && mm.find()) {
          m.put(f[0], Integer.parseInt(mm.group(1)));
        }
      }
      cipherBits = m;
    }
    Integer bits = cipherBits.get(cipher);
    assertTrue(bits != null, "openssl ciphers -v does not list " + cipher);
    return bits;
  }

  /**
   * The reason texts of the errors openssl printed ({@code …:error:0A000086:SSL
   * routines:func:certificate verify failed:file:line:…}).
   */
  static List<String> opensslErrorReasons(String output) {
    List<String> out = new ArrayList<>();
    for (String line : output.split("\n")) {
      int i = line.indexOf(":error:");
      if (i < 0) {
        continue;
      }
      String[] f = line.substring(i + 1).split(":");
      // error, code, library, function, reason, file, line, data
      if (f.length > 4) {
        out.add(f[4]);
      }
    }
    return out;
  }

  /** The verify error numbers openssl printed ("verify error:num=20:…"). */
  static List<Integer> opensslVerifyErrors(String output) {
    List<Integer> out = new ArrayList<>();
    Matcher m = Pattern.compile("verify error:num=(\\d+)").matcher(output);
    while (m.find()) {
      out.add(Integer.parseInt(m.group(1)));
    }
    return out;
  }

  /** The reason texts in a jossl exception. */
  static List<String> reasons(OpenSslException e) {
    return e.errors().stream().map(x -> x.reasonText()).toList();
  }
}
