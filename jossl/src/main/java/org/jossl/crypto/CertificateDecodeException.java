package org.jossl.crypto;

import java.util.List;

/**
 * Python's certificate decoder ({@code getpeercert()}, {@code _test_decode_cert}) raises for this
 * certificate, and so does jossl's: a name that OpenSSL cannot convert to UTF-8, bytes that are not
 * valid UTF-8, a general name that prints without a type.
 *
 * <p>{@link #pythonType()} is the exception Python raises ({@code SSLError}, {@code
 * UnicodeDecodeError}, {@code ValueError}) and {@link #getMessage()} its {@code str()} (without
 * CPython's {@code (_ssl.c:NNN)} suffix).
 */
public final class CertificateDecodeException extends CryptoException {
  private static final long serialVersionUID = 1L;

  private final String pythonType;

  CertificateDecodeException(String pythonType, String message) {
    super(message);
    this.pythonType = pythonType;
  }

  CertificateDecodeException(List<OpenSslError> errors) {
    super(errors, "unknown error");
    this.pythonType = "SSLError";
  }

  /** The name of the exception class Python raises for this certificate. */
  public String pythonType() {
    return pythonType;
  }
}
