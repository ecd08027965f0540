package org.jossl.openssl;

/**
 * SSL_ERROR_ZERO_RETURN: the peer closed the TLS connection cleanly (close_notify). Retry-style
 * condition, so it carries no stack trace. Python: {@code SSL.ZeroReturnError}
 */
public final class ZeroReturnException extends OpenSslException {
  private static final long serialVersionUID = 1L;

  /** The exception ({@code str()} is empty, as pyOpenSSL's). */
  public ZeroReturnException() {
    super("");
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
