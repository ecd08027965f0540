package org.jossl.openssl;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jossl.crypto.Crypto;
import org.jossl.crypto.PKey;
import org.jossl.crypto.X509;

/**
 * Run in a forked JVM by {@link EngineSafetyTest}: TLS handshakes with every callback installed,
 * and passphrase-protected key loads, started with almost no stack left — at every depth from the
 * very edge of a stack overflow upwards, one frame at a time. An upcall whose first frame does not
 * fit would abort the JVM ("Unrecoverable uncaught exception"); jossl must instead throw {@link
 * StackOverflowError} to the caller before the native call, or complete.
 *
 * <p>Arguments: the kinds of thread to scan on ({@code platform,virtual}), how many successes in a
 * row end the scan (the danger zone lies below the first successes), and optionally the platform
 * thread's stack size in KiB (256).
 */
public final class DeepStackMain {
  private DeepStackMain() {}

  static Context cc;
  static Context sc;
  static byte[] encryptedKey;
  static String certificatePem;
  static int attempts;
  static int completed;
  static int overflowed;
  static int inARow;
  static String unexpected;

  static int stopAfter;

  /**
   * Recurses until the stack overflows, then makes an attempt in every frame on the way back up:
   * one dive tries every depth from the very edge upwards, frame by frame, until enough attempts in
   * a row have succeeded.
   */
  static void dive() {
    try {
      dive();
    } catch (StackOverflowError bottom) {
      // the deepest frame that could catch it: the scan starts here
    }
    if (inARow < stopAfter) {
      attempt();
    }
  }

  static int tlsInARow;
  static int pemInARow;

  /**
   * A handshake and a passphrase load, each tried on its own at this depth until it has succeeded
   * {@link #stopAfter} times in a row (its edge lies below).
   */
  static void attempt() {
    attempts++;
    if (tlsInARow < stopAfter) {
      tlsInARow = tryAt(DeepStackMain::handshake) ? tlsInARow + 1 : 0;
    }
    if (pemInARow < stopAfter) {
      pemInARow = tryAt(DeepStackMain::loadKeyAndCertificate) ? pemInARow + 1 : 0;
    }
    inARow = Math.min(tlsInARow, pemInARow);
    if (tlsInARow > 0 && pemInARow > 0) {
      completed++;
    } else {
      overflowed++;
    }
  }

  private interface Attempt {
    void run() throws Exception;
  }

  /** True if {@code a} completed, false if it overflowed the stack (before the native call). */
  private static boolean tryAt(Attempt a) {
    try {
      a.run();
      return true;
    } catch (StackOverflowError e) {
      return false;
    } catch (Throwable t) {
      // a handler's overflow that could not even be recorded turns into a failed handshake
      if (!(t instanceof OpenSslException
          || t instanceof IllegalStateException
          || t instanceof org.jossl.crypto.CryptoException)) {
        unexpected = String.valueOf(t);
      }
      return false;
    }
  }

  private static void handshake() throws Exception {
    Connection client = SafetyFixtures.client(cc);
    Connection server = SafetyFixtures.server(sc);
    client.setTlsextHostName("localhost");
    client.requestOcsp();
    try {
      SafetyFixtures.handshake(client, server);
    } finally {
      client.close();
      server.close();
    }
  }

  private static void loadKeyAndCertificate() throws Exception {
    PKey k = Crypto.loadPrivateKey(Crypto.FILETYPE_PEM, encryptedKey, rw -> "pw".getBytes());
    k.close();
    X509 x = X509.fromPem(certificatePem);
    x.close();
  }

  public static void main(String[] args) throws Exception {
    cc = SafetyFixtures.clientContext();
    sc = SafetyFixtures.serverContext();
    cc.setVerify(OpenSsl.VERIFY_PEER, (c, x, e, d, ok) -> ok == 1);
    cc.setKeylogCallback((c, line) -> {});
    cc.setInfoCallback((c, where, ret) -> {});
    cc.setAlpnProtos(List.of("h2".getBytes(StandardCharsets.US_ASCII)));
    cc.setOcspClientCallback((c, ocsp, data) -> true, null);
    sc.setInfoCallback((c, where, ret) -> {});
    sc.setAlpnSelectCallback((c, offered) -> offered.getFirst());
    sc.setTlsextServernameCallback(c -> {});
    sc.setOcspServerCallback((c, data) -> "staple".getBytes(StandardCharsets.US_ASCII), null);
    PKey key = PKey.generateEc("P-256");
    encryptedKey = Crypto.dumpPrivateKey(Crypto.FILETYPE_PEM, key, "aes256", "pw".getBytes());
    certificatePem = SafetyFixtures.ROOT.certificatePem();
    stopAfter = Integer.parseInt(args[1]);
    // warm up at a comfortable depth (class loading, lambda linkage): the scan is about the edge
    for (int i = 0; i < 3; i++) {
      attempt();
    }
    // a small stack keeps the dive short; interpreted frames need more room for one attempt
    int stackKb = args.length > 2 ? Integer.parseInt(args[2]) : 256;
    boolean ok = true;
    for (String kind : args[0].split(",")) {
      attempts = 0;
      completed = 0;
      overflowed = 0;
      inARow = 0;
      tlsInARow = 0;
      pemInARow = 0;
      Runnable scan = DeepStackMain::dive;
      Thread t =
          kind.equals("virtual")
              ? Thread.ofVirtual().start(scan)
              : Thread.ofPlatform().stackSize(stackKb * 1024L).start(scan);
      t.join();
      System.out.println(
          kind
              + " thread: attempts "
              + attempts
              + ", completed "
              + completed
              + ", overflowed "
              + overflowed
              + (unexpected == null ? "" : ", unexpected " + unexpected));
      if (unexpected != null || overflowed == 0 || inARow < stopAfter) {
        System.out.println("FAILURE: the scan did not cross from overflows to completions cleanly");
        ok = false;
      }
    }
    System.out.flush();
    System.exit(ok ? 0 : 1);
  }
}
