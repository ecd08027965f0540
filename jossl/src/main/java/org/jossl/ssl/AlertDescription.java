package org.jossl.ssl;

/**
 * TLS alert descriptions; Python's {@code ssl.AlertDescription}. An {@link SniCallback} returns one
 * to abort the handshake with that alert.
 */
public enum AlertDescription {
  /** Alert 0. */
  ALERT_DESCRIPTION_CLOSE_NOTIFY(0),
  /** Alert 10. */
  ALERT_DESCRIPTION_UNEXPECTED_MESSAGE(10),
  /** Alert 20. */
  ALERT_DESCRIPTION_BAD_RECORD_MAC(20),
  /** Alert 22. */
  ALERT_DESCRIPTION_RECORD_OVERFLOW(22),
  /** Alert 30. */
  ALERT_DESCRIPTION_DECOMPRESSION_FAILURE(30),
  /** Alert 40. */
  ALERT_DESCRIPTION_HANDSHAKE_FAILURE(40),
  /** Alert 42. */
  ALERT_DESCRIPTION_BAD_CERTIFICATE(42),
  /** Alert 43. */
  ALERT_DESCRIPTION_UNSUPPORTED_CERTIFICATE(43),
  /** Alert 44. */
  ALERT_DESCRIPTION_CERTIFICATE_REVOKED(44),
  /** Alert 45. */
  ALERT_DESCRIPTION_CERTIFICATE_EXPIRED(45),
  /** Alert 46. */
  ALERT_DESCRIPTION_CERTIFICATE_UNKNOWN(46),
  /** Alert 47. */
  ALERT_DESCRIPTION_ILLEGAL_PARAMETER(47),
  /** Alert 48. */
  ALERT_DESCRIPTION_UNKNOWN_CA(48),
  /** Alert 49. */
  ALERT_DESCRIPTION_ACCESS_DENIED(49),
  /** Alert 50. */
  ALERT_DESCRIPTION_DECODE_ERROR(50),
  /** Alert 51. */
  ALERT_DESCRIPTION_DECRYPT_ERROR(51),
  /** Alert 70. */
  ALERT_DESCRIPTION_PROTOCOL_VERSION(70),
  /** Alert 71. */
  ALERT_DESCRIPTION_INSUFFICIENT_SECURITY(71),
  /** Alert 80. */
  ALERT_DESCRIPTION_INTERNAL_ERROR(80),
  /** Alert 90. */
  ALERT_DESCRIPTION_USER_CANCELLED(90),
  /** Alert 100. */
  ALERT_DESCRIPTION_NO_RENEGOTIATION(100),
  /** Alert 110. */
  ALERT_DESCRIPTION_UNSUPPORTED_EXTENSION(110),
  /** Alert 111. */
  ALERT_DESCRIPTION_CERTIFICATE_UNOBTAINABLE(111),
  /** Alert 112. */
  ALERT_DESCRIPTION_UNRECOGNIZED_NAME(112),
  /** Alert 113. */
  ALERT_DESCRIPTION_BAD_CERTIFICATE_STATUS_RESPONSE(113),
  /** Alert 114. */
  ALERT_DESCRIPTION_BAD_CERTIFICATE_HASH_VALUE(114),
  /** Alert 115. */
  ALERT_DESCRIPTION_UNKNOWN_PSK_IDENTITY(115);

  private final int value;

  AlertDescription(int value) {
    this.value = value;
  }

  /** The alert's number on the wire. */
  public int value() {
    return value;
  }
}
