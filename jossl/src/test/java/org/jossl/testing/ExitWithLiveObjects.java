package org.jossl.testing;

import java.util.ArrayList;
import java.util.List;
import org.jossl.crypto.CertificateAuthority;
import org.jossl.crypto.Crypto;
import org.jossl.crypto.IssuedCertificate;
import org.jossl.crypto.PKey;
import org.jossl.crypto.X509Store;

/**
 * Run in a forked JVM: makes native objects, keeps them alive, keeps passphrase upcalls running on
 * other threads, and exits mid-flight. The JVM must exit with status 0 and no crash: OpenSSL's
 * exit-time cleanup must never reach a Java upcall.
 */
public final class ExitWithLiveObjects {
  private ExitWithLiveObjects() {}

  static final List<Object> LIVE = java.util.Collections.synchronizedList(new ArrayList<>());

  public static void main(String[] args) throws Exception {
    CertificateAuthority root = CertificateAuthority.create();
    IssuedCertificate leaf = root.intermediate("Intermediate").issue("localhost", "127.0.0.1");
    X509Store store = new X509Store().addCert(root.certificate());
    PKey key = PKey.generateEc("P-256");
    byte[] encrypted = Crypto.dumpPrivateKey(Crypto.FILETYPE_PEM, key, "aes256", "pw".getBytes());
    LIVE.add(root);
    LIVE.add(leaf);
    LIVE.add(store);
    LIVE.add(key);
    for (int i = 0; i < 4; i++) {
      Thread t =
          Thread.ofPlatform()
              .daemon(i % 2 == 0)
              .start(
                  () -> {
                    while (true) {
                      try {
                        LIVE.add(
                            Crypto.loadPrivateKey(
                                Crypto.FILETYPE_PEM, encrypted, rw -> "pw".getBytes()));
                        synchronized (LIVE) {
                          if (LIVE.size() > 200) {
                            LIVE.subList(10, LIVE.size()).clear();
                          }
                        }
                      } catch (Exception e) {
                        System.err.println("unexpected: " + e);
                        System.exit(3);
                      }
                    }
                  });
    }
    Thread.sleep(Long.parseLong(args.length > 0 ? args[0] : "300"));
    System.exit(0);
  }
}
