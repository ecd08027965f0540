package org.jossl.openssl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.jossl.internal.ErrorQueue;
import org.jossl.internal.NativeRef;
import org.jossl.internal.Natives;
import org.jossl.internal.ffi.Binder;
import org.jossl.internal.ffi.LibSsl;
import org.jossl.internal.ffi.Memory;

/**
 * A TLS session that a later connection can resume; pyOpenSSL's {@code OpenSSL.SSL.Session}, over
 * OpenSSL's {@code SSL_SESSION}. Beyond pyOpenSSL, it can be saved as DER ({@link #toDer()}) and
 * restored in another process ({@link #fromDer(byte[])}), and it tells its properties.
 */
public final class Session implements AutoCloseable {
  final NativeRef ref;

  private Session(MemorySegment session) {
    this.ref = NativeRef.own(session, "SSL_SESSION", LibSsl::SSL_SESSION_free);
  }

  /** Takes ownership of a new reference ({@code SSL_get1_session}). */
  static Session own(MemorySegment session) {
    return new Session(session);
  }

  /**
   * A session saved with {@link #toDer()}.
   *
   * <p>OpenSSL: {@code d2i_SSL_SESSION}
   */
  public static Session fromDer(byte[] der) throws OpenSslException {
    MemorySegment s = Natives.d2i(der, LibSsl::d2i_SSL_SESSION);
    if (Memory.isNull(s)) {
      throw Errors.fromQueue();
    }
    return new Session(s);
  }

  /**
   * The session in DER, to store and later resume with {@link #fromDer(byte[])} and {@link
   * Connection#setSession(Session)}. It holds the session's master secret: store it as you would a
   * key.
   *
   * <p>OpenSSL: {@code i2d_SSL_SESSION}
   */
  public byte[] toDer() throws OpenSslException {
    byte[] der = ref.use(s -> Natives.i2d(s, LibSsl::i2d_SSL_SESSION));
    if (der == null) {
      throw Errors.fromQueue();
    }
    return der;
  }

  /** The session ID (empty for a TLS 1.3 client session before its ticket arrived). */
  public byte[] getId() {
    return ref.use(
        s -> {
          try (Arena arena = Arena.ofConfined()) {
            MemorySegment len = arena.allocate(Binder.C_INT);
            MemorySegment id = LibSsl.SSL_SESSION_get_id(s, len);
            return Memory.bytes(id, len.get(Binder.C_INT, 0));
          }
        });
  }

  /** When the session was established, in seconds since the epoch. */
  public long getTime() {
    return ref.use(LibSsl::SSL_SESSION_get_time);
  }

  /** The session's lifetime in seconds. */
  public long getTimeout() {
    return ref.use(LibSsl::SSL_SESSION_get_timeout);
  }

  /** The lifetime the server suggested for its ticket, in seconds (0 if none). */
  public long getTicketLifetimeHint() {
    return ref.use(LibSsl::SSL_SESSION_get_ticket_lifetime_hint);
  }

  /** Whether the session carries a ticket. */
  public boolean hasTicket() {
    return ref.use(LibSsl::SSL_SESSION_has_ticket) == 1;
  }

  /** Whether OpenSSL would resume this session. OpenSSL: {@code SSL_SESSION_is_resumable} */
  public boolean isResumable() {
    return ref.use(LibSsl::SSL_SESSION_is_resumable) == 1;
  }

  /** The protocol version ({@link OpenSsl#TLS1_3_VERSION}, …). */
  public int getProtocolVersion() {
    return ref.use(LibSsl::SSL_SESSION_get_protocol_version);
  }

  /** The cipher's OpenSSL name, or null. */
  public String getCipherName() {
    return ref.use(
        s -> {
          MemorySegment c = LibSsl.SSL_SESSION_get0_cipher(s);
          return Memory.isNull(c) ? null : Memory.cString(LibSsl.SSL_CIPHER_get_name(c));
        });
  }

  /** The server name the session was made for (SNI), or null. */
  public String getHostname() {
    return ref.use(s -> Memory.cString(LibSsl.SSL_SESSION_get0_hostname(s)));
  }

  /** Frees the session now (else the garbage collector does). Idempotent. */
  @Override
  public void close() {
    ref.close();
    ErrorQueue.clear();
  }
}
