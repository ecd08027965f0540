package org.jossl.crypto;

import java.security.GeneralSecurityException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An OpenSSL failure in a crypto operation, with OpenSSL's whole error queue. pyOpenSSL calls it
 * {@code OpenSSL.crypto.Error}.
 *
 * <p>The message is Python's rendering of the newest entry ({@code [PEM: NO_START_LINE] no start
 * line}); {@link #errors()} has every entry, and {@link #pyOpenSslString()} is what {@code
 * str(error)} gives in pyOpenSSL ({@code [('PEM routines', '', 'no start line')]}).
 */
public class CryptoException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  private final transient List<OpenSslError> errors;

  /** An exception for OpenSSL's error entries; the message is the newest entry's, or fallback. */
  public CryptoException(List<OpenSslError> errors, String fallback) {
    super(message(errors, fallback));
    this.errors = List.copyOf(errors);
  }

  /** An exception with a message and no OpenSSL entries (a failure OpenSSL did not explain). */
  public CryptoException(String message) {
    super(message);
    this.errors = List.of();
  }

  /** An exception with a message and a cause (e.g. a passphrase callback that threw). */
  public CryptoException(String message, Throwable cause) {
    super(message, cause);
    this.errors = List.of();
  }

  /** OpenSSL's error queue at the time of the failure, oldest first; may be empty. */
  public List<OpenSslError> errors() {
    return errors;
  }

  /** The newest entry, the one Python reports, or null. */
  public OpenSslError lastError() {
    return errors.isEmpty() ? null : errors.getLast();
  }

  /** Python's {@code SSLError.library} for this failure ("PEM"), or null. */
  public String library() {
    OpenSslError e = lastError();
    return e == null ? null : e.libraryName();
  }

  /** Python's {@code SSLError.reason} for this failure ("NO_START_LINE"), or null. */
  public String reason() {
    OpenSslError e = lastError();
    return e == null ? null : e.reasonName();
  }

  /** {@code str(error)} in pyOpenSSL: the list of {@code (lib, func, reason)} tuples. */
  public String pyOpenSslString() {
    return errors.stream().map(OpenSslError::toString).collect(Collectors.joining(", ", "[", "]"));
  }

  private static String message(List<OpenSslError> errors, String fallback) {
    return errors.isEmpty() ? fallback : errors.getLast().pythonMessage();
  }
}
