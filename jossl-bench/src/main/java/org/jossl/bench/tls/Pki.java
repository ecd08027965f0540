package org.jossl.bench.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jossl.crypto.CertificateAuthority;
import org.jossl.crypto.CryptoException;
import org.jossl.crypto.IssuedCertificate;
import org.jossl.crypto.KeyType;

/**
 * The certificates every implementation uses, as PEM files so the C program loads the very same
 * ones: {@code DIR/ecdsa/} (P-256 root, P-256 leaf) and {@code DIR/rsa/} (RSA-2048 root, RSA-2048
 * leaf), each with {@code ca.pem}, {@code server.pem}, {@code server.key}. The leaf is issued by
 * the root directly, so the server sends one certificate.
 */
public final class Pki {
  /** System property naming a directory written by {@link #write}; unset: a temporary one. */
  public static final String PROPERTY = "jossl.bench.pki";

  private Pki() {}

  /** Writes a fresh PKI into {@code dir}; returns it. */
  public static Path write(Path dir) throws IOException, CryptoException {
    write(dir.resolve("ecdsa"), KeyType.EC_P256);
    write(dir.resolve("rsa"), KeyType.RSA_2048);
    return dir;
  }

  private static void write(Path dir, KeyType type) throws IOException, CryptoException {
    CertificateAuthority root =
        CertificateAuthority.builder().commonName("jossl bench root").keyType(type).build();
    IssuedCertificate leaf = root.leaf("localhost").keyType(type).build();
    root.writeTo(dir);
    leaf.writeTo(dir, "server");
  }

  /** The directory named by {@value #PROPERTY}, or a new temporary PKI. */
  public static Path directory() throws IOException, CryptoException {
    String d = System.getProperty(PROPERTY);
    if (d != null && !d.isBlank()) {
      Path p = Path.of(d);
      if (Files.isRegularFile(p.resolve("ecdsa/server.pem"))) {
        return p;
      }
      return write(p);
    }
    Path tmp = Files.createTempDirectory("jossl-bench-pki");
    return write(tmp);
  }

  /** The files of one key type. */
  public record Files3(Path ca, Path cert, Path key) {}

  /** The files of {@code scenario}'s key type under {@code dir}. */
  public static Files3 files(Path dir, Scenario scenario) {
    Path d = dir.resolve(scenario.keys);
    return new Files3(d.resolve("ca.pem"), d.resolve("server.pem"), d.resolve("server.key"));
  }

  /** Writes a PKI: {@code java -cp ... org.jossl.bench.tls.Pki DIR}. */
  public static void main(String[] args) throws Exception {
    System.out.println(write(Path.of(args[0])));
  }
}
