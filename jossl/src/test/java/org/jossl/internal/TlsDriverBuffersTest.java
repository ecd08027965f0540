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
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

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
