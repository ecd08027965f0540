package org.jossl.bench.tls;

import java.io.IOException;
import java.nio.file.Path;
import org.jossl.ssl.SslContext;
import org.jossl.ssl.SslMethod;
import org.jossl.ssl.TlsVersion;
import org.jossl.ssl.VerifyMode;

/**
 * jossl's Python {@code ssl} face ({@link SslContext}) configured for a {@link Scenario} as {@code
 * tlsbench.c} and {@link JsseSetup} are: one protocol version, one cipher suite, the scenario's
 * groups, the scenario's number of tickets; the client verifies the server against the root and
 * checks no host name. Everything else is Python's default (e.g. {@code SSL_MODE_RELEASE_BUFFERS},
 * the server's session cache).
 */
final class SslSetup {
  private SslSetup() {}

  /** Python: {@code SSLContext(PROTOCOL_TLS_SERVER)}, {@code load_cert_chain}, the scenario. */
  static SslContext server(Scenario sc, Path pki) throws IOException {
    Pki.Files3 f = Pki.files(pki, sc);
    SslContext ctx = common(new SslContext(SslMethod.PROTOCOL_TLS_SERVER), sc);
    ctx.loadCertChain(f.cert().toString(), f.key().toString());
    ctx.setNumTickets(sc.tickets());
    return ctx;
  }

  /** Python: {@code SSLContext(PROTOCOL_TLS_CLIENT)}, {@code load_verify_locations(root)}. */
  static SslContext client(Scenario sc, Path pki) throws IOException {
    SslContext ctx = common(new SslContext(SslMethod.PROTOCOL_TLS_CLIENT), sc);
    ctx.setCheckHostname(false);
    ctx.setVerifyMode(VerifyMode.CERT_REQUIRED);
    ctx.loadVerifyLocations(Pki.files(pki, sc).ca().toString());
    return ctx;
  }

  private static SslContext common(SslContext ctx, Scenario sc) throws IOException {
    TlsVersion v = sc.tls13 ? TlsVersion.TLSv1_3 : TlsVersion.TLSv1_2;
    ctx.setMinimumVersion(v);
    ctx.setMaximumVersion(v);
    if (sc.tls13) {
      ctx.setCiphersuites(sc.opensslCipher);
    } else {
      ctx.setCiphers(sc.opensslCipher);
    }
    ctx.setGroups(sc.opensslGroups());
    return ctx;
  }
}
