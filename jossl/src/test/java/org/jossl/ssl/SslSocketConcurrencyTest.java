package org.jossl.ssl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.jossl.crypto.CertificateAuthority;
import org.jossl.crypto.IssuedCertificate;
import org.jossl.testing.Jsse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SslSocket} as a Java socket under concurrent use: one thread reading while another writes
 * (against the JDK's JSSE, which does the same on its side), {@link SslSocket#close()} from a third
 * thread unblocking both, the streams, and {@code sendfile}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SslSocketConcurrencyTest {
  private static final int BULK = 8 << 20;

  @TempDir static Path dir;
  static CertificateAuthority root;
  static IssuedCertificate leaf;
  static SslContext server;
  static SslContext client;

  @BeforeAll
  static void pki() throws Exception {
    root = CertificateAuthority.builder().commonName("Concurrency Root").build();
    leaf = root.intermediate("Concurrency Intermediate").issue("localhost", "127.0.0.1");
    var files = leaf.writeTo(dir, "server");
    server = new SslContext(SslMethod.PROTOCOL_TLS_SERVER);
    server.loadCertChain(files.get("chain").toString(), files.get("key").toString());
    client =
        Ssl.createDefaultContext(
            Purpose.SERVER_AUTH, VerifyLocations.none().withCadata(root.certificatePem()));
  }

  @AfterAll
  static void close() {
    server.close();
    client.close();
  }

  @Test
  void fullDuplexAgainstJsse() throws Exception {
    SSLServerSocket jsse =
        (SSLServerSocket)
            Jsse.context(leaf)
                .getServerSocketFactory()
                .createServerSocket(0, 5, InetAddress.getLoopbackAddress());
    try (jsse) {
      byte[] toServer = random(BULK, 1);
      byte[] toClient = random(BULK, 2);
      // the JSSE side reads and writes at once too
      CompletableFuture<byte[]> serverGot =
          supplyAsync(
              () -> {
                try (SSLSocket s = (SSLSocket) jsse.accept()) {
                  CompletableFuture<Void> w = runAsync(() -> writeAll(s, toClient));
                  byte[] got = readN(s.getInputStream(), toServer.length);
                  w.get(50, TimeUnit.SECONDS);
                  return got;
                } catch (Exception e) {
                  throw new RuntimeException(e);
                }
              });
      try (SslSocket s = connect(jsse.getLocalPort())) {
        CompletableFuture<Void> writer = runAsync(() -> writeAll(s, toServer));
        byte[] got = readN(s.getInputStream(), toClient.length);
        writer.get(50, TimeUnit.SECONDS);
        assertArrayEquals(sha256(toClient), sha256(got), "what JSSE sent");
        assertArrayEquals(sha256(toServer), sha256(serverGot.get(50, TimeUnit.SECONDS)), "sent");
      }
    }
  }

  @Test
  void closeFromAThirdThreadUnblocksAReaderAndAWriter() throws Exception {
    try (SslServerSocket listener =
        new SslServerSocket(server, 0, 5, InetAddress.getLoopbackAddress())) {
      // a server that handshakes and then neither reads nor writes
      CompletableFuture<SslSocket> accepted =
          supplyAsync(
              () -> {
                try {
                  return listener.accept();
                } catch (IOException e) {
                  throw new RuntimeException(e);
                }
              });
      SslSocket s = connect(listener.getLocalPort());
      try (SslSocket peer = accepted.get(20, TimeUnit.SECONDS)) {
        CompletableFuture<Throwable> reader = supplyAsync(() -> failureOf(() -> s.recv(100)));
        CompletableFuture<Throwable> writer =
            supplyAsync(
                () ->
                    failureOf(
                        () -> {
                          byte[] chunk = new byte[64 * 1024];
                          // far more than the socket buffers hold: the writer blocks
                          for (int i = 0; i < 4096; i++) {
                            s.sendAll(chunk);
                          }
                        }));
        Thread.sleep(500);
        assertTrue(!reader.isDone() && !writer.isDone(), "both threads are blocked");
        s.close();
        Throwable r = reader.get(10, TimeUnit.SECONDS);
        Throwable w = writer.get(10, TimeUnit.SECONDS);
        assertInstanceOf(IOException.class, r, "the reader's failure");
        assertInstanceOf(IOException.class, w, "the writer's failure");
        assertTrue(s.isClosed());
        // and the closed socket keeps refusing, with an exception, not a crash
        assertNotNull(failureOf(() -> s.recv(1)));
        assertNotNull(failureOf(() -> s.sendAll(new byte[1])));
        assertNotNull(peer);
      }
    }
  }

  @Test
  void streamsCarryTheDataAndEndAtCloseNotify() throws Exception {
    try (SslServerSocket listener =
        new SslServerSocket(server, 0, 5, InetAddress.getLoopbackAddress())) {
      byte[] payload = random(300_000, 3);
      CompletableFuture<Void> serverSide =
          runAsync(
              () -> {
                try (SslSocket s = listener.accept()) {
                  OutputStream out = s.getOutputStream();
                  out.write(payload);
                  out.flush();
                  s.unwrap();
                } catch (IOException e) {
                  throw new RuntimeException(e);
                }
              });
      try (SslSocket s = connect(listener.getLocalPort())) {
        InputStream in = s.getInputStream();
        byte[] got = in.readAllBytes();
        assertArrayEquals(sha256(payload), sha256(got));
        assertEquals(-1, in.read(), "the stream stays at its end");
        s.unwrap();
        serverSide.get(20, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void sendfileSendsTheFileRange() throws Exception {
    byte[] content = random(1 << 20, 4);
    Path file = dir.resolve("payload.bin");
    Files.write(file, content);
    try (SslServerSocket listener =
        new SslServerSocket(server, 0, 5, InetAddress.getLoopbackAddress())) {
      CompletableFuture<byte[]> received =
          supplyAsync(
              () -> {
                try (SslSocket s = listener.accept()) {
                  return readN(s.getInputStream(), content.length - 1000);
                } catch (IOException e) {
                  throw new RuntimeException(e);
                }
              });
      try (SslSocket s = connect(listener.getLocalPort())) {
        assertEquals(content.length - 1000, s.sendfile(file, 1000, -1));
        byte[] got = received.get(20, TimeUnit.SECONDS);
        assertArrayEquals(
            sha256(java.util.Arrays.copyOfRange(content, 1000, content.length)), sha256(got));
      }
    }
  }

  // each task gets its own thread: the common pool has a single worker on a 2-core machine,
  // where a reader task would starve the writer it waits for
  private static <T> CompletableFuture<T> supplyAsync(java.util.function.Supplier<T> task) {
    return CompletableFuture.supplyAsync(task, r -> Thread.ofVirtual().start(r));
  }

  private static CompletableFuture<Void> runAsync(Runnable task) {
    return CompletableFuture.runAsync(task, r -> Thread.ofVirtual().start(r));
  }

  private static SslSocket connect(int port) throws IOException {
    Socket raw = new Socket();
    raw.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
    return client.wrapSocket(raw, "localhost");
  }

  private interface Action {
    void run() throws Exception;
  }

  private static Throwable failureOf(Action a) {
    try {
      a.run();
      return null;
    } catch (Throwable t) {
      return t;
    }
  }

  private static void writeAll(Socket s, byte[] data) {
    try {
      OutputStream out = s.getOutputStream();
      for (int off = 0; off < data.length; off += 50_000) {
        out.write(data, off, Math.min(50_000, data.length - off));
      }
      out.flush();
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }

  private static byte[] readN(InputStream in, int n) throws IOException {
    byte[] out = in.readNBytes(n);
    if (out.length != n) {
      throw new IOException("only " + out.length + " of " + n + " bytes arrived");
    }
    return out;
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static byte[] sha256(byte[] b) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(b);
  }
}
