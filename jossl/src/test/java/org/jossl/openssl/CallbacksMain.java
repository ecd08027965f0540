package org.jossl.openssl;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Run in a forked JVM by {@link EngineSafetyTest}: every handshake callback (verify on the context
 * and on the connection, info on both, keylog, ALPN, server name, OCSP on both ends) with every
 * misbehaviour — throwing a RuntimeException, an Error, a checked exception, an OpenSslException,
 * overflowing the stack, closing its Connection and/or Context, re-entering the connection with
 * queries, trying I/O or session and role changes on it (which must be refused), interrupting its
 * thread — on a platform and on a virtual thread. The exception must come back from the call that
 * ran the handshake (checked ones wrapped in {@link CallbackException}); closing the context must
 * not disturb the handshake; closing the connection must make it refuse further use; the error
 * queue must be empty afterwards; nothing may crash. Exits 1 on any failure.
 */
public final class CallbacksMain {
  private CallbacksMain() {}

  enum Kind {
    VERIFY_CONTEXT(false),
    VERIFY_CONNECTION(false),
    INFO_CONTEXT(true),
    INFO_CONNECTION(true),
    KEYLOG(false),
    ALPN(true),
    SERVERNAME(true),
    OCSP_SERVER(true),
    OCSP_CLIENT(false);

    /** Whether the callback runs on the server end (else on the client). */
    final boolean server;

    Kind(boolean server) {
      this.server = server;
    }
  }

  enum Behaviour {
    RUNTIME,
    ERROR,
    CHECKED,
    OPENSSL_EXCEPTION,
    STACK_OVERFLOW,
    CLOSE_CONNECTION,
    CLOSE_CONTEXT,
    CLOSE_BOTH,
    REENTER,
    REENTER_FORBIDDEN,
    INTERRUPT;

    boolean throwsSomething() {
      return ordinal() <= STACK_OVERFLOW.ordinal();
    }
  }

  static final class Boom extends RuntimeException {
    Boom(String m) {
      super(m);
    }
  }

  static final class BoomError extends Error {
    BoomError(String m) {
      super(m);
    }
  }

  private static final List<String> failures = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    Connection[] spare =
        SafetyFixtures.pair(SafetyFixtures.clientContext(), SafetyFixtures.serverContext());
    spareSession = spare[0].getSession();
    spare[0].close();
    spare[1].close();
    int cases = 0;
    for (boolean virtual : new boolean[] {false, true}) {
      for (Kind kind : Kind.values()) {
        for (Behaviour b : Behaviour.values()) {
          String name = (virtual ? "virtual " : "platform ") + kind + " " + b;
          System.out.println("case " + name);
          System.out.flush();
          AtomicReference<Throwable> crashed = new AtomicReference<>();
          Runnable r =
              () -> {
                try {
                  runCase(name, kind, b);
                  SafetyFixtures.assertQueueEmpty(name);
                } catch (Throwable t) {
                  crashed.set(t);
                }
              };
          Thread t = virtual ? Thread.ofVirtual().start(r) : Thread.ofPlatform().start(r);
          t.join(30_000);
          if (t.isAlive()) {
            System.out.println("HANG in " + name);
            System.out.flush();
            Runtime.getRuntime().halt(4);
          }
          if (crashed.get() != null) {
            failures.add(name + ": " + crashed.get());
            crashed.get().printStackTrace(System.out);
          }
          cases++;
        }
      }
    }
    // the shared upcall stubs still work after all that
    Connection[] p =
        SafetyFixtures.pair(SafetyFixtures.clientContext(), SafetyFixtures.serverContext());
    p[0].close();
    p[1].close();
    System.out.println("cases: " + cases + ", failures: " + failures.size());
    failures.forEach(f -> System.out.println("FAILURE " + f));
    System.out.flush();
    System.exit(failures.isEmpty() ? 0 : 1);
  }

  /** What the callback does, given its connection and the context that holds it. */
  private static void act(Behaviour b, Connection conn, Context ctx, Throwable[] thrown)
      throws Exception {
    switch (b) {
      case RUNTIME -> throw remember(thrown, new Boom("runtime from a callback"));
      case ERROR -> throw remember(thrown, new BoomError("error from a callback"));
      case CHECKED -> throw remember(thrown, new Exception("checked from a callback"));
      case OPENSSL_EXCEPTION -> throw remember(thrown, new OpenSslException(List.of()));
      case STACK_OVERFLOW -> recurse(0);
      case CLOSE_CONNECTION -> conn.close();
      case CLOSE_CONTEXT -> ctx.close();
      case CLOSE_BOTH -> {
        ctx.close();
        conn.close();
      }
      case REENTER -> {
        conn.getCipherName();
        conn.getStateString();
        conn.getServername();
        conn.getProtocolVersionName();
        conn.getPeerCertificate();
        conn.getSession();
        conn.getContext().getVerifyMode();
        conn.pending();
      }
      case REENTER_FORBIDDEN -> forbidden(conn);
      case INTERRUPT -> Thread.currentThread().interrupt();
    }
  }

  /** A session from another connection, for setSession inside callbacks. */
  static Session spareSession;

  /** What a callback must not do to its own connection: each must throw IllegalStateException. */
  private static void forbidden(Connection conn) {
    List<String> allowed = new ArrayList<>();
    String[] names = {
      "doHandshake",
      "recv",
      "send",
      "shutdown",
      "setSession",
      "setConnectState",
      "setAcceptState",
      "setTlsextHostName",
      "setAlpnProtos"
    };
    for (String n : names) {
      try {
        switch (n) {
          case "doHandshake" -> conn.doHandshake();
          case "recv" -> conn.recv(10);
          case "send" -> conn.send(new byte[] {1});
          case "shutdown" -> conn.shutdown();
          case "setSession" -> conn.setSession(spareSession);
          case "setConnectState" -> conn.setConnectState();
          case "setAcceptState" -> conn.setAcceptState();
          case "setTlsextHostName" -> conn.setTlsextHostName("elsewhere");
          default -> conn.setAlpnProtos(List.of("x".getBytes(StandardCharsets.US_ASCII)));
        }
        allowed.add(n);
      } catch (IllegalStateException expected) {
        // refused
      } catch (Exception e) {
        allowed.add(n + " (" + e + ")");
      }
    }
    if (!allowed.isEmpty()) {
      throw new AssertionError("a callback could call " + allowed);
    }
  }

  private static <T extends Throwable> T remember(Throwable[] slot, T t) {
    if (slot[0] == null) {
      slot[0] = t;
    }
    return t;
  }

  private static int recurse(int depth) {
    return recurse(depth + 1) + 1;
  }

  private static void runCase(String name, Kind kind, Behaviour b) throws Exception {
    Context cc = SafetyFixtures.clientContext();
    Context sc = SafetyFixtures.serverContext();
    Throwable[] thrown = new Throwable[1];
    int[] calls = new int[1];
    Connection[] holder = new Connection[2];
    Context own = kind.server ? sc : cc;
    // the callbacks: the misbehaviour on the first call, a sensible answer afterwards
    Runnable install = null;
    switch (kind) {
      case VERIFY_CONTEXT ->
          cc.setVerify(
              OpenSsl.VERIFY_PEER,
              (conn, cert, errno, depth, ok) -> {
                if (calls[0]++ == 0) {
                  act(b, conn, cc, thrown);
                }
                return ok == 1;
              });
      case INFO_CONTEXT ->
          sc.setInfoCallback(
              (conn, where, ret) -> {
                if (calls[0]++ == 0) {
                  act(b, conn, sc, thrown);
                }
              });
      case KEYLOG ->
          cc.setKeylogCallback(
              (conn, line) -> {
                if (calls[0]++ == 0) {
                  act(b, conn, cc, thrown);
                }
              });
      case ALPN -> {
        cc.setAlpnProtos(List.of("h2".getBytes(StandardCharsets.US_ASCII)));
        sc.setAlpnSelectCallback(
            (conn, offered) -> {
              if (calls[0]++ == 0) {
                act(b, conn, sc, thrown);
              }
              return offered.getFirst();
            });
      }
      case SERVERNAME ->
          sc.setTlsextServernameCallback(
              conn -> {
                if (calls[0]++ == 0) {
                  act(b, conn, sc, thrown);
                }
              });
      case OCSP_SERVER ->
          sc.setOcspServerCallback(
              (conn, data) -> {
                if (calls[0]++ == 0) {
                  act(b, conn, sc, thrown);
                }
                return "not really OCSP".getBytes(StandardCharsets.US_ASCII);
              },
              null);
      case OCSP_CLIENT ->
          cc.setOcspClientCallback(
              (conn, ocsp, data) -> {
                if (calls[0]++ == 0) {
                  act(b, conn, cc, thrown);
                }
                return true;
              },
              null);
      case VERIFY_CONNECTION, INFO_CONNECTION -> {}
    }
    Connection client = SafetyFixtures.client(cc);
    Connection server = SafetyFixtures.server(sc);
    holder[0] = client;
    holder[1] = server;
    switch (kind) {
      case VERIFY_CONNECTION ->
          client.setVerify(
              OpenSsl.VERIFY_PEER,
              (conn, cert, errno, depth, ok) -> {
                if (calls[0]++ == 0) {
                  act(b, conn, cc, thrown);
                }
                return ok == 1;
              });
      case INFO_CONNECTION ->
          server.setInfoCallback(
              (conn, where, ret) -> {
                if (calls[0]++ == 0) {
                  act(b, conn, sc, thrown);
                }
              });
      case SERVERNAME -> client.setTlsextHostName("localhost");
      case OCSP_SERVER, OCSP_CLIENT -> client.requestOcsp();
      default -> {}
    }
    Connection mine = kind.server ? server : client;

    boolean[] done = new boolean[2];
    Throwable[] failed = new Throwable[2];
    for (int i = 0; i < 50 && !(settled(done[0], failed[0]) && settled(done[1], failed[1])); i++) {
      for (int side = 0; side < 2; side++) {
        Connection c = holder[side];
        if (!done[side] && failed[side] == null) {
          try {
            done[side] = SafetyFixtures.step(c);
          } catch (Throwable t) {
            failed[side] = t;
          }
        }
        try {
          SafetyFixtures.move(c, holder[1 - side]);
        } catch (IllegalStateException closed) {
          // one end was closed by its callback: nothing more moves
        }
      }
    }
    Thread.interrupted(); // INTERRUPT leaves the flag set on purpose; clear it for what follows
    int mineIdx = kind.server ? 1 : 0;
    Throwable mineFailed = failed[mineIdx];
    Throwable theirsFailed = failed[1 - mineIdx];
    if (calls[0] == 0) {
      failures.add(name + ": the callback was never called");
    }
    if (theirsFailed != null && !(theirsFailed instanceof OpenSslException)) {
      failures.add(name + ": the peer failed with " + theirsFailed);
    }
    if (b.throwsSomething()) {
      boolean ok =
          switch (b) {
            case RUNTIME, ERROR, OPENSSL_EXCEPTION -> mineFailed == thrown[0];
            case CHECKED ->
                mineFailed instanceof CallbackException
                    && mineFailed.getCause() == thrown[0]
                    && thrown[0] != null;
            case STACK_OVERFLOW -> mineFailed instanceof StackOverflowError;
            default -> false;
          };
      if (!ok) {
        failures.add(name + ": expected the callback's exception, got " + mineFailed);
      }
    } else if (b == Behaviour.CLOSE_CONNECTION || b == Behaviour.CLOSE_BOTH) {
      if (mineFailed != null && !(mineFailed instanceof IllegalStateException)) {
        failures.add(name + ": after closing itself: " + mineFailed);
      }
      try {
        mine.pending();
        failures.add(name + ": a connection closed by its callback still works");
      } catch (IllegalStateException expected) {
        // closed
      }
    } else {
      // CLOSE_CONTEXT, REENTER, INTERRUPT: the handshake completes and data flows
      if (!(done[0] && done[1])) {
        failures.add(name + ": handshake did not complete: " + failed[0] + " / " + failed[1]);
      } else {
        byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
        client.sendAll(hello);
        SafetyFixtures.move(client, server);
        byte[] got = server.recv(100);
        if (!new String(got, StandardCharsets.US_ASCII).equals("hello")) {
          failures.add(name + ": data after the handshake: " + new String(got));
        }
      }
      if (b == Behaviour.CLOSE_CONTEXT) {
        try {
          own.getVerifyMode();
          failures.add(name + ": a context closed by its callback still works");
        } catch (IllegalStateException expected) {
          // closed
        }
      }
    }
    client.close();
    server.close();
    cc.close();
    sc.close();
  }

  private static boolean settled(boolean done, Throwable failed) {
    return done || failed != null;
  }
}
