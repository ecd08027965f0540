package org.jossl.bench.tls;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.jossl.crypto.Crypto;
import org.jossl.crypto.PKey;

/**
 * JSSE configured like the OpenSSL side of a {@link Scenario}: the same certificate files, one
 * protocol version, one cipher suite, the scenario's groups; the client trusts the root with the
 * default PKIX trust manager and checks no host name.
 */
final class JsseSetup {
  /** The system property JSSE reads once per JVM for the number of TLS 1.3 tickets. */
  static final String TICKETS = "jdk.tls.server.newSessionTicketCount";

  /** The server's context (certificate and key). */
  final SSLContext serverContext;

  /** The client's context (trusts the scenario's root). */
  final SSLContext clientContext;

  /** The server's parameters: version, cipher suite, groups. */
  final SSLParameters serverParameters;

  /** The client's parameters: version, cipher suite, groups. */
  final SSLParameters clientParameters;

  /** The DER length of the server's certificate. */
  final int certificateLength;

  private final TrustManagerFactory trust;

  JsseSetup(Scenario sc, Path pki) throws Exception {
    setTickets(sc);
    Pki.Files3 f = Pki.files(pki, sc);
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    X509Certificate ca =
        (X509Certificate)
            cf.generateCertificate(new ByteArrayInputStream(Files.readAllBytes(f.ca())));
    X509Certificate leaf =
        (X509Certificate)
            cf.generateCertificate(new ByteArrayInputStream(Files.readAllBytes(f.cert())));
    certificateLength = leaf.getEncoded().length;
    PrivateKey key;
    try (PKey k = Crypto.loadPrivateKey(Crypto.FILETYPE_PEM, Files.readAllBytes(f.key()))) {
      key = k.toJavaPrivateKey();
    }
    char[] pw = "bench".toCharArray();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("server", key, pw, new Certificate[] {leaf});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, pw);
    serverContext = SSLContext.getInstance("TLS");
    serverContext.init(kmf.getKeyManagers(), null, null);

    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    ts.setCertificateEntry("root", ca);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    trust = tmf;
    clientContext = newClientContext();

    clientParameters = parameters(sc, clientContext.getDefaultSSLParameters());
    serverParameters = parameters(sc, serverContext.getDefaultSSLParameters());
  }

  /**
   * Another client context like {@link #clientContext}, with a session cache of its own. JSSE's
   * client cache is per context and keyed by the server's host and port, with at most 10 tickets
   * queued per key: clients that each resume their own previous session need a context each.
   */
  SSLContext newClientContext() throws Exception {
    SSLContext c = SSLContext.getInstance("TLS");
    c.init(null, trust.getTrustManagers(), null);
    return c;
  }

  private static SSLParameters parameters(Scenario sc, SSLParameters p) {
    p.setProtocols(new String[] {sc.tls13 ? "TLSv1.3" : "TLSv1.2"});
    p.setCipherSuites(new String[] {sc.jsseCipher});
    p.setNamedGroups(sc.jsseGroups());
    return p;
  }

  /**
   * Sets {@value #TICKETS} to the scenario's number of tickets; JSSE reads it once per JVM, so it
   * must be set before the first JSSE use and never change (one JVM per scenario).
   */
  static void setTickets(Scenario sc) {
    String wanted = Integer.toString(sc.tickets());
    String before = System.setProperty(TICKETS, wanted);
    if (before != null && !before.equals(wanted)) {
      throw new IllegalStateException(TICKETS + " was already " + before + " in this JVM");
    }
  }
}
