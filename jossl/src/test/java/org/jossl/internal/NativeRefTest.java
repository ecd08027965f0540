package org.jossl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The single-owner rules of DESIGN.md: idempotent close, no free under a call in flight. */
class NativeRefTest {
  /** A fake native pointer whose free is counted and checked against the users in flight. */
  private static final class Tracked {
    final AtomicInteger frees = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicReference<String> violation = new AtomicReference<>();
    final NativeRef ref;

    Tracked() {
      MemorySegment fake = Arena.global().allocate(8);
      ref =
          NativeRef.own(
              fake,
              "FAKE",
              p -> {
                if (inFlight.get() != 0) {
                  violation.set("freed with " + inFlight.get() + " users in flight");
                }
                frees.incrementAndGet();
              });
    }

    boolean use() {
      try {
        ref.acquire();
      } catch (IllegalStateException e) {
        return false;
      }
      inFlight.incrementAndGet();
      Thread.onSpinWait();
      inFlight.decrementAndGet();
      ref.release();
      return true;
    }
  }

  @Test
  void closeIsIdempotentAndLaterUseThrows() {
    Tracked t = new Tracked();
    assertTrue(t.use());
    t.ref.close();
    t.ref.close();
    assertEquals(1, t.frees.get());
    assertTrue(t.ref.isClosed());
    IllegalStateException e = assertThrows(IllegalStateException.class, t.ref::acquire);
    assertEquals("FAKE is closed", e.getMessage());
    assertThrows(IllegalStateException.class, () -> t.ref.use(p -> p));
  }

  @Test
  void closeDuringAUseDefersTheFreeToTheLastRelease() {
    Tracked t = new Tracked();
    t.ref.acquire();
    t.ref.acquire();
    t.ref.close();
    assertEquals(0, t.frees.get(), "freed under a use in flight");
    t.ref.release();
    assertEquals(0, t.frees.get(), "freed under the second use");
    t.ref.release();
    assertEquals(1, t.frees.get());
  }

  @Test
  void transferGivesThePointerAwayAndNothingFreesIt() {
    Tracked t = new Tracked();
    t.ref.transfer();
    t.ref.close();
    assertTrue(t.ref.isClosed());
    assertEquals(0, t.frees.get());
    assertThrows(IllegalStateException.class, t.ref::acquire);
  }

  @Test
  void transferRefusesWhileInUse() {
    Tracked t = new Tracked();
    t.ref.acquire();
    assertThrows(IllegalStateException.class, t.ref::transfer);
    t.ref.release();
    t.ref.close();
    assertEquals(1, t.frees.get());
  }

  @Test
  void ownRefusesNull() {
    assertThrows(
        IllegalArgumentException.class, () -> NativeRef.own(MemorySegment.NULL, "X", p -> {}));
  }

  @Test
  void closeRacingManyUsersFreesExactlyOnceAndNeverUnderAUse() throws Exception {
    int threads = 6;
    int rounds = 0;
    Instant deadline = Instant.now().plus(Duration.ofSeconds(4));
    while (rounds < 3000 && Instant.now().isBefore(deadline)) {
      rounds++;
      Tracked t = new Tracked();
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> users = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        users.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      try {
                        start.await();
                      } catch (InterruptedException e) {
                        return;
                      }
                      for (int k = 0; k < 200 && t.use(); k++) {
                        // keep using until the close wins
                      }
                    }));
      }
      start.countDown();
      if (ThreadLocalRandom.current().nextBoolean()) {
        Thread.yield();
      }
      t.ref.close();
      for (Thread u : users) {
        u.join();
      }
      assertEquals(1, t.frees.get(), "round " + rounds);
      assertEquals(null, t.violation.get(), "round " + rounds);
      assertFalse(t.use());
    }
    assertTrue(rounds > 50, "too few rounds ran: " + rounds);
  }

  @Test
  void anUnreachableOwnerIsFreedByTheCleaner() throws Exception {
    AtomicInteger frees = new AtomicInteger();
    for (int i = 0; i < 100; i++) {
      NativeRef.own(Arena.global().allocate(8), "FAKE", p -> frees.incrementAndGet());
    }
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (frees.get() < 100 && Instant.now().isBefore(deadline)) {
      System.gc();
      Thread.sleep(20);
    }
    assertEquals(100, frees.get());
  }
}
