package org.jossl.bench.tls;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import org.jossl.internal.NativeContext;
import org.jossl.internal.TlsEngine;
import org.jossl.internal.TlsStatus;
import org.jossl.internal.ffi.Constants;
import org.jossl.internal.ffi.LibSsl;
import org.jossl.internal.ffi.Memory;
import org.jossl.openssl.Context;

/**
 * jossl's engine ({@code org.jossl.internal.TlsEngine}) without a face: status codes instead of
 * exceptions and native buffers allocated once, so nothing is copied through the Java heap. This is
 * the floor under both faces (and under a future JSSE provider), on the same {@code SSL_CTX}s as
 * {@link JosslPair}.
 */
public final class EnginePair implements TlsPair {
  private final Scenario sc;
  private final Context clientContext;
  private final Context serverContext;
  private final NativeContext clientNative;
  private final NativeContext serverNative;
  private final Arena arena = Arena.ofConfined();
  private final MemorySegment data = arena.allocate(Scenario.RECORD);
  private final MemorySegment in = arena.allocate(Scenario.RECORD);
  private final MemorySegment net = arena.allocate(Scenario.NET_BUFFER);
  private final TlsStatus status = new TlsStatus();
  private MemorySegment session = MemorySegment.NULL;
  private TlsEngine client;
  private TlsEngine server;
  private long clientBytes;
  private long serverBytes;
  private Probe last;

  /** As {@link JosslPair#JosslPair}. */
  public EnginePair(Scenario sc, Path pki) throws Exception {
    this.sc = sc;
    this.serverContext = OpenSslSetup.server(sc, pki);
    this.clientContext = OpenSslSetup.client(sc, pki);
    this.serverNative = OpenSslSetup.nativeContext(serverContext);
    this.clientNative = OpenSslSetup.nativeContext(clientContext);
    if (sc.kind == Scenario.Kind.RESUMED) {
      handshakeOnce(false);
      if (Memory.isNull(session)) {
        throw new IllegalStateException("no session after the first handshake");
      }
    } else if (sc.kind == Scenario.Kind.BULK) {
      client = TlsEngine.create(clientNative, false, Constants.SSL_MODE_AUTO_RETRY);
      server = TlsEngine.create(serverNative, true, Constants.SSL_MODE_AUTO_RETRY);
      handshake(client, server);
    }
  }

  @Override
  public long op() throws Exception {
    return sc.kind == Scenario.Kind.BULK ? transfer() : handshakeOnce(false);
  }

  @Override
  public int bytesPerOp() {
    return sc.kind == Scenario.Kind.BULK ? Scenario.RECORD : 0;
  }

  @Override
  public Probe probe() throws Exception {
    clientBytes = 0;
    serverBytes = 0;
    if (sc.kind == Scenario.Kind.BULK) {
      transfer();
      return new Probe(
          version(client),
          cipher(client),
          reused(client),
          clientBytes,
          serverBytes,
          Scenario.RECORD);
    }
    handshakeOnce(true);
    return last;
  }

  private static String version(TlsEngine e) {
    return e.call(s -> Memory.cString(LibSsl.SSL_get_version(s)));
  }

  private static String cipher(TlsEngine e) {
    return e.call(
        s -> Memory.cString(LibSsl.SSL_CIPHER_get_name(LibSsl.SSL_get_current_cipher(s))));
  }

  private static boolean reused(TlsEngine e) {
    return e.call(LibSsl::SSL_session_reused) == 1;
  }

  private long handshakeOnce(boolean inspect) {
    TlsEngine c = TlsEngine.create(clientNative, false, Constants.SSL_MODE_AUTO_RETRY);
    TlsEngine s = TlsEngine.create(serverNative, true, Constants.SSL_MODE_AUTO_RETRY);
    try {
      if (!Memory.isNull(session)) {
        MemorySegment p = session;
        if (c.call(ssl -> LibSsl.SSL_set_session(ssl, p)) != 1) {
          throw new IllegalStateException("SSL_set_session failed");
        }
      }
      int rounds = handshake(c, s);
      if (sc.kind == Scenario.Kind.RESUMED) {
        int r = c.read(in, Scenario.RECORD, status);
        if (r > 0 || status.sslError != Constants.SSL_ERROR_WANT_READ) {
          throw new IllegalStateException("reading the ticket: " + r + "/" + status.sslError);
        }
        MemorySegment next = c.call(LibSsl::SSL_get1_session);
        if (!Memory.isNull(session)) {
          LibSsl.SSL_SESSION_free(session);
        }
        session = next;
      }
      if (inspect) {
        last =
            new Probe(version(c), cipher(c), reused(c) && reused(s), clientBytes, serverBytes, 0);
      }
      return rounds;
    } finally {
      c.close();
      s.close();
    }
  }

  private int handshake(TlsEngine c, TlsEngine s) {
    boolean clientDone = false;
    boolean serverDone = false;
    int rounds = 0;
    while (!(clientDone && serverDone)) {
      if (++rounds > 10) {
        throw new IllegalStateException("handshake did not finish");
      }
      if (!clientDone) {
        clientDone = step(c);
      }
      clientBytes += move(c, s);
      if (!serverDone) {
        serverDone = step(s);
      }
      serverBytes += move(s, c);
    }
    return rounds;
  }

  private boolean step(TlsEngine e) {
    if (e.handshake(status) == 1) {
      return true;
    }
    if (status.sslError != Constants.SSL_ERROR_WANT_READ) {
      throw new IllegalStateException(
          "handshake failed: " + status.sslError + " " + status.errors + " " + status.verifyResult);
    }
    return false;
  }

  private int move(TlsEngine from, TlsEngine to) {
    int total = 0;
    int n;
    while ((n = from.drain(net, Scenario.NET_BUFFER)) > 0) {
      to.feed(net, n);
      total += n;
    }
    return total;
  }

  private long transfer() {
    int n = client.write(data, Scenario.RECORD, status);
    clientBytes += move(client, server);
    int r = server.read(in, Scenario.RECORD, status);
    if (n != Scenario.RECORD || r != Scenario.RECORD) {
      throw new IllegalStateException("partial record: sent " + n + ", received " + r);
    }
    return r;
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
      server.close();
    }
    if (!Memory.isNull(session)) {
      LibSsl.SSL_SESSION_free(session);
    }
    clientContext.close();
    serverContext.close();
    arena.close();
  }
}
