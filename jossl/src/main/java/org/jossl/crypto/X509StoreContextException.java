package org.jossl.crypto;

import java.util.List;

/**
 * Chain verification failed; pyOpenSSL's {@code OpenSSL.crypto.X509StoreContextError}. The message
 * is OpenSSL's verify error text ({@code unable to get local issuer certificate}).
 */
public final class X509StoreContextException extends CryptoException {
  private static final long serialVersionUID = 1L;

  private final int code;
  private final int depth;
  private final transient X509 certificate;

  X509StoreContextException(int code, int depth, String message, X509 certificate) {
    super(message);
    this.code = code;
    this.depth = depth;
    this.certificate = certificate;
  }

  /** OpenSSL's verify error code ({@code X509_V_ERR_*}, e.g. 20). */
  public int code() {
    return code;
  }

  /** The depth in the chain where verification failed (0 is the leaf). */
  public int depth() {
    return depth;
  }

  /** The certificate that failed, or null. Python: {@code X509StoreContextError.certificate} */
  public X509 certificate() {
    return certificate;
  }

  /** pyOpenSSL's {@code errors}: {@code [code, depth, message]}. */
  public List<Object> pyOpenSslErrors() {
    return List.of(code, depth, getMessage());
  }
}
