package org.jossl.bench.tls;

import java.lang.reflect.Field;
import java.nio.file.Path;
import org.jossl.internal.NativeContext;
import org.jossl.internal.ffi.LibSsl;
import org.jossl.openssl.Context;
import org.jossl.openssl.OpenSsl;
import org.jossl.openssl.OpenSslException;

/**
 * Builds the two {@link Context}s of a scenario through the pyOpenSSL face, exactly as {@code
 * tlsbench.c} configures its {@code SSL_CTX}s.
 */
final class OpenSslSetup {
  private OpenSslSetup() {}

  /** The server context: certificate and key, one version, one cipher, X25519, tickets. */
  static Context server(Scenario sc, Path pki) throws OpenSslException {
    Pki.Files3 f = Pki.files(pki, sc);
    Context ctx = common(sc);
    ctx.useCertificateFile(f.cert().toString());
    ctx.usePrivatekeyFile(f.key().toString());
    ctx.setSessionCacheMode(OpenSsl.SESS_CACHE_OFF);
    if (sc.tickets() == 0) {
      ctx.setOptions(OpenSsl.OP_NO_TICKET);
    }
    setNumTickets(ctx, sc.tickets());
    return ctx;
  }

  /** The client context: verifies the server against the scenario's root. */
  static Context client(Scenario sc, Path pki) throws OpenSslException {
    Context ctx = common(sc);
    ctx.loadVerifyLocations(Pki.files(pki, sc).ca().toString());
    ctx.setVerify(OpenSsl.VERIFY_PEER);
    return ctx;
  }

  private static Context common(Scenario sc) throws OpenSslException {
    Context ctx = new Context(OpenSsl.TLS_METHOD);
    int v = sc.tls13 ? OpenSsl.TLS1_3_VERSION : OpenSsl.TLS1_2_VERSION;
    ctx.setMinProtoVersion(v);
    ctx.setMaxProtoVersion(v);
    if (sc.tls13) {
      ctx.setTls13Ciphersuites(sc.opensslCipher);
    } else {
      ctx.setCipherList(sc.opensslCipher);
    }
    ctx.setGroups(sc.opensslGroups());
    return ctx;
  }

  /**
   * {@code SSL_CTX_set_num_tickets}: pyOpenSSL's Context has no such method (Python's ssl has
   * {@code SSLContext.num_tickets}), so the benchmark sets it on the face's {@code SSL_CTX}.
   */
  static void setNumTickets(Context ctx, int n) {
    nativeContext(ctx)
        .ref
        .use(
            c -> {
              if (LibSsl.SSL_CTX_set_num_tickets(c, n) != 1) {
                throw new IllegalStateException("SSL_CTX_set_num_tickets failed");
              }
              return null;
            });
  }

  /**
   * The engine-level context behind a face {@link Context} (the benchmark runs on the class path).
   */
  static NativeContext nativeContext(Context ctx) {
    try {
      Field f = Context.class.getDeclaredField("context");
      f.setAccessible(true);
      return (NativeContext) f.get(ctx);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
