package org.jossl.internal;

import java.util.List;

/**
 * The outcome of one engine I/O call that did not fully succeed, as the faces need it to choose
 * their exception: OpenSSL's {@code SSL_get_error} code, the error queue taken right after the
 * call, the verify result, and an exception a Java callback threw during the call. Each caller
 * keeps its own instance (one per direction), so the success path allocates nothing.
 */
public final class TlsStatus {
  /** The value the OpenSSL call returned. */
  public int ret;

  /** {@code SSL_get_error(ssl, ret)}; {@code SSL_ERROR_NONE} (0) after a success. */
  public int sslError;

  /** The error queue, oldest first (empty if OpenSSL queued nothing). */
  public List<ErrorEntry> errors = List.of();

  /** {@code SSL_get_verify_result} at the time of the call. */
  public long verifyResult;

  /** What a Java callback threw during the call, or null. */
  public Throwable callbackFailure;

  /**
   * Whether the call left new bytes for the peer in the outbound BIO (a handshake message, a key
   * update, an alert). {@link TlsDriver} flushes after a read only when it did, so a reader never
   * waits behind a writer that is blocked on the network.
   */
  public boolean produced;

  /** Set by {@link TlsDriver}: the call stopped because its deadline passed. */
  public boolean timedOut;

  /** Set by {@link TlsDriver}: the network reported end of stream during the call. */
  public boolean transportEof;

  void reset() {
    timedOut = false;
    transportEof = false;
    ret = 0;
    sslError = 0;
    errors = List.of();
    verifyResult = 0;
    callbackFailure = null;
    produced = false;
  }

  /** The newest queue entry, the one Python reports, or null. */
  public ErrorEntry last() {
    return errors.isEmpty() ? null : errors.getLast();
  }
}
