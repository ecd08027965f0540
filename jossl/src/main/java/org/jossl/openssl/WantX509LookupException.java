package org.jossl.openssl;

/**
 * SSL_ERROR_WANT_X509_LOOKUP: a certificate lookup callback asked to be called again. Retry-style
 * condition, so it carries no stack trace. Python: {@code SSL.WantX509LookupError}
 */
public final class WantX509LookupException extends OpenSslException {
  private static final long serialVersionUID = 1L;

  /** The exception ({@code str()} is empty, as pyOpenSSL's). */
  public WantX509LookupException() {
    super("");
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
