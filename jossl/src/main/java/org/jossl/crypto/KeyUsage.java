package org.jossl.crypto;

/** The named bits of the X.509 key usage extension (RFC 5280, 4.2.1.3), in bit order. */
public enum KeyUsage {
  /** Bit 0. */
  DIGITAL_SIGNATURE,
  /** Bit 1 (also called contentCommitment). */
  NON_REPUDIATION,
  /** Bit 2. */
  KEY_ENCIPHERMENT,
  /** Bit 3. */
  DATA_ENCIPHERMENT,
  /** Bit 4. */
  KEY_AGREEMENT,
  /** Bit 5. */
  KEY_CERT_SIGN,
  /** Bit 6. */
  CRL_SIGN,
  /** Bit 7. */
  ENCIPHER_ONLY,
  /** Bit 8. */
  DECIPHER_ONLY
}
