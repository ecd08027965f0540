package org.jossl.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.jossl.internal.ffi.Constants;
import org.junit.jupiter.api.Test;

/**
 * The engine's byte paths that copy: {@link TlsEngine#drain(int)} (exactly-sized arrays) and heap
 * reads and writes through native buffers borrowed for each call, never freed under one.
 */
class TlsEngineBuffersTest {

  @Test
  void drainGivesExactlySizedChunksAndNullWhenEmpty() {
    try (NativeContext sc = TlsEngineTest.serverContext();
        NativeContext cc = TlsEngineTest.clientContext();
        TlsEngine server = TlsEngine.create(sc, true, 0);
        TlsEngine client = TlsEngine.create(cc, false, 0)) {
      assertNull(client.drain(100), "nothing before the handshake starts");
      TlsStatus st = new TlsStatus();
      assertTrue(client.handshake(st) <= 0);
      long pending = client.pendingOutput();
      assertTrue(pending > 100, "a ClientHello is longer than 100 bytes: " + pending);
      assertNull(client.drain(0));
      assertEquals(pending, client.pendingOutput(), "drain(0) takes nothing");

      ByteArrayOutputStream hello = new ByteArrayOutputStream();
      byte[] chunk;
      while ((chunk = client.drain(100)) != null) {
        assertTrue(chunk.length == 100 || client.pendingOutput() == 0, "short only at the end");
        hello.writeBytes(chunk);
      }
      assertEquals(pending, hello.size());
      assertNull(client.drain(100));
      // the chunks, put together, are the ClientHello: the handshake completes with them
      byte[] all = hello.toByteArray();
      assertEquals(all.length, server.feed(all, 0, all.length));
      TlsEngineTest.handshake(client, server);
    }
  }

  @Test
  void heapReadsAndWritesOfEverySizeArriveIntact() {
    try (NativeContext sc = TlsEngineTest.serverContext();
        NativeContext cc = TlsEngineTest.clientContext();
        TlsEngine server = TlsEngine.create(sc, true, Constants.SSL_MODE_ENABLE_PARTIAL_WRITE);
        TlsEngine client = TlsEngine.create(cc, false, Constants.SSL_MODE_ENABLE_PARTIAL_WRITE)) {
      TlsEngineTest.handshake(client, server);
      Random random = new Random(4);
      TlsStatus st = new TlsStatus();
      for (int size : new int[] {1, 1000, 16 * 1024, 16 * 1024 + 1, 40_000}) {
        byte[] sent = new byte[size];
        random.nextBytes(sent);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        int offset = 0;
        while (offset < size) {
          int n = client.write(sent, offset, size - offset, st);
          assertTrue(n > 0 && n <= 16 * 1024 + 512, "one buffer at most per call: " + n);
          offset += n;
          TlsEngineTest.pump(client, server);
          byte[] in = new byte[7000];
          int r;
          while ((r = server.read(in, 0, in.length, st)) > 0) {
            received.write(in, 0, r);
          }
          assertEquals(Constants.SSL_ERROR_WANT_READ, st.sslError);
        }
        assertArrayEquals(sent, received.toByteArray(), "size " + size);
      }
    }
  }

  @Test
  void heapCallsAfterCloseFailCleanly() {
    NativeContext sc = TlsEngineTest.serverContext();
    NativeContext cc = TlsEngineTest.clientContext();
    try (sc;
        cc) {
      TlsEngine server = TlsEngine.create(sc, true, 0);
      TlsEngine client = TlsEngine.create(cc, false, 0);
      TlsEngineTest.handshake(client, server);
      TlsStatus st = new TlsStatus();
      byte[] b = new byte[10];
      assertEquals(10, client.write(b, 0, 10, st)); // through a borrowed native buffer
      client.close();
      server.close();
      assertThrows(IllegalStateException.class, () -> client.write(b, 0, 10, st));
      assertThrows(IllegalStateException.class, () -> server.read(b, 0, 10, st));
      assertThrows(IllegalStateException.class, () -> client.drain(10));
    }
  }

  @Test
  void closeDuringHeapReadsAndWritesNeverFreesTheBuffersUnderThem() throws Exception {
    byte[] data = new byte[16 * 1024];
    Arrays.fill(data, (byte) 7);
    try (NativeContext sc = TlsEngineTest.serverContext();
        NativeContext cc = TlsEngineTest.clientContext()) {
      for (int round = 0; round < 100; round++) {
        TlsEngine server = TlsEngine.create(sc, true, 0);
        TlsEngine client = TlsEngine.create(cc, false, 0);
        TlsEngineTest.handshake(client, server);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread closer =
            Thread.ofPlatform()
                .start(
                    () -> {
                      Thread.onSpinWait();
                      client.close();
                      server.close();
                    });
        try {
          TlsStatus st = new TlsStatus();
          byte[] in = new byte[data.length];
          for (int i = 0; i < 50; i++) {
            client.write(data, 0, data.length, st);
            byte[] bytes;
            while ((bytes = client.drain(32 * 1024)) != null) {
              server.feed(bytes, 0, bytes.length);
            }
            server.read(in, 0, in.length, st);
          }
        } catch (IllegalStateException closed) {
          // the closer won: every later call says so
        } catch (Throwable t) {
          failure.set(t);
        }
        closer.join(10_000);
        if (failure.get() != null) {
          throw new AssertionError(failure.get());
        }
      }
    }
  }
}
