package org.jossl.openssl;

import static org.jossl.openssl.InteropFixture.T;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.jossl.openssl.InteropFixture.Proto;
import org.jossl.testing.MemoryBioPump;
import org.jossl.testing.OpensslProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@link ByteBuffer} and {@link MemorySegment} overloads of {@link Connection} ({@code
 * bioWrite}, {@code bioRead}, {@code send}/{@code write}/{@code sendAll}, {@code recvInto}): every
 * one carries real handshake and application bytes to and from {@code openssl s_server -rev}, in
 * memory mode (the test pumps a socket) and in socket mode, with direct, heap, read-only and
 * native/heap segment buffers; and they behave as the {@code byte[]} versions do (the same
 * exceptions for the same states, positions advanced by exactly the count, untouched on failure).
 */
class ConnectionBufferTest {
  @TempDir static Path dir;
  static InteropFixture pki;

  @BeforeAll
  static void certificates() throws Exception {
    pki = new InteropFixture(dir);
  }

  static OpensslProcess reverseServer(Proto proto) {
    List<String> args = new java.util.ArrayList<>(List.of("-naccept", "1", "-rev", proto.flag));
    args.addAll(pki.server.serverArgs());
    return OpensslProcess.server(args.toArray(String[]::new));
  }

  // ---- against openssl s_server -rev

  /**
   * A memory-mode connection whose network bytes the test carries over a socket, each time through
   * the next of the buffer overloads (remembering which ones moved bytes).
   */
  static final class Pumped {
    final Connection c;
    final InputStream in;
    final OutputStream out;
    final Set<String> used = new TreeSet<>();
    private int outTurn;
    private int inTurn;
    private final Random random = new Random(7);

    Pumped(Connection c, Socket s) throws IOException {
      this.c = c;
      this.in = s.getInputStream();
      this.out = s.getOutputStream();
    }

    /** Sends all that OpenSSL produced, through the bioRead overloads in turn. */
    void flush() throws Exception {
      while (true) {
        byte[] chunk;
        try {
          chunk = bioReadOnce(outTurn++ % 4);
        } catch (WantReadException nothing) {
          return;
        }
        out.write(chunk);
      }
    }

    private byte[] bioReadOnce(int kind) throws Exception {
      int size = 100 + random.nextInt(1500);
      switch (kind) {
        case 0, 1 -> {
          ByteBuffer b =
              kind == 0 ? ByteBuffer.allocate(size + 9) : ByteBuffer.allocateDirect(size + 9);
          b.position(5).limit(5 + size);
          int n = c.bioRead(b);
          used.add(kind == 0 ? "bioRead(heap ByteBuffer)" : "bioRead(direct ByteBuffer)");
          assertEquals(5 + n, b.position(), "the position advanced by the count");
          assertEquals(5 + size, b.limit());
          assertTrue(n > 0 && n <= size);
          byte[] bytes = new byte[n];
          b.get(5, bytes);
          return bytes;
        }
        case 2 -> {
          try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(size);
            int n = c.bioRead(seg);
            used.add("bioRead(native MemorySegment)");
            assertTrue(n > 0 && n <= size);
            return seg.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
          }
        }
        default -> {
          byte[] array = new byte[size + 3];
          int n = c.bioRead(MemorySegment.ofArray(array).asSlice(3));
          used.add("bioRead(heap MemorySegment)");
          return Arrays.copyOfRange(array, 3, 3 + n);
        }
      }
    }

    /** Reads what the network has and hands it to OpenSSL through the bioWrite overloads. */
    void feed() throws Exception {
      byte[] buf = new byte[4096];
      int n = in.read(buf);
      if (n < 0) {
        fail("s_server closed the connection");
      }
      byte[] got = Arrays.copyOf(buf, n);
      int kind = inTurn++ % 4;
      int taken;
      switch (kind) {
        case 0 -> {
          ByteBuffer b = ByteBuffer.allocate(n + 10);
          b.position(4).put(got).flip().position(4);
          taken = c.bioWrite(b.asReadOnlyBuffer());
          used.add("bioWrite(read-only heap ByteBuffer)");
        }
        case 1 -> {
          ByteBuffer b = ByteBuffer.allocateDirect(n).put(got).flip();
          taken = c.bioWrite(b);
          assertEquals(n, b.position(), "the position advanced past the bytes");
          used.add("bioWrite(direct ByteBuffer)");
        }
        case 2 -> {
          try (Arena arena = Arena.ofConfined()) {
            taken = c.bioWrite(arena.allocateFrom(ValueLayout.JAVA_BYTE, got));
          }
          used.add("bioWrite(native MemorySegment)");
        }
        default -> {
          taken = c.bioWrite(MemorySegment.ofArray(got));
          used.add("bioWrite(heap MemorySegment)");
        }
      }
      assertEquals(n, taken, "a memory BIO takes everything");
    }

    /** Runs {@code op}, pumping the network while OpenSSL wants to read. */
    <R> R run(Op<R> op) throws Exception {
      return MemoryBioPump.untilDone(op::run, WantReadException.class, this::flush, this::feed, T);
    }
  }

  interface Op<R> {
    R run() throws Exception;
  }

  /**
   * Sends {@code data} through the send overloads in turn (each call takes what it can): returns
   * the overloads used.
   */
  static Set<String> sendRotating(Connection c, byte[] data, Pumped pump) throws Exception {
    Set<String> used = new TreeSet<>();
    int done = 0;
    int turn = 0;
    try (Arena arena = Arena.ofConfined()) {
      while (done < data.length) {
        int len = Math.min(data.length - done, 640 * (1 + turn % 3));
        byte[] part = Arrays.copyOfRange(data, done, done + len);
        int kind = turn++ % 6;
        int n;
        switch (kind) {
          case 0 -> {
            ByteBuffer b = ByteBuffer.allocateDirect(len + 2).position(2);
            b.put(part).flip().position(2);
            n = call(pump, () -> c.send(b));
            assertEquals(2 + n, b.position());
            used.add("send(direct ByteBuffer)");
          }
          case 1 -> {
            ByteBuffer b = ByteBuffer.wrap(part).asReadOnlyBuffer();
            n = call(pump, () -> c.write(b));
            assertEquals(n, b.position());
            used.add("write(read-only heap ByteBuffer)");
          }
          case 2 -> {
            MemorySegment seg = arena.allocateFrom(ValueLayout.JAVA_BYTE, part);
            n = call(pump, () -> c.send(seg));
            used.add("send(native MemorySegment)");
          }
          case 3 -> {
            n = call(pump, () -> c.send(MemorySegment.ofArray(part)));
            used.add("send(heap MemorySegment)");
          }
          case 4 -> {
            ByteBuffer b = ByteBuffer.allocateDirect(len).put(part).flip();
            n = call(pump, () -> c.sendAll(b));
            assertEquals(len, n, "sendAll sends everything");
            assertEquals(len, b.position());
            used.add("sendAll(direct ByteBuffer)");
          }
          default -> {
            ByteBuffer b = ByteBuffer.wrap(part);
            n = call(pump, () -> c.sendAll(b));
            assertEquals(len, n);
            used.add("sendAll(heap ByteBuffer)");
          }
        }
        assertTrue(n > 0 && n <= len, "taken: " + n + " of " + len);
        done += n;
      }
    }
    return used;
  }

  /** Receives exactly {@code n} bytes through the recvInto overloads in turn. */
  static byte[] recvRotating(Connection c, int n, Pumped pump, Set<String> used) throws Exception {
    byte[] out = new byte[n];
    int got = 0;
    int turn = 0;
    try (Arena arena = Arena.ofConfined()) {
      while (got < n) {
        int want = Math.min(n - got, 200 + turn * 37 % 3000);
        int kind = turn++ % 5;
        int r;
        switch (kind) {
          case 0 -> {
            ByteBuffer b = ByteBuffer.allocate(want + 8).position(3).limit(3 + want);
            r = call(pump, () -> c.recvInto(b));
            assertEquals(3 + r, b.position());
            b.get(3, out, got, r);
            used.add("recvInto(heap ByteBuffer)");
          }
          case 1 -> {
            ByteBuffer b = ByteBuffer.allocateDirect(want + 50);
            r = call(pump, () -> c.recvInto(b, want, 0));
            assertTrue(r <= want, "nbytes bounds the read");
            assertEquals(r, b.position());
            b.get(0, out, got, r);
            used.add("recvInto(direct ByteBuffer, nbytes, 0)");
          }
          case 2 -> {
            MemorySegment seg = arena.allocate(want);
            r = call(pump, () -> c.recvInto(seg));
            MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, 0, out, got, r);
            used.add("recvInto(native MemorySegment)");
          }
          case 3 -> {
            byte[] array = new byte[want];
            r = call(pump, () -> c.recvInto(MemorySegment.ofArray(array)));
            System.arraycopy(array, 0, out, got, r);
            used.add("recvInto(heap MemorySegment)");
          }
          default -> {
            // a peek through a native segment, then the same bytes consumed through an array
            MemorySegment seg = arena.allocate(want);
            int peeked = call(pump, () -> c.recvInto(seg, Connection.MSG_PEEK));
            byte[] again = new byte[peeked];
            r = c.recvInto(again);
            assertEquals(peeked, r, "a peek leaves the bytes to be read");
            assertArrayEquals(seg.asSlice(0, peeked).toArray(ValueLayout.JAVA_BYTE), again);
            System.arraycopy(again, 0, out, got, r);
            used.add("recvInto(native MemorySegment, MSG_PEEK)");
          }
        }
        assertTrue(r > 0);
        got += r;
      }
    }
    return out;
  }

  private static <R> R call(Pumped pump, Op<R> op) throws Exception {
    return pump == null ? op.run() : pump.run(op);
  }

  @ParameterizedTest
  @EnumSource(Proto.class)
  void memoryConnectionPumpedToSserverThroughEveryOverload(Proto proto) throws Exception {
    byte[][] data = OpensslProcess.revLines(300, proto.ordinal());
    try (OpensslProcess server = reverseServer(proto);
        Context ctx = pki.clientContext(proto);
        Socket s = socket(server.port());
        Connection c = new Connection(ctx)) {
      c.setConnectState();
      c.setTlsextHostName("localhost");
      Pumped pump = new Pumped(c, s);
      pump.run(
          () -> {
            c.doHandshake();
            return null;
          });
      assertEquals(proto.name, c.getProtocolVersionName());
      Set<String> sendUsed = sendRotating(c, data[0], pump);
      Set<String> recvUsed = new TreeSet<>();
      byte[] back = recvRotating(c, data[1].length, pump, recvUsed);
      assertArrayEquals(data[1], back, "s_server reversed every line");
      assertEquals(6, sendUsed.size(), sendUsed::toString);
      assertEquals(5, recvUsed.size(), recvUsed::toString);
      assertEquals(8, pump.used.size(), "every bio overload moved bytes: " + pump.used);
      c.shutdown();
      pump.flush();
      assertEquals(0, server.waitFor(T), server::describe);
    }
  }

  @ParameterizedTest
  @EnumSource(Proto.class)
  void socketConnectionToSserverThroughEveryOverload(Proto proto) throws Exception {
    byte[][] data = OpensslProcess.revLines(200, 10 + proto.ordinal());
    try (OpensslProcess server = reverseServer(proto);
        Context ctx = pki.clientContext(proto);
        Connection c = InteropFixture.connect(ctx, server.port())) {
      c.doHandshake();
      Set<String> sendUsed = sendRotating(c, data[0], null);
      Set<String> recvUsed = new TreeSet<>();
      assertArrayEquals(data[1], recvRotating(c, data[1].length, null, recvUsed));
      assertEquals(6, sendUsed.size(), sendUsed::toString);
      assertEquals(5, recvUsed.size(), recvUsed::toString);
      c.shutdown();
      assertEquals(0, server.waitFor(T), server::describe);
    }
  }

  private static Socket socket(int port) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 15_000);
    s.setSoTimeout(15_000);
    return s;
  }

  // ---- semantics on a jossl pair in memory

  /** A client and a server in memory mode, handshaken through ByteBuffers. */
  record Pair(Connection client, Connection server, Context cc, Context sc)
      implements AutoCloseable {
    static Pair start(boolean handshake) throws Exception {
      Context cc = pki.clientContext(null);
      Context sc = pki.serverContext(null, pki.server);
      Pair p = new Pair(new Connection(cc), new Connection(sc), cc, sc);
      p.client.setConnectState();
      p.server.setAcceptState();
      if (handshake) {
        for (int i = 0; i < 10; i++) {
          boolean done = true;
          for (Connection c : List.of(p.client, p.server)) {
            try {
              c.doHandshake();
            } catch (WantReadException e) {
              done = false;
            }
          }
          p.move(p.client, p.server);
          p.move(p.server, p.client);
          if (done) {
            return p;
          }
        }
        fail("no handshake");
      }
      return p;
    }

    /** Moves every pending byte from {@code from} to {@code to} through direct buffers. */
    int move(Connection from, Connection to) throws OpenSslException {
      ByteBuffer b = ByteBuffer.allocateDirect(1024);
      int total = 0;
      while (true) {
        b.clear();
        try {
          total += from.bioRead(b);
        } catch (WantReadException e) {
          return total;
        }
        b.flip();
        while (b.hasRemaining()) {
          to.bioWrite(b);
        }
      }
    }

    @Override
    public void close() throws IOException {
      client.close();
      server.close();
      cc.close();
      sc.close();
    }
  }

  @Test
  void positionAndLimitBoundEveryTransfer() throws Exception {
    try (Pair p = Pair.start(true)) {
      byte[] message = "0123456789abcdefghij".getBytes();
      ByteBuffer src = ByteBuffer.allocateDirect(40);
      src.put(message).flip().position(5).limit(15);
      assertEquals(10, p.client.send(src));
      assertEquals(15, src.position());
      assertEquals(15, src.limit());

      // the record through a heap buffer window of the exact size, then the rest
      int record = (int) p.move(p.client, p.server);
      assertTrue(record > 10);
      ByteBuffer dst = ByteBuffer.allocate(64);
      Arrays.fill(dst.array(), (byte) '#');
      dst.position(10).limit(20);
      assertEquals(7, p.server.recvInto(dst, 7, 0), "nbytes bounds the read");
      assertEquals(17, dst.position());
      assertEquals(3, p.server.recvInto(dst));
      assertEquals(20, dst.position());
      assertEquals("##########56789abcde##", new String(dst.array(), 0, 22));

      // bioRead fills no further than the limit
      p.client.send(ByteBuffer.wrap(message));
      ByteBuffer wire = ByteBuffer.allocate(40);
      Arrays.fill(wire.array(), (byte) 7);
      wire.position(30);
      assertEquals(10, p.client.bioRead(wire));
      assertEquals(40, wire.position());
      assertEquals(7, wire.get(29), "nothing before the position");
      assertTrue(p.client.bioRead(ByteBuffer.allocate(1000)) > 0, "the rest of the record");
    }
  }

  @Test
  void wantReadLeavesThePositionAndRaisesAsTheArrayVersion() throws Exception {
    try (Pair p = Pair.start(true)) {
      ByteBuffer into = ByteBuffer.allocateDirect(100).position(9);
      assertThrows(WantReadException.class, () -> p.server.recvInto(into));
      assertThrows(WantReadException.class, () -> p.server.recv(100), "as the array version");
      assertEquals(9, into.position());
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment seg = arena.allocate(100);
        assertThrows(WantReadException.class, () -> p.server.recvInto(seg));
        assertThrows(WantReadException.class, () -> p.server.recvInto(seg, Connection.MSG_PEEK));
        assertThrows(WantReadException.class, () -> p.server.bioRead(seg));
      }
      ByteBuffer out = ByteBuffer.allocate(100).position(4);
      assertThrows(WantReadException.class, () -> p.server.bioRead(out));
      assertThrows(WantReadException.class, () -> p.server.bioRead(100));
      assertEquals(4, out.position());

      // half a record: still want-read, nothing consumed
      p.client.send(ByteBuffer.wrap("hello".getBytes()));
      byte[] record = p.client.bioRead(1000);
      p.server.bioWrite(ByteBuffer.wrap(record, 0, 3));
      assertThrows(WantReadException.class, () -> p.server.recvInto(into));
      assertEquals(9, into.position());
      ByteBuffer rest = ByteBuffer.wrap(record, 3, record.length - 3);
      assertEquals(record.length - 3, p.server.bioWrite(rest));
      assertEquals(5, p.server.recvInto(into));
      assertEquals(14, into.position());
    }
  }

  @Test
  void nothingRemainingRaisesWhatAnEmptyArrayRaises() throws Exception {
    try (Pair p = Pair.start(true)) {
      for (Connection c : List.of(p.client, p.server)) {
        assertSameFailure(() -> c.bioWrite(new byte[0]), () -> c.bioWrite(ByteBuffer.allocate(0)));
        assertSameFailure(
            () -> c.bioWrite(new byte[0]), () -> c.bioWrite(MemorySegment.ofArray(new byte[0])));
        assertSameFailure(() -> c.send(new byte[0]), () -> c.send(ByteBuffer.allocateDirect(0)));
        assertSameFailure(() -> c.send(new byte[0]), () -> c.send(MemorySegment.NULL));
        assertSameFailure(
            () -> c.recvInto(new byte[0]), () -> c.recvInto(ByteBuffer.allocate(10).position(10)));
        assertSameFailure(
            () -> c.recvInto(new byte[5], 0, 0), () -> c.recvInto(ByteBuffer.allocate(5), 0, 0));
        assertSameFailure(() -> c.bioRead(0), () -> c.bioRead(ByteBuffer.allocate(0)));
      }
      // bytes waiting: bio_read(0) raises an empty SSL.Error in pyOpenSSL, not WantRead
      p.client.send("x".getBytes());
      OpenSslException e =
          assertThrows(OpenSslException.class, () -> p.client.bioRead(ByteBuffer.allocate(0)));
      assertEquals(OpenSslException.class, e.getClass());
      assertSameFailure(() -> p.client.bioRead(0), () -> p.client.bioRead(MemorySegment.NULL));
    }
  }

  private static void assertSameFailure(Op<?> array, Op<?> buffer) {
    Throwable a = failure(array);
    Throwable b = failure(buffer);
    assertTrue(a != null, "the array version raises");
    assertEquals(a.getClass(), b == null ? null : b.getClass(), () -> a + " vs " + b);
    assertEquals(a.getMessage(), b.getMessage());
  }

  private static Throwable failure(Op<?> op) {
    try {
      op.run();
      return null;
    } catch (Exception e) {
      return e;
    }
  }

  @Test
  void readOnlyBuffersAreRefusedForReadsIntoAndWorkForWrites() throws Exception {
    try (Pair p = Pair.start(true);
        Arena arena = Arena.ofConfined()) {
      ByteBuffer ro = ByteBuffer.allocateDirect(64).asReadOnlyBuffer();
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> p.server.recvInto(ro));
      assertTrue(e.getMessage().contains("read-only"), e::getMessage);
      assertThrows(IllegalArgumentException.class, () -> p.server.recvInto(ro, 0, 0));
      assertThrows(IllegalArgumentException.class, () -> p.server.bioRead(ro));
      assertThrows(
          IllegalArgumentException.class,
          () -> p.server.bioRead(ByteBuffer.allocate(9).asReadOnlyBuffer()));
      MemorySegment roSeg = arena.allocate(64).asReadOnly();
      assertThrows(IllegalArgumentException.class, () -> p.server.recvInto(roSeg));
      assertThrows(IllegalArgumentException.class, () -> p.server.bioRead(roSeg));
      assertEquals(0, ro.position());

      // read-only sources are fine: a direct one straight to OpenSSL
      ByteBuffer msg = ByteBuffer.allocateDirect(5).put("hello".getBytes()).flip();
      assertEquals(5, p.client.send(msg.asReadOnlyBuffer()));
      assertEquals(5, p.client.send(arena.allocateFrom("world").asSlice(0, 5).asReadOnly()));
      p.move(p.client, p.server);
      byte[] got = new byte[10];
      int n = p.server.recvInto(got);
      n += p.server.recvInto(ByteBuffer.wrap(got, n, 10 - n));
      assertEquals("helloworld", new String(got, 0, n));
    }
  }

  @Test
  void memoryOfAClosedArenaIsRefusedCleanly() throws Exception {
    try (Pair p = Pair.start(true)) {
      Arena arena = Arena.ofShared();
      MemorySegment seg = arena.allocate(256);
      ByteBuffer buf = seg.asByteBuffer();
      arena.close();
      p.client.send("pending".getBytes()); // bytes for bioRead to find
      for (Op<?> op :
          List.<Op<?>>of(
              () -> p.client.bioRead(seg),
              () -> p.client.bioRead(buf),
              () -> p.server.bioWrite(seg),
              () -> p.server.bioWrite(buf),
              () -> p.client.send(seg),
              () -> p.client.send(buf),
              () -> p.server.recvInto(seg),
              () -> p.server.recvInto(buf),
              () -> p.server.recvInto(seg, Connection.MSG_PEEK))) {
        IllegalStateException e = assertThrows(IllegalStateException.class, op::run);
        assertTrue(e.getMessage().contains("Arena is closed"), e::getMessage);
      }
      assertEquals(0, buf.position());
      // another thread's confined memory: the FFM access check, before any native call
      try (Arena confined = Arena.ofConfined()) {
        MemorySegment theirs = confined.allocate(64);
        List<Throwable> thrown = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread t =
            Thread.ofPlatform()
                .start(
                    () -> {
                      for (Op<?> op :
                          List.<Op<?>>of(
                              () -> p.client.bioRead(theirs),
                              () -> p.server.bioWrite(theirs),
                              () -> p.client.send(theirs),
                              () -> p.server.recvInto(theirs))) {
                        thrown.add(failure(op));
                      }
                    });
        t.join(T.toMillis());
        assertEquals(4, thrown.size(), thrown::toString);
        for (Throwable e : thrown) {
          assertTrue(e instanceof WrongThreadException, () -> "thrown: " + thrown);
        }
      }
      // the connections are unharmed
      p.move(p.client, p.server);
      assertArrayEquals("pending".getBytes(), p.server.recv(100));
    }
  }

  @Test
  void closedConnectionsThrowIllegalState() throws Exception {
    Pair p = Pair.start(true);
    p.close();
    ByteBuffer b = ByteBuffer.allocateDirect(10).put("x".getBytes()).flip();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment seg = arena.allocate(10);
      for (Op<?> op :
          List.<Op<?>>of(
              () -> p.client.bioRead(b),
              () -> p.client.bioWrite(b),
              () -> p.client.send(b),
              () -> p.client.recvInto(b),
              () -> p.client.bioRead(seg),
              () -> p.client.bioWrite(seg),
              () -> p.client.send(seg),
              () -> p.client.recvInto(seg))) {
        assertThrows(IllegalStateException.class, op::run);
      }
    }
    assertEquals(0, b.position());
  }
}
