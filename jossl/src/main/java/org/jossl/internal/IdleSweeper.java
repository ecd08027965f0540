package org.jossl.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Gives back the memory-BIO buffers of connections whose reader has waited for the peer for a while
 * ({@link TlsEngine#trimIdleBuffers()}), from one background thread, so that a waiting read can be
 * a plain blocking read. Timing the wait on the reader's own thread would make every read that may
 * wait a timed one, which costs a {@code poll} and a switch of the socket's blocking mode on each
 * record (a fifth of the throughput of a bulk connection whose reader is ahead of its writer).
 *
 * <p>A reader announces each wait ({@link #waiting}) and its end ({@link #done}); the sweeper wakes
 * every {@link #IDLE_NANOS} while any reader waits, trims each engine once per wait that has lasted
 * that long, and stops when none waits. A busy engine (its lock held) is left alone: it is not
 * idle.
 */
final class IdleSweeper {
  /** How long a reader waits before its connection counts as idle. */
  static final long IDLE_NANOS = 50_000_000L;

  private static final Map<TlsEngine, Long> WAITING = new ConcurrentHashMap<>();
  private static final AtomicBoolean RUNNING = new AtomicBoolean();

  private IdleSweeper() {}

  /** The reader of {@code engine} starts a read that may wait for the peer. */
  static void waiting(TlsEngine engine) {
    WAITING.put(engine, System.nanoTime());
    if (!RUNNING.get() && RUNNING.compareAndSet(false, true)) {
      Thread.ofPlatform().daemon().name("jossl-idle-sweeper").start(IdleSweeper::sweep);
    }
  }

  /** The read that {@link #waiting} announced has returned. */
  static void done(TlsEngine engine) {
    WAITING.remove(engine);
  }

  private static void sweep() {
    while (true) {
      LockSupport.parkNanos(IDLE_NANOS);
      long now = System.nanoTime();
      for (Map.Entry<TlsEngine, Long> e : WAITING.entrySet()) {
        long since = e.getValue();
        // taken out first, so each wait is trimmed once and a sweep over many idle connections
        // visits only the new ones; a wait that ended meanwhile, or a newer one, is left alone
        if (now - since >= IDLE_NANOS && WAITING.remove(e.getKey(), since)) {
          try {
            e.getKey().trimIdleBuffers();
          } catch (RuntimeException | OutOfMemoryError e2) {
            // trimming only saves memory: a failure keeps the buffers and must not stop the sweeper
          }
        }
      }
      if (WAITING.isEmpty()) {
        RUNNING.set(false);
        // a reader that came in after the check but saw RUNNING still set started no sweeper
        if (WAITING.isEmpty() || !RUNNING.compareAndSet(false, true)) {
          return;
        }
      }
    }
  }
}
