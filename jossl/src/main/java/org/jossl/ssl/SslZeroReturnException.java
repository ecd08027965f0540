package org.jossl.ssl;

import java.util.List;
import org.jossl.crypto.OpenSslError;

/**
 * The TLS connection was closed by both sides (errno 6); a read after only the peer's close_notify
 * returns no data instead. Python: {@code ssl.SSLZeroReturnError}.
 */
public class SslZeroReturnException extends SslException {
  private static final long serialVersionUID = 1L;

  /** An error with Python's arguments and attributes. */
  public SslZeroReturnException(
      Integer errno, String message, String library, String reason, List<OpenSslError> errors) {
    super(errno, message, library, reason, errors);
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
