package org.jossl.ssl;

/**
 * Protocol versions for {@link SslContext#setMinimumVersion} and {@link
 * SslContext#setMaximumVersion}; Python's {@code ssl.TLSVersion}, with its values.
 */
public enum TlsVersion {
  /** The lowest version the library supports. */
  MINIMUM_SUPPORTED(-2),
  /** SSL 3.0 (deprecated; OpenSSL 3 cannot use it). */
  @Deprecated
  SSLv3(0x300),
  /** TLS 1.0 (deprecated). */
  @Deprecated
  TLSv1(0x301),
  /** TLS 1.1 (deprecated). */
  @Deprecated
  TLSv1_1(0x302),
  /** TLS 1.2. */
  TLSv1_2(0x303),
  /** TLS 1.3. */
  TLSv1_3(0x304),
  /** The highest version the library supports. */
  MAXIMUM_SUPPORTED(-1);

  private final int value;

  TlsVersion(int value) {
    this.value = value;
  }

  /** Python's value (the protocol's wire version, or -2/-1 for the two limits). */
  public int value() {
    return value;
  }

  /** The member with value {@code value}, or null. */
  static TlsVersion ofOrNull(int value) {
    for (TlsVersion v : values()) {
      if (v.value == value) {
        return v;
      }
    }
    return null;
  }
}
