package org.jossl.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Gives back the memory-BIO buffers of socket connections that have not moved a byte for a while
 * ({@link TlsEngine#trimIdleBuffers()}), from one background thread: connections whose reader waits
 * for the peer, and connections nobody reads or writes (a pooled client socket). Doing it on the
 * connection's own thread would need a timed read for every read that may wait, which costs a
 * {@code poll} and a switch of the socket's blocking mode per record (a fifth of the throughput of
 * a bulk connection whose reader is ahead of its writer), and would never reach a connection that
 * nobody reads.
 *
 * <p>A driver reports each use ({@link #used}); the sweeper wakes every {@link #IDLE_NANOS} while
 * any driver is listed, trims each one whose last use is that old and takes it off the list (its
 * next use lists it again), and stops when the list is empty. A busy engine (its lock held) is left
 * alone: it is not idle.
 */
final class IdleSweeper {
  /** How long a connection must not move a byte before it counts as idle. */
  static final long IDLE_NANOS = 50_000_000L;

  private static final Set<TlsDriver> LISTED = ConcurrentHashMap.newKeySet();
  private static final AtomicBoolean RUNNING = new AtomicBoolean();

  private IdleSweeper() {}

  /**
   * {@code driver} moves bytes now, or starts a read that may wait for them. Two volatile writes
   * when the driver is listed already, which is the case on every record of a busy connection.
   */
  static void used(TlsDriver driver) {
    driver.lastUse = System.nanoTime();
    if (!driver.listed) {
      driver.listed = true;
      LISTED.add(driver);
      if (!RUNNING.get() && RUNNING.compareAndSet(false, true)) {
        Thread.ofPlatform().daemon().name("jossl-idle-sweeper").start(IdleSweeper::sweep);
      }
    }
  }

  private static void sweep() {
    while (true) {
      LockSupport.parkNanos(IDLE_NANOS);
      long now = System.nanoTime();
      for (TlsDriver driver : LISTED) {
        long last = driver.lastUse;
        if (now - last < IDLE_NANOS) {
          continue;
        }
        LISTED.remove(driver);
        driver.listed = false;
        // used() writes lastUse, then reads listed; here the reverse order: one of the two sees
        // the other, so a use that raced with the removal either relists itself or is seen here
        if (driver.lastUse != last) {
          driver.listed = true;
          LISTED.add(driver);
          continue;
        }
        try {
          driver.engine().trimIdleBuffers();
        } catch (RuntimeException | OutOfMemoryError e) {
          // trimming only saves memory: a failure keeps the buffers and must not stop the sweeper
        }
      }
      if (LISTED.isEmpty()) {
        RUNNING.set(false);
        // a driver listed after the check that saw RUNNING still set started no sweeper
        if (LISTED.isEmpty() || !RUNNING.compareAndSet(false, true)) {
          return;
        }
      }
    }
  }
}
