package org.jossl.crypto;

import java.math.BigInteger;
import java.time.Instant;

/**
 * One entry of a CRL; pyOpenSSL's {@code OpenSSL.crypto.Revoked}.
 *
 * @param serialNumber the revoked certificate's serial number
 * @param revocationDate when it was revoked
 * @param reason the CRL reason code ({@code CRL_REASON_*}, e.g. 1 for keyCompromise), or null if
 *     the entry has none
 */
public record Revoked(BigInteger serialNumber, Instant revocationDate, Integer reason) {

  /** The reason codes' names, indexed by code, as pyOpenSSL spells them. */
  private static final String[] REASONS = {
    "unspecified",
    "keyCompromise",
    "CACompromise",
    "affiliationChanged",
    "superseded",
    "cessationOfOperation",
    "certificateHold",
    null,
    "removeFromCRL",
    "privilegeWithdrawn",
    "AACompromise"
  };

  /** The reason's name ("keyCompromise"), or null. Python: {@code Revoked.get_reason()}. */
  public String reasonName() {
    if (reason == null || reason < 0 || reason >= REASONS.length) {
      return null;
    }
    return REASONS[reason];
  }

  /** The code for a reason name as {@link #reasonName()} spells it (case-insensitive). */
  public static int reasonCode(String name) {
    for (int i = 0; i < REASONS.length; i++) {
      if (REASONS[i] != null && REASONS[i].equalsIgnoreCase(name.replace(" ", ""))) {
        return i;
      }
    }
    throw new IllegalArgumentException("unknown CRL reason: " + name);
  }
}
