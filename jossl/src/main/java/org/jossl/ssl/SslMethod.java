package org.jossl.ssl;

/**
 * The protocol a {@link SslContext} is made for; Python's {@code ssl._SSLMethod} ({@code
 * ssl.PROTOCOL_TLS_CLIENT} and friends), with Python's values.
 */
public enum SslMethod {
  /** Client or server, any TLS version (deprecated in Python 3.10). */
  @Deprecated
  PROTOCOL_TLS(2),
  /** TLS 1.0 only (deprecated). */
  @Deprecated
  PROTOCOL_TLSv1(3),
  /** TLS 1.1 only (deprecated). */
  @Deprecated
  PROTOCOL_TLSv1_1(4),
  /** TLS 1.2 only (deprecated). */
  @Deprecated
  PROTOCOL_TLSv1_2(5),
  /** A client: verifies certificates and host names by default. */
  PROTOCOL_TLS_CLIENT(16),
  /** A server. */
  PROTOCOL_TLS_SERVER(17);

  /** Python's deprecated alias of {@link #PROTOCOL_TLS}. */
  @Deprecated public static final SslMethod PROTOCOL_SSLv23 = PROTOCOL_TLS;

  private final int value;

  SslMethod(int value) {
    this.value = value;
  }

  /** Python's integer value. */
  public int value() {
    return value;
  }

  /**
   * The member with Python's value {@code value}.
   *
   * @throws IllegalArgumentException "invalid or unsupported protocol version N"
   */
  public static SslMethod of(int value) {
    for (SslMethod m : values()) {
      if (m.value == value) {
        return m;
      }
    }
    throw new IllegalArgumentException("invalid or unsupported protocol version " + value);
  }
}
