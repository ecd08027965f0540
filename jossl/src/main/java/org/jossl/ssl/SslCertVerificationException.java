package org.jossl.ssl;

import java.util.List;
import org.jossl.crypto.OpenSslError;

/**
 * The peer's certificate did not verify; Python's {@code ssl.SSLCertVerificationError} (also {@code
 * ssl.CertificateError}). {@link #verifyCode()} is OpenSSL's {@code X509_V_ERR_*} code (e.g. 20,
 * 62) and {@link #verifyMessage()} its text, with Python's own text for host name and IP address
 * mismatches.
 */
public class SslCertVerificationException extends SslException {
  private static final long serialVersionUID = 1L;

  private final Long verifyCode;
  private final String verifyMessage;

  /** An error with Python's arguments and attributes. */
  public SslCertVerificationException(
      Integer errno,
      String message,
      String library,
      String reason,
      List<OpenSslError> errors,
      Long verifyCode,
      String verifyMessage) {
    super(errno, message, library, reason, errors);
    this.verifyCode = verifyCode;
    this.verifyMessage = verifyMessage;
  }

  /**
   * A one-argument error (Python's {@code CertificateError("...")} from {@code match_hostname}).
   */
  public SslCertVerificationException(String message) {
    this(null, message, null, null, List.of(), null, null);
  }

  /** Python's {@code verify_code}, or null where Python has none. */
  public Long verifyCode() {
    return verifyCode;
  }

  /** Python's {@code verify_message}, or null. */
  public String verifyMessage() {
    return verifyMessage;
  }
}
