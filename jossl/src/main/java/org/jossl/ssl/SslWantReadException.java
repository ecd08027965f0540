package org.jossl.ssl;

import java.util.List;
import org.jossl.crypto.OpenSslError;

/**
 * Non-blocking: the call needs bytes from the peer first; call again when the socket is readable
 * (or the incoming {@link MemoryBio} has data). Python: {@code ssl.SSLWantReadError}.
 */
public class SslWantReadException extends SslException {
  private static final long serialVersionUID = 1L;

  /** An error with Python's arguments and attributes. */
  public SslWantReadException(
      Integer errno, String message, String library, String reason, List<OpenSslError> errors) {
    super(errno, message, library, reason, errors);
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
