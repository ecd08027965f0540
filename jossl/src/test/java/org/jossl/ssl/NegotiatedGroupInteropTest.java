package org.jossl.ssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jossl.openssl.Connection;
import org.jossl.openssl.Context;
import org.jossl.openssl.OpenSsl;
import org.jossl.testing.OpensslProcess;
import org.jossl.testing.PkiFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The negotiated key-exchange group as every face reports it ({@code SslSocket.group()}, {@code
 * SslObject.group()}: Python 3.15; {@code Connection.getGroupName()}: pyOpenSSL 26), against the
 * {@code openssl} command: the group {@code openssl s_client} reports as the server's temporary key
 * when it talks to the same server, or to a jossl server.
 */
class NegotiatedGroupInteropTest {
  @TempDir static Path dir;
  static Path ca;
  static Path chain;
  static Path key;

  @BeforeAll
  static void pki() throws Exception {
    PkiFiles pki = PkiFiles.write(dir, "group root");
    ca = pki.ca();
    chain = pki.chain();
    key = pki.key();
  }

  /**
   * The group in {@code openssl s_client}'s report of a handshake, in lower case, by its TLS name:
   * s_client names an EC key's curve by its ASN.1 short name, which for P-256 is X9.62's
   * "prime256v1", the curve TLS calls "secp256r1" (RFC 4492, appendix A).
   */
  private static String sclientGroup(String out) {
    String group = sclientName(out).toLowerCase(Locale.ROOT);
    return group.equals("prime256v1") ? "secp256r1" : group;
  }

  private static String sclientName(String out) {
    Matcher tls13 = Pattern.compile("Negotiated TLS1\\.3 group: (\\S+)").matcher(out);
    if (tls13.find()) {
      return tls13.group(1);
    }
    Matcher m =
        Pattern.compile("(?:Server|Peer) Temp Key: (?:ECDH, |DH, )?([^,\\s]+)").matcher(out);
    assertEquals(true, m.find(), "s_client reports the server's temporary key:\n" + out);
    return m.group(1);
  }

  /** What {@code openssl s_client} reports for a server on {@code port}, offering {@code group}. */
  private static String sclientSees(int port, String group, String version) throws Exception {
    try (OpensslProcess c =
        OpensslProcess.client(port, "-groups", group, version, "-CAfile", ca.toString())) {
      c.closeStdin();
      c.waitFor(java.time.Duration.ofSeconds(15));
      return sclientGroup(c.stdout());
    }
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }

  @ParameterizedTest(name = "{0} over {1}")
  // (TLS 1.2 with an ECDSA P-256 leaf needs P-256 among the client's groups)
  @CsvSource({"X25519, -tls1_3", "P-384, -tls1_3", "P-256, -tls1_2", "X25519:P-256, -tls1_2"})
  void josslClientsReportTheGroupOpensslNegotiates(String group, String version) throws Exception {
    try (OpensslProcess server =
        OpensslProcess.server(
            "-naccept",
            "4",
            "-groups",
            group,
            version,
            "-cert",
            chain.toString(),
            "-key",
            key.toString())) {
      String expected = sclientSees(server.port(), group, version);

      try (SslContext context =
          Ssl.createDefaultContext(
              Purpose.SERVER_AUTH, VerifyLocations.none().withCafile(ca.toString()))) {
        context.setGroups(group);
        // SslSocket
        try (SslSocket s =
            context.wrapSocket(
                new Socket(InetAddress.getLoopbackAddress(), server.port()), "localhost")) {
          assertEquals(expected, lower(s.group()), "SslSocket.group()");
        }
        // SslObject over memory BIOs, pumped over a plain socket
        try (Socket raw = new Socket(InetAddress.getLoopbackAddress(), server.port());
            MemoryBio in = new MemoryBio();
            MemoryBio out = new MemoryBio()) {
          SslObject o = context.wrapBio(in, out, "localhost");
          assertNull(o.group(), "no group before the handshake");
          raw.setSoTimeout(10_000);
          InputStream is = raw.getInputStream();
          OutputStream os = raw.getOutputStream();
          while (true) {
            try {
              o.doHandshake();
              break;
            } catch (SslWantReadException e) {
              os.write(out.read());
              byte[] buf = new byte[16384];
              int n = is.read(buf);
              if (n < 0) {
                throw new IOException("the server closed during the handshake");
              }
              in.write(java.util.Arrays.copyOf(buf, n));
            }
          }
          os.write(out.read());
          assertEquals(expected, lower(o.group()), "SslObject.group()");
        }
      }

      // the pyOpenSSL face
      try (Context ctx = new Context(OpenSsl.TLS_CLIENT_METHOD)) {
        ctx.setGroups(group);
        ctx.loadVerifyLocations(ca.toString());
        ctx.setVerify(OpenSsl.VERIFY_PEER);
        try (Socket raw = new Socket(InetAddress.getLoopbackAddress(), server.port());
            Connection c = new Connection(ctx, raw)) {
          raw.setSoTimeout(10_000);
          c.setConnectState();
          assertNull(c.getGroupName(), "no group before the handshake");
          c.doHandshake();
          assertEquals(expected, lower(c.getGroupName()), "Connection.getGroupName()");
        }
      }
    }
  }

  @ParameterizedTest(name = "{0} over {1}")
  @CsvSource({"X25519, -tls1_3", "P-384, -tls1_3", "P-256, -tls1_2"})
  void josslServerReportsTheGroupOpensslClientSees(String group, String version) throws Exception {
    try (SslContext context = Ssl.createDefaultContext(Purpose.CLIENT_AUTH)) {
      context.loadCertChain(chain.toString(), key.toString());
      context.setGroups(group);
      try (SslServerSocket server =
          new SslServerSocket(context, 0, 4, InetAddress.getLoopbackAddress())) {
        CompletableFuture<String> seen =
            CompletableFuture.supplyAsync(
                () -> {
                  try (SslSocket s = server.accept()) {
                    String g = s.group();
                    s.recv(1); // until the client leaves
                    return g;
                  } catch (IOException e) {
                    return "failed: " + e;
                  }
                });
        String expected = sclientSees(server.getLocalPort(), group, version);
        String actual = seen.get(20, TimeUnit.SECONDS);
        assertNotNull(actual);
        assertEquals(expected, lower(actual), "the server's SslSocket.group()");
      }
    }
  }
}
