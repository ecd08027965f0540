package org.jossl.ssl;

/** How a context verifies the peer's certificate; Python's {@code ssl.VerifyMode}. */
public enum VerifyMode {
  /** No verification (on a server: no certificate request). */
  CERT_NONE(0),
  /** Verify if the peer sends a certificate (a client always requires one). */
  CERT_OPTIONAL(1),
  /** Require a valid certificate. */
  CERT_REQUIRED(2);

  private final int value;

  VerifyMode(int value) {
    this.value = value;
  }

  /** Python's integer value. */
  public int value() {
    return value;
  }

  /**
   * The member with Python's value, or IllegalArgumentException "invalid value for verify_mode".
   */
  public static VerifyMode of(int value) {
    for (VerifyMode m : values()) {
      if (m.value == value) {
        return m;
      }
    }
    throw new IllegalArgumentException("invalid value for verify_mode");
  }
}
