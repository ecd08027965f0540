package org.jossl.openssl;

/**
 * SSL_ERROR_WANT_READ: OpenSSL needs bytes from the peer first. Retry-style condition, so it
 * carries no stack trace. Python: {@code SSL.WantReadError}
 */
public final class WantReadException extends OpenSslException {
  private static final long serialVersionUID = 1L;

  /** The exception ({@code str()} is empty, as pyOpenSSL's). */
  public WantReadException() {
    super("");
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
