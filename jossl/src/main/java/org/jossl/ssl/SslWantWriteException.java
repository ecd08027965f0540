package org.jossl.ssl;

import java.util.List;
import org.jossl.crypto.OpenSslError;

/**
 * Non-blocking: bytes for the peer could not be sent yet; call again when the socket is writable.
 * Python: {@code ssl.SSLWantWriteError}.
 */
public class SslWantWriteException extends SslException {
  private static final long serialVersionUID = 1L;

  /** An error with Python's arguments and attributes. */
  public SslWantWriteException(
      Integer errno, String message, String library, String reason, List<OpenSslError> errors) {
    super(errno, message, library, reason, errors);
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
