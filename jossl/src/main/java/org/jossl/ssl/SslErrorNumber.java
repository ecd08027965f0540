package org.jossl.ssl;

/**
 * Python's own error numbers, found in {@link SslException#errno()} for errors of I/O calls;
 * Python's {@code ssl.SSLErrorNumber}. 1 to 7 are OpenSSL's {@code SSL_ERROR_*}; 8 ({@code
 * SSL_ERROR_EOF}) is Python's (OpenSSL's 8 is something else).
 */
public enum SslErrorNumber {
  /** A protocol error. */
  SSL_ERROR_SSL(1),
  /** Non-blocking: needs the peer's bytes. */
  SSL_ERROR_WANT_READ(2),
  /** Non-blocking: needs to send. */
  SSL_ERROR_WANT_WRITE(3),
  /** A certificate lookup asked to be called again. */
  SSL_ERROR_WANT_X509_LOOKUP(4),
  /** A system call failed. */
  SSL_ERROR_SYSCALL(5),
  /** The peer closed the TLS connection (close_notify). */
  SSL_ERROR_ZERO_RETURN(6),
  /** Non-blocking connect in progress. */
  SSL_ERROR_WANT_CONNECT(7),
  /** The transport ended without close_notify. */
  SSL_ERROR_EOF(8),
  /** An error code Python does not know. */
  SSL_ERROR_INVALID_ERROR_CODE(10);

  private final int value;

  SslErrorNumber(int value) {
    this.value = value;
  }

  /** Python's value. */
  public int value() {
    return value;
  }
}
