package org.jossl.ssl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.jossl.testing.MemoryBioPump;
import org.jossl.testing.OpensslProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@link ByteBuffer} overloads of the {@code ssl} face ({@link MemoryBio#write(ByteBuffer)},
 * {@link MemoryBio#read(ByteBuffer)}, {@link SslObject#write(ByteBuffer)}, {@link
 * SslObject#readInto(ByteBuffer)}, {@link SslSocket#recvInto(ByteBuffer)}, {@link
 * SslSocket#send(ByteBuffer)}, {@link SslSocket#sendAll(ByteBuffer)}, {@link
 * SslSocket#write(ByteBuffer)}): each moves real handshake and application bytes to and from {@code
 * openssl s_server -rev}, with heap, direct and read-only buffers; and their position, want-read,
 * read-only and closed-memory behaviour.
 */
class SslBufferTest {
  private static final Duration T = Duration.ofSeconds(15);

  @TempDir static Path dir;
  static TestPki pki;

  @BeforeAll
  static void setUp() throws Exception {
    pki = new TestPki(dir);
  }

  enum Version {
    TLSv1_3("-tls1_3"),
    TLSv1_2("-tls1_2");

    final String flag;

    Version(String flag) {
      this.flag = flag;
    }
  }

  static OpensslProcess reverseServer(Version v) {
    return OpensslProcess.server(
        "-naccept",
        "1",
        "-rev",
        v.flag,
        "-cert",
        pki.server.cert().toString(),
        "-key",
        pki.server.key().toString());
  }

  static SslContext clientContext(Version v) throws IOException {
    SslContext ctx = new SslContext(SslMethod.PROTOCOL_TLS_CLIENT);
    ctx.loadVerifyLocations(pki.rootPem.toString());
    TlsVersion version = TlsVersion.valueOf(v.name());
    ctx.setMinimumVersion(version);
    ctx.setMaximumVersion(version);
    return ctx;
  }

  static Socket socket(int port) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 15_000);
    s.setSoTimeout(15_000);
    return s;
  }

  // ---- SslObject over MemoryBio, pumped to s_server

  /**
   * An SslObject whose buffers the test carries over a socket, through the ByteBuffer overloads.
   */
  static final class Pumped {
    final SslObject obj;
    final MemoryBio incoming = new MemoryBio();
    final MemoryBio outgoing = new MemoryBio();
    final InputStream in;
    final OutputStream out;
    final Set<String> used = new TreeSet<>();
    private int turn;

    Pumped(SslContext ctx, Socket s) throws IOException {
      obj = ctx.wrapBio(incoming, outgoing, "localhost");
      in = s.getInputStream();
      out = s.getOutputStream();
    }

    void flush() throws IOException {
      while (outgoing.pending() > 0) {
        boolean direct = turn++ % 2 == 0;
        ByteBuffer b = direct ? ByteBuffer.allocateDirect(900) : ByteBuffer.allocate(900);
        b.position(7).limit(7 + 333);
        int n = outgoing.read(b);
        assertTrue(n > 0 && n <= 333, "bounded by the limit: " + n);
        assertEquals(7 + n, b.position());
        byte[] bytes = new byte[n];
        b.get(7, bytes);
        out.write(bytes);
        used.add(direct ? "MemoryBio.read(direct)" : "MemoryBio.read(heap)");
      }
      assertEquals(0, outgoing.read(ByteBuffer.allocate(10)), "nothing left: 0");
    }

    void feed() throws IOException {
      byte[] buf = new byte[4096];
      int n = in.read(buf);
      if (n < 0) {
        fail("s_server closed the connection");
      }
      int kind = turn++ % 3;
      ByteBuffer b =
          switch (kind) {
            case 0 -> ByteBuffer.allocateDirect(n).put(buf, 0, n).flip();
            case 1 -> ByteBuffer.wrap(buf, 0, n);
            default -> ByteBuffer.wrap(buf, 0, n).asReadOnlyBuffer();
          };
      int start = b.position();
      assertEquals(n, incoming.write(b));
      assertEquals(start + n, b.position(), "the position moved to the limit");
      used.add(
          List.of("MemoryBio.write(direct)", "MemoryBio.write(heap)", "(read-only)").get(kind));
    }

    /** Runs {@code op}, pumping the network while OpenSSL wants to read. */
    <R> R run(Op<R> op) throws Exception {
      return MemoryBioPump.untilDone(
          op::run, SslWantReadException.class, this::flush, this::feed, T);
    }
  }

  interface Op<R> {
    R run() throws Exception;
  }

  @ParameterizedTest
  @EnumSource(Version.class)
  void sslObjectPumpedToSserverThroughByteBuffers(Version v) throws Exception {
    byte[][] data = OpensslProcess.revLines(250, v.ordinal());
    try (OpensslProcess server = reverseServer(v);
        Socket s = socket(server.port())) {
      Pumped p = new Pumped(clientContext(v), s);
      p.run(
          () -> {
            p.obj.doHandshake();
            return null;
          });
      assertEquals(v.name().replace('_', '.'), p.obj.version());
      Set<String> used = new TreeSet<>();
      int off = 0;
      int turn = 0;
      while (off < data[0].length) {
        int len = Math.min(data[0].length - off, 1000 + 3000 * (turn % 3));
        ByteBuffer b =
            switch (turn++ % 3) {
              case 0 -> ByteBuffer.allocateDirect(len).put(data[0], off, len).flip();
              case 1 -> ByteBuffer.wrap(data[0], off, len);
              default -> ByteBuffer.wrap(data[0], off, len).asReadOnlyBuffer();
            };
        int start = b.position();
        assertEquals(len, p.run(() -> p.obj.write(b)), "all of it, as Python's write");
        assertEquals(start + len, b.position());
        used.add(b.isDirect() ? "write(direct)" : b.isReadOnly() ? "write(ro)" : "write(heap)");
        off += len;
      }
      byte[] back = new byte[data[1].length];
      int got = 0;
      while (got < back.length) {
        boolean direct = turn++ % 2 == 0;
        int want = Math.min(back.length - got, 100 + turn * 13 % 500);
        ByteBuffer b = direct ? ByteBuffer.allocateDirect(want + 4) : ByteBuffer.allocate(want + 4);
        b.position(4);
        int n = p.run(() -> p.obj.readInto(b));
        assertTrue(n > 0 && n <= want);
        assertEquals(4 + n, b.position());
        b.get(4, back, got, n);
        got += n;
        used.add(direct ? "readInto(direct)" : "readInto(heap)");
      }
      assertArrayEquals(data[1], back, "s_server reversed every line");
      assertEquals(5, used.size(), used::toString);
      assertEquals(5, p.used.size(), "every MemoryBio overload moved bytes: " + p.used);
      p.run(
          () -> {
            p.obj.unwrap();
            return null;
          });
      assertEquals(0, server.waitFor(T), server::describe);
      p.obj.close();
    }
  }

  // ---- SslSocket against s_server

  @ParameterizedTest
  @EnumSource(Version.class)
  void sslSocketToSserverThroughByteBuffers(Version v) throws Exception {
    byte[][] data = OpensslProcess.revLines(200, 20 + v.ordinal());
    try (OpensslProcess server = reverseServer(v);
        SslSocket s = clientContext(v).wrapSocket(socket(server.port()), "localhost")) {
      int third = data[0].length / 3 / 64 * 64;
      ByteBuffer direct = ByteBuffer.allocateDirect(third + 5).position(5);
      direct.put(data[0], 0, third).flip().position(5);
      assertEquals(third, s.send(direct));
      assertEquals(third + 5, direct.position());
      ByteBuffer ro = ByteBuffer.wrap(data[0], third, third).asReadOnlyBuffer();
      s.sendAll(ro);
      assertEquals(2 * third, ro.position());
      ByteBuffer rest = ByteBuffer.wrap(data[0], 2 * third, data[0].length - 2 * third);
      assertEquals(data[0].length - 2 * third, s.write(rest));
      assertFalse(rest.hasRemaining());

      byte[] back = new byte[data[1].length];
      int got = 0;
      int turn = 0;
      while (got < back.length) {
        boolean isDirect = turn++ % 2 == 0;
        int want = Math.min(back.length - got, 1 + turn * 37 % 300);
        ByteBuffer b = isDirect ? ByteBuffer.allocateDirect(want) : ByteBuffer.allocate(want);
        int n = s.recvInto(b);
        assertTrue(n > 0 && n <= want);
        assertEquals(n, b.position());
        b.get(0, back, got, n);
        got += n;
      }
      assertArrayEquals(data[1], back);
      assertEquals(0, s.recvInto(ByteBuffer.allocate(0)), "nothing remaining: 0, as Python");
      s.unwrap().close();
      assertEquals(0, server.waitFor(T), server::describe);
    }
  }

  @Test
  void afterUnwrapTheBufferOverloadsCarryPlainData() throws Exception {
    SslContext sc = new SslContext(SslMethod.PROTOCOL_TLS_SERVER);
    sc.loadCertChain(pki.server.cert().toString(), pki.server.key().toString());
    try (SslServerSocket listener =
        new SslServerSocket(sc, 0, 1, InetAddress.getByName("127.0.0.1"))) {
      listener.setSoTimeout(15_000);
      java.util.concurrent.CompletableFuture<String> served =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> {
                try (SslSocket s = listener.accept()) {
                  s.setSoTimeout(15_000);
                  ByteBuffer tls = ByteBuffer.allocate(5);
                  while (tls.hasRemaining()) {
                    s.recvInto(tls);
                  }
                  s.unwrap();
                  ByteBuffer plain = ByteBuffer.allocateDirect(16).limit(5);
                  while (plain.hasRemaining()) {
                    assertTrue(s.recvInto(plain) > 0);
                  }
                  s.send(ByteBuffer.wrap("pong!".getBytes()).asReadOnlyBuffer());
                  byte[] both = new byte[10];
                  tls.get(0, both, 0, 5);
                  plain.get(0, both, 5, 5);
                  return new String(both);
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      SslContext cc = new SslContext(SslMethod.PROTOCOL_TLS_CLIENT);
      cc.loadVerifyLocations(pki.rootPem.toString());
      try (SslSocket s = cc.wrapSocket(socket(listener.getLocalPort()), "localhost")) {
        s.sendAll(ByteBuffer.wrap("hello".getBytes()));
        s.unwrap();
        ByteBuffer ping = ByteBuffer.allocateDirect(5).put("ping!".getBytes()).flip();
        assertEquals(5, s.send(ping), "plain, after unwrap");
        assertEquals(5, ping.position());
        ByteBuffer back = ByteBuffer.allocateDirect(5);
        while (back.hasRemaining()) {
          assertTrue(s.recvInto(back) > 0);
        }
        byte[] pong = new byte[5];
        back.get(0, pong);
        assertEquals("pong!", new String(pong));
      }
      assertEquals("helloping!", served.get(15, java.util.concurrent.TimeUnit.SECONDS));
    }
  }

  // ---- semantics in memory

  /** A jossl client and server SslObject in memory. */
  record Pair(SslObject client, SslObject server, MemoryBio[] bios) implements AutoCloseable {
    static Pair start(boolean handshake) throws Exception {
      SslContext cc = new SslContext(SslMethod.PROTOCOL_TLS_CLIENT);
      cc.loadVerifyLocations(pki.rootPem.toString());
      SslContext sc = new SslContext(SslMethod.PROTOCOL_TLS_SERVER);
      sc.loadCertChain(pki.server.cert().toString(), pki.server.key().toString());
      MemoryBio[] b = {new MemoryBio(), new MemoryBio(), new MemoryBio(), new MemoryBio()};
      SslObject c = cc.wrapBio(b[0], b[1], "localhost");
      SslObject s = sc.wrapBio(b[2], b[3], WrapOptions.defaults().withServerSide(true));
      Pair p = new Pair(c, s, b);
      if (handshake) {
        for (int i = 0; i < 10; i++) {
          boolean done = true;
          for (SslObject o : List.of(c, s)) {
            try {
              o.doHandshake();
            } catch (SslWantReadException e) {
              done = false;
            }
          }
          p.move();
          if (done) {
            return p;
          }
        }
        fail("no handshake");
      }
      return p;
    }

    /** Carries both directions through direct buffers. */
    void move() throws SslException {
      ByteBuffer buf = ByteBuffer.allocateDirect(512);
      for (int[] route : new int[][] {{1, 2}, {3, 0}}) {
        while (bios[route[0]].read(buf.clear()) > 0) {
          bios[route[1]].write(buf.flip());
        }
      }
    }

    @Override
    public void close() {
      client.close();
      server.close();
      for (MemoryBio b : bios) {
        b.close();
      }
    }
  }

  @Test
  void memoryBioBuffersFollowPositionAndLimit() throws Exception {
    try (MemoryBio bio = new MemoryBio()) {
      ByteBuffer src = ByteBuffer.wrap("..hello world..".getBytes()).position(2).limit(13);
      assertEquals(11, bio.write(src));
      assertEquals(13, src.position());
      assertEquals(13, src.limit());
      assertEquals(0, bio.write(ByteBuffer.allocate(0)), "nothing: 0, as write(b\"\")");
      assertEquals(11, bio.pending());

      ByteBuffer dst = ByteBuffer.allocateDirect(20);
      dst.put((byte) '#').limit(6);
      assertEquals(5, bio.read(dst), "no further than the limit");
      assertEquals(6, dst.position());
      assertEquals(6, bio.pending());
      ByteBuffer rest = ByteBuffer.allocate(100);
      assertEquals(6, bio.read(rest));
      assertEquals(0, bio.read(rest), "empty: 0, never an exception");
      byte[] all = new byte[6];
      dst.get(0, all);
      assertEquals("#hello", new String(all));
      assertEquals(" world", new String(rest.array(), 0, 6));

      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> bio.read(ByteBuffer.allocate(4).asReadOnlyBuffer()));
      assertTrue(e.getMessage().contains("read-only"), e::getMessage);

      bio.writeEof();
      ByteBuffer late = ByteBuffer.wrap("x".getBytes());
      SslException eof = assertThrows(SslException.class, () -> bio.write(late));
      assertEquals(
          assertThrows(SslException.class, () -> bio.write("x".getBytes())).getMessage(),
          eof.getMessage(),
          "as the array version");
      assertEquals(0, late.position(), "unchanged when it throws");
      assertTrue(bio.eof());
    }
  }

  @Test
  void closedMemoryIsRefusedCleanly() throws Exception {
    Arena arena = Arena.ofShared();
    ByteBuffer dead = arena.allocate(64).asByteBuffer();
    arena.close();
    MemoryBio bio = new MemoryBio();
    bio.write("abc".getBytes());
    assertTrue(
        assertThrows(IllegalStateException.class, () -> bio.read(dead))
            .getMessage()
            .contains("Arena is closed"));
    assertThrows(IllegalStateException.class, () -> bio.write(dead));
    assertEquals(3, bio.pending(), "nothing was taken");
    bio.close();
    ByteBuffer live = ByteBuffer.allocate(8);
    assertThrows(IllegalStateException.class, () -> bio.read(live), "a closed MemoryBio");
    assertThrows(IllegalStateException.class, () -> bio.write(ByteBuffer.wrap(new byte[3])));
    assertEquals(0, live.position());

    try (Pair p = Pair.start(true)) {
      assertThrows(IllegalStateException.class, () -> p.client.write(dead));
      assertThrows(IllegalStateException.class, () -> p.server.readInto(dead));
      p.client.write(ByteBuffer.wrap("ok".getBytes()));
      p.move();
      ByteBuffer b = ByteBuffer.allocate(10);
      assertEquals(2, p.server.readInto(b), "the connection is unharmed");
    }
    Pair closed = Pair.start(true);
    closed.close();
    ByteBuffer b = ByteBuffer.allocateDirect(10);
    assertThrows(IllegalStateException.class, () -> closed.client.write(b.duplicate().limit(3)));
    assertThrows(IllegalStateException.class, () -> closed.server.readInto(b));
    assertEquals(0, b.position());
  }

  @Test
  void readIntoWantsReadKeepsThePositionAndRefusesReadOnly() throws Exception {
    try (Pair p = Pair.start(true)) {
      ByteBuffer into = ByteBuffer.allocateDirect(100).position(11);
      assertThrows(SslWantReadException.class, () -> p.server.readInto(into));
      assertThrows(SslWantReadException.class, () -> p.server.read(100), "as read(len)");
      assertEquals(11, into.position());
      assertThrows(
          IllegalArgumentException.class,
          () -> p.server.readInto(ByteBuffer.allocate(10).asReadOnlyBuffer()));
      assertEquals(0, p.server.readInto(ByteBuffer.allocate(0)), "nothing remaining: 0");

      // more than one record: write takes it all; reads return a record at most each
      byte[] big = new byte[40_000];
      new Random(3).nextBytes(big);
      ByteBuffer src = ByteBuffer.allocateDirect(big.length).put(big).flip();
      assertEquals(big.length, p.client.write(src));
      assertEquals(big.length, src.position());
      p.move();
      ByteBuffer dst = ByteBuffer.allocate(big.length + 11).position(11);
      while (dst.position() < dst.limit()) {
        assertTrue(p.server.readInto(dst) > 0);
      }
      assertArrayEquals(big, Arrays.copyOfRange(dst.array(), 11, dst.limit()));

      // a clean close reads as 0
      assertThrows(SslWantReadException.class, p.client::unwrap, "close_notify sent");
      p.move();
      assertEquals(0, p.server.readInto(into));
      assertEquals(11, into.position());
    }
  }

  @Test
  void nativeSegmentsViewedAsBuffersGoThrough() throws Exception {
    try (Pair p = Pair.start(true);
        Arena arena = Arena.ofConfined()) {
      MemorySegment seg = arena.allocateFrom("from native memory");
      ByteBuffer src = seg.asSlice(0, seg.byteSize() - 1).asByteBuffer();
      assertTrue(src.isDirect());
      assertEquals(18, p.client.write(src));
      p.move();
      MemorySegment into = arena.allocate(64);
      ByteBuffer dst = into.asByteBuffer();
      assertEquals(18, p.server.readInto(dst));
      assertEquals("from native memory", into.getString(0));
    }
  }
}
