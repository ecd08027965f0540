package org.jossl.ssl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jossl.crypto.CertificateAuthority;
import org.jossl.crypto.CryptoException;
import org.jossl.crypto.IssuedCertificate;

/**
 * The certificates the {@code ssl} face tests use, made with jossl's {@link CertificateAuthority}
 * and written as PEM files both implementations load: a trusted root with an intermediate, a rogue
 * root nobody trusts, and one server leaf per way a certificate can be wrong.
 */
final class TestPki {
  /** A certificate file (the chain a server sends, or just the leaf) and its key. */
  record Pair(Path cert, Path key) {}

  final Path dir;
  final CertificateAuthority root;
  final CertificateAuthority intermediate;
  final CertificateAuthority rogue;

  /** The trusted root's certificate. */
  final Path rootPem;

  /** The trusted root followed by its CRL (the revoked leaf is on it). */
  final Path rootWithCrl;

  /** localhost and 127.0.0.1, from the root. */
  final Pair server;

  /** A client certificate from the root. */
  final Pair client;

  /** A client certificate from the rogue root. */
  final Pair rogueClient;

  final Pair expired;
  final Pair notYetValid;
  final Pair wrongHost;
  final Pair wrongIp;

  /** localhost from the intermediate: the full chain, and the leaf alone. */
  final Pair viaIntermediate;

  final Pair missingIntermediate;
  final Pair revoked;

  /** A self-signed certificate for localhost. */
  final Pair selfSigned;

  /** localhost from the rogue root. */
  final Pair untrusted;

  TestPki(Path dir) throws IOException, CryptoException {
    this.dir = dir;
    root = CertificateAuthority.builder().commonName("jossl ssl-face Root").build();
    intermediate = root.intermediate("jossl ssl-face Intermediate");
    rogue = CertificateAuthority.builder().commonName("jossl Rogue Root").build();
    rootPem = write("root.pem", root.certificatePem());
    server = chain(root.issue("localhost", "127.0.0.1"), "server");
    client = chain(root.issue("client.jossl.test"), "client");
    rogueClient = chain(rogue.issue("rogue-client.jossl.test"), "rogue-client");
    expired = chain(root.leaf("localhost").expired().build(), "expired");
    notYetValid = chain(root.leaf("localhost").notYetValid().build(), "not-yet-valid");
    wrongHost = chain(root.issue("other.jossl.test"), "wrong-host");
    wrongIp = chain(root.issue("127.0.0.2"), "wrong-ip");
    IssuedCertificate viaInter = intermediate.issue("localhost");
    viaIntermediate = chain(viaInter, "via-intermediate");
    missingIntermediate = leafOnly(viaInter, "missing-intermediate");
    IssuedCertificate revokedLeaf = root.issue("localhost");
    revoked = chain(revokedLeaf, "revoked");
    root.revoke(revokedLeaf.certificate());
    rootWithCrl = write("root-crl.pem", root.certificatePem() + root.crl().toPem());
    CertificateAuthority self = CertificateAuthority.builder().commonName("localhost").build();
    selfSigned =
        new Pair(
            write("self-signed.pem", self.certificatePem()),
            write("self-signed.key", self.key().toPem()));
    untrusted = chain(rogue.issue("localhost"), "untrusted");
  }

  private Pair chain(IssuedCertificate c, String name) throws IOException, CryptoException {
    Map<String, Path> files = c.writeTo(dir, name);
    return new Pair(files.get("chain"), files.get("key"));
  }

  private Pair leafOnly(IssuedCertificate c, String name) throws IOException, CryptoException {
    Map<String, Path> files = c.writeTo(dir, name);
    return new Pair(files.get("cert"), files.get("key"));
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.US_ASCII);
  }
}
