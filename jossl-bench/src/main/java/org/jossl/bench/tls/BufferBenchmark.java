package org.jossl.bench.tls;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jossl.openssl.Connection;
import org.jossl.openssl.Context;
import org.jossl.openssl.WantReadException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One 16 KiB record from client to server through the pyOpenSSL face in memory mode, with the
 * application and network buffers as {@code byte[]} (the allocating {@code bioRead(int)}), heap
 * {@link ByteBuffer}s, direct ones, or native {@link MemorySegment}s. Run with {@code -prof gc} to
 * see what each costs in allocation per record: {@code bin/bench BufferBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class BufferBenchmark {
  /** How the buffers are held. */
  @Param({"array", "heap", "direct", "segment"})
  public String buffers;

  private Context clientContext;
  private Context serverContext;
  private Connection client;
  private Connection server;
  private Arena arena;
  private final byte[] data = new byte[Scenario.RECORD];
  private final byte[] in = new byte[Scenario.RECORD];
  private ByteBuffer dataBuffer;
  private ByteBuffer inBuffer;
  private ByteBuffer netBuffer;
  private MemorySegment dataSegment;
  private MemorySegment inSegment;
  private MemorySegment netSegment;

  /** A handshaken pair and the buffers. */
  @Setup(Level.Trial)
  public void setup() throws Exception {
    Scenario sc = Scenario.of("bulk-aes128gcm");
    Path pki = Pki.directory();
    serverContext = OpenSslSetup.server(sc, pki);
    clientContext = OpenSslSetup.client(sc, pki);
    client = new Connection(clientContext);
    client.setConnectState();
    server = new Connection(serverContext);
    server.setAcceptState();
    for (int i = 0; i < 10; i++) {
      boolean done = step(client) & step(server);
      moveArrays(client, server);
      moveArrays(server, client);
      if (done) {
        break;
      }
    }
    arena = Arena.ofConfined();
    boolean direct = buffers.equals("direct");
    dataBuffer = direct ? ByteBuffer.allocateDirect(data.length) : ByteBuffer.allocate(data.length);
    inBuffer = direct ? ByteBuffer.allocateDirect(in.length) : ByteBuffer.allocate(in.length);
    netBuffer =
        direct
            ? ByteBuffer.allocateDirect(Scenario.NET_BUFFER)
            : ByteBuffer.allocate(Scenario.NET_BUFFER);
    dataSegment = arena.allocate(data.length);
    inSegment = arena.allocate(in.length);
    netSegment = arena.allocate(Scenario.NET_BUFFER);
  }

  private static boolean step(Connection c) throws Exception {
    try {
      c.doHandshake();
      return true;
    } catch (WantReadException e) {
      return false;
    }
  }

  private static void moveArrays(Connection from, Connection to) throws Exception {
    while (true) {
      try {
        to.bioWrite(from.bioRead(Scenario.NET_BUFFER));
      } catch (WantReadException e) {
        return;
      }
    }
  }

  /** One record: send, carry, receive. */
  @Benchmark
  public int record() throws Exception {
    switch (buffers) {
      case "array" -> {
        client.send(data);
        moveArrays(client, server);
        return server.recvInto(in);
      }
      case "segment" -> {
        client.send(dataSegment);
        while (true) {
          int n;
          try {
            n = client.bioRead(netSegment);
          } catch (WantReadException e) {
            break;
          }
          server.bioWrite(netSegment.asSlice(0, n));
        }
        return server.recvInto(inSegment);
      }
      default -> {
        client.send(dataBuffer.clear());
        while (true) {
          try {
            client.bioRead(netBuffer.clear());
          } catch (WantReadException e) {
            break;
          }
          server.bioWrite(netBuffer.flip());
        }
        return server.recvInto(inBuffer.clear());
      }
    }
  }

  /** Frees the pair. */
  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    client.close();
    server.close();
    clientContext.close();
    serverContext.close();
    arena.close();
  }
}
