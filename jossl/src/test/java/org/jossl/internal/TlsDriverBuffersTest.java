package org.jossl.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jossl.testing.OpensslProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver's and the engine's record-sized buffers come from pools shared by all connections and
 * are held only for one operation: bytes of every size still arrive intact over a real socket, and
 * a connection between operations holds no pooled buffer.
 */
class TlsDriverBuffersTest {
  private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(20);

  @Test
  void aPoolLendsWhatWasGivenBackAndKeepsNoMoreThanItsSlots() {
    AtomicInteger made = new AtomicInteger();
    List<byte[]> dropped = new ArrayList<>();
    BufferPool<byte[]> pool =
        new BufferPool<>(
            2,
            () -> {
              made.incrementAndGet();
              return new byte[4];
            },
            dropped::add);
    byte[] a = pool.take();
    byte[] b = pool.take();
    byte[] c = pool.take();
    assertEquals(3, made.get(), "an empty pool makes buffers");
    assertNotSame(a, b);
    pool.give(a);
    pool.give(b);
    pool.give(c);
    assertEquals(List.of(c), dropped, "a full pool drops what it cannot keep");
    List<byte[]> again = List.of(pool.take(), pool.take());
    assertTrue(again.contains(a) && again.contains(b), "kept buffers are lent again");
    assertEquals(3, made.get());
    byte[] d = pool.take();
    assertEquals(4, made.get(), "and once they are all out, new ones are made");
    pool.give(d);
    assertSame(d, pool.take());
  }

  @Test
  void everySizeArrivesIntactAndNoBufferIsHeldBetweenOperations() throws Exception {
    try (NativeContext sc = TlsEngineTest.serverContext();
        NativeContext cc = TlsEngineTest.clientContext();
        ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket clientSocket = new Socket()) {
      listener.setSoTimeout(10_000);
      clientSocket.connect(listener.getLocalSocketAddress(), 10_000);
      try (Socket serverSocket = listener.accept();
          TlsEngine serverEngine = TlsEngine.create(sc, true, 0);
          TlsEngine clientEngine = TlsEngine.create(cc, false, 0)) {
        TlsDriver server = new TlsDriver(serverEngine, Transport.of(serverSocket));
        TlsDriver client = new TlsDriver(clientEngine, Transport.of(clientSocket));
        CompletableFuture<Integer> accepted =
            CompletableFuture.supplyAsync(() -> call(() -> server.handshake(new TlsStatus(), d())));
        assertEquals(1, client.handshake(new TlsStatus(), d()));
        assertEquals(1, accepted.get(20, TimeUnit.SECONDS));
        assertFalse(client.holdsBuffer());
        assertFalse(server.holdsBuffer());

        // sizes around the small buffer a waiting read uses, a record, and several records
        Random random = new Random(6);
        for (int size : new int[] {1, 511, 512, 513, 5000, 16 * 1024, 16 * 1024 + 1, 100_000}) {
          for (boolean toServer : new boolean[] {true, false}) {
            TlsDriver from = toServer ? client : server;
            TlsDriver to = toServer ? server : client;
            byte[] sent = new byte[size];
            random.nextBytes(sent);
            // the reader waits first, so that its first read finds nothing yet
            CompletableFuture<byte[]> received =
                CompletableFuture.supplyAsync(() -> call(() -> readExactly(to, size)));
            Thread.sleep(20);
            int offset = 0;
            TlsStatus st = new TlsStatus();
            while (offset < size) {
              int n = from.write(sent, offset, size - offset, st, d());
              assertTrue(n > 0, "write: " + st);
              offset += n;
            }
            assertArrayEquals(sent, received.get(20, TimeUnit.SECONDS), "size " + size);
            assertFalse(from.holdsBuffer(), "a writer with nothing left to send holds no buffer");
            assertFalse(to.holdsBuffer());
          }
        }
      }
    }
  }

  /**
   * The sweeper trims connections from its own thread while their owners use and close them: a
   * connection closed just before, during or after its 50 ms of silence is never trimmed after its
   * {@code SSL*} is gone (a crash would end this JVM), and one that carries bytes again meanwhile
   * loses none.
   */
  @Test
  void connectionsClosedWhileTheSweeperTrimsThemFailCleanly() throws Exception {
    Random random = new Random(61);
    // threads of its own: the common pool may have a single thread, which a waiting read would hold
    try (java.util.concurrent.ExecutorService threads =
            java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        NativeContext sc = TlsEngineTest.serverContext();
        NativeContext cc = TlsEngineTest.clientContext();
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      listener.setSoTimeout(10_000);
      for (int round = 0; round < 24; round++) {
        try (Socket clientSocket = new Socket()) {
          clientSocket.connect(listener.getLocalSocketAddress(), 10_000);
          try (Socket serverSocket = listener.accept()) {
            TlsEngine serverEngine = TlsEngine.create(sc, true, 0);
            TlsEngine clientEngine = TlsEngine.create(cc, false, 0);
            TlsDriver server = new TlsDriver(serverEngine, Transport.of(serverSocket));
            TlsDriver client = new TlsDriver(clientEngine, Transport.of(clientSocket));
            CompletableFuture<Integer> accepted =
                CompletableFuture.supplyAsync(
                    () -> call(() -> server.handshake(new TlsStatus(), d())), threads);
            assertEquals(1, client.handshake(new TlsStatus(), d()));
            assertEquals(1, accepted.get(20, TimeUnit.SECONDS));
            byte[] sent = new byte[20_000 + random.nextInt(20_000)];
            random.nextBytes(sent);
            CompletableFuture<byte[]> received =
                CompletableFuture.supplyAsync(
                    () -> call(() -> readExactly(server, sent.length)), threads);
            TlsStatus st = new TlsStatus();
            for (int off = 0; off < sent.length; ) {
              int n = client.write(sent, off, sent.length - off, st, d());
              assertTrue(n > 0, "write: " + st);
              off += n;
            }
            assertArrayEquals(sent, received.get(20, TimeUnit.SECONDS));
            // a reader now waits on the server end; both ends go idle around the sweep
            CompletableFuture<Integer> waiting =
                CompletableFuture.supplyAsync(
                    () -> call(() -> server.read(new byte[100], 0, 100, new TlsStatus(), d())),
                    threads);
            Thread.sleep(random.nextInt(120));
            CompletableFuture<Void> closing =
                CompletableFuture.runAsync(
                    () -> {
                      serverEngine.close();
                      clientEngine.close();
                    },
                    threads);
            if (random.nextBoolean()) {
              clientEngine.trimIdleBuffers(); // as the sweeper does, racing the close
            }
            closing.get(20, TimeUnit.SECONDS);
            serverSocket.close(); // wakes the waiting reader
            try {
              waiting.get(20, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException expected) {
              // a closed engine or socket: an exception, never a crash
            }
            clientEngine.trimIdleBuffers(); // a closed engine is left alone
          }
        }
      }
      Thread.sleep(2 * IdleSweeper.IDLE_NANOS / 1_000_000); // sweeps over the closed ones
    }
  }

  /**
   * A memory BIO keeps the largest buffer it ever needed (~22 KiB after a full record). A
   * connection that goes idle after records passed both ways, against {@code openssl s_server},
   * lets go of them before it waits, and carries data as before afterwards.
   */
  @Test
  void anIdleConnectionLetsGoOfTheMemoryBiosBuffers(@TempDir Path dir) throws Exception {
    Path chain = Files.writeString(dir.resolve("chain.pem"), TlsEngineTest.LEAF.chainPem());
    Path key = Files.writeString(dir.resolve("key.pem"), TlsEngineTest.LEAF.keyPem());
    try (OpensslProcess server =
            OpensslProcess.server(
                "-naccept", "1", "-cert", chain.toString(), "-key", key.toString());
        NativeContext cc = TlsEngineTest.clientContext();
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        TlsEngine engine = TlsEngine.create(cc, false, 0)) {
      TlsDriver client = new TlsDriver(engine, Transport.of(socket));
      assertEquals(1, client.handshake(new TlsStatus(), d()));
      byte[] up = line('u', 20_000);
      TlsStatus st = new TlsStatus();
      for (int off = 0; off < up.length; ) {
        int n = client.write(up, off, up.length - off, st, d());
        assertTrue(n > 0, "write: " + st);
        off += n;
      }
      server.awaitStdoutBytes(up.length, java.time.Duration.ofSeconds(20));
      byte[] down = line('d', 20_000);
      server.write(down);
      assertArrayEquals(down, readExactly(client, down.length));
      long busy = engine.bioCapacity();
      assertTrue(busy > 16 * 1024, "the BIOs grew with the records: " + busy);

      // reads that find nothing for a while: the connection is idle
      socket.setSoTimeout(7000); // the owner's setting, which reads with deadlines must keep
      byte[] buf = new byte[100];
      for (int i = 0; i < 2; i++) {
        client.read(buf, 0, buf.length, new TlsStatus(), System.nanoTime() + 300_000_000L);
      }
      assertEquals(7000, socket.getSoTimeout(), "the socket's own timeout is put back");
      long idle = engine.bioCapacity();
      assertTrue(idle <= 2 * TlsEngine.IDLE_BIO_BYTES, "idle BIOs hold " + idle + " bytes");

      byte[] again = line('a', 30_000);
      server.write(again);
      assertArrayEquals(again, readExactly(client, again.length), "and it carries data again");
      assertTrue(engine.bioCapacity() > 16 * 1024, "the BIOs grew again");

      // nobody reads or writes (a pooled socket): the connection is idle all the same
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (engine.bioCapacity() > 2 * TlsEngine.IDLE_BIO_BYTES && System.nanoTime() < until) {
        Thread.sleep(10);
      }
      long unused = engine.bioCapacity();
      assertTrue(unused <= 2 * TlsEngine.IDLE_BIO_BYTES, "unused BIOs hold " + unused + " bytes");
      byte[] more = line('m', 20_000);
      server.write(more);
      assertArrayEquals(more, readExactly(client, more.length), "and it carries data again");

      // a read without a deadline that is still waiting: its connection is idle all the same
      CompletableFuture<byte[]> waiting =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return readExactly(client, 40_000);
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (engine.bioCapacity() > 2 * TlsEngine.IDLE_BIO_BYTES && System.nanoTime() < until) {
        Thread.sleep(10);
      }
      assertFalse(waiting.isDone(), "the read is still waiting");
      long trimmed = engine.bioCapacity();
      assertTrue(trimmed <= 2 * TlsEngine.IDLE_BIO_BYTES, "waiting BIOs hold " + trimmed);
      byte[] last = line('z', 40_000);
      server.write(last);
      assertArrayEquals(last, waiting.get(20, TimeUnit.SECONDS), "the waiting read gets it all");
    }
  }

  private static byte[] line(char c, int length) {
    byte[] b = new byte[length];
    java.util.Arrays.fill(b, (byte) c);
    b[length - 1] = '\n';
    return b;
  }

  private static long d() {
    return System.nanoTime() + DEADLINE_NANOS;
  }

  private static byte[] readExactly(TlsDriver driver, int size) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[7000];
    TlsStatus st = new TlsStatus();
    while (out.size() < size) {
      int n = driver.read(buf, 0, Math.min(buf.length, size - out.size()), st, d());
      if (n <= 0) {
        throw new IOException("read ended early: " + st);
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  private interface Io<T> {
    T run() throws IOException;
  }

  private static <T> T call(Io<T> io) {
    try {
      return io.run();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
