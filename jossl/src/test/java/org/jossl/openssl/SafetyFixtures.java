package org.jossl.openssl;

import java.util.List;
import org.jossl.crypto.CertificateAuthority;
import org.jossl.crypto.IssuedCertificate;
import org.jossl.crypto.X509;
import org.jossl.internal.ErrorEntry;
import org.jossl.internal.ErrorQueue;

/**
 * Shared pieces of the safety and concurrency tests: a test PKI, contexts for both ends, memory
 * handshakes pumped by hand, and an error-queue check for worker threads.
 */
final class SafetyFixtures {
  private SafetyFixtures() {}

  static final CertificateAuthority ROOT;
  static final IssuedCertificate LEAF;

  static {
    try {
      ROOT = CertificateAuthority.create();
      LEAF = ROOT.issue("localhost", "127.0.0.1");
    } catch (Exception e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** A server context with the leaf's certificate and key. */
  static Context serverContext() throws OpenSslException {
    Context c = new Context(OpenSsl.TLS_METHOD);
    c.useCertificate(LEAF.certificate());
    c.usePrivatekey(LEAF.key());
    return c;
  }

  /** A client context trusting the root and verifying the server. */
  static Context clientContext() throws OpenSslException {
    Context c = new Context(OpenSsl.TLS_METHOD);
    try {
      c.getCertStore().addCert(ROOT.certificate());
    } catch (org.jossl.crypto.CryptoException e) {
      throw new OpenSslException(e.errors());
    }
    c.setVerify(OpenSsl.VERIFY_PEER);
    return c;
  }

  /** A memory-mode server connection. */
  static Connection server(Context ctx) throws OpenSslException {
    Connection c = new Connection(ctx);
    c.setAcceptState();
    return c;
  }

  /** A memory-mode client connection. */
  static Connection client(Context ctx) throws OpenSslException {
    Connection c = new Connection(ctx);
    c.setConnectState();
    return c;
  }

  /** Moves every byte waiting in {@code from}'s outbound BIO into {@code to}; the count. */
  static int move(Connection from, Connection to) throws OpenSslException {
    int moved = 0;
    while (true) {
      byte[] b;
      try {
        b = from.bioRead(32 * 1024);
      } catch (WantReadException nothing) {
        return moved;
      }
      to.bioWrite(b);
      moved += b.length;
    }
  }

  /** Runs a handshake step on {@code c}: true when done, false on WANT_READ. */
  static boolean step(Connection c) throws OpenSslException {
    try {
      c.doHandshake();
      return true;
    } catch (WantReadException more) {
      return false;
    }
  }

  /** A full memory handshake, bounded in rounds. */
  static void handshake(Connection client, Connection server) throws OpenSslException {
    boolean cd = false;
    boolean sd = false;
    for (int i = 0; i < 50 && !(cd && sd); i++) {
      if (!cd) {
        cd = step(client);
      }
      move(client, server);
      if (!sd) {
        sd = step(server);
      }
      move(server, client);
    }
    if (!(cd && sd)) {
      throw new IllegalStateException("handshake did not finish");
    }
  }

  /** A connected, handshaken memory pair: {client, server}. */
  static Connection[] pair(Context clientCtx, Context serverCtx) throws OpenSslException {
    Connection client = client(clientCtx);
    Connection server = server(serverCtx);
    handshake(client, server);
    return new Connection[] {client, server};
  }

  /** The root certificate as the verify callback sees it, for identity checks. */
  static X509 root() {
    return ROOT.certificate();
  }

  /**
   * Fails if OpenSSL's error queue of the calling thread is not empty (it is empty afterwards).
   * Worker threads call this at their end: a virtual thread's queue is its carrier's, so an error
   * left behind would surface in whatever runs next on that carrier.
   */
  static void assertQueueEmpty(String where) {
    List<ErrorEntry> left = ErrorQueue.drain();
    if (!left.isEmpty()) {
      StringBuilder b = new StringBuilder("error queue not empty in " + where + ":");
      for (ErrorEntry e : left) {
        b.append("\n  ")
            .append(e.libraryName())
            .append(": ")
            .append(e.reasonName())
            .append(" (")
            .append(e.file())
            .append(':')
            .append(e.line())
            .append(')');
      }
      throw new AssertionError(b.toString());
    }
  }

  /** Whether the long soak variants run ({@code -Djossl.soak=true}). */
  static boolean soak() {
    return org.jossl.testing.ForkedJvm.soak();
  }
}
