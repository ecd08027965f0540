package org.jossl.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jossl.crypto.CertificateAuthority;
import org.jossl.crypto.CryptoException;
import org.jossl.crypto.IssuedCertificate;

/**
 * The certificates the TLS verbs' tests use, made once per test JVM with jossl's test PKI and
 * written as PEM files: a root ({@link #ca}) with an intermediate that issues the server's
 * certificate (localhost, 127.0.0.1), a client certificate, a certificate for other.test (SNI), a
 * revoked server certificate with the CRLs that say so; and a second, untrusted root with a server
 * and a client certificate of its own.
 */
final class TestPki {
  /** A certificate's files: the chain (leaf, then intermediates) and the key. */
  record Leaf(Path chain, Path cert, Path key) {
    String chainFile() {
      return chain.toString();
    }

    String keyFile() {
      return key.toString();
    }
  }

  final Path dir;
  final Path ca;
  final Path intermediateCa;
  final Path untrustedCa;
  final Leaf server;
  final Leaf client;
  final Leaf otherName;
  final Leaf revoked;
  final Path crls;
  final Leaf untrustedServer;
  final Leaf untrustedClient;

  private static TestPki instance;

  /** The PKI, made on first use. */
  static synchronized TestPki get() {
    if (instance == null) {
      try {
        instance = new TestPki(Files.createTempDirectory("jossl-it-pki"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (CryptoException e) {
        throw new AssertionError(e);
      }
    }
    return instance;
  }

  private TestPki(Path dir) throws IOException, CryptoException {
    this.dir = dir;
    CertificateAuthority root = CertificateAuthority.builder().commonName("jossl IT Root").build();
    CertificateAuthority intermediate = root.intermediate("jossl IT Intermediate");
    ca = root.writeTo(dir.resolve("root")).resolve("ca.pem");
    intermediateCa = intermediate.writeTo(dir.resolve("intermediate")).resolve("ca.pem");
    server = write(intermediate.issue("localhost", "127.0.0.1"), "localhost");
    client = write(intermediate.leaf("client.test").purposes("clientAuth").build(), "client");
    otherName = write(intermediate.issue("other.test"), "other.test");
    IssuedCertificate gone = intermediate.issue("localhost", "127.0.0.1");
    intermediate.revoke(gone.certificate());
    revoked = write(gone, "revoked");
    crls =
        Files.writeString(dir.resolve("crls.pem"), intermediate.crl().toPem() + root.crl().toPem());
    CertificateAuthority other =
        CertificateAuthority.builder().commonName("jossl IT Untrusted Root").build();
    untrustedCa = other.writeTo(dir.resolve("untrusted-root")).resolve("ca.pem");
    untrustedServer = write(other.issue("localhost", "127.0.0.1"), "untrusted-server");
    untrustedClient = write(other.leaf("client.test").build(), "untrusted-client");
  }

  private Leaf write(IssuedCertificate c, String name) throws IOException, CryptoException {
    var files = c.writeTo(dir, name);
    return new Leaf(files.get("chain"), files.get("cert"), files.get("key"));
  }
}
