package org.jossl.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A leaf certificate issued by a {@link CertificateAuthority}, with its private key and the chain a
 * server presents.
 */
public final class IssuedCertificate {
  private final X509 certificate;
  private final PKey key;
  private final CertificateAuthority issuer;

  IssuedCertificate(X509 certificate, PKey key, CertificateAuthority issuer) {
    this.certificate = certificate;
    this.key = key;
    this.issuer = issuer;
  }

  /** The certificate. */
  public X509 certificate() {
    return certificate;
  }

  /** Its private key. */
  public PKey key() {
    return key;
  }

  /** The CA that issued it. */
  public CertificateAuthority issuer() {
    return issuer;
  }

  /** The chain a server sends: this certificate, then the intermediates (not the root). */
  public List<X509> chain() {
    List<X509> out = new ArrayList<>();
    out.add(certificate);
    for (CertificateAuthority ca = issuer; ca != null && ca.parent() != null; ca = ca.parent()) {
      out.add(ca.certificate());
    }
    return out;
  }

  /** The certificate in PEM. */
  public String certificatePem() throws CryptoException {
    return certificate.toPem();
  }

  /** The private key in unencrypted PKCS#8 PEM. */
  public String keyPem() throws CryptoException {
    return key.toPem();
  }

  /** {@link #chain()} in PEM: what {@code load_cert_chain} and {@code -cert_chain} take. */
  public String chainPem() throws CryptoException {
    StringBuilder b = new StringBuilder();
    for (X509 c : chain()) {
      b.append(c.toPem());
    }
    return b.toString();
  }

  /**
   * Writes {@code NAME.pem} (certificate), {@code NAME.key} (key, owner-only where the file system
   * allows) and {@code NAME-chain.pem} (certificate and intermediates) into {@code dir}.
   *
   * @return the files written, by role: "cert", "key", "chain"
   */
  public Map<String, Path> writeTo(Path dir, String name) throws IOException, CryptoException {
    Files.createDirectories(dir);
    Map<String, Path> files = new LinkedHashMap<>();
    files.put("cert", write(dir.resolve(name + ".pem"), certificatePem()));
    Path keyFile = write(dir.resolve(name + ".key"), keyPem());
    restrict(keyFile);
    files.put("key", keyFile);
    files.put("chain", write(dir.resolve(name + "-chain.pem"), chainPem()));
    return files;
  }

  private static Path write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.US_ASCII);
    return file;
  }

  static void restrict(Path keyFile) {
    try {
      Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException | IOException e) {
      // not a POSIX file system: leave the default permissions
    }
  }
}
