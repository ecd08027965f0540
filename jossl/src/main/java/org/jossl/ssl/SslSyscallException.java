package org.jossl.ssl;

import java.util.List;
import org.jossl.crypto.OpenSslError;

/**
 * A system call failed in a way OpenSSL could not explain (errno 5). Real socket failures are
 * {@link java.net.SocketException}s instead, as Python raises plain {@code OSError}s. Python:
 * {@code ssl.SSLSyscallError}.
 */
public class SslSyscallException extends SslException {
  private static final long serialVersionUID = 1L;

  /** An error with Python's arguments and attributes. */
  public SslSyscallException(
      Integer errno, String message, String library, String reason, List<OpenSslError> errors) {
    super(errno, message, library, reason, errors);
  }
}
