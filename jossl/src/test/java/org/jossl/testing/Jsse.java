package org.jossl.testing;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jossl.crypto.IssuedCertificate;
import org.jossl.crypto.X509;

/**
 * The JDK's own TLS (JSSE) as a test peer: {@link SSLContext}s made from jossl's test PKI, so tests
 * can run jossl against the TLS stack Java developers already use.
 */
public final class Jsse {
  private static final char[] PASSWORD = "jossl".toCharArray();

  private Jsse() {}

  /** A context that presents {@code leaf} (with its chain) and trusts {@code trusted}. */
  public static SSLContext context(IssuedCertificate leaf, X509... trusted) throws Exception {
    KeyManagerFactory kmf = null;
    if (leaf != null) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      List<Certificate> chain = new ArrayList<>();
      for (X509 c : leaf.chain()) {
        chain.add(certificate(c));
      }
      keys.setKeyEntry(
          "leaf", privateKey(leaf.keyPem()), PASSWORD, chain.toArray(Certificate[]::new));
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, PASSWORD);
    }
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    for (int i = 0; i < trusted.length; i++) {
      trust.setCertificateEntry("ca" + i, certificate(trusted[i]));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }

  /** jossl's certificate as the JDK's. */
  public static X509Certificate certificate(X509 c) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(c.toDer()));
  }

  /** A PKCS#8 PEM key ("BEGIN PRIVATE KEY") as the JDK's, whatever its algorithm. */
  public static PrivateKey privateKey(String pkcs8Pem) throws Exception {
    String body = pkcs8Pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    byte[] der = Base64.getDecoder().decode(body.getBytes(StandardCharsets.US_ASCII));
    Exception last = null;
    for (String algorithm : List.of("EC", "RSA", "Ed25519", "Ed448", "RSASSA-PSS")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (Exception e) {
        last = e;
      }
    }
    throw last;
  }
}
