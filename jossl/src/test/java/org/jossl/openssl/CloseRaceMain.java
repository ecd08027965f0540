package org.jossl.openssl;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Run in a forked JVM by {@link EngineSafetyTest}: {@code close()} of connections and contexts
 * racing handshakes, reads, writes, shutdowns, getters and callbacks on other threads, round after
 * round until a time budget is spent.
 *
 * <p>Arguments: {@code memory|socket}, milliseconds (half with platform threads, half with virtual
 * ones; at least three rounds each). Every exception a worker sees must be an {@link
 * IllegalStateException} (closed under it) or of the {@link OpenSslException} family; every
 * worker's error queue must be empty when it ends; no round may hang. Prints what the races hit and
 * exits 1 on any failure.
 */
public final class CloseRaceMain {
  private CloseRaceMain() {}

  private static final List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
  private static final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
  private static final AtomicLong callbackCalls = new AtomicLong();

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    long budget = Long.parseLong(args[1]) * 1_000_000L / 2;
    // the test PKI and the first connections (class loading, JIT) before the clock starts
    contexts()[0].close();
    try (ServerSocket listener = new ServerSocket(0, 100, InetAddress.getLoopbackAddress())) {
      for (boolean virtual : new boolean[] {false, true}) {
        int rounds = 0;
        long end = System.nanoTime() + budget;
        while ((System.nanoTime() < end || rounds < 3) && failures.isEmpty()) {
          if (mode.equals("memory")) {
            memoryRound(virtual, rounds);
          } else {
            socketRound(virtual, listener, rounds);
          }
          rounds++;
        }
        System.out.println((virtual ? "virtual" : "platform") + " threads, rounds: " + rounds);
      }
    }
    System.out.println("callback calls: " + callbackCalls.get());
    new java.util.TreeMap<>(seen).forEach((k, v) -> System.out.println("  " + k + ": " + v));
    if (!seen.containsKey("IllegalStateException")) {
      failures.add("no close ever landed during a call: the races did not race");
    }
    failures.forEach(f -> System.out.println("FAILURE " + f));
    System.out.flush();
    System.exit(failures.isEmpty() ? 0 : 1);
  }

  /** Contexts with every handshake callback installed; each touches its connection. */
  static Context[] contexts() throws OpenSslException {
    Context cc = SafetyFixtures.clientContext();
    Context sc = SafetyFixtures.serverContext();
    cc.setVerify(
        OpenSsl.VERIFY_PEER,
        (conn, cert, errno, depth, ok) -> {
          callbackCalls.incrementAndGet();
          cert.getSubject();
          conn.getStateString();
          return ok == 1;
        });
    cc.setKeylogCallback(
        (conn, line) -> {
          callbackCalls.incrementAndGet();
          conn.getCipherName();
        });
    cc.setInfoCallback((conn, where, ret) -> callbackCalls.incrementAndGet());
    cc.setAlpnProtos(List.of("h2".getBytes(StandardCharsets.US_ASCII)));
    cc.setOcspClientCallback(
        (conn, ocsp, data) -> {
          callbackCalls.incrementAndGet();
          return true;
        },
        null);
    sc.setInfoCallback(
        (conn, where, ret) -> {
          callbackCalls.incrementAndGet();
          conn.getStateString();
        });
    sc.setAlpnSelectCallback(
        (conn, offered) -> {
          callbackCalls.incrementAndGet();
          return offered.getFirst();
        });
    sc.setTlsextServernameCallback(
        conn -> {
          callbackCalls.incrementAndGet();
          conn.getServername();
        });
    sc.setOcspServerCallback(
        (conn, data) -> {
          callbackCalls.incrementAndGet();
          return "staple".getBytes(StandardCharsets.US_ASCII);
        },
        null);
    return new Context[] {cc, sc};
  }

  static void prepareClient(Connection c) throws OpenSslException {
    c.setTlsextHostName("localhost");
    c.requestOcsp();
  }

  /** Runs {@code body} on a worker, recording what it threw. */
  private static Thread worker(boolean virtual, String name, Body body) {
    Runnable r =
        () -> {
          try {
            body.run();
          } catch (Throwable t) {
            classify(name, t);
          } finally {
            try {
              SafetyFixtures.assertQueueEmpty(name);
            } catch (AssertionError e) {
              failures.add(e.getMessage());
            }
          }
        };
    return virtual
        ? Thread.ofVirtual().name(name).start(r)
        : Thread.ofPlatform().name(name).start(r);
  }

  private interface Body {
    void run() throws Exception;
  }

  private static void classify(String where, Throwable t) {
    if (t instanceof IllegalStateException) {
      count("IllegalStateException");
    } else if (t instanceof OpenSslException) {
      count(t.getClass().getSimpleName());
    } else {
      StringBuilder b = new StringBuilder(where + ": unexpected " + t);
      for (StackTraceElement e : t.getStackTrace()) {
        b.append("\n    at ").append(e);
      }
      failures.add(b.toString());
    }
  }

  private static void count(String what) {
    seen.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
  }

  private static void join(Thread t, String round) throws InterruptedException {
    t.join(10_000);
    if (t.isAlive()) {
      System.out.println("HANG in " + round + " thread " + t.getName());
      for (StackTraceElement e : t.getStackTrace()) {
        System.out.println("    at " + e);
      }
      System.out.flush();
      Runtime.getRuntime().halt(4);
    }
  }

  /** Waits a random short while, so that the close lands anywhere in the other threads' work. */
  private static void randomPause(int maxMicros) {
    int us = ThreadLocalRandom.current().nextInt(maxMicros);
    if (us < 20) {
      for (int i = 0; i < us * 10; i++) {
        Thread.onSpinWait();
      }
    } else {
      LockSupport.parkNanos(us * 1_000L);
    }
  }

  private static void memoryRound(boolean virtual, int round) throws Exception {
    Context[] ctx = contexts();
    Connection client = SafetyFixtures.client(ctx[0]);
    Connection server = SafetyFixtures.server(ctx[1]);
    prepareClient(client);
    String name = "memory round " + round;
    Thread io =
        worker(
            virtual,
            "io",
            () -> {
              SafetyFixtures.handshake(client, server);
              byte[] data = new byte[20_000];
              for (int i = 0; i < 20; i++) {
                client.sendAll(data);
                SafetyFixtures.move(client, server);
                int got = 0;
                while (got < data.length) {
                  got += server.recv(data.length).length;
                }
                server.send(data, 0, 100);
                SafetyFixtures.move(server, client);
                client.recv(1000);
              }
              client.shutdown();
              SafetyFixtures.move(client, server);
              try {
                server.recv(10);
              } catch (ZeroReturnException expected) {
                server.shutdown();
              }
            });
    Thread getters =
        worker(
            virtual,
            "getters",
            () -> {
              for (int i = 0; i < 200; i++) {
                Connection c = (i & 1) == 0 ? client : server;
                c.getCipherName();
                c.getStateString();
                c.pending();
                c.wantRead();
                c.getShutdown();
                c.getProtocolVersionName();
                c.getFinished();
                c.getAlpnProtoNegotiated();
                c.clientRandom();
                var peer = c.getPeerCertificate();
                if (peer != null) {
                  peer.getSubject();
                  peer.close();
                }
                var chain = c.getVerifiedChain();
                if (chain != null) {
                  chain.forEach(org.jossl.crypto.X509::close);
                }
                try (Session s = c.getSession()) {
                  if (s != null) {
                    s.toDer();
                  }
                }
                try {
                  c.exportKeyingMaterial("EXPORTER-test".getBytes(), 16, null);
                } catch (OpenSslException notYet) {
                  // before the handshake
                }
              }
            });
    int which = ThreadLocalRandom.current().nextInt(6);
    Thread closer =
        worker(
            virtual,
            "closer",
            () -> {
              randomPause(3000);
              switch (which) {
                case 0 -> client.close();
                case 1 -> server.close();
                case 2 -> {
                  ctx[0].close();
                  ctx[1].close();
                  client.close();
                }
                case 3 -> {
                  // two closers at once
                  Thread other = Thread.ofPlatform().start(() -> closeQuietly(server));
                  server.close();
                  other.join();
                  client.close();
                }
                case 4 -> {
                  ctx[1].close();
                  ctx[0].close();
                }
                default -> {
                  server.close();
                  client.close();
                }
              }
            });
    join(io, name);
    join(getters, name);
    join(closer, name);
    client.close();
    server.close();
    ctx[0].close();
    ctx[1].close();
  }

  private static void socketRound(boolean virtual, ServerSocket listener, int round)
      throws Exception {
    Context[] ctx = contexts();
    String name = "socket round " + round;
    Connection[] conns = new Connection[2];
    Socket raw = new Socket(listener.getInetAddress(), listener.getLocalPort());
    Socket accepted = listener.accept();
    raw.setSoTimeout(5000);
    accepted.setSoTimeout(5000);
    raw.setTcpNoDelay(true);
    accepted.setTcpNoDelay(true);
    conns[0] = new Connection(ctx[0], raw);
    conns[0].setConnectState();
    prepareClient(conns[0]);
    conns[1] = new Connection(ctx[1], accepted);
    conns[1].setAcceptState();
    byte[] data = new byte[64 * 1024];
    Thread clientIo =
        worker(
            virtual,
            "client",
            () -> {
              Connection c = conns[0];
              c.doHandshake();
              for (int i = 0; i < 8; i++) {
                c.sendAll(data);
                int got = 0;
                while (got < data.length) {
                  got += c.recv(data.length).length;
                }
              }
              c.shutdown();
            });
    Thread serverIo =
        worker(
            virtual,
            "server",
            () -> {
              Connection s = conns[1];
              s.doHandshake();
              try {
                while (true) {
                  byte[] b = s.recv(data.length);
                  s.sendAll(b);
                }
              } catch (ZeroReturnException end) {
                s.shutdown();
              }
            });
    int which = ThreadLocalRandom.current().nextInt(4);
    Thread closer =
        worker(
            virtual,
            "closer",
            () -> {
              randomPause(20_000);
              switch (which) {
                case 0 -> conns[0].close();
                case 1 -> conns[1].close();
                case 2 -> {
                  ctx[0].close();
                  ctx[1].close();
                }
                default -> {
                  conns[1].close();
                  conns[0].close();
                }
              }
            });
    join(closer, name);
    // a closed peer can leave the other end waiting for bytes: closing it too must unblock it
    clientIo.join(2000);
    serverIo.join(2000);
    closeQuietly(conns[0]);
    closeQuietly(conns[1]);
    join(clientIo, name);
    join(serverIo, name);
    ctx[0].close();
    ctx[1].close();
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // the socket's own close failure is not what we test
    }
  }

  static List<String> failures() {
    return new ArrayList<>(failures);
  }
}
