package org.jossl.openssl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jossl.crypto.CertificateAuthority;
import org.jossl.crypto.Crypto;
import org.jossl.crypto.CryptoException;
import org.jossl.crypto.IssuedCertificate;
import org.jossl.crypto.KeyType;
import org.jossl.crypto.PKey;
import org.jossl.crypto.X509;

/**
 * The certificates every test of this package shares (made once per JVM by jossl's own {@link
 * CertificateAuthority}), by name: "root" (the trust anchor), "inter" (the intermediate that issued
 * the leaves), "server" (localhost), "client" and "other" (another leaf, whose key matches no other
 * certificate), and "rsa" (localhost with an RSA key, for the DHE-RSA suites). The same material is
 * loaded into the pyOpenSSL peer, and written as PEM files for the file-loading calls.
 */
final class TestPki {
  /** The passphrase of {@link #encryptedServerKey}. */
  static final byte[] PASSPHRASE = "s3cret-passphrase".getBytes(StandardCharsets.US_ASCII);

  final Map<String, X509> certs = new LinkedHashMap<>();
  final Map<String, PKey> keys = new LinkedHashMap<>();
  final Path dir;
  final Path rootPem;
  final Path casPem;
  final Path serverPem;
  final Path serverKey;
  final Path serverChainPem;
  final Path encryptedServerKey;
  final Path missing;

  private static TestPki instance;

  /** The shared instance. */
  static synchronized TestPki get() {
    if (instance == null) {
      try {
        instance = new TestPki();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (CryptoException e) {
        throw new IllegalStateException(e);
      }
    }
    return instance;
  }

  private TestPki() throws IOException, CryptoException {
    CertificateAuthority root = CertificateAuthority.create();
    CertificateAuthority inter = root.intermediate("jossl Test Intermediate");
    IssuedCertificate server = inter.issue("localhost", "127.0.0.1");
    IssuedCertificate client = inter.issue("client");
    IssuedCertificate other = inter.issue("other.test");
    IssuedCertificate rsa = inter.leaf("localhost").keyType(KeyType.RSA_2048).build();
    put("root", root.certificate(), root.key());
    put("inter", inter.certificate(), inter.key());
    put("server", server.certificate(), server.key());
    put("client", client.certificate(), client.key());
    put("other", other.certificate(), other.key());
    put("rsa", rsa.certificate(), rsa.key());
    dir = Files.createTempDirectory("jossl-openssl-pki");
    dir.toFile().deleteOnExit();
    rootPem = write("root.pem", root.certificatePem());
    casPem = write("cas.pem", root.certificatePem() + inter.certificatePem());
    serverPem = write("server.pem", server.certificatePem());
    serverKey = write("server.key", server.keyPem());
    serverChainPem = write("server-chain.pem", server.chainPem());
    encryptedServerKey =
        write(
            "server-encrypted.key",
            new String(
                Crypto.dumpPrivateKey(Crypto.FILETYPE_PEM, server.key(), "aes-256-cbc", PASSPHRASE),
                StandardCharsets.US_ASCII));
    missing = dir.resolve("no-such-file.pem");
  }

  private void put(String name, X509 cert, PKey key) {
    certs.put(name, cert);
    keys.put(name, key);
  }

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text, StandardCharsets.US_ASCII);
    p.toFile().deleteOnExit();
    return p;
  }

  /** Certificate and key of {@code name} in PEM, for the peer. */
  String[] pem(String name) {
    try {
      return new String[] {certs.get(name).toPem(), keys.get(name).toPem()};
    } catch (CryptoException e) {
      throw new IllegalStateException(e);
    }
  }
}
