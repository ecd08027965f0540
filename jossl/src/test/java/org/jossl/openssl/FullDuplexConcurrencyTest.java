package org.jossl.openssl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One thread reads while another writes on the same {@link Connection}, at both ends of a real TCP
 * connection on 127.0.0.1 (jossl server, jossl client): megabytes flow both ways at once and arrive
 * intact; a third thread's {@code close()} in the middle unblocks both with an exception. Every
 * wait is bounded; a stuck transfer fails the test with the threads' stacks.
 */
class FullDuplexConcurrencyTest {
  private static final int MB = 1024 * 1024;

  private static int megabytes() {
    return SafetyFixtures.soak() ? 64 : 4;
  }

  /** A connected, handshaken pair over TCP: {client, server}. */
  private static Connection[] connect(ServerSocket listener) throws Exception {
    Context cc = SafetyFixtures.clientContext();
    Context sc = SafetyFixtures.serverContext();
    CompletableFuture<Connection> server =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                Socket s = listener.accept();
                Connection c = new Connection(sc, s);
                c.setAcceptState();
                c.doHandshake();
                return c;
              } catch (Exception e) {
                throw new RuntimeException(e);
              }
            });
    Socket s = new Socket(listener.getInetAddress(), listener.getLocalPort());
    Connection client = new Connection(cc, s);
    client.setConnectState();
    client.doHandshake();
    Connection[] pair = {client, server.get(10, TimeUnit.SECONDS)};
    cc.close();
    sc.close();
    return pair;
  }

  /** Writes {@code total} pseudo-random bytes from {@code seed} in uneven chunks. */
  private static long write(Connection c, long seed, long total) throws OpenSslException {
    SplittableRandom random = new SplittableRandom(seed);
    CRC32 crc = new CRC32();
    byte[] buf = new byte[40_000];
    long sent = 0;
    while (sent < total) {
      int n = (int) Math.min(total - sent, 1 + random.nextInt(buf.length));
      random.nextBytes(buf);
      crc.update(buf, 0, n);
      int off = 0;
      while (off < n) {
        off += c.send(buf, off, n - off);
      }
      sent += n;
    }
    return crc.getValue();
  }

  /** Reads {@code total} bytes; their CRC-32. */
  private static long read(Connection c, long total, AtomicLong progress) throws OpenSslException {
    CRC32 crc = new CRC32();
    byte[] buf = new byte[17_000];
    long got = 0;
    while (got < total) {
      int n = c.recvInto(buf, (int) Math.min(buf.length, total - got), 0);
      crc.update(buf, 0, n);
      got += n;
      progress.addAndGet(n);
    }
    return crc.getValue();
  }

  /** The CRC-32 {@link #write} produces for {@code seed} and {@code total}. */
  private static long expected(long seed, long total) {
    SplittableRandom random = new SplittableRandom(seed);
    CRC32 crc = new CRC32();
    byte[] buf = new byte[40_000];
    long sent = 0;
    while (sent < total) {
      int n = (int) Math.min(total - sent, 1 + random.nextInt(buf.length));
      random.nextBytes(buf);
      crc.update(buf, 0, n);
      sent += n;
    }
    return crc.getValue();
  }

  private interface Job {
    long run() throws Exception;
  }

  private record Worker(Thread thread, AtomicReference<Object> result) {}

  private static Worker start(boolean virtual, String name, Job job) {
    AtomicReference<Object> result = new AtomicReference<>();
    Runnable r =
        () -> {
          try {
            result.set(job.run());
          } catch (Throwable t) {
            result.set(t);
          } finally {
            try {
              SafetyFixtures.assertQueueEmpty(name);
            } catch (AssertionError e) {
              result.set(e);
            }
          }
        };
    Thread t =
        virtual ? Thread.ofVirtual().name(name).start(r) : Thread.ofPlatform().name(name).start(r);
    return new Worker(t, result);
  }

  /** Joins within the deadline; otherwise fails with every worker's stack. */
  private static void joinAll(List<Worker> workers, long deadlineNanos, Runnable onTimeout)
      throws InterruptedException {
    for (Worker w : workers) {
      long left = deadlineNanos - System.nanoTime();
      w.thread().join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
    }
    List<Worker> stuck = workers.stream().filter(w -> w.thread().isAlive()).toList();
    if (!stuck.isEmpty()) {
      StringBuilder b = new StringBuilder("stuck:");
      for (Worker w : workers) {
        b.append("\n").append(w.thread().getName()).append(w.thread().isAlive() ? " (alive)" : "");
        for (StackTraceElement e : w.thread().getStackTrace()) {
          b.append("\n    at ").append(e);
        }
      }
      onTimeout.run();
      fail(b.toString());
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // closing the socket again
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void megabytesBothWaysAtOnceArriveIntact(boolean virtual) throws Exception {
    long total = (long) megabytes() * MB;
    try (ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      Connection[] p = connect(listener);
      Connection client = p[0];
      Connection server = p[1];
      AtomicLong progress = new AtomicLong();
      List<Worker> workers = new ArrayList<>();
      workers.add(start(virtual, "client-writer", () -> write(client, 1, total)));
      workers.add(start(virtual, "server-writer", () -> write(server, 2, total)));
      workers.add(start(virtual, "client-reader", () -> read(client, total, progress)));
      workers.add(start(virtual, "server-reader", () -> read(server, total, progress)));
      long deadline =
          System.nanoTime() + TimeUnit.SECONDS.toNanos(SafetyFixtures.soak() ? 600 : 30);
      joinAll(
          workers,
          deadline,
          () -> {
            closeQuietly(client);
            closeQuietly(server);
          });
      Map<String, Long> want =
          Map.of(
              "client-writer", expected(1, total),
              "server-writer", expected(2, total),
              "server-reader", expected(1, total),
              "client-reader", expected(2, total));
      for (Worker w : workers) {
        Object r = w.result().get();
        if (r instanceof Throwable t) {
          throw new AssertionError(w.thread().getName() + " failed", t);
        }
        assertEquals(want.get(w.thread().getName()), r, w.thread().getName() + ": checksum");
      }
      // a clean close after all that
      client.shutdown();
      assertThrowsZeroReturn(server);
      server.shutdown();
      client.close();
      server.close();
    }
  }

  private static void assertThrowsZeroReturn(Connection c) {
    try {
      c.recv(100);
      fail("no close_notify");
    } catch (ZeroReturnException expected) {
      // the peer's close_notify
    } catch (OpenSslException e) {
      fail("expected ZeroReturnException", e);
    }
  }

  /**
   * The deadlock full duplex once had, made deterministic: the peer stops reading, so this end's
   * writer blocks on a full socket buffer while holding the writing side; the reader must still
   * receive what the peer sends.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aReaderIsNeverStuckBehindAWriterBlockedOnTheNetwork(boolean virtual) throws Exception {
    try (ServerSocket listener = new ServerSocket()) {
      listener.setReceiveBufferSize(16 * 1024);
      listener.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
      Connection[] p = connect(listener);
      Connection client = p[0];
      Connection server = p[1];
      AtomicLong written = new AtomicLong();
      Worker writer =
          start(
              virtual,
              "client-writer",
              () -> {
                byte[] chunk = new byte[16 * 1024];
                while (true) {
                  written.addAndGet(client.send(chunk));
                }
              });
      // wait until the writer has stalled: the server reads nothing, the buffers are full
      long last = -1;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (written.get() != last && System.nanoTime() < deadline) {
        last = written.get();
        Thread.sleep(300);
      }
      assertTrue(writer.thread().isAlive(), "the writer ended: " + writer.result().get());
      Worker reader = start(virtual, "client-reader", () -> client.recv(100).length);
      server.sendAll("hello".getBytes());
      joinAll(
          List.of(reader),
          System.nanoTime() + TimeUnit.SECONDS.toNanos(10),
          () -> {
            closeQuietly(client);
            closeQuietly(server);
          });
      assertEquals(5L, reader.result().get(), "the reader got " + reader.result().get());
      closeQuietly(client);
      closeQuietly(server);
      joinAll(List.of(writer), System.nanoTime() + TimeUnit.SECONDS.toNanos(10), () -> {});
      assertTrue(
          writer.result().get() instanceof OpenSslException
              || writer.result().get() instanceof IllegalStateException,
          "the writer ended with " + writer.result().get());
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void closeFromAThirdThreadUnblocksTheReaderAndTheWriter(boolean virtual) throws Exception {
    int rounds = SafetyFixtures.soak() ? 200 : 6;
    try (ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      for (int round = 0; round < rounds; round++) {
        Connection[] p = connect(listener);
        Connection client = p[0];
        Connection server = p[1];
        long total = 1L << 40; // never finishes: only the close ends it
        AtomicLong progress = new AtomicLong();
        List<Worker> workers = new ArrayList<>();
        workers.add(start(virtual, "client-writer", () -> write(client, 1, total)));
        workers.add(start(virtual, "client-reader", () -> read(client, total, progress)));
        // Even rounds: the server reads and writes, so both client threads are busy moving data.
        // Odd rounds: the server does nothing, so the client's writer blocks on full socket
        // buffers and its reader on an empty one.
        boolean serverWorks = round % 2 == 0;
        List<Worker> serverSide = new ArrayList<>();
        if (serverWorks) {
          serverSide.add(start(virtual, "server-reader", () -> read(server, total, progress)));
          serverSide.add(start(virtual, "server-writer", () -> write(server, 2, total)));
          long wait = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
          while (progress.get() < 256 * 1024 && System.nanoTime() < wait) {
            Thread.sleep(5);
          }
          assertTrue(progress.get() > 0, "nothing flowed before the close");
        } else {
          Thread.sleep(100);
        }
        Thread closer = Thread.ofPlatform().start(() -> closeQuietly(client));
        closer.join(5000);
        assertTrue(!closer.isAlive(), "close() itself blocked");
        joinAll(workers, System.nanoTime() + TimeUnit.SECONDS.toNanos(10), () -> {});
        for (Worker w : workers) {
          Object r = w.result().get();
          assertNotNull(r);
          assertTrue(
              r instanceof IllegalStateException || r instanceof OpenSslException,
              w.thread().getName() + " ended with " + r);
        }
        // the peer sees the end of the stream or a reset; closing it ends its threads in any case
        closeQuietly(server);
        joinAll(serverSide, System.nanoTime() + TimeUnit.SECONDS.toNanos(10), () -> {});
        for (Worker w : serverSide) {
          Object r = w.result().get();
          assertTrue(
              r instanceof IllegalStateException || r instanceof OpenSslException,
              w.thread().getName() + " ended with " + r);
        }
      }
    }
  }
}
