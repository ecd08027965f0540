package org.jossl.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jossl.internal.ffi.Constants;
import org.jossl.internal.ffi.LibSsl;

/**
 * Run in a forked JVM by {@link EngineSafetyTest}: the bare engine, without a face. Several threads
 * (platform and virtual) call every engine entry point — feed, drain, handshake, read, write,
 * shutdown, pending counts, {@code call} — on one client/server pair at random while another closes
 * the engines and their contexts; handlers installed on the contexts run during the handshakes and
 * close engines themselves now and then. Every exception must be an {@link IllegalStateException};
 * every status must be a plain OpenSSL outcome; nothing may crash or hang.
 *
 * <p>Arguments: milliseconds of rounds.
 */
public final class EngineRaceMain {
  private EngineRaceMain() {}

  private static final List<String> failures = new CopyOnWriteArrayList<>();
  private static final AtomicInteger closedUnderCall = new AtomicInteger();
  private static final AtomicLong handlerCalls = new AtomicLong();

  public static void main(String[] args) throws Exception {
    TlsEngineTest.serverContext().close(); // the test PKI, before the clock starts
    long end = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000L;
    int rounds = 0;
    while (System.nanoTime() < end && failures.isEmpty()) {
      round(rounds++);
    }
    System.out.println(
        "rounds: "
            + rounds
            + ", closed under a call: "
            + closedUnderCall.get()
            + ", handler calls: "
            + handlerCalls.get());
    if (closedUnderCall.get() == 0) {
      failures.add("no close ever landed during a call");
    }
    failures.forEach(f -> System.out.println("FAILURE " + f));
    System.out.flush();
    System.exit(failures.isEmpty() ? 0 : 1);
  }

  private static void round(int round) throws Exception {
    NativeContext sc = TlsEngineTest.serverContext();
    NativeContext cc = TlsEngineTest.clientContext();
    TlsEngine[] engines = new TlsEngine[2];
    boolean closeInHandler = round % 5 == 0;
    cc.setVerify(
        Constants.SSL_VERIFY_PEER,
        (e, cert, error, depth, ok) -> {
          handlerCalls.incrementAndGet();
          e.call(LibSsl::SSL_get_verify_mode);
          if (closeInHandler && depth == 0) {
            e.close();
          }
          return ok;
        });
    cc.setKeylog((e, line) -> handlerCalls.incrementAndGet());
    sc.setInfo(
        (e, where, ret) -> {
          handlerCalls.incrementAndGet();
          e.pendingOutput();
        });
    sc.setServerName(
        (e, name) -> {
          handlerCalls.incrementAndGet();
          if (closeInHandler) {
            sc.close();
          }
          return TlsHandlers.ServerName.OK;
        });
    engines[0] = TlsEngine.create(cc, false, 0);
    engines[1] = TlsEngine.create(sc, true, 0);
    Thread[] workers = new Thread[4];
    for (int w = 0; w < workers.length; w++) {
      int id = w;
      Runnable r =
          () -> {
            try {
              work(engines, id);
            } catch (IllegalStateException closed) {
              closedUnderCall.incrementAndGet();
            } catch (Throwable t) {
              failures.add("worker " + id + ": " + t);
              t.printStackTrace(System.out);
            } finally {
              if (LibCryptoQueue.notEmpty()) {
                failures.add("worker " + id + " left errors: " + ErrorQueue.drain());
              }
            }
          };
      workers[w] = (w % 2 == 0 ? Thread.ofVirtual() : Thread.ofPlatform()).start(r);
    }
    Thread closer =
        Thread.ofPlatform()
            .start(
                () -> {
                  int us = ThreadLocalRandom.current().nextInt(2000);
                  java.util.concurrent.locks.LockSupport.parkNanos(us * 1000L);
                  switch (us % 4) {
                    case 0 -> engines[0].close();
                    case 1 -> engines[1].close();
                    case 2 -> {
                      cc.close();
                      sc.close();
                      engines[0].close();
                    }
                    default -> {
                      Thread other = Thread.ofVirtual().start(engines[1]::close);
                      engines[1].close();
                      engines[0].close();
                      try {
                        other.join();
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                    }
                  }
                });
    for (Thread t : workers) {
      t.join(10_000);
      if (t.isAlive()) {
        System.out.println("HANG in round " + round);
        for (StackTraceElement e : t.getStackTrace()) {
          System.out.println("    at " + e);
        }
        System.out.flush();
        Runtime.getRuntime().halt(4);
      }
    }
    closer.join();
    engines[0].close();
    engines[1].close();
    cc.close();
    sc.close();
  }

  /** Random engine calls until an engine is closed under us (ISE) or a budget is spent. */
  private static void work(TlsEngine[] engines, int id) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    TlsStatus st = new TlsStatus();
    byte[] buf = new byte[20_000];
    for (int i = 0; i < 150; i++) {
      TlsEngine e = engines[random.nextInt(2)];
      TlsEngine other = e == engines[0] ? engines[1] : engines[0];
      int r;
      switch (random.nextInt(9)) {
        case 0 -> r = e.handshake(st);
        case 1 -> r = e.read(buf, 0, buf.length, st);
        case 2 -> r = e.write(buf, 0, 1 + random.nextInt(4096), st);
        case 3 -> r = e.peek(buf, 0, 100, st);
        case 4 -> {
          int n = e.drain(buf, 0, buf.length);
          r = n > 0 ? other.feed(buf, 0, n) : 0;
        }
        case 5 -> r = (int) (e.pendingInput() + e.pendingOutput());
        case 6 -> r = e.call(s -> LibSsl.SSL_pending(s) + LibSsl.SSL_in_init(s));
        case 7 -> r = random.nextInt(50) == 0 ? e.shutdown(st) : 0;
        default -> {
          if (random.nextInt(100) == 0) {
            e.feedEof();
          }
          r = 0;
        }
      }
      if (r <= 0 && st.callbackFailure != null) {
        failures.add("worker " + id + ": a handler failed: " + st.callbackFailure);
      }
      st.callbackFailure = null;
    }
  }

  /** Whether the calling thread's error queue holds anything (without draining it). */
  private static final class LibCryptoQueue {
    static boolean notEmpty() {
      return org.jossl.internal.ffi.LibCrypto.ERR_peek_error() != 0;
    }
  }
}
