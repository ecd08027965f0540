package org.jossl.openssl;

/**
 * The network failed under TLS ({@code SSL_ERROR_SYSCALL}), or the peer closed the connection
 * without close_notify; pyOpenSSL's {@code OpenSSL.SSL.SysCallError}. {@link #errno()} and {@link
 * #errorName()} are pyOpenSSL's {@code args}: e.g. {@code (104, 'ECONNRESET')}, or {@code (-1,
 * 'Unexpected EOF')}.
 */
public final class SysCallException extends OpenSslException {
  private static final long serialVersionUID = 1L;

  private final int errno;
  private final String errorName;

  /** An exception with pyOpenSSL's {@code (errno, name)} arguments. */
  public SysCallException(int errno, String errorName, Throwable cause) {
    super("(" + errno + ", '" + errorName + "')");
    this.errno = errno;
    this.errorName = errorName;
    if (cause != null) {
      initCause(cause);
    }
  }

  /** The errno, or -1 for an unexpected EOF. */
  public int errno() {
    return errno;
  }

  /** The errno's symbolic name ({@code ECONNRESET}), or {@code Unexpected EOF}. */
  public String errorName() {
    return errorName;
  }
}
