package org.jossl.ssl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;
import org.jossl.internal.NativeRef;
import org.jossl.internal.Natives;
import org.jossl.internal.ffi.Binder;
import org.jossl.internal.ffi.LibSsl;
import org.jossl.internal.ffi.Memory;

/**
 * A TLS session to resume; Python's {@code ssl.SSLSession}. It remembers the context it came from:
 * Python resumes a session only with that context. Sessions are equal when their ids are.
 */
public final class SslSession implements AutoCloseable {
  final NativeRef ref;
  final SslContext context;

  SslSession(MemorySegment session, SslContext context) {
    this.ref = NativeRef.own(session, "SSL_SESSION", LibSsl::SSL_SESSION_free);
    this.context = context;
  }

  /**
   * Beyond Python: a session saved with {@link #toDer()} (in another process, say), to resume with
   * {@code context}. Python resumes a session only with the context it belongs to; this one belongs
   * to {@code context}.
   *
   * <p>OpenSSL: {@code d2i_SSL_SESSION}
   *
   * @throws SslException if {@code der} is no session
   */
  public static SslSession fromDer(byte[] der, SslContext context) throws SslException {
    Objects.requireNonNull(der, "der");
    Objects.requireNonNull(context, "context");
    MemorySegment s = Natives.d2i(der, LibSsl::d2i_SSL_SESSION);
    if (Memory.isNull(s)) {
      throw Errors.fromQueue();
    }
    return new SslSession(s, context);
  }

  /**
   * Beyond Python: the session in DER, to store and resume later with {@link #fromDer}. It holds
   * the session's master secret: store it as you would a key.
   *
   * <p>OpenSSL: {@code i2d_SSL_SESSION}
   */
  public byte[] toDer() throws SslException {
    byte[] der = ref.use(s -> Natives.i2d(s, LibSsl::i2d_SSL_SESSION));
    if (der == null) {
      throw Errors.fromQueue();
    }
    return der;
  }

  /**
   * Beyond Python: whether OpenSSL would resume this session (for a TLS 1.3 client: whether the
   * server's ticket has arrived). OpenSSL: {@code SSL_SESSION_is_resumable}
   */
  public boolean isResumable() {
    return ref.use(LibSsl::SSL_SESSION_is_resumable) == 1;
  }

  /** The session id (empty for a TLS 1.3 client session until its ticket arrived). */
  public byte[] getId() {
    return ref.use(
        s -> {
          try (Arena arena = Arena.ofConfined()) {
            MemorySegment len = arena.allocate(Binder.C_INT);
            return Memory.bytes(LibSsl.SSL_SESSION_get_id(s, len), len.get(Binder.C_INT, 0));
          }
        });
  }

  /** When it was made, in seconds since the epoch. Python: {@code SSLSession.time} */
  public long getTime() {
    return ref.use(LibSsl::SSL_SESSION_get_time);
  }

  /** Its lifetime in seconds. Python: {@code SSLSession.timeout} */
  public long getTimeout() {
    return ref.use(LibSsl::SSL_SESSION_get_timeout);
  }

  /** The ticket lifetime the server suggested. Python: {@code SSLSession.ticket_lifetime_hint} */
  public long getTicketLifetimeHint() {
    return ref.use(LibSsl::SSL_SESSION_get_ticket_lifetime_hint);
  }

  /** Whether it carries a ticket. Python: {@code SSLSession.has_ticket} */
  public boolean hasTicket() {
    return ref.use(LibSsl::SSL_SESSION_has_ticket) == 1;
  }

  /** The context it was made with. */
  public SslContext getContext() {
    return context;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SslSession other && Arrays.equals(getId(), other.getId());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(getId());
  }

  /** Frees the session now (else the garbage collector does). Idempotent. */
  @Override
  public void close() {
    ref.close();
  }
}
