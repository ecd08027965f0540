package org.jossl.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jossl.crypto.CertificateAuthority;
import org.jossl.crypto.Crypto;
import org.jossl.crypto.IssuedCertificate;
import org.jossl.crypto.PKey;
import org.jossl.crypto.X509Store;
import org.jossl.openssl.Connection;
import org.jossl.openssl.Context;
import org.jossl.openssl.OpenSsl;
import org.jossl.openssl.WantReadException;

/**
 * Run in a forked JVM: makes native objects, keeps them alive, keeps upcalls running on other
 * threads, and exits mid-flight. The JVM must exit with status 0 and no crash: OpenSSL's exit-time
 * cleanup must never reach a Java upcall, nor free what other threads are using.
 *
 * <p>Arguments: milliseconds to run before {@code System.exit(0)}, then optionally {@code
 * handshakes} (the milliseconds then count from the first few thousand callbacks): besides the
 * passphrase upcalls, platform and virtual threads run TLS handshakes with every kind of callback
 * registered (verify, info, keylog, ALPN, server name, OCSP on both ends) over memory BIOs, round
 * after round, and sessions, certificates and connections are left open.
 */
public final class ExitWithLiveObjects {
  private ExitWithLiveObjects() {}

  static final List<Object> LIVE = java.util.Collections.synchronizedList(new ArrayList<>());
  static final AtomicLong UPCALLS = new AtomicLong();

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
                        trim();
                      } catch (Exception e) {
                        System.err.println("unexpected: " + e);
                        System.exit(3);
                      }
                    }
                  });
    }
    if (args.length > 1 && args[1].equals("handshakes")) {
      // long native calls (RSA key generation, scrypt) keep threads inside OpenSSL when the exit
      // comes; an exit-time cleanup would free the library state under them
      for (int i = 0; i < 2; i++) {
        int n = i;
        Thread.ofPlatform()
            .daemon(n == 0)
            .start(
                () -> {
                  while (true) {
                    try {
                      LIVE.add(n == 0 ? PKey.generateRsa(2048) : PKey.generateEc("P-384"));
                      LIVE.add(
                          Crypto.loadPrivateKey(
                              Crypto.FILETYPE_PEM,
                              Crypto.dumpPrivateKey(
                                  Crypto.FILETYPE_PEM, key, "aes-128-cbc", "pw".getBytes()),
                              rw -> {
                                UPCALLS.incrementAndGet();
                                return "pw".getBytes();
                              }));
                      trim();
                    } catch (Exception e) {
                      System.err.println("unexpected: " + e);
                      System.exit(3);
                    }
                  }
                });
      }
      for (int i = 0; i < 6; i++) {
        Runnable loop = () -> handshakes(root, leaf);
        if (i % 2 == 0) {
          Thread.ofVirtual().start(loop);
        } else {
          Thread.ofPlatform().daemon(i % 3 == 0).start(loop);
        }
      }
    }
    if (args.length > 1 && args[1].equals("handshakes")) {
      // the handshakes warm up first (class loading, key generation): exit only once callbacks run
      long until = System.nanoTime() + 30_000_000_000L;
      while (UPCALLS.get() < 500 && System.nanoTime() < until) {
        Thread.sleep(5);
      }
    }
    Thread.sleep(Long.parseLong(args.length > 0 ? args[0] : "300"));
    System.out.println("upcalls before exit: " + UPCALLS.get());
    System.out.flush();
    System.exit(0);
  }

  private static void trim() {
    synchronized (LIVE) {
      if (LIVE.size() > 200) {
        LIVE.subList(10, LIVE.size()).clear();
      }
    }
  }

  /** Memory handshakes with every callback, forever; objects are left for the exit to find. */
  private static void handshakes(CertificateAuthority root, IssuedCertificate leaf) {
    try {
      Context cc = new Context(OpenSsl.TLS_METHOD);
      cc.getCertStore().addCert(root.certificate());
      cc.setVerify(
          OpenSsl.VERIFY_PEER,
          (conn, cert, errno, depth, ok) -> {
            UPCALLS.incrementAndGet();
            cert.getSubject();
            return true;
          });
      cc.setInfoCallback((conn, where, ret) -> UPCALLS.incrementAndGet());
      cc.setKeylogCallback((conn, line) -> UPCALLS.incrementAndGet());
      cc.setAlpnProtos(List.of("h2".getBytes(StandardCharsets.US_ASCII)));
      cc.setOcspClientCallback(
          (conn, ocsp, data) -> {
            UPCALLS.incrementAndGet();
            return true;
          },
          null);
      Context sc = new Context(OpenSsl.TLS_METHOD);
      sc.useCertificate(leaf.certificate());
      sc.usePrivatekey(leaf.key());
      for (var c : leaf.chain().subList(1, leaf.chain().size())) {
        sc.addExtraChainCert(c);
      }
      sc.setInfoCallback((conn, where, ret) -> UPCALLS.incrementAndGet());
      sc.setKeylogCallback((conn, line) -> UPCALLS.incrementAndGet());
      sc.setAlpnSelectCallback(
          (conn, offered) -> {
            UPCALLS.incrementAndGet();
            return offered.getFirst();
          });
      sc.setTlsextServernameCallback(conn -> UPCALLS.incrementAndGet());
      sc.setOcspServerCallback(
          (conn, data) -> {
            UPCALLS.incrementAndGet();
            return "staple".getBytes(StandardCharsets.US_ASCII);
          },
          null);
      LIVE.add(cc);
      LIVE.add(sc);
      for (int round = 0; ; round++) {
        Connection client = new Connection(cc);
        client.setConnectState();
        client.setTlsextHostName("localhost");
        client.requestOcsp();
        Connection server = new Connection(sc);
        server.setAcceptState();
        boolean cd = false;
        boolean sd = false;
        for (int i = 0; i < 20 && !(cd && sd); i++) {
          cd = cd || step(client);
          move(client, server);
          sd = sd || step(server);
          move(server, client);
        }
        client.sendAll("ping".getBytes(StandardCharsets.US_ASCII));
        move(client, server);
        server.recv(10);
        if (round % 3 == 0) {
          // left open for the exit to find
          LIVE.add(client);
          LIVE.add(server);
          LIVE.add(client.getSession());
          LIVE.add(client.getPeerCertificate());
          trim();
        } else {
          client.close();
          server.close();
        }
      }
    } catch (Exception e) {
      System.err.println("unexpected: " + e);
      e.printStackTrace();
      System.exit(3);
    }
  }

  private static boolean step(Connection c) throws Exception {
    try {
      c.doHandshake();
      return true;
    } catch (WantReadException more) {
      return false;
    }
  }

  private static void move(Connection from, Connection to) throws Exception {
    while (true) {
      byte[] b;
      try {
        b = from.bioRead(32 * 1024);
      } catch (WantReadException none) {
        return;
      }
      to.bioWrite(b);
    }
  }
}
