package org.jossl.openssl;

/**
 * SSL_ERROR_WANT_WRITE: OpenSSL's bytes for the peer could not be sent yet. Retry-style condition,
 * so it carries no stack trace. Python: {@code SSL.WantWriteError}
 */
public final class WantWriteException extends OpenSslException {
  private static final long serialVersionUID = 1L;

  /** The exception ({@code str()} is empty, as pyOpenSSL's). */
  public WantWriteException() {
    super("");
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
