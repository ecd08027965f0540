package org.jossl.ssl;

import java.util.List;
import org.jossl.crypto.OpenSslError;

/**
 * The transport ended in violation of the protocol: no close_notify (errno 8). Python: {@code
 * ssl.SSLEOFError}.
 */
public class SslEofException extends SslException {
  private static final long serialVersionUID = 1L;

  /** An error with Python's arguments and attributes. */
  public SslEofException(
      Integer errno, String message, String library, String reason, List<OpenSslError> errors) {
    super(errno, message, library, reason, errors);
  }
}
