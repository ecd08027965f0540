package org.jossl.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jossl.crypto.CertificateAuthority;
import org.jossl.crypto.CryptoException;
import org.jossl.crypto.IssuedCertificate;

/**
 * A test PKI as the files servers and clients load: a root's certificate ({@code ca.pem}), and a
 * certificate for {@code localhost} it issued, as its chain ({@code chain.pem}) and key ({@code
 * key.pem}).
 *
 * @param ca the root's certificate (PEM), what a client trusts
 * @param chain the leaf and the certificates above it except the root (PEM)
 * @param key the leaf's private key (PEM)
 */
public record PkiFiles(Path ca, Path chain, Path key) {
  /** Writes a new PKI whose root is called {@code rootName} into {@code dir}. */
  public static PkiFiles write(Path dir, String rootName) throws IOException, CryptoException {
    CertificateAuthority root = CertificateAuthority.builder().commonName(rootName).build();
    IssuedCertificate leaf = root.issue("localhost");
    return new PkiFiles(
        Files.writeString(dir.resolve("ca.pem"), root.certificatePem()),
        Files.writeString(dir.resolve("chain.pem"), leaf.chainPem()),
        Files.writeString(dir.resolve("key.pem"), leaf.keyPem()));
  }
}
