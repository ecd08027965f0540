package org.jossl.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * The loop that drives a TLS object over memory BIOs against a peer on a real socket: run the
 * operation; when it wants the peer's bytes, send what it produced, feed it what arrives, and try
 * again; once it is done, send what it produced. Either face's "want read" exception will do.
 */
public final class MemoryBioPump {
  private MemoryBioPump() {}

  /** A step that moves bytes between the memory BIOs and the socket. */
  @FunctionalInterface
  public interface Io {
    /** Moves them. */
    void run() throws Exception;
  }

  /**
   * Runs {@code op} until it no longer throws {@code wantRead}, flushing after every attempt and
   * feeding before each retry; fails after {@code limit}.
   */
  public static <R> R untilDone(
      Callable<R> op, Class<? extends Exception> wantRead, Io flush, Io feed, Duration limit)
      throws Exception {
    long end = System.nanoTime() + limit.toNanos();
    while (true) {
      try {
        R r = op.call();
        flush.run();
        return r;
      } catch (Exception e) {
        if (!wantRead.isInstance(e)) {
          throw e;
        }
        flush.run();
        if (System.nanoTime() > end) {
          fail("no progress within " + limit);
        }
        feed.run();
      }
    }
  }
}
