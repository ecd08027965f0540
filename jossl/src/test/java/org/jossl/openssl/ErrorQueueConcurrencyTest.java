package org.jossl.openssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jossl.crypto.CertificateAuthority;
import org.junit.jupiter.api.Test;

/**
 * No error outlives its call, whichever thread makes it. Many handshakes that fail in different
 * ways (untrusted certificate, no common protocol version, a callback that throws, garbage, a peer
 * that vanishes) run at once on virtual threads and on a small pool of platform threads; each task
 * checks that its thread's OpenSSL error queue is empty when it starts (a virtual thread's queue is
 * its carrier's, so a leftover from an earlier task on the same carrier shows up there) and when it
 * ends. The {@code ErrorQueueHygiene} extension covers the test thread itself.
 */
class ErrorQueueConcurrencyTest {
  private static final int TASKS = SafetyFixtures.soak() ? 20_000 : 600;

  private final List<String> problems = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();

  /** The ways a handshake fails; each returns a short name of what was seen. */
  private static String failingHandshake(int kind, Context[] ctx) throws Exception {
    switch (kind) {
      case 0 -> {
        // the client does not trust the server's issuer
        try (Connection c = SafetyFixtures.client(ctx[2]);
            Connection s = SafetyFixtures.server(ctx[1])) {
          SafetyFixtures.handshake(c, s);
          return "completed?";
        }
      }
      case 1 -> {
        // no protocol version in common
        try (Connection c = SafetyFixtures.client(ctx[3]);
            Connection s = SafetyFixtures.server(ctx[4])) {
          SafetyFixtures.handshake(c, s);
          return "completed?";
        }
      }
      case 2 -> {
        // the verify callback throws
        try (Connection c = SafetyFixtures.client(ctx[0]);
            Connection s = SafetyFixtures.server(ctx[1])) {
          c.setVerify(
              OpenSsl.VERIFY_PEER,
              (conn, cert, errno, depth, ok) -> {
                throw new IllegalArgumentException("no");
              });
          SafetyFixtures.handshake(c, s);
          return "completed?";
        }
      }
      case 3 -> {
        // garbage instead of a ClientHello
        try (Connection s = SafetyFixtures.server(ctx[1])) {
          s.bioWrite("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
          s.doHandshake();
          return "completed?";
        }
      }
      case 4 -> {
        // the server vanishes after the ClientHello
        try (Connection c = SafetyFixtures.client(ctx[0])) {
          try {
            c.doHandshake();
          } catch (WantReadException expected) {
            // hello out
          }
          c.bioShutdown();
          c.doHandshake();
          return "completed?";
        }
      }
      default -> {
        // a good handshake, then a bad session and an exporter with nothing negotiated yet
        try (Connection c = SafetyFixtures.client(ctx[0]);
            Connection s = SafetyFixtures.server(ctx[1])) {
          try {
            c.exportKeyingMaterial("EXPORTER".getBytes(), 32, null);
          } catch (OpenSslException expected) {
            // not yet
          }
          SafetyFixtures.handshake(c, s);
          try {
            Session.fromDer(new byte[] {0x30, 0x03, 1, 2, 3});
          } catch (OpenSslException expected) {
            return expected.getClass().getSimpleName();
          }
          return "completed?";
        }
      }
    }
  }

  private void task(int i, Context[] ctx, String kind) {
    String where = kind + " task " + i + " on " + Thread.currentThread();
    try {
      SafetyFixtures.assertQueueEmpty("start of " + where);
    } catch (AssertionError e) {
      problems.add(e.getMessage());
    }
    String outcome;
    try {
      outcome = failingHandshake(i % 6, ctx);
    } catch (OpenSslException | IllegalStateException e) {
      outcome = e.getClass().getSimpleName();
    } catch (Throwable t) {
      outcome = t.getClass().getSimpleName();
      if (!(t instanceof IllegalArgumentException)) {
        problems.add(where + ": unexpected " + t);
      }
    }
    outcomes.computeIfAbsent((i % 6) + " " + outcome, k -> new AtomicInteger()).incrementAndGet();
    try {
      SafetyFixtures.assertQueueEmpty("end of " + where);
    } catch (AssertionError e) {
      problems.add(e.getMessage());
    }
  }

  private static Context[] contexts() throws Exception {
    Context good = SafetyFixtures.clientContext();
    Context server = SafetyFixtures.serverContext();
    Context stranger = new Context(OpenSsl.TLS_METHOD);
    stranger.getCertStore().addCert(CertificateAuthority.create().certificate());
    stranger.setVerify(OpenSsl.VERIFY_PEER);
    Context tls13Only = SafetyFixtures.clientContext();
    tls13Only.setMinProtoVersion(OpenSsl.TLS1_3_VERSION);
    Context tls12Only = SafetyFixtures.serverContext();
    tls12Only.setMaxProtoVersion(OpenSsl.TLS1_2_VERSION);
    return new Context[] {good, server, stranger, tls13Only, tls12Only};
  }

  @Test
  void failingHandshakesOnManyThreadsLeaveNoErrorBehind() throws Exception {
    Context[] ctx = contexts();
    try (ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor();
        ExecutorService pool = Executors.newFixedThreadPool(4)) {
      List<Future<?>> all = new java.util.ArrayList<>();
      for (int i = 0; i < TASKS; i++) {
        int n = i;
        all.add(virtual.submit(() -> task(n, ctx, "virtual")));
        if (i % 4 == 0) {
          all.add(pool.submit(() -> task(n, ctx, "pool")));
        }
      }
      for (Future<?> f : all) {
        f.get(120, TimeUnit.SECONDS);
      }
      // a last wave only looks: carriers and pool threads must have nothing left over
      List<Future<?>> canaries = new java.util.ArrayList<>();
      for (int i = 0; i < 64; i++) {
        canaries.add(virtual.submit(() -> SafetyFixtures.assertQueueEmpty("virtual canary")));
        canaries.add(pool.submit(() -> SafetyFixtures.assertQueueEmpty("pool canary")));
      }
      for (Future<?> f : canaries) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      for (Context c : ctx) {
        c.close();
      }
    }
    new java.util.TreeMap<>(outcomes).forEach((k, v) -> System.out.println(k + " x" + v));
    assertEquals(List.of(), problems);
    // every kind failed as a failure should, none completed
    assertTrue(
        outcomes.keySet().stream().noneMatch(k -> k.endsWith("completed?")), outcomes::toString);
    for (int kind = 0; kind < 6; kind++) {
      String prefix = kind + " ";
      assertTrue(
          outcomes.keySet().stream().anyMatch(k -> k.startsWith(prefix)),
          "kind " + kind + " never ran");
    }
  }
}
